using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// surveyFormDefinition.list: seven survey forms, two candidate-experience forms and two questionnaires, a diversity
/// and an EEOC form, and a hiring-manager survey. The third (an older candidate-experience form) is archived; there
/// is no include flag, so it is always listed.
/// </summary>
internal sealed class SurveyFormDefinitionsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly (Word Title, int Type, int Form)[] Forms =
    [
        (new Word("Candidate Experience Survey"), Vocab.SurveyCandidateExperience, FormCatalog.CandidateExperience),
        (new Word("Application Questionnaire"), Vocab.SurveyQuestionnaire, FormCatalog.Questionnaire),
        (new Word("Candidate Experience Survey (2023)"), Vocab.SurveyCandidateExperience, FormCatalog.CandidateExperience),
        (new Word("Engineering Questionnaire"), Vocab.SurveyQuestionnaire, FormCatalog.Questionnaire),
        (new Word("Voluntary Diversity Survey"), 2, FormCatalog.Diversity),
        (new Word("EEOC Self-Identification"), 3, FormCatalog.Eeoc),
        (new Word("Hiring Manager Experience Survey"), Vocab.SurveyHiringManagerExperience, FormCatalog.HiringManagerExperience),
    ];

    protected override bool BaseArchived(int index, ulong hash) => index == 2;

    /// <summary>The form a submission of <paramref name="surveyType"/> answers: the current one, or the archived one for old submissions.</summary>
    public static int FormFor(int surveyType, bool old) => surveyType switch
    {
        Vocab.SurveyQuestionnaire => 1,
        Vocab.SurveyHiringManagerExperience => 6,
        _ => old ? 2 : 0,
    };

    /// <summary>The FormDefinition kind (<see cref="FormCatalog"/>) of a form.</summary>
    public static int FormKind(int index) => Forms[index % Forms.Length].Form;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var (title, type, form) = Forms[r.Index % Forms.Length];
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.OrganizationId, Table<FeedbackFormDefinitionsTable>().OrganizationId);
        WriteRevised(w, JsonNames.Title, title.Utf8, r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteBoolean(JsonNames.IsDefaultForm, r.Index < 2);
        FormCatalog.WriteDefinition(w, JsonNames.FormDefinition, Seed, form);
        w.WriteString(JsonNames.SurveyType, Vocab.SurveyTypes[type].Json);
        w.WriteEndObject();
    }
}
