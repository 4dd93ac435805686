using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// application.listCriteriaEvaluations {applicationId}: AI application review results. 85% of applications have
/// none; the rest have one to three, mostly Completed.
/// </summary>
internal sealed class ApplicationCriteriaEvaluationsTable(Dataset dataset, TableSpec table) : SlottedChildTable<ApplicationsTable>(dataset, table, 3)
{
    private static readonly (Word Title, Word Type, Word Prompt, bool FormField)[] Criteria =
    [
        (new Word("Relevant experience"), new Word("ResumePrompt"), new Word("Does the resume show at least three years of relevant experience?"), false),
        (new Word("Work authorization"), new Word("DidAnswerApplicationFormQuestion"), new Word("Did the candidate confirm their work authorization?"), true),
        (new Word("Motivation answer"), new Word("SimilarityToAiGeneratedAnswer"), new Word("How closely does the motivation answer resemble generated text?"), true),
    ];

    private static readonly Word[] Statuses = Word.Of("Pending", "Completed", "Failed", "Skipped");
    private static readonly Word[] Outcomes = Word.Of("Meets", "Does Not Meet");

    public override bool CanArchive => false;

    protected override int Count(int parent)
    {
        var roll = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Parents.Spec.Ordinal, parent), RowField.Custom + 300), 100);
        return roll < 85 ? 0 : 1 + (roll % 3);
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var criterion = r.Index < BaseCount ? SlotOf(r.Index) : Hashing.Below(r.Field(RowField.Name), Criteria.Length);
        var (title, type, prompt, formField) = Criteria[criterion];
        var roll = Hashing.Below(r.MutableHash(RowField.Status), 100);
        var status = roll < 80 ? 1 : roll < 88 ? 0 : roll < 94 ? 3 : 2;
        var rng = r.Rng(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteStartObject(JsonNames.Criterion);
        w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xC417, criterion, 0));
        w.WriteString(JsonNames.Title, title.Json);
        w.WriteString(JsonNames.Type, type.Json);
        w.WriteString(JsonNames.Prompt, prompt.Json);
        w.WriteUuidOrNull(JsonNames.ApplicationFormDefinitionId, formField ? Uuid.Derive(Seed, 0xAF0, 0, 0) : null);
        if (formField)
        {
            w.WriteString(JsonNames.ApplicationFormFieldPath, criterion == 1 ? "work_authorization"u8 : "motivation"u8);
        }
        else
        {
            w.WriteNull(JsonNames.ApplicationFormFieldPath);
        }
        w.WriteEndObject();
        w.WriteString(JsonNames.Status, Statuses[status].Json);
        var completed = status == 1;
        var score = rng.Int(0, 101) / 100.0;
        w.WriteWordOrNull(JsonNames.Outcome, completed ? Outcomes[score >= 0.5 ? 0 : 1] : null);
        w.WriteWordOrNull(JsonNames.Reasoning, completed ? rng.Pick(WordLists.Sentences) : null);
        if (status == 3)
        {
            w.WriteString(JsonNames.SkipReason, "The application has no answer to evaluate."u8);
        }
        else
        {
            w.WriteNull(JsonNames.SkipReason);
        }
        if (completed)
        {
            w.WriteNumber(JsonNames.OutcomeNumber, score);
        }
        else
        {
            w.WriteNull(JsonNames.OutcomeNumber);
        }
        w.WriteTime(JsonNames.EvaluatedAt, completed ? CreatedAtMs(r) + 60_000 : 0);
        w.WriteEndObject();
    }
}
