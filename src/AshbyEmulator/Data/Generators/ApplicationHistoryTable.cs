using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// application.listHistory {applicationId}: the stages an application went through, in order. A base application
/// owns 8 slots and uses as many as its <see cref="ApplicationsTable.BasePath"/> is long; every later stage change
/// (a create, an update that moves it on, an archive through the admin API) appends a row linked to it. The last
/// row is always the application's currentInterviewStage, and each row's leftStageAt is the next row's enteredStageAt.
/// </summary>
internal sealed class ApplicationHistoryTable(Dataset dataset, TableSpec table) : SlottedChildTable<ApplicationsTable>(dataset, table, InterviewPlansTable.Kinds)
{
    private const int MaxParentProbes = 64;

    private static readonly Word[] FirstActions = Word.Of("set_entered_at");
    private static readonly Word[] LaterActions = Word.Of("delete", "set_entered_at");

    public override bool CanArchive => false;

    public override TableGenerator? LinkedParent => Parents;

    protected override int Count(int parent)
    {
        Span<int> path = stackalloc int[InterviewPlansTable.Kinds];
        return Parents.BasePath(parent, path);
    }

    /// <summary>A history row created on its own moves an application that can still move (or any, if none is found soon).</summary>
    public override int ChooseParentForNewRow(ulong hash)
    {
        var count = Parents.State.CurrentCount;
        var first = Hashing.Below(hash, count);
        for (var k = 0; k < MaxParentProbes; k++)
        {
            var candidate = (first + k) % count;
            if (Parents.CanMove(Parents.Row(candidate, long.MaxValue)))
            {
                return candidate;
            }
        }
        return first;
    }

    /// <summary>The base history row of application <paramref name="application"/> in stage <paramref name="kind"/>, or -1.</summary>
    public int BaseRowOf(int application, int kind)
    {
        if (application >= Parents.BaseCount)
        {
            return -1;
        }
        Span<int> path = stackalloc int[InterviewPlansTable.Kinds];
        var n = Parents.BasePath(application, path);
        var k = path[..n].IndexOf(kind);
        return k < 0 ? -1 : (application * Slots) + k;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var appIndex = ParentOf(r);
        var app = Parents.Row(appIndex, r.Snapshot);
        var moves = ApplicationsTable.Moves(app);
        Span<int> path = stackalloc int[InterviewPlansTable.Kinds];
        var baseLength = appIndex < Parents.BaseCount ? Parents.BasePath(appIndex, path) : 0;
        int kind, number;
        long entered, left;
        if (r.Index < BaseCount)
        {
            var k = SlotOf(r.Index);
            kind = path[k];
            number = k;
            var created = Parents.CreatedAtMs(Parents.Row(appIndex, 0));
            var span = Parents.BaseUpdatedAt(appIndex) - created;
            entered = baseLength == 1 ? created : created + (span * k / (baseLength - 1));
            left = k + 1 < baseLength ? created + (span * (k + 1) / (baseLength - 1))
                : moves.Length > 0 ? CreatedAtMs(Row(moves[0], r.Snapshot)) : 0;
        }
        else
        {
            var j = Array.IndexOf(moves, r.Index);
            kind = Parents.KindAfterMoves(app, j + 1);
            number = baseLength + j;
            entered = CreatedAtMs(r);
            left = j + 1 < moves.Length ? CreatedAtMs(Row(moves[j + 1], r.Snapshot)) : 0;
        }
        var plan = Parents.PlanOf(app);
        var rng = r.Rng(RowField.Body);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteUuid(JsonNames.StageId, Table<InterviewStagesTable>().StageId(plan, kind));
        w.WriteString(JsonNames.Title, WordLists.InterviewStageTitles[kind].Json);
        w.WriteTime(JsonNames.EnteredStageAt, entered);
        w.WriteTime(JsonNames.LeftStageAt, left);
        w.WriteNumber(JsonNames.StageNumber, number);
        w.WriteStartArray(JsonNames.AllowedActions);
        foreach (var action in number == 0 ? FirstActions : LaterActions)
        {
            w.WriteStringValue(action.Json);
        }
        w.WriteEndArray();
        w.WriteUuidOrNull(JsonNames.ActorId, rng.Percent(20) ? null : Table<UsersTable>().Id(Table<UsersTable>().Pick(rng.Next())));
        w.WriteEndObject();
    }
}
