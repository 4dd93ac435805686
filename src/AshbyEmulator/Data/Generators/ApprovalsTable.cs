using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// approval.list (approvalsRead): one approval per offer, then one per two jobs. Completed approvals (70%) have
/// every approver's decision; the rest wait on their last step.
/// </summary>
internal sealed class ApprovalsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] Decisions = Word.Of("approve", "reject", "pending");

    public override bool CanArchive => false;

    /// <summary>The approved entity: an offer (first rows) or a job, as (type index, row index).</summary>
    private (int Type, int Index) EntityOf(int index)
    {
        var offers = Table<OffersTable>().BaseCount;
        return index < offers ? (0, index) : (1, Math.Min(Table<JobsTable>().BaseCount - 1, (index - offers) * 2));
    }

    private Uuid EntityId(int type, int index) => type == 0 ? Table<OffersTable>().Id(index) : Table<JobsTable>().Id(index);

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        var (type, index) = EntityOf(r.Index);
        return (f.EntityType < 0 || f.EntityType == type) && (f.EntityId is not { } id || EntityId(type, index) == id);
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var (type, entity) = EntityOf(r.Index);
        var isOffer = type == 0;
        var entityCreated = isOffer ? Table<OffersTable>().BaseCreatedAtMs(entity) : Table<JobsTable>().BaseCreatedAtMs(entity);
        var rng = r.Mutable(RowField.Body);
        var created = r.Index >= BaseCount ? CreatedAtMs(r) : entityCreated + 3_600_000;
        var submitted = created + rng.Long(60_000, 3_600_000);
        var complete = rng.Percent(70);
        var steps = rng.Int(1, 3);
        var stepTime = submitted;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.ApprovalDefinitionId, Uuid.Derive(Seed, 0xA99, isOffer ? 0 : 1, 0));
        w.WriteUuid(JsonNames.EntityId, EntityId(type, entity));
        w.WriteString(JsonNames.EntityType, Vocab.ApprovalEntityTypes[type].Json);
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
