using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// feedbackFormDefinition.list: the organisation's interview feedback forms; the first is the default, the last
/// is archived (includeArchived). Interviews name one of them as feedbackFormDefinitionId.
/// </summary>
internal sealed class FeedbackFormDefinitionsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] Titles = Word.Of(
        "Standard Interview Scorecard", "Technical Interview Scorecard", "System Design Scorecard", "Hiring Manager Scorecard",
        "Culture Add Scorecard", "Sales Exercise Scorecard", "Portfolio Review Scorecard", "Legacy Scorecard (2022)");

    protected override bool BaseArchived(int index, ulong hash) => index % Titles.Length == Titles.Length - 1;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    /// <summary>The organisation every form belongs to (the emulator models one).</summary>
    public Uuid OrganizationId => Uuid.Derive(Seed, 0x0E6, 0, 0);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        w.WriteUuid(JsonNames.OrganizationId, OrganizationId);
        WriteRevised(w, JsonNames.Title, i < Titles.Length ? Titles[i].Utf8 : System.Text.Encoding.UTF8.GetBytes($"Scorecard {i + 1}"), r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteBoolean(JsonNames.IsDefaultForm, i == 0);
        FormCatalog.WriteDefinition(w, JsonNames.FormDefinition, Seed, FormCatalog.Feedback);
        // A form made for one interview names it; most forms are shared.
        w.WriteUuidOrNull(JsonNames.InterviewId, i % 4 == 3 ? Table<InterviewsTable>().Id(Table<InterviewsTable>().PickShared(r.Field(RowField.Parent))) : null);
        w.WriteEndObject();
    }
}
