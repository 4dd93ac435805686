using System.Text.Json;

namespace AshbyEmulator.Data;

internal enum FieldKind
{
    Boolean,
    Integer,
    Decimal,
    String,
    LongText,
    Date,
    ValueSelect,
    MultiValueSelect,
    Currency,
    NumberRange,
    CompensationRange,
    Url,
    Uuid,
}

/// <summary>One custom field definition of the fixed catalog (the custom_fields table has exactly these).</summary>
internal sealed record CustomFieldDef(
    int Index, Word Title, Word ObjectType, Word FieldType, FieldKind Kind, bool IsPrivate, bool IsRequired, bool IsArchived, Word[] Options);

/// <summary>
/// The custom field definitions and the writer of <c>CustomFieldValue</c> arrays. Every value kind documented
/// in Ashby's API docs (https://developers.ashbyhq.com/reference, the CustomField object) appears on at least one object type.
/// </summary>
internal static class CustomFieldCatalog
{
    public const string Candidate = "Candidate", Application = "Application", Job = "Job", Offer = "Offer",
        Opening = "Opening", Project = "Talent_Project", Employee = "Employee", JobPosting = "Job_Posting";

    public static readonly CustomFieldDef[] All = Build();

    private static readonly Dictionary<string, CustomFieldDef[]> ByObject = All
        .Where(d => !d.IsArchived)
        .GroupBy(d => d.ObjectType.Value, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);

    private static readonly Word[] LongTexts = Word.Of(
        "Strong systems background.\nLed the migration of a monolith to services; wants to grow into a staff role.\nFollow up after the offsite.",
        "Great conversation about team culture. Concerned about on-call load; clarify rotation before onsite.",
        "Candidate prefers a hybrid setup.\n\nNotes from the recruiter screen:\n- motivated by mission\n- notice period 6 weeks");

    private static CustomFieldDef[] Build()
    {
        var defs = new List<CustomFieldDef>();
        void Add(string title, string objectType, string fieldType, FieldKind kind, bool isPrivate = false, bool required = false,
            bool archived = false, params string[] options) =>
            defs.Add(new CustomFieldDef(defs.Count, new Word(title), new Word(objectType), new Word(fieldType), kind, isPrivate,
                required, archived, Word.Of(options)));

        Add("Is actively looking", Candidate, "Boolean", FieldKind.Boolean);
        Add("Preferred Teams", Candidate, "MultiValueSelect", FieldKind.MultiValueSelect, options:
            ["Backend Engineering", "Frontend Engineering", "Infrastructure", "Data", "Design", "Product"]);
        Add("Years of Experience", Candidate, "Number", FieldKind.Integer);
        Add("Availability Date", Candidate, "Date", FieldKind.Date);
        Add("Recruiter Notes", Candidate, "LongText", FieldKind.LongText, isPrivate: true);
        Add("Seniority Level", Candidate, "ValueSelect", FieldKind.ValueSelect, options: ["Junior", "Mid", "Senior", "Staff", "Principal"]);
        Add("Portfolio URL", Candidate, "Url", FieldKind.Url);
        Add("Current Salary", Candidate, "Currency", FieldKind.Currency, isPrivate: true);
        Add("Work Authorization", Candidate, "String", FieldKind.String, archived: true, options:
            ["US Citizen", "Requires H-1B transfer", "EU work permit", "Needs sponsorship", "Permanent resident"]);
        Add("Referral Bonus Eligible", Application, "Boolean", FieldKind.Boolean);
        Add("Application Score", Application, "Number", FieldKind.Decimal);
        Add("Expected Salary Range", Application, "NumberRange", FieldKind.NumberRange);
        Add("Hiring Priority", Application, "ValueSelect", FieldKind.ValueSelect, required: true, options: ["P0", "P1", "P2"]);
        Add("Interview Notes Summary", Application, "LongText", FieldKind.LongText, archived: true);
        Add("Compensation Band", Job, "CompensationRange", FieldKind.CompensationRange);
        Add("Budget Approved", Job, "Currency", FieldKind.Currency);
        Add("Headcount Range", Job, "NumberRange", FieldKind.NumberRange);
        Add("Cost Center", Job, "ValueSelect", FieldKind.ValueSelect, required: true, options: ["CC-100 R&D", "CC-200 Sales", "CC-300 G&A"]);
        Add("Requisition Notes", Job, "String", FieldKind.String, options:
            ["Backfill for departing lead", "Net-new headcount", "Approved by finance", "Pending budget review", ""]);
        Add("Remote Eligible", Job, "Boolean", FieldKind.Boolean);
        Add("Signing Bonus", Offer, "Currency", FieldKind.Currency, isPrivate: true);
        Add("Equity (%)", Offer, "Number", FieldKind.Decimal, isPrivate: true);
        Add("Offer Expiration", Offer, "Date", FieldKind.Date);
        Add("Relocation Package", Offer, "Boolean", FieldKind.Boolean, archived: true);
        Add("Budgeted Compensation", Opening, "CompensationRange", FieldKind.CompensationRange);
        Add("Backfill For", Opening, "UUID", FieldKind.Uuid);
        Add("Priority", Project, "ValueSelect", FieldKind.ValueSelect, options: ["High", "Medium", "Low"]);
        Add("Target Skills", Project, "MultiValueSelect", FieldKind.MultiValueSelect, options: ["Go", "Rust", "Kubernetes", "React", "ML", "Leadership"]);
        Add("Employee ID", Employee, "String", FieldKind.String); // generated EMP-nnnnn
        Add("Start Date", Employee, "Date", FieldKind.Date);

        // Job posting fields exist since 2026-09-14 (https://developers.ashbyhq.com/changelog/2026-09-14-job-posting-custom-fields);
        // the August OpenAPI enum of objectType predates them, so the name follows Talent_Project's spelling.
        Add("Campaign", JobPosting, "ValueSelect", FieldKind.ValueSelect, options: ["Evergreen", "University", "Diversity Outreach"]);
        Add("Featured on Careers Page", JobPosting, "Boolean", FieldKind.Boolean);
        return [.. defs];
    }

    public static Uuid Id(ulong seed, int index) => Uuid.ForRow(seed, TableOf<Generators.CustomFieldsTable>.Spec.Ordinal, index);

    /// <summary>
    /// Writes <paramref name="name"/>: an array of CustomFieldValue for an object. Which fields are set, and to
    /// what, is a function of <paramref name="hash"/> (callers mix the row revision in so updates change values).
    /// </summary>
    public static void Write(Utf8JsonWriter w, JsonEncodedText name, ulong seed, string objectType, ulong hash, long anchorMs)
    {
        w.WriteStartArray(name);
        if (ByObject.TryGetValue(objectType, out var defs))
        {
            var rng = new Rng(hash);
            // A third of the objects carry no custom values at all: the empty-array variant.
            var none = rng.Int(3) == 0;
            foreach (var def in defs)
            {
                var present = rng.Int(100) < 60;
                if (!def.IsRequired && (none || !present))
                {
                    continue;
                }

                WriteValue(w, seed, def, ref rng, anchorMs);
            }
        }
        w.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter w, ulong seed, CustomFieldDef def, ref Rng rng, long anchorMs)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(seed, def.Index));
        w.WriteBoolean(JsonNames.IsPrivate, def.IsPrivate);
        w.WriteString(JsonNames.Title, def.Title.Json);
        switch (def.Kind)
        {
            case FieldKind.Boolean:
                w.WriteBoolean(JsonNames.Value, rng.Int(2) == 0);
                break;
            case FieldKind.Integer:
                w.WriteNumber(JsonNames.Value, rng.Int(0, 26));
                break;
            case FieldKind.Decimal:
                // Quarter steps: 0.25, 0.5, 3.75 … (exact in binary, written without noise).
                w.WriteNumber(JsonNames.Value, rng.Int(1, 21) * 0.25);
                break;
            case FieldKind.String when def.Options.Length > 0:
                w.WriteString(JsonNames.Value, rng.Pick(def.Options).Json);
                break;
            case FieldKind.String:
            {
                Span<byte> buf = stackalloc byte[16];
                var b = new Utf8Builder(buf);
                b.Append("EMP-"u8);
                b.Append(rng.Int(10000, 100000));
                w.WriteString(JsonNames.Value, b.Written);
                break;
            }
            case FieldKind.LongText:
                w.WriteString(JsonNames.Value, rng.Pick(LongTexts).Json);
                break;
            case FieldKind.Date:
                w.WriteTime(JsonNames.Value, Time.StartOfDay(anchorMs + rng.Long(0, 120 * Time.DayMs)));
                break;
            case FieldKind.Url:
            {
                Span<byte> buf = stackalloc byte[64];
                var b = new Utf8Builder(buf);
                b.Append("https://portfolio.example.com/u/"u8);
                b.AppendHex(rng.Next(), 10);
                w.WriteString(JsonNames.Value, b.Written);
                break;
            }
            case FieldKind.Uuid:
                w.WriteUuid(JsonNames.Value, Uuid.Derive(seed, 0xCF01, rng.Int(1000), 0));
                break;
            case FieldKind.ValueSelect:
            {
                var opt = rng.Pick(def.Options);
                w.WriteString(JsonNames.Value, opt.Json);
                w.WriteString(JsonNames.ValueLabel, opt.Json);
                break;
            }
            case FieldKind.MultiValueSelect:
            {
                var first = rng.Int(def.Options.Length);
                var count = rng.Int(1, 4);
                w.WriteStartArray(JsonNames.Value);
                for (var i = 0; i < count; i++)
                    {
                        w.WriteStringValue(def.Options[(first + i) % def.Options.Length].Json);
                    }

                    w.WriteEndArray();
                w.WriteStartArray(JsonNames.ValueLabel);
                for (var i = 0; i < count; i++)
                    {
                        w.WriteStringValue(def.Options[(first + i) % def.Options.Length].Json);
                    }

                    w.WriteEndArray();
                break;
            }
            case FieldKind.Currency:
                w.WriteStartObject(JsonNames.Value);
                w.WriteNumber(JsonNames.Value, rng.Int(40, 260) * 1000);
                w.WriteString(JsonNames.CurrencyCode, rng.Pick(Vocab.Currencies).Json);
                w.WriteEndObject();
                break;
            case FieldKind.NumberRange:
            {
                var min = rng.Int(1, 10) * 10000;
                w.WriteStartObject(JsonNames.Value);
                w.WriteString(JsonNames.Type, "number-range"u8);
                w.WriteNumber(JsonNames.MinValue, min);
                w.WriteNumber(JsonNames.MaxValue, min + (rng.Int(1, 8) * 10000));
                w.WriteEndObject();
                break;
            }
            case FieldKind.CompensationRange:
            {
                var min = rng.Int(80, 200) * 1000;
                w.WriteStartObject(JsonNames.Value);
                w.WriteString(JsonNames.Type, "compensation-range"u8);
                w.WriteNumber(JsonNames.MinValue, min);
                w.WriteNumber(JsonNames.MaxValue, min + (rng.Int(2, 9) * 10000));
                w.WriteString(JsonNames.CurrencyCode, rng.Pick(Vocab.Currencies).Json);
                w.WriteString(JsonNames.Interval, (rng.Int(4) == 0 ? Vocab.CompensationIntervals[2] : Vocab.CompensationIntervals[8]).Json);
                w.WriteEndObject();
                break;
            }
        }
        w.WriteEndObject();
    }
}
