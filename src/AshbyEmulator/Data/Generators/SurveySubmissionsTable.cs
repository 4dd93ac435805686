using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// surveySubmission.list {surveyType}: about one submission per five applications, 70% candidate-experience
/// surveys, 18% questionnaires and 12% hiring-manager surveys (about the application's hiring process, so they
/// name its candidate and application too); each request lists one type. 10% name no form (the form was deleted).
/// </summary>
internal sealed class SurveySubmissionsTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    public override bool CanArchive => false;

    private static int SurveyType(in RowCtx r) => Hashing.Below(r.Field(RowField.Status), 100) switch
    {
        < 70 => Vocab.SurveyCandidateExperience,
        < 88 => Vocab.SurveyQuestionnaire,
        _ => Vocab.SurveyHiringManagerExperience,
    };

    public override bool Matches(in RowCtx r, ListFilter f) => f.SurveyType < 0 || SurveyType(r) == f.SurveyType;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var type = SurveyType(r);
        var created = CreatedAtMs(r);
        var rng = r.Rng(RowField.Body);
        var appIndex = ParentOf(r);
        var forms = Table<SurveyFormDefinitionsTable>();
        var form = SurveyFormDefinitionsTable.FormFor(type, created < Time.StartMs + (Time.SpanMs / 3));
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuidOrNull(JsonNames.SurveyFormDefinitionId, rng.Percent(10) ? null : forms.Id(form));
        w.WriteTime(JsonNames.SubmittedAt, created);
        w.WriteUuid(JsonNames.CandidateId, Table<CandidatesTable>().Id(Parents.ParentOf(Parents.Row(appIndex, r.Snapshot))));
        w.WriteUuid(JsonNames.ApplicationId, Parents.Id(appIndex));
        w.WriteString(JsonNames.SurveyType, Vocab.SurveyTypes[type].Json);
        FormCatalog.WriteDefinition(w, JsonNames.FormDefinition, Seed, SurveyFormDefinitionsTable.FormKind(form));
        FormCatalog.WriteValues(w, JsonNames.SubmittedValues, SurveyFormDefinitionsTable.FormKind(form), r.Field(RowField.Custom));
        w.WriteEndObject();
    }
}
