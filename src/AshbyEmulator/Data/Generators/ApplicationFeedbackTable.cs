using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// applicationFeedback.list: one scorecard per schedule that reached feedback (base status Complete or
/// WaitingOnFeedback), for its first interview event. It names that event, its interview, the interview's
/// feedback form, the application and the application's history row for the schedule's stage; the first
/// interviewer submitted it after the event ended.
/// </summary>
internal sealed class ApplicationFeedbackTable(Dataset dataset, TableSpec table) : ChildTableGenerator<InterviewSchedulesTable>(dataset, table)
{
    public override bool CanArchive => false;

    public override bool Exists(int index) => index >= BaseCount || Parents.HasBaseFeedback(ScaleIndex(index, BaseCount, Parents.BaseCount));

    public override bool Matches(in RowCtx r, ListFilter f) =>
        f.ApplicationId is not { } app || Table<ApplicationsTable>().Id(Parents.ParentOf(Parents.Row(ParentOf(r), r.Snapshot))) == app;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var schedule = Parents.Row(ParentOf(r), r.Snapshot);
        var appIndex = Parents.ParentOf(schedule);
        var hasEvent = Parents.EventCount(schedule) > 0;
        var (interview, interviewer, eventEnd) = Parents.FirstEvent(schedule);
        var interviews = Table<InterviewsTable>();
        var form = interviews.FormOf(interview);
        var history = Table<ApplicationHistoryTable>().BaseRowOf(appIndex, Parents.StageOf(schedule));
        var users = Table<UsersTable>();
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        FormCatalog.WriteDefinition(w, JsonNames.FormDefinition, Seed, FormCatalog.Feedback);
        FormCatalog.WriteValues(w, JsonNames.SubmittedValues, FormCatalog.Feedback, r.MutableHash(RowField.Custom));
        w.WriteStartObject(JsonNames.SubmittedByUser);
        users.WriteProps(w, users.Row(hasEvent ? interviewer : users.Pick(r.Field(RowField.Pick)), r.Snapshot));
        w.WriteEndObject();
        w.WriteUuidOrNull(JsonNames.InterviewId, hasEvent ? interviews.Id(interview) : null);
        w.WriteUuidOrNull(JsonNames.InterviewEventId, hasEvent ? Parents.EventId(schedule.Index, 0) : null);
        w.WriteUuid(JsonNames.FeedbackFormDefinitionId, Table<FeedbackFormDefinitionsTable>().Id(hasEvent ? form : 0));
        w.WriteUuidOrNull(JsonNames.ApplicationHistoryId, history >= 0 ? Table<ApplicationHistoryTable>().Id(history) : null);
        w.WriteUuid(JsonNames.ApplicationId, Table<ApplicationsTable>().Id(appIndex));
        w.WriteTime(JsonNames.SubmittedAt, hasEvent && r.Index < BaseCount ? eventEnd + (long)(r.Field(RowField.Time) % (ulong)(2 * Time.DayMs)) : CreatedAtMs(r));
        w.WriteEndObject();
    }
}
