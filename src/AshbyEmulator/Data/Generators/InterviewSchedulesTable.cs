using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewSchedule.list: one schedule on roughly every other application, with its interview events
/// embedded. Archiving a schedule cancels it; updates move it along the scheduling pipeline.
/// </summary>
internal sealed class InterviewSchedulesTable(Dataset dataset, TableSpec table) : ChildTableGenerator<ApplicationsTable>(dataset, table)
{
    private static int BaseStatus(ulong hash)
    {
        var roll = Hashing.Below(Hashing.Field(hash, RowField.Status), 100);
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
        {
            return Vocab.SchedCancelled;
        }

        var status = r.Index >= BaseCount ? 0 : BaseStatus(r.Hash);
        if (r.Revision == 0 || status is Vocab.SchedCancelled or Vocab.SchedComplete)
        {
            return status;
        }
        // Updates advance the schedule: anything waiting becomes Scheduled, then WaitingOnFeedback, then Complete.
        var step = status < Vocab.SchedScheduled || status > Vocab.SchedCancelled ? Vocab.SchedScheduled : status;
        return Math.Min(Vocab.SchedComplete, step + r.Revision - 1);
    }

    /// <summary>The schedule's interview stage: one of the interview stages of its application's plan.</summary>
    public int StageOf(in RowCtx r)
    {
        var apps = Table<ApplicationsTable>();
        var plan = apps.PlanOf(apps.Row(ParentOf(r), r.Snapshot));
        return InterviewPlansTable.FirstInterview + Hashing.Below(r.Field(RowField.Team), Table<InterviewPlansTable>().InterviewStages(plan));
    }

    private Uuid StageId(in RowCtx r)
    {
        var apps = Table<ApplicationsTable>();
        return Table<InterviewStagesTable>().StageId(apps.PlanOf(apps.Row(ParentOf(r), r.Snapshot)), StageOf(r));
    }

    /// <summary>Whether a base schedule got to feedback (application_feedback has a scorecard for it).</summary>
    public bool HasBaseFeedback(int index) =>
        BaseStatus(Hashing.Row(Seed, Spec.Ordinal, index)) is Vocab.SchedComplete or Vocab.SchedWaitingOnFeedback;

    private static bool HasEvents(int status) => status is Vocab.SchedScheduled or Vocab.SchedWaitingOnFeedback or Vocab.SchedComplete or 8;

    /// <summary>
    /// Interview events of the schedule. A schedule that had events keeps them when it is cancelled, so feedback
    /// on them keeps pointing at a real event.
    /// </summary>
    public int EventCount(in RowCtx r)
    {
        var status = Status(r);
        var hadEvents = HasEvents(status) || (status == Vocab.SchedCancelled && r.Index < BaseCount && HasEvents(BaseStatus(r.Hash)));
        if (hadEvents)
        {
            return 1 + Hashing.Below(r.Field(RowField.Events), 3);
        }
        var rng = BodyAfterScheduler(r);
        return status == Vocab.SchedCancelled && rng.Percent(40) ? 1 : 0;
    }

    /// <summary>The row's body draws after the scheduledBy draw (the order Write has always used).</summary>
    private static Rng BodyAfterScheduler(in RowCtx r)
    {
        var rng = r.Rng(RowField.Body);
        rng.Percent(30);
        return rng;
    }

    public Uuid EventId(int schedule, int e) => Uuid.Derive(Seed, 0xE7E, schedule, e);

    public override IEnumerable<Uuid> EmbeddedIds(RowCtx r, string stream) => Enumerable.Range(0, EventCount(r)).Select(e => EventId(r.Index, e));

    /// <summary>Start of the first interview event.</summary>
    private long FirstStart(in RowCtx r, long created)
    {
        var rng = BodyAfterScheduler(r);
        var status = Status(r);
        if (!HasEvents(status) && status == Vocab.SchedCancelled)
        {
            rng.Percent(40);
        }
        return Time.StartOfDay(created + (rng.Int(2, 10) * Time.DayMs)) + (rng.Int(14, 22) * 3_600_000L);
    }

    /// <summary>The draws of event <paramref name="e"/>: its interviewers (users) and then its interview.</summary>
    private (Rng Rng, int[] Users, int Interview) EventDraws(in RowCtx r, int e)
    {
        var rng = new Rng(Hashing.Field(r.Field(RowField.Events), (ulong)e + 100));
        var users = new int[rng.Int(1, 3)];
        for (var k = 0; k < users.Length; k++)
        {
            users[k] = Table<UsersTable>().Pick(rng.Next());
        }
        var interview = Table<InterviewsTable>().PickShared(rng.Next());
        return (rng, users, interview);
    }

    /// <summary>The first event's interview, first interviewer and end time (what its feedback refers to).</summary>
    public (int Interview, int Interviewer, long End) FirstEvent(in RowCtx r)
    {
        var (rng, users, interview) = EventDraws(r, 0);
        // Same draw order as WriteEvent: training role and pool per interviewer, then the duration.
        for (var k = 0; k < users.Length; k++)
        {
            rng.Int(100);
            if (!rng.Percent(70))
            {
                rng.Next();
            }
        }
        var duration = rng.Percent(50) ? 45 : 60;
        return (interview, users[0], FirstStart(r, CreatedAtMs(r)) + (duration * 60_000L));
    }

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationId is { } app && Table<ApplicationsTable>().Id(ParentOf(r)) != app)
        {
            return false;
        }

        if (f.InterviewStageId is { } stageId)
        {
            if (StageId(r) != stageId)
            {
                return false;
            }
        }
        return true;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var status = Status(r);
        var rng = r.Rng(RowField.Body);
        var created = CreatedAtMs(r);
        var updated = UpdatedAtMs(r);
        var appIndex = ParentOf(r);
        var id = Id(i);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, id);
        w.WriteString(JsonNames.Status, Vocab.ScheduleStatuses[status].Json);
        w.WriteUuid(JsonNames.ApplicationId, Table<ApplicationsTable>().Id(appIndex));
        w.WriteUuid(JsonNames.InterviewStageId, StageId(r));
        Table<UsersTable>().WriteEmbedded(w, JsonNames.ScheduledBy, rng.Percent(30) ? -1 : Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.UpdatedAt, updated);
        w.WriteStartArray(JsonNames.InterviewEvents);
        var events = EventCount(r);
        var start = FirstStart(r, created);
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
        var eventId = EventId(r.Index, e);
        var (rng, users, interview) = EventDraws(r, e);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, eventId);
        w.WriteUuid(JsonNames.InterviewId, Table<InterviewsTable>().Id(interview));
        w.WriteUuid(JsonNames.InterviewScheduleId, scheduleId);
        w.WriteStartArray(JsonNames.InterviewerUserIds);
        foreach (var u in users)
        {
            w.WriteUuidValue(Table<UsersTable>().Id(u));
        }

        w.WriteEndArray();
        w.WriteStartArray(JsonNames.Interviewers);
        foreach (var u in users)
        {
            w.WriteStartObject();
            Table<UsersTable>().WriteProps(w, Table<UsersTable>().Row(u, r.Snapshot));
            var training = rng.Int(100);
            w.WriteWordOrNull(JsonNames.TrainingRole, training < 85 ? null : Vocab.TrainingRoles[training & 1]);
            if (rng.Percent(70))
            {
                w.WriteNull(JsonNames.InterviewerPool);
            }
            else
            {
                var pools = Table<InterviewerPoolsTable>();
                pools.WriteEmbedded(w, JsonNames.InterviewerPool, pools.PickActive(rng.Next()), r.Snapshot);
            }
            w.WriteBoolean(JsonNames.IsFeedbackRequired, training < 85);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.UpdatedAt, updated);
        var duration = rng.Percent(50) ? 45 : 60;
        w.WriteTime(JsonNames.StartTime, start);
        w.WriteTime(JsonNames.EndTime, start + (duration * 60_000L));
        Span<byte> buf = stackalloc byte[128];
        var b = new Utf8Builder(buf);
        b.Append("https://app.ashbyhq.com/interview-briefings/"u8);
        b.AppendUuid(eventId);
        b.Append("/feedback"u8);
        w.WriteString(JsonNames.FeedbackLink, b.Written);
        var place = rng.Int(Vocab.MeetingLocations.Length + 1);
        if (place == Vocab.MeetingLocations.Length)
        {
            w.WriteNull(JsonNames.Location);
            w.WriteNull(JsonNames.MeetingLink);
        }
        else
        {
            w.WriteString(JsonNames.Location, Vocab.MeetingLocations[place].Json);
            if (place <= 2)
            {
                var m = new Utf8Builder(buf);
                m.Append(place switch { 0 => "https://meet.google.com/"u8, 1 => "https://zoom.us/j/"u8, _ => "https://teams.microsoft.com/l/meetup-join/"u8 });
                m.AppendHex(rng.Next(), 10);
                w.WriteString(JsonNames.MeetingLink, m.Written);
            }
            else
            {
                w.WriteNull(JsonNames.MeetingLink);
            }
        }
        if (rng.Percent(40))
        {
            w.WriteNull(JsonNames.InterviewerCalendarEventId);
        }
        else
        {
            var c = new Utf8Builder(buf);
            c.AppendHex(rng.Next(), 16);
            c.Append("_"u8);
            c.AppendHex(rng.Next(), 8);
            w.WriteString(JsonNames.InterviewerCalendarEventId, c.Written);
        }
        w.WriteBoolean(JsonNames.HasSubmittedFeedback, status == Vocab.SchedComplete || (status == Vocab.SchedWaitingOnFeedback && rng.Percent(50)));
        w.WriteUuidOrNull(JsonNames.NotetakerTranscriptId, rng.Percent(90) ? null : Uuid.Derive(Seed, 0x7A5, r.Index, e));
        w.WriteStartObject(JsonNames.ExtraData);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
