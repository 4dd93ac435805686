using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>opening.list: headcount slots, 1–2 per job; 10% archived (always listed — no include flag).</summary>
internal sealed class OpeningsTable(Dataset dataset, TableSpec table) : ChildTableGenerator<JobsTable>(dataset, table)
{
    protected override bool BaseArchived(int index, ulong hash) => index % 10 == 6;

    public override int ChooseParentForNewRow(ulong hash) => Table<JobsTable>().PickExistingAt(Time.EpochMs, hash);

    /// <summary>The first base opening of a job (offers point at it).</summary>
    public int FirstOpeningOf(int job) => FirstChild(job, Parents.BaseCount, BaseCount);

    private int OpeningState(in RowCtx r)
    {
        var roll = Hashing.Below(r.Field(RowField.Status), 100);
        if (IsArchived(r))
        {
            return roll < 50 ? Vocab.OpenFilled : Vocab.OpenClosed;
        }

        if (r.Index >= BaseCount)
        {
            return r.Revision > 0 ? Vocab.OpenOpen : Vocab.OpenApproved;
        }

        var state = roll < 35 ? Vocab.OpenOpen : roll < 65 ? Vocab.OpenFilled : roll < 80 ? Vocab.OpenClosed : roll < 90 ? Vocab.OpenApproved : Vocab.OpenDraft;
        // Updates move drafts and approved openings forward.
        return r.Revision > 0 && state is Vocab.OpenDraft or Vocab.OpenApproved ? Vocab.OpenOpen : state;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f) => WriteObject(w, r);

    /// <summary>Writes a job's base openings (the <c>openings</c> expansion of jobs and applications).</summary>
    public void WriteOpeningsOfJob(Utf8JsonWriter w, int job, long snapshot)
    {
        if (job >= Parents.BaseCount)
        {
            return;
        }

        var end = FirstChild(job + 1, Parents.BaseCount, BaseCount);
        for (var o = FirstChild(job, Parents.BaseCount, BaseCount); o < end && o < BaseCount; o++)
        {
            WriteObject(w, Row(o, snapshot));
        }
    }

    private void WriteObject(Utf8JsonWriter w, in RowCtx r)
    {
        var i = r.Index;
        var state = OpeningState(r);
        var created = CreatedAtMs(r);
        var rng = r.Rng(RowField.Body);
        var jobIndex = ParentOf(r);
        var job = Table<JobsTable>().Row(jobIndex, r.Snapshot);
        var opened = state == Vocab.OpenDraft ? 0 : created + rng.Long(0, 7 * Time.DayMs);
        var closed = 0L;
        if (state is Vocab.OpenFilled or Vocab.OpenClosed)
        {
            closed = r.MutationArchived ? r.State.ArchivedAtMs : Math.Max(opened, Math.Min(opened + rng.Long(20 * Time.DayMs, 200 * Time.DayMs), Time.EpochMs - Time.DayMs));
        }
        var archived = IsArchived(r);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        w.WriteTime(JsonNames.OpenedAt, opened);
        w.WriteTime(JsonNames.ClosedAt, closed);
        w.WriteTime(JsonNames.ArchivedAt, !archived ? 0 : r.MutationArchived ? r.State.ArchivedAtMs : Math.Max(closed, opened));
        w.WriteBoolean(JsonNames.IsArchived, archived);
        w.WriteUuidOrNull(JsonNames.CloseReasonId, closed > 0 ? Table<CloseReasonsTable>().Id(rng.Int(4)) : null);
        w.WriteString(JsonNames.OpeningState, Vocab.OpeningStates[state].Json);

        var v = r.Mutable(RowField.Body);
        w.WriteStartObject(JsonNames.LatestVersion);
        w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0x0E1, i, r.Revision));
        Span<byte> scratch = stackalloc byte[96];
        var root = Table<DepartmentsTable>().RootOf(Table<JobsTable>().Department(job));
        var slug = WordLists.Departments[Math.Min(root, WordLists.Departments.Length - 1)].Name.Slug;
        var b = new Utf8Builder(scratch);
        for (var k = 0; k < Math.Min(3, slug.Length); k++)
        {
            b.Append((byte)(slug[k] is >= (byte)'a' and <= (byte)'z' ? slug[k] - 32 : slug[k]));
        }

        b.Append((byte)'-');
        b.Append(i + 1);
        w.WriteString(JsonNames.Identifier, b.Written);
        if (v.Percent(10))
        {
            w.WriteNull(JsonNames.Description);
        }
        else
        {
            w.WriteString(JsonNames.Description, v.Pick(WordLists.Sentences).Json);
        }

        w.WriteUuid(JsonNames.AuthorId, Table<UsersTable>().Id(Table<UsersTable>().Pick(r.Field(RowField.Pick))));
        w.WriteTime(JsonNames.CreatedAt, r.Revision == 0 ? created : r.State.ChangedAtMs);
        w.WriteUuidOrNull(JsonNames.TeamId, v.Percent(10) ? null : Table<DepartmentsTable>().Id(Table<JobsTable>().Department(job)));
        w.WriteStartArray(JsonNames.JobIds);
        w.WriteUuidValue(Table<JobsTable>().Id(jobIndex));
        w.WriteEndArray();
        var hire = v.Percent(30) ? 0 : created + v.Long(30 * Time.DayMs, 120 * Time.DayMs);
        w.WriteDate(JsonNames.TargetHireDate, hire);
        w.WriteDate(JsonNames.TargetStartDate, hire == 0 || v.Percent(30) ? 0 : hire + v.Long(14 * Time.DayMs, 45 * Time.DayMs));
        w.WriteBoolean(JsonNames.IsBackfill, v.Percent(20));
        w.WriteString(JsonNames.EmploymentType, JobsTable.EmploymentType(job).Json);
        w.WriteStartArray(JsonNames.LocationIds);
        var location = Table<JobsTable>().Location(job);
        if (location >= 0)
        {
            w.WriteUuidValue(Table<LocationsTable>().Id(location));
        }

        w.WriteEndArray();
        Table<JobsTable>().WriteHiringTeam(w, JsonNames.HiringTeam, job);
        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Opening, r.MutableHash(RowField.Custom), created);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
