using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewerPool.list: one pool per four users (at least five); every fifth is archived (includeArchivedPools).
/// Two pools in three have a training path of a Shadow and a ReverseShadow stage plus a retired stage that only
/// includeArchivedTrainingStages shows. Interviewers in schedules name active pools, with the same object.
/// interviewerPool.info adds the pool's qualified members and trainees; updating a pool changes them.
/// </summary>
internal sealed class InterviewerPoolsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private static readonly Word[] Titles = Word.Of("Backend Interviewers", "System Design Pool", "Bar Raisers", "Design Critique Pool", "Sales Role-Play Panel");

    private static readonly Word[] Roles = Word.Of("Shadow", "ReverseShadow");

    protected override bool BaseArchived(int index, ulong hash) => index % 5 == 4;

    public override bool Matches(in RowCtx r, ListFilter f) => f.IncludeArchivedPools || !IsArchived(r);

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteObject(w, r, f.IncludeArchivedTrainingStages);

    /// <summary>The pool object embedded in interviewers of schedules (archived training stages left out).</summary>
    public void WriteEmbedded(Utf8JsonWriter w, JsonEncodedText name, int index, long snapshot)
    {
        w.WritePropertyName(name);
        WriteObject(w, Row(index, snapshot), includeArchivedStages: false);
    }

    /// <summary>A base pool that is not archived.</summary>
    public int PickActive(ulong hash)
    {
        var i = Hashing.Below(hash, BaseCount);
        return i % 5 == 4 ? i - 1 : i;
    }

    /// <summary>
    /// interviewerPool.info: the pool as the list shows it (archived training stages left out, as without the list's
    /// flag) plus its qualified members and trainees, all real users.
    /// </summary>
    public override void WriteInfo(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var (members, trainees) = Membership(r);
        var users = Table<UsersTable>();
        var rng = r.Mutable(RowField.Events);
        WriteObject(w, r, includeArchivedStages: false, closeObject: false);
        w.WriteStartArray(JsonNames.QualifiedMembers);
        foreach (var user in members)
        {
            w.WriteStartObject();
            users.WriteProps(w, users.Row(user, r.Snapshot));
            w.WriteBoolean(JsonNames.IsPaused, rng.Percent(10));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray(JsonNames.Trainees);
        foreach (var user in trainees)
        {
            // A trainee is in one of the path's two active stages, short of the interviews that stage requires.
            var stage = rng.Int(2);
            w.WriteStartObject();
            users.WriteProps(w, users.Row(user, r.Snapshot));
            w.WriteBoolean(JsonNames.IsPaused, rng.Percent(10));
            w.WriteStartObject(JsonNames.CurrentProgress);
            w.WriteUuid(JsonNames.TrainingPathId, TrainingPathId(r.Index));
            w.WriteUuid(JsonNames.TrainingPathStageId, TrainingStageId(r.Index, stage));
            w.WriteNumber(JsonNames.InterviewsCompleted, rng.Int(InterviewsRequired(stage)));
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public override IEnumerable<Uuid> EmbeddedIds(RowCtx r, string stream)
    {
        var (members, trainees) = Membership(r);
        var users = Table<UsersTable>();
        return (stream == "interviewer_pool_trainees" ? trainees : members).Select(users.Id);
    }

    private static bool HasTrainingPath(int index) => index % 3 != 2;

    private Uuid TrainingPathId(int index) => Uuid.Derive(Seed, 0x7A1, index, 0);

    private Uuid TrainingStageId(int index, int stage) => Uuid.Derive(Seed, 0x7A2, index, stage);

    private static int InterviewsRequired(int stage) => stage == 1 ? 1 : 2;

    /// <summary>
    /// The pool's qualified members (two to six) and, on a pool with a training path, up to three trainees:
    /// distinct enabled users, drawn again when the pool is updated.
    /// </summary>
    private (List<int> Members, List<int> Trainees) Membership(in RowCtx r)
    {
        var users = Table<UsersTable>();
        var rng = r.Mutable(RowField.Team);
        var wanted = rng.Int(2, 7);
        var wantedTrainees = HasTrainingPath(r.Index) ? rng.Int(4) : 0;
        var members = new List<int>(wanted);
        var trainees = new List<int>(wantedTrainees);
        for (var attempt = 0; attempt < 8 * (wanted + wantedTrainees) && (members.Count < wanted || trainees.Count < wantedTrainees); attempt++)
        {
            var user = users.Pick(rng.Next());
            if (members.Contains(user) || trainees.Contains(user) || users.IsArchived(users.Row(user, r.Snapshot)))
            {
                continue;
            }

            (members.Count < wanted ? members : trainees).Add(user);
        }
        return (members, trainees);
    }

    private void WriteObject(Utf8JsonWriter w, in RowCtx r, bool includeArchivedStages, bool closeObject = true)
    {
        var i = r.Index;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        WriteRevised(w, JsonNames.Title, i < Titles.Length ? Titles[i].Utf8 : System.Text.Encoding.UTF8.GetBytes($"{Titles[i % Titles.Length].Value} {i + 1}"), r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        if (!HasTrainingPath(i))
        {
            w.WriteNull(JsonNames.TrainingPath);
        }
        else
        {
            var users = Table<UsersTable>();
            w.WriteStartObject(JsonNames.TrainingPath);
            w.WriteUuid(JsonNames.Id, TrainingPathId(i));
            w.WriteBoolean(JsonNames.Enabled, i % 4 != 3);
            w.WriteStartArray(JsonNames.TrainingStages);
            for (var s = 0; s < 3; s++)
            {
                var archived = s == 2;
                if (archived && !includeArchivedStages)
                {
                    continue;
                }
                w.WriteStartObject();
                w.WriteUuid(JsonNames.Id, TrainingStageId(i, s));
                w.WriteString(JsonNames.InterviewerRole, Roles[s & 1].Json);
                w.WriteNumber(JsonNames.InterviewsRequired, InterviewsRequired(s));
                w.WriteBoolean(JsonNames.IsArchived, archived);
                var approval = s == 1 && i % 2 == 0;
                w.WriteBoolean(JsonNames.ApprovalRequired, approval);
                w.WriteStartArray(JsonNames.Approvers);
                if (approval)
                {
                    w.WriteStartObject();
                    users.WriteProps(w, users.Row(users.Pick(r.Field(RowField.Team)), r.Snapshot));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (closeObject)
        {
            w.WriteEndObject();
        }
    }
}
