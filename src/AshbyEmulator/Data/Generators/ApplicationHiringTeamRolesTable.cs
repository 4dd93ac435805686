using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>applicationHiringTeamRole.list: the roles an application's hiring team can hold.</summary>
internal sealed class ApplicationHiringTeamRolesTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of("Recruiter", "Coordinator", "Sourcer", "Referrer"))
{
    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteEndObject();
    }
}
