using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>communicationTemplate.list: enabled templates only (every sixth is disabled and never listed).</summary>
internal sealed class CommunicationTemplatesTable(Dataset dataset, TableSpec table)
    : NamedCatalogTable(dataset, table, Word.Of(
        "Application received", "Interview invitation", "Onsite logistics", "Rejection – after screen", "Offer call follow-up",
        "Reference request", "InMail – passive outreach", "LinkedIn connection note", "Rejection – after onsite", "Scheduling reminder",
        "Welcome aboard", "Re-engagement"))
{
    private static readonly Word[] Types = Word.Of("email", "inMail", "linkedInConnection");

    protected override bool BaseArchived(int index, ulong hash) => index % 6 == 5;

    public override bool Matches(in RowCtx r, ListFilter f) => !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        WriteTitle(w, JsonNames.Title, r);
        w.WriteStartArray(JsonNames.IntendedTypes);
        var title = Titles[r.Index % Titles.Length].Value;
        w.WriteStringValue(Types[title.StartsWith("InMail", StringComparison.Ordinal) ? 1 : title.StartsWith("LinkedIn", StringComparison.Ordinal) ? 2 : 0].Json);
        if (r.Index % 4 == 1)
        {
            w.WriteStringValue(Types[1].Json);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
