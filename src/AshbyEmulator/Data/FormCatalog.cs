using System.Text.Json;

namespace AshbyEmulator.Data;

/// <summary>One field of a form definition (Ashby's FormDefinition: sections → fields → field).</summary>
internal sealed record FormField(Word Path, Word Title, Word Type, bool IsRequired, Word[] Options);

/// <summary>
/// The form definitions behind feedback forms and surveys, and the <c>submittedValues</c> objects (keyed by
/// field path) filled in against them. Shapes follow Ashby's FormDefinition (https://developers.ashbyhq.com/reference).
/// </summary>
internal static class FormCatalog
{
    public const int Feedback = 0, CandidateExperience = 1, Questionnaire = 2, Diversity = 3, Eeoc = 4, Consent = 5, Offer = 6,
        HiringManagerExperience = 7;

    private static readonly Word[] Recommendations = Word.Of("Strong Yes", "Yes", "No", "Strong No");

    private static FormField F(string path, string title, string type, bool required, params string[] options) =>
        new(new Word(path), new Word(title), new Word(type), required, Word.Of(options));

    /// <summary>Sections (title, fields) per form kind.</summary>
    private static readonly (Word Title, FormField[] Fields)[][] Forms =
    [
        [
            (new Word("Assessment"), [F("overall_score", "Overall score", "Score", true), F("recommendation", "Recommendation", "ValueSelect", true, "Strong Yes", "Yes", "No", "Strong No")]),
            (new Word("Notes"), [F("strengths", "Strengths", "RichText", false), F("concerns", "Concerns", "RichText", false)]),
        ],
        [
            (new Word("Your experience"), [F("experience_rating", "How was your interview experience?", "Score", true), F("would_recommend", "Would you recommend us to a friend?", "Boolean", false), F("comments", "Anything we could do better?", "LongText", false)]),
        ],
        [
            (new Word("About you"), [F("years_experience", "Years of professional experience", "Number", true), F("notice_period", "Notice period", "ValueSelect", true, "Immediately", "2 weeks", "1 month", "3 months"), F("relocation", "Open to relocation?", "Boolean", false)]),
        ],
        [
            (new Word("Voluntary self-identification"), [F("gender", "Gender", "ValueSelect", false, "Woman", "Man", "Non-binary", "Prefer not to say")]),
        ],
        [
            (new Word("EEOC"), [F("veteran_status", "Veteran status", "ValueSelect", false, "Not a veteran", "Protected veteran", "Prefer not to say")]),
        ],
        [
            (new Word("Data consent"), [F("consent", "I agree to the processing of my data", "Boolean", true)]),
        ],
        [
            (new Word("Compensation"), [F("base_salary", "Base salary", "Currency", true), F("signing_bonus", "Signing bonus", "Currency", false)]),
            (new Word("Start"), [F("start_date", "Start date", "Date", true), F("offer_notes", "Notes for the candidate", "LongText", false)]),
        ],
        [
            (new Word("Your hiring experience"), [F("recruiting_support", "How well did recruiting support you?", "Score", true), F("candidate_quality", "How strong were the candidates you met?", "Score", true), F("hm_comments", "What should we do differently next time?", "LongText", false)]),
        ],
    ];

    public static void WriteDefinition(Utf8JsonWriter w, JsonEncodedText name, ulong seed, int kind)
    {
        w.WriteStartObject(name);
        w.WriteStartArray(JsonNames.Sections);
        var fieldNumber = 0;
        foreach (var (title, fields) in Forms[kind])
        {
            w.WriteStartObject();
            w.WriteString(JsonNames.Title, title.Json);
            w.WriteNull(JsonNames.DescriptionHtml);
            w.WriteNull(JsonNames.DescriptionPlain);
            w.WriteStartArray(JsonNames.Fields);
            foreach (var field in fields)
            {
                w.WriteStartObject();
                w.WriteBoolean(JsonNames.IsRequired, field.IsRequired);
                w.WriteNull(JsonNames.DescriptionHtml);
                w.WriteNull(JsonNames.DescriptionPlain);
                w.WriteStartObject(JsonNames.Field);
                w.WriteUuid(JsonNames.Id, Uuid.Derive(seed, 0xF0F, kind, fieldNumber++));
                w.WriteString(JsonNames.Type, field.Type.Json);
                w.WriteString(JsonNames.Path, field.Path.Json);
                w.WriteString(JsonNames.HumanReadablePath, field.Title.Json);
                w.WriteString(JsonNames.Title, field.Title.Json);
                w.WriteBoolean(JsonNames.IsNullable, !field.IsRequired);
                if (field.Options.Length > 0)
                {
                    w.WriteStartArray(JsonNames.SelectableValues);
                    foreach (var option in field.Options)
                    {
                        w.WriteStartObject();
                        w.WriteString(JsonNames.Label, option.Json);
                        w.WriteString(JsonNames.Value, option.Json);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Answers to every required field (and most optional ones), keyed by field path.</summary>
    public static void WriteValues(Utf8JsonWriter w, JsonEncodedText name, int kind, ulong hash)
    {
        var rng = new Rng(hash);
        w.WriteStartObject(name);
        foreach (var (_, fields) in Forms[kind])
        {
            foreach (var field in fields)
            {
                if (!field.IsRequired && rng.Percent(25))
                {
                    continue;
                }
                switch (field.Type.Value)
                {
                    case "Score":
                        w.WriteStartObject(field.Path.Json);
                        w.WriteNumber(JsonNames.Score, rng.Int(1, 5));
                        w.WriteEndObject();
                        break;
                    case "Boolean":
                        w.WriteBoolean(field.Path.Json, rng.Percent(70));
                        break;
                    case "Number":
                        w.WriteNumber(field.Path.Json, rng.Int(0, 25));
                        break;
                    case "ValueSelect":
                        w.WriteString(field.Path.Json, field.Path.Value == "recommendation" ? rng.Pick(Recommendations).Json : rng.Pick(field.Options).Json);
                        break;
                    default:
                        w.WriteString(field.Path.Json, rng.Pick(WordLists.Sentences).Json);
                        break;
                }
            }
        }
        w.WriteEndObject();
    }
}
