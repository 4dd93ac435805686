using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interview.list: interview definitions. 10% archived (includeArchived) and 10% job-specific, i.e. with a
/// non-null jobId (includeNonSharedInterviews).
/// </summary>
internal sealed class InterviewsTable(Dataset ds) : TableGenerator(ds, TableId.Interviews)
{
    private static readonly Word[] Instructions = Word.Of(
        "60-minute technical questions",
        "Walk through a recent project end to end; probe for trade-offs.",
        "Pair on a small refactoring exercise in the candidate's language of choice.",
        "Assess values alignment using the standard rubric.");

    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 4;

    public static bool IsShared(int index) => index % 10 != 6;

    public override bool Matches(in RowCtx r, ListFilter f) =>
        (f.IncludeArchived || !IsArchived(r)) && (f.IncludeNonSharedInterviews || IsShared(r.Index));

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var title = Catalog.InterviewTitles[i % Catalog.InterviewTitles.Length];
        var rng = r.Mutable(F.Body);
        Span<byte> buf = stackalloc byte[96];
        var b = new Utf8Builder(buf);
        b.Append(title.Utf8);
        if (i >= Catalog.InterviewTitles.Length)
        {
            b.Append(" "u8);
            b.Append((i / Catalog.InterviewTitles.Length) + 1);
        }
        var isDebrief = title.Value.Contains("Debrief", StringComparison.Ordinal);
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(i));
        WriteRevised(w, P.Title, b.Written, r.Revision);
        if (i % 5 == 2)
            w.WriteNull(P.ExternalTitle);
        else
            w.WriteString(P.ExternalTitle, isDebrief ? "Team Debrief"u8 : title.Utf8);
        w.WriteBoolean(P.IsArchived, IsArchived(r));
        w.WriteBoolean(P.IsDebrief, isDebrief);
        w.WriteBoolean(P.IsFeedbackRequired, !isDebrief && i % 9 != 8);
        w.WriteBoolean(P.IsFeedbackRequested, !isDebrief);
        if (i % 7 == 3)
        {
            w.WriteNull(P.InstructionsHtml);
            w.WriteNull(P.InstructionsPlain);
        }
        else
        {
            var text = rng.Pick(Instructions);
            Span<byte> html = stackalloc byte[160];
            var h = new Utf8Builder(html);
            h.Append("<p>"u8);
            h.Append(text.Utf8);
            h.Append("</p>"u8);
            w.WriteString(P.InstructionsHtml, h.Written);
            w.WriteString(P.InstructionsPlain, text.Json);
        }
        w.WriteUuidOrNull(P.JobId, IsShared(i) ? null : Ds.Jobs.Id(Ds.Jobs.Pick(r.Field(F.Parent))));
        w.WriteUuid(P.FeedbackFormDefinitionId, Uuid.Derive(Seed, 0xFFD, i % 8, 0));
        w.WriteEndObject();
    }

    /// <summary>A shared interview (events reference those, so their interview is always listable).</summary>
    public int PickShared(ulong hash)
    {
        var i = Hashing.Below(hash, BaseCount);
        return IsShared(i) ? i : i - 1;
    }
}
