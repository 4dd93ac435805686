using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// surveyRequest.list {surveyType}: survey links sent for about one application in four, three in four of them
/// candidate-experience surveys and the rest questionnaires; each request lists one type.
/// </summary>
internal sealed class SurveyRequestsTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    public override bool CanArchive => false;

    private static int SurveyType(in RowCtx r) =>
        Hashing.Below(r.Field(RowField.Status), 100) < 75 ? Vocab.SurveyCandidateExperience : Vocab.SurveyQuestionnaire;

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.SurveyType >= 0 && SurveyType(r) != f.SurveyType)
        {
            return false;
        }
        if (f.ApplicationId is null && f.CandidateId is null)
        {
            return true;
        }
        var app = Parents.Row(ParentOf(r), r.Snapshot);
        return (f.ApplicationId is not { } application || Parents.Id(app.Index) == application)
            && (f.CandidateId is not { } candidate || Table<CandidatesTable>().Id(Parents.ParentOf(app)) == candidate);
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var appIndex = ParentOf(r);
        var id = Id(r.Index);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, id);
        w.WriteUuid(JsonNames.CandidateId, Table<CandidatesTable>().Id(Parents.ParentOf(Parents.Row(appIndex, r.Snapshot))));
        w.WriteUuid(JsonNames.ApplicationId, Parents.Id(appIndex));
        w.WriteUuid(JsonNames.SurveyFormDefinitionId, Table<SurveyFormDefinitionsTable>().Id(SurveyFormDefinitionsTable.FormFor(SurveyType(r), old: false)));
        Span<byte> url = stackalloc byte[96];
        var b = new Utf8Builder(url);
        b.Append("https://app.ashbyhq.com/surveys/"u8);
        b.AppendUuid(id);
        w.WriteString(JsonNames.SurveyUrl, b.Written);
        w.WriteEndObject();
    }
}
