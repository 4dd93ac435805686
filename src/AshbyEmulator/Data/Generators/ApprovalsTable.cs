using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// approval.list (approvalsRead): one approval per offer, then one per two jobs. Completed approvals (70%) have
/// every approver's decision; the rest wait on their last step.
/// </summary>
internal sealed class ApprovalsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] EntityTypes = Word.Of("offer", "job", "opening");
    private static readonly Word[] Decisions = Word.Of("approve", "reject", "pending");

    public override bool CanArchive => false;

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var offers = Table<OffersTable>();
        var jobs = Table<JobsTable>();
        var isOffer = r.Index < offers.BaseCount;
        var entity = isOffer ? r.Index : Math.Min(jobs.BaseCount - 1, (r.Index - offers.BaseCount) * 2);
        var entityCreated = isOffer ? offers.BaseCreatedAtMs(entity) : jobs.BaseCreatedAtMs(entity);
        var rng = r.Mutable(RowField.Body);
        var created = r.Index >= BaseCount ? CreatedAtMs(r) : entityCreated + 3_600_000;
        var submitted = created + rng.Long(60_000, 3_600_000);
        var complete = rng.Percent(70);
        var steps = rng.Int(1, 3);
        var stepTime = submitted;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.ApprovalDefinitionId, Uuid.Derive(Seed, 0xA99, isOffer ? 0 : 1, 0));
        w.WriteUuid(JsonNames.EntityId, isOffer ? offers.Id(entity) : jobs.Id(entity));
        w.WriteString(JsonNames.EntityType, EntityTypes[isOffer ? 0 : 1].Json);
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.SubmittedAt, submitted);
        var decisions = new long[steps];
        for (var s = 0; s < steps; s++)
        {
            stepTime += rng.Long(3_600_000, 2 * Time.DayMs);
            decisions[s] = complete || s < steps - 1 ? stepTime : 0;
        }
        w.WriteTime(JsonNames.CompletedAt, complete ? stepTime : 0);
        w.WriteStartArray(JsonNames.Steps);
        for (var s = 0; s < steps; s++)
        {
            w.WriteStartObject();
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xA9A, r.Index, s));
            w.WriteNumber(JsonNames.ApprovalsRequired, 1);
            w.WriteTime(JsonNames.CompletedAt, decisions[s]);
            w.WriteStartArray(JsonNames.Approvers);
            var approvers = rng.Int(1, 3);
            for (var a = 0; a < approvers; a++)
            {
                var decided = decisions[s] > 0 && a == 0;
                w.WriteStartObject();
                w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xA9B, r.Index, (s * 4) + a));
                w.WriteUuid(JsonNames.UserId, Table<UsersTable>().Id(Table<UsersTable>().Pick(rng.Next())));
                w.WriteString(JsonNames.Decision, Decisions[decided ? 0 : 2].Json);
                w.WriteTime(JsonNames.DecidedAt, decided ? decisions[s] : 0);
                w.WriteTime(JsonNames.RequestedAt, submitted);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
