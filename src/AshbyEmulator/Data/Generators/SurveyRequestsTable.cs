using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>surveyRequest.list {surveyType:"CandidateExperience"}: candidate-experience survey links sent for about one application in four.</summary>
internal sealed class SurveyRequestsTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    public override bool CanArchive => false;

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.SurveyType is >= 0 and not Vocab.SurveyCandidateExperience)
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
        w.WriteUuid(JsonNames.SurveyFormDefinitionId, Table<SurveyFormDefinitionsTable>().Id(0));
        Span<byte> url = stackalloc byte[96];
        var b = new Utf8Builder(url);
        b.Append("https://app.ashbyhq.com/surveys/"u8);
        b.AppendUuid(id);
        w.WriteString(JsonNames.SurveyUrl, b.Written);
        w.WriteEndObject();
    }
}
