using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>closeReason.list: why openings close; the last is archived (includeArchived). Openings use the first four.</summary>
internal sealed class CloseReasonsTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Hired", "Budget cut", "Role restructured", "Filled internally", "Hiring freeze", "Duplicate opening", "Position cancelled", "Other (retired)"))
{
    protected override bool BaseArchived(int index, ulong hash) => index == 7;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.ReasonText, r);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteEndObject();
    }
}
