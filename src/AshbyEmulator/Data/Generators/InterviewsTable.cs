using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interview.list: interview definitions. 10% archived (includeArchived) and 10% job-specific, i.e. with a
/// non-null jobId (includeNonSharedInterviews).
/// </summary>
internal sealed class InterviewsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
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

    /// <summary>The interview's title before any revision: the catalog title, numbered after the first round.</summary>
    public static ReadOnlySpan<byte> Title(int index, Span<byte> buffer)
    {
        var b = new Utf8Builder(buffer);
        b.Append(WordLists.InterviewTitles[index % WordLists.InterviewTitles.Length].Utf8);
        if (index >= WordLists.InterviewTitles.Length)
        {
            b.Append(" "u8);
            b.Append((index / WordLists.InterviewTitles.Length) + 1);
        }
        return b.Written;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var title = WordLists.InterviewTitles[i % WordLists.InterviewTitles.Length];
        var rng = r.Mutable(RowField.Body);
        Span<byte> buf = stackalloc byte[96];
        var isDebrief = title.Value.Contains("Debrief", StringComparison.Ordinal);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        WriteRevised(w, JsonNames.Title, Title(i, buf), r.Revision);
        if (i % 5 == 2)
        {
            w.WriteNull(JsonNames.ExternalTitle);
        }
        else
        {
            w.WriteString(JsonNames.ExternalTitle, isDebrief ? "Team Debrief"u8 : title.Utf8);
        }

        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        w.WriteBoolean(JsonNames.IsDebrief, isDebrief);
        w.WriteBoolean(JsonNames.IsFeedbackRequired, !isDebrief && i % 9 != 8);
        w.WriteBoolean(JsonNames.IsFeedbackRequested, !isDebrief);
        if (i % 7 == 3)
        {
            w.WriteNull(JsonNames.InstructionsHtml);
            w.WriteNull(JsonNames.InstructionsPlain);
        }
        else
        {
            var text = rng.Pick(Instructions);
            Span<byte> html = stackalloc byte[160];
            var h = new Utf8Builder(html);
            h.Append("<p>"u8);
            h.Append(text.Utf8);
            h.Append("</p>"u8);
            w.WriteString(JsonNames.InstructionsHtml, h.Written);
            w.WriteString(JsonNames.InstructionsPlain, text.Json);
        }
        w.WriteUuidOrNull(JsonNames.JobId, IsShared(i) ? null : Table<JobsTable>().Id(Table<JobsTable>().Pick(r.Field(RowField.Parent))));
        w.WriteUuid(JsonNames.FeedbackFormDefinitionId, Table<FeedbackFormDefinitionsTable>().Id(FormOf(i)));
        w.WriteEndObject();
    }

    /// <summary>The feedback form (feedback_form_definitions row) the interview's interviewers fill in.</summary>
    public int FormOf(int index) => index % Table<FeedbackFormDefinitionsTable>().BaseCount;

    /// <summary>A shared interview (events reference those, so their interview is always listable).</summary>
    public int PickShared(ulong hash)
    {
        var i = Hashing.Below(hash, BaseCount);
        return IsShared(i) ? i : i - 1;
    }

    /// <summary>A shared interview that did not start out archived: the kind an interview plan schedules.</summary>
    public int PickActiveShared(ulong hash)
    {
        var i = PickShared(hash);
        return BaseArchived(i, 0) ? i - 1 : i;
    }
}
