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

    private static int StageOf(in RowCtx r) => InterviewPlan.FirstInterview + Hashing.Below(r.Field(RowField.Team), 3);

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationId is { } app && Table<ApplicationsTable>().Id(ParentOf(r)) != app)
        {
            return false;
        }

        if (f.InterviewStageId is { } stageId)
        {
            var job = Table<ApplicationsTable>().JobOf(Table<ApplicationsTable>().Row(ParentOf(r), r.Snapshot));
            if (InterviewPlan.StageId(Seed, job, StageOf(r)) != stageId)
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
        var job = Table<ApplicationsTable>().JobOf(Table<ApplicationsTable>().Row(appIndex, r.Snapshot));
        var id = Id(i);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, id);
        w.WriteString(JsonNames.Status, Vocab.ScheduleStatuses[status].Json);
        w.WriteUuid(JsonNames.ApplicationId, Table<ApplicationsTable>().Id(appIndex));
        w.WriteUuid(JsonNames.InterviewStageId, InterviewPlan.StageId(Seed, job, StageOf(r)));
        Table<UsersTable>().WriteEmbedded(w, JsonNames.ScheduledBy, rng.Percent(30) ? -1 : Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.UpdatedAt, updated);
        w.WriteStartArray(JsonNames.InterviewEvents);
        var events = status is Vocab.SchedScheduled or Vocab.SchedWaitingOnFeedback or Vocab.SchedComplete or 8
            ? 1 + Hashing.Below(r.Field(RowField.Events), 3)
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
        var rng = new Rng(Hashing.Field(r.Field(RowField.Events), (ulong)e + 100));
        var interviewers = rng.Int(1, 3);
        var users = new int[interviewers];
        for (var k = 0; k < interviewers; k++)
        {
            users[k] = Table<UsersTable>().Pick(rng.Next());
        }

        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, eventId);
        w.WriteUuid(JsonNames.InterviewId, Table<InterviewsTable>().Id(Table<InterviewsTable>().PickShared(rng.Next())));
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
                var pool = rng.Int(4);
                w.WriteStartObject(JsonNames.InterviewerPool);
                w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x9001, pool, 0));
                w.WriteString(JsonNames.Title, pool switch { 0 => "Backend Interviewers"u8, 1 => "System Design Pool"u8, 2 => "Bar Raisers"u8, _ => "Design Critique Pool"u8 });
                w.WriteBoolean(JsonNames.IsArchived, false);
                w.WriteNull(JsonNames.TrainingPath);
                w.WriteEndObject();
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
