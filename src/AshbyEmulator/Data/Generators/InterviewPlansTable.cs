using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewPlan.list: about one plan per two jobs, 10% archived (includeArchived). A plan has the stage kinds
/// Lead, Application Review, one to three interview stages, Offer, Hired and Archived (6–8 stages); jobs,
/// job templates, applications, schedules and history rows all take their stage ids from the plan.
/// </summary>
internal sealed class InterviewPlansTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    /// <summary>Stage kinds, in plan order; kinds 2–4 are the interview stages, of which a plan uses the first 1–3.</summary>
    public const int Lead = 0, Review = 1, FirstInterview = 2, Offer = 5, Hired = 6, Archived = 7, Kinds = 8;

    private static readonly Word[] Prefixes = Word.Of("Standard", "Engineering", "Sales", "Design", "Executive", "Internship", "Support", "Data");

    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 8;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchived || !IsArchived(r);

    /// <summary>How many interview stages the plan has (1–3); plans created through the admin API have one.</summary>
    public int InterviewStages(int plan) =>
        plan >= BaseCount ? 1 : 1 + Hashing.Below(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, plan), RowField.Events), 3);

    public int LastInterview(int plan) => FirstInterview + InterviewStages(plan) - 1;

    public bool HasKind(int plan, int kind) => kind is < FirstInterview or > 4 || kind <= LastInterview(plan);

    /// <summary>The stage's position in its plan (orderInInterviewPlan), counting only the kinds the plan has.</summary>
    public int Order(int plan, int kind) => kind <= 4 ? kind : kind - (3 - InterviewStages(plan));

    /// <summary>The stage after <paramref name="kind"/> on the way to the last interview stage (a stage move).</summary>
    public int Next(int plan, int kind) => kind < LastInterview(plan) ? kind + 1 : kind;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        Span<byte> scratch = stackalloc byte[64];
        var b = new Utf8Builder(scratch);
        b.Append(Prefixes[r.Index % Prefixes.Length].Utf8);
        b.Append(" Interview Plan"u8);
        if (r.Index >= Prefixes.Length)
        {
            b.Append((byte)' ');
            b.Append((r.Index / Prefixes.Length) + 1);
        }
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        WriteRevised(w, JsonNames.Title, b.Written, r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        w.WriteEndObject();
    }

    /// <summary>A base plan (job templates and jobs created through the admin API use one).</summary>
    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);
}
