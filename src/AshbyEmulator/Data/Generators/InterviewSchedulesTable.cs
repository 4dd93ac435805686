using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewSchedule.list: one schedule on roughly every other application, with its interview events
/// embedded. Archiving a schedule cancels it; updates move it along the scheduling pipeline.
/// </summary>
internal sealed class InterviewSchedulesTable(Dataset ds) : TableGenerator(ds, TableId.InterviewSchedules)
{
    private int ApplicationCount => Ds.Applications.BaseCount;

    public int ApplicationOf(in RowCtx r) => r.Index >= BaseCount ? r.State.Ref : ScaleIndex(r.Index, BaseCount, ApplicationCount);

    public override long BaseCreatedAtMs(int index) =>
        ChildSlot(index, Ds.Applications.BaseCreatedAtMs(ScaleIndex(index, BaseCount, ApplicationCount)));

    public override int ChooseParentForNewRow(ulong hash) => Hashing.Below(hash, Ds.Applications.State.CurrentCount);

    private static int BaseStatus(ulong hash)
    {
        var roll = Hashing.Below(Hashing.Field(hash, F.Status), 100);
        return roll switch
        {
            < 45 => Vocab.SchedComplete,
            < 60 => Vocab.SchedScheduled,
            < 70 => Vocab.SchedWaitingOnFeedback,
            < 78 => 0,
            < 83 => 1,
            < 86 => 2,
            < 89 => 3,
            < 97 => Vocab.SchedCancelled,
            < 99 => 8,
            _ => 9,
        };
    }

    protected override bool BaseArchived(int index, ulong hash) => BaseStatus(hash) == Vocab.SchedCancelled;

    private int Status(in RowCtx r)
    {
        if (r.MutationArchived)
            return Vocab.SchedCancelled;
        var status = r.Index >= BaseCount ? 0 : BaseStatus(r.Hash);
        if (r.Revision == 0 || status is Vocab.SchedCancelled or Vocab.SchedComplete)
            return status;
        // Updates advance the schedule: anything waiting becomes Scheduled, then WaitingOnFeedback, then Complete.
        var step = status < Vocab.SchedScheduled || status > Vocab.SchedCancelled ? Vocab.SchedScheduled : status;
        return Math.Min(Vocab.SchedComplete, step + r.Revision - 1);
    }

    private static int StageOf(in RowCtx r) => InterviewPlan.FirstInterview + Hashing.Below(r.Field(F.Team), 3);

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationId is { } app && Ds.Applications.Id(ApplicationOf(r)) != app)
            return false;
        if (f.InterviewStageId is { } stageId)
        {
            var job = Ds.Applications.JobOf(Ds.Applications.Row(ApplicationOf(r), r.Snapshot));
            if (InterviewPlan.StageId(Seed, job, StageOf(r)) != stageId)
                return false;
        }
        return true;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var status = Status(r);
        var rng = r.Rng(F.Body);
        var created = CreatedAtMs(r);
        var updated = UpdatedAtMs(r);
        var appIndex = ApplicationOf(r);
        var job = Ds.Applications.JobOf(Ds.Applications.Row(appIndex, r.Snapshot));
        var id = Id(i);
        w.WriteStartObject();
        w.WriteUuid(P.Id, id);
        w.WriteString(P.Status, Vocab.ScheduleStatuses[status].Json);
        w.WriteUuid(P.ApplicationId, Ds.Applications.Id(appIndex));
        w.WriteUuid(P.InterviewStageId, InterviewPlan.StageId(Seed, job, StageOf(r)));
        Ds.Users.WriteEmbedded(w, P.ScheduledBy, rng.Percent(30) ? -1 : Ds.Users.Pick(r.Field(F.Pick)), r.Snapshot);
        w.WriteTime(P.CreatedAt, created);
        w.WriteTime(P.UpdatedAt, updated);
        w.WriteStartArray(P.InterviewEvents);
        var events = status is Vocab.SchedScheduled or Vocab.SchedWaitingOnFeedback or Vocab.SchedComplete or 8
            ? 1 + Hashing.Below(r.Field(F.Events), 3)
            : status == Vocab.SchedCancelled && rng.Percent(40) ? 1 : 0;
        var start = Time.StartOfDay(created + (rng.Int(2, 10) * Time.DayMs)) + (rng.Int(14, 22) * 3_600_000L);
        for (var e = 0; e < events; e++)
        {
            WriteEvent(w, r, id, e, status, created, updated, start);
            start += 75 * 60_000L;
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private void WriteEvent(Utf8JsonWriter w, in RowCtx r, Uuid scheduleId, int e, int status, long created, long updated, long start)
    {
        var eventId = Uuid.Derive(Seed, 0xE7E, r.Index, e);
        var rng = new Rng(Hashing.Field(r.Field(F.Events), (ulong)e + 100));
        var interviewers = rng.Int(1, 3);
        var users = new int[interviewers];
        for (var k = 0; k < interviewers; k++)
            users[k] = Ds.Users.Pick(rng.Next());
        w.WriteStartObject();
        w.WriteUuid(P.Id, eventId);
        w.WriteUuid(P.InterviewId, Ds.Interviews.Id(Ds.Interviews.PickShared(rng.Next())));
        w.WriteUuid(P.InterviewScheduleId, scheduleId);
        w.WriteStartArray(P.InterviewerUserIds);
        foreach (var u in users)
            w.WriteUuidValue(Ds.Users.Id(u));
        w.WriteEndArray();
        w.WriteStartArray(P.Interviewers);
        foreach (var u in users)
        {
            w.WriteStartObject();
            Ds.Users.WriteProps(w, Ds.Users.Row(u, r.Snapshot));
            var training = rng.Int(100);
            w.WriteWordOrNull(P.TrainingRole, training < 85 ? null : Vocab.TrainingRoles[training & 1]);
            if (rng.Percent(70))
            {
                w.WriteNull(P.InterviewerPool);
            }
            else
            {
                var pool = rng.Int(4);
                w.WriteStartObject(P.InterviewerPool);
                w.WriteUuid(P.Id, Uuid.Derive(Seed, 0x9001, pool, 0));
                w.WriteString(P.Title, pool switch { 0 => "Backend Interviewers"u8, 1 => "System Design Pool"u8, 2 => "Bar Raisers"u8, _ => "Design Critique Pool"u8 });
                w.WriteBoolean(P.IsArchived, false);
                w.WriteNull(P.TrainingPath);
                w.WriteEndObject();
            }
            w.WriteBoolean(P.IsFeedbackRequired, training < 85);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteTime(P.CreatedAt, created);
        w.WriteTime(P.UpdatedAt, updated);
        var duration = rng.Percent(50) ? 45 : 60;
        w.WriteTime(P.StartTime, start);
        w.WriteTime(P.EndTime, start + (duration * 60_000L));
        Span<byte> buf = stackalloc byte[128];
        var b = new Utf8Builder(buf);
        b.Append("https://app.ashbyhq.com/interview-briefings/"u8);
        b.AppendUuid(eventId);
        b.Append("/feedback"u8);
        w.WriteString(P.FeedbackLink, b.Written);
        var place = rng.Int(Vocab.MeetingLocations.Length + 1);
        if (place == Vocab.MeetingLocations.Length)
        {
            w.WriteNull(P.Location);
            w.WriteNull(P.MeetingLink);
        }
        else
        {
            w.WriteString(P.Location, Vocab.MeetingLocations[place].Json);
            if (place <= 2)
            {
                var m = new Utf8Builder(buf);
                m.Append(place switch { 0 => "https://meet.google.com/"u8, 1 => "https://zoom.us/j/"u8, _ => "https://teams.microsoft.com/l/meetup-join/"u8 });
                m.AppendHex(rng.Next(), 10);
                w.WriteString(P.MeetingLink, m.Written);
            }
            else
            {
                w.WriteNull(P.MeetingLink);
            }
        }
        if (rng.Percent(40))
        {
            w.WriteNull(P.InterviewerCalendarEventId);
        }
        else
        {
            var c = new Utf8Builder(buf);
            c.AppendHex(rng.Next(), 16);
            c.Append("_"u8);
            c.AppendHex(rng.Next(), 8);
            w.WriteString(P.InterviewerCalendarEventId, c.Written);
        }
        w.WriteBoolean(P.HasSubmittedFeedback, status == Vocab.SchedComplete || (status == Vocab.SchedWaitingOnFeedback && rng.Percent(50)));
        w.WriteUuidOrNull(P.NotetakerTranscriptId, rng.Percent(90) ? null : Uuid.Derive(Seed, 0x7A5, r.Index, e));
        w.WriteStartObject(P.ExtraData);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
