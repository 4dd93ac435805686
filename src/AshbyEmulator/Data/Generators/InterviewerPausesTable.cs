using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// user.listInterviewerPauses {userId}: active or scheduled pauses only (20% of users have one or two). Archiving
/// a pause through the admin API ends it, so it is no longer listed.
/// </summary>
internal sealed class InterviewerPausesTable(Dataset dataset, TableSpec table) : SlottedChildTable<UsersTable>(dataset, table, 2)
{
    private static readonly Word[] Comments = Word.Of("Parental leave", "Focus time for a launch", "Conference travel", "Recruiting break");

    protected override int Count(int parent)
    {
        var roll = Hashing.Below(Hashing.Field(Hashing.Row(Seed, Parents.Spec.Ordinal, parent), RowField.Custom + 400), 100);
        return roll < 80 ? 0 : roll < 95 ? 1 : 2;
    }

    public override bool Matches(in RowCtx r, ListFilter f) => !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var rng = r.Rng(RowField.Body);
        // Pauses are current: an active one started before the data epoch, a scheduled one starts after it.
        var starts = r.Index >= BaseCount ? CreatedAtMs(r) + Time.DayMs
            : rng.Percent(50) ? Time.EpochMs - rng.Long(Time.DayMs, 30 * Time.DayMs) : Time.EpochMs + rng.Long(Time.DayMs, 60 * Time.DayMs);
        var created = r.Index >= BaseCount ? CreatedAtMs(r) : Math.Min(starts, Time.EpochMs - Time.DayMs) - rng.Long(Time.DayMs, 10 * Time.DayMs);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.UserId, Parents.Id(ParentOf(r)));
        w.WriteTime(JsonNames.StartsAt, starts);
        w.WriteTime(JsonNames.EndsAt, rng.Percent(20) ? 0 : Math.Max(starts, Time.EpochMs) + rng.Long(3 * Time.DayMs, 21 * Time.DayMs));
        w.WriteWordOrNull(JsonNames.Comment, rng.Percent(30) ? null : rng.Pick(Comments));
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteEndObject();
    }
}
