using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// interviewerPool.list: one pool per four users (at least five); every fifth is archived (includeArchivedPools).
/// Two pools in three have a training path of a Shadow and a ReverseShadow stage plus a retired stage that only
/// includeArchivedTrainingStages shows. Interviewers in schedules name active pools, with the same object.
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

    private void WriteObject(Utf8JsonWriter w, in RowCtx r, bool includeArchivedStages)
    {
        var i = r.Index;
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        WriteRevised(w, JsonNames.Title, i < Titles.Length ? Titles[i].Utf8 : System.Text.Encoding.UTF8.GetBytes($"{Titles[i % Titles.Length].Value} {i + 1}"), r.Revision);
        w.WriteBoolean(JsonNames.IsArchived, IsArchived(r));
        if (i % 3 == 2)
        {
            w.WriteNull(JsonNames.TrainingPath);
        }
        else
        {
            var users = Table<UsersTable>();
            w.WriteStartObject(JsonNames.TrainingPath);
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x7A1, i, 0));
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
                w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x7A2, i, s));
                w.WriteString(JsonNames.InterviewerRole, Roles[s & 1].Json);
                w.WriteNumber(JsonNames.InterviewsRequired, s == 1 ? 1 : 2);
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
        w.WriteEndObject();
    }
}
