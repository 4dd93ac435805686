using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// job.list. 10% of base jobs are Draft (hidden unless "Draft" is in the status filter); the rest are Open,
/// Closed or Archived. An update opens a draft; an archive sets status Archived. jobInterviewPlan.info answers a
/// job's interview plan.
/// </summary>
internal sealed class JobsTable : TableGenerator
{
    private readonly Word[][] _rolesByDepartment;

    public JobsTable(Dataset dataset, TableSpec table)
        : base(dataset, table)
    {
        // Roles per (base) department, resolved once: titles then cost one table lookup.
        var departments = dataset.Get<DepartmentsTable>();
        _rolesByDepartment = new Word[departments.BaseCount][];
        for (var d = 0; d < _rolesByDepartment.Length; d++)
        {
            var root = WordLists.Departments[departments.RootOf(d)].Name.Value;
            _rolesByDepartment[d] = WordLists.RolesByDepartment.TryGetValue(root, out var roles)
                ? roles
                : WordLists.RolesByDepartment["Engineering"];
        }
    }

    public static bool BaseDraft(int index) => index % 10 == 9;

    public int Status(in RowCtx r)
    {
        if (r.MutationArchived)
        {
            return Vocab.JobArchived;
        }

        if (r.Index >= BaseCount)
        {
            return Vocab.JobOpen;
        }

        if (BaseDraft(r.Index))
        {
            return r.Revision > 0 ? Vocab.JobOpen : Vocab.JobDraft;
        }

        return BaseStatus(r.Hash);
    }

    private static int BaseStatus(ulong hash)
    {
        var roll = Hashing.Below(Hashing.Field(hash, RowField.Status), 100);
        return roll < 50 ? Vocab.JobOpen : roll < 80 ? Vocab.JobClosed : Vocab.JobArchived;
    }

    protected override bool BaseArchived(int index, ulong hash) => !BaseDraft(index) && BaseStatus(hash) == Vocab.JobArchived;

    public int Department(in RowCtx r) => Table<DepartmentsTable>().Pick(r.Field(RowField.Team));

    /// <summary>The job's location, or -1 (5% of jobs have none).</summary>
    public int Location(in RowCtx r) => r.Index % 20 == 17 ? -1 : Table<LocationsTable>().PickOffice(r.Field(RowField.Location));

    /// <summary>Job title: seniority + a role of the job's department family.</summary>
    public ReadOnlySpan<byte> Title(in RowCtx r, Span<byte> scratch)
    {
        var rng = r.Rng(RowField.Name);
        var roles = _rolesByDepartment[Department(r)];
        var b = new Utf8Builder(scratch);
        b.Append(rng.Pick(WordLists.Seniority).Utf8);
        b.Append(rng.Pick(roles).Utf8);
        return b.Written;
    }

    public static Word EmploymentType(in RowCtx r)
    {
        var roll = Hashing.Below(r.Field(RowField.Body), 100);
        return Vocab.EmploymentTypes[roll < 85 ? 0 : roll < 90 ? 1 : roll < 94 ? 2 : roll < 98 ? 3 : 4];
    }

    /// <summary>The job's interview plan: two neighbouring base jobs share one; jobs created later pick one.</summary>
    public int PlanOf(int index)
    {
        var plans = Table<InterviewPlansTable>();
        return index < BaseCount
            ? ScaleIndex(index, BaseCount, plans.BaseCount)
            : plans.Pick(Hashing.Field(Hashing.Row(Seed, Spec.Ordinal, index), RowField.Parent));
    }

    public long OpenedAtMs(in RowCtx r, int status)
    {
        if (status == Vocab.JobDraft)
        {
            return 0;
        }

        var created = CreatedAtMs(r);
        if (r.Index >= BaseCount)
        {
            return created;
        }

        if (BaseDraft(r.Index))
        {
            return r.State.ChangedAtMs; // a draft opened by an update
        }

        return Later(created, 14 * Time.DayMs, r.Field(RowField.Time));
    }

    public long ClosedAtMs(in RowCtx r, int status, long openedAt)
    {
        if (status is not (Vocab.JobClosed or Vocab.JobArchived))
        {
            return 0;
        }

        if (r.MutationArchived && (r.Index >= BaseCount || BaseDraft(r.Index) || BaseStatus(r.Hash) == Vocab.JobOpen))
        {
            return r.State.ArchivedAtMs;
        }

        return Later(Math.Max(openedAt, CreatedAtMs(r)), 300 * Time.DayMs, Hashing.Mix(r.Field(RowField.Time)));
    }

    /// <summary>A time after <paramref name="from"/> (by up to <paramref name="maxSpan"/>) that stays before the epoch.</summary>
    private static long Later(long from, long maxSpan, ulong hash)
    {
        var room = Math.Max(1, Math.Min(maxSpan, Time.EpochMs - Time.DayMs - from));
        return from + (long)(hash % (ulong)room);
    }

    protected override long BaseUpdatedAtMs(in RowCtx r)
    {
        var status = Status(r);
        var opened = OpenedAtMs(r, status);
        return Math.Max(base.BaseUpdatedAtMs(r), Math.Max(opened, ClosedAtMs(r, status, opened)));
    }

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        var status = Status(r);
        if ((f.JobStatusMask & (1 << status)) == 0)
        {
            return false;
        }

        if (f.OpenedAfterMs is null && f.OpenedBeforeMs is null && f.ClosedAfterMs is null && f.ClosedBeforeMs is null)
        {
            return true;
        }

        var opened = OpenedAtMs(r, status);
        var closed = ClosedAtMs(r, status, opened);
        return InRange(opened, f.OpenedAfterMs, f.OpenedBeforeMs) && InRange(closed, f.ClosedAfterMs, f.ClosedBeforeMs);
    }

    private static bool InRange(long value, long? after, long? before) =>
        (after is null || (value > 0 && value > after)) && (before is null || (value > 0 && value < before));

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var status = Status(r);
        var rng = r.Rng(RowField.Body);
        Span<byte> scratch = stackalloc byte[96];
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        w.WriteString(JsonNames.Title, Title(r, scratch));
        w.WriteBoolean(JsonNames.Confidential, i % 20 == 11);
        w.WriteString(JsonNames.Status, Vocab.JobStatuses[status].Json);
        w.WriteString(JsonNames.EmploymentType, EmploymentType(r).Json);
        var location = Location(r);
        w.WriteUuidOrNull(JsonNames.LocationId, location >= 0 ? Table<LocationsTable>().Id(location) : null);
        w.WriteUuid(JsonNames.DepartmentId, Table<DepartmentsTable>().Id(Department(r)));
        var plans = Table<InterviewPlansTable>();
        var plan = PlanOf(i);
        w.WriteUuid(JsonNames.DefaultInterviewPlanId, plans.Id(plan));
        w.WriteStartArray(JsonNames.InterviewPlanIds);
        w.WriteUuidValue(plans.Id(plan));
        if (rng.Percent(10) && plans.BaseCount > 1)
        {
            w.WriteUuidValue(plans.Id((plan + 1) % plans.BaseCount));
        }

        w.WriteEndArray();
        WriteCustomFields(w, JsonNames.CustomFields, r);
        w.WriteStartArray(JsonNames.JobPostingIds);
        WritePostingIds(w, r, f.IncludeUnpublishedJobPostingsIds);
        w.WriteEndArray();
        if (rng.Percent(30))
        {
            w.WriteNull(JsonNames.CustomRequisitionId);
        }
        else
        {
            Span<byte> req = stackalloc byte[24];
            var b = new Utf8Builder(req);
            b.Append("REQ-"u8);
            b.Append(100 + i);
            w.WriteString(JsonNames.CustomRequisitionId, b.Written);
        }
        w.WriteUuidOrNull(JsonNames.BrandId, rng.Percent(70) ? null : Table<BrandsTable>().Id(rng.Int(Table<BrandsTable>().BaseCount)));
        WriteHiringTeam(w, JsonNames.HiringTeam, r);
        Table<UsersTable>().WriteEmbedded(w, JsonNames.Author, rng.Percent(10) ? -1 : Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        w.WriteTime(JsonNames.CreatedAt, CreatedAtMs(r));
        w.WriteTime(JsonNames.UpdatedAt, UpdatedAtMs(r));
        var opened = OpenedAtMs(r, status);
        w.WriteTime(JsonNames.OpenedAt, opened);
        w.WriteTime(JsonNames.ClosedAt, ClosedAtMs(r, status, opened));
        if (f.ExpandLocation)
        {
            if (location >= 0)
            {
                Table<LocationsTable>().WriteEmbedded(w, JsonNames.Location, location, r.Snapshot);
            }
            else
            {
                w.WriteNull(JsonNames.Location);
            }
        }
        if (f.ExpandOpenings)
        {
            w.WriteStartArray(JsonNames.Openings);
            Table<OpeningsTable>().WriteOpeningsOfJob(w, i, r.Snapshot);
            w.WriteEndArray();
        }
        if (f.ExpandCompensation)
        {
            WriteCompensation(w, r);
        }
        w.WriteEndObject();
    }

    /// <summary>The job's custom field values: its <c>customFields</c>, and its postings' <c>jobCustomFields</c>.</summary>
    public void WriteCustomFields(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r) =>
        CustomFieldCatalog.Write(w, name, Seed, CustomFieldCatalog.Job, r.MutableHash(RowField.Custom), CreatedAtMs(r));

    /// <summary>
    /// jobInterviewPlan.info: the job's plan (its default interview plan) with every stage in plan order, and the
    /// activities and interviews each stage schedules. Jobs sharing a plan show the same stages and activities.
    /// </summary>
    public override void WriteInfo(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var plan = PlanOf(r.Index);
        var stages = Table<InterviewStagesTable>();
        w.WriteStartObject();
        w.WriteUuid(JsonNames.JobId, Id(r.Index));
        w.WriteUuid(JsonNames.InterviewPlanId, Table<InterviewPlansTable>().Id(plan));
        w.WriteStartArray(JsonNames.Stages);
        foreach (var stage in stages.StagesOf(plan, r.Snapshot))
        {
            stages.WritePlanStage(w, stage, r.Snapshot);
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A job has one plan, known by the job's id.</summary>
    public override IEnumerable<Uuid> EmbeddedIds(RowCtx r, string stream) => [Id(r.Index)];

    /// <summary>
    /// The <c>compensation</c> expansion (job.info's description names it; shape of job.updateCompensation's
    /// tiers): one or two tiers of a salary range plus, sometimes, equity or a bonus.
    /// </summary>
    private void WriteCompensation(Utf8JsonWriter w, in RowCtx r)
    {
        var rng = r.Mutable(RowField.Custom);
        var tiers = rng.Int(1, 3);
        var currency = Vocab.Currencies[rng.Int(Vocab.Currencies.Length)];
        Span<byte> buf = stackalloc byte[96];
        w.WriteStartObject(JsonNames.Compensation);
        w.WriteStartArray(JsonNames.CompensationTiers);
        for (var t = 0; t < tiers; t++)
        {
            var min = rng.Int(8, 20) * 10_000;
            var max = min + (rng.Int(2, 8) * 10_000);
            var equity = rng.Percent(30);
            w.WriteStartObject();
            w.WriteUuid(JsonNames.Id, Uuid.Derive(Seed, 0xC0A, r.Index, t));
            w.WriteString(JsonNames.Title, t == 0 ? "Base range"u8 : "Senior range"u8);
            w.WriteNull(JsonNames.AdditionalInformation);
            w.WriteStartArray(JsonNames.Components);
            var salary = new Utf8Builder(buf);
            salary.Append(currency.Utf8);
            salary.Append((byte)' ');
            salary.Append(min / 1000);
            salary.Append("K – "u8);
            salary.Append(max / 1000);
            salary.Append((byte)'K');
            WriteComponent(w, Uuid.Derive(Seed, 0xC0B, r.Index, t * 2), 0, currency, min, max, salary.Written);
            if (equity)
            {
                WriteComponent(w, Uuid.Derive(Seed, 0xC0B, r.Index, (t * 2) + 1), 1, null, 0.05, 0.25, "0.05% – 0.25%"u8);
            }
            w.WriteEndArray();
            w.WriteString(JsonNames.TierSummary, equity ? [.. salary.Written, .. " • 0.05% – 0.25%"u8] : salary.Written);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteComponent(Utf8JsonWriter w, Uuid id, int type, Word? currency, double min, double max, ReadOnlySpan<byte> summary)
    {
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, id);
        w.WriteString(JsonNames.CompensationType, Vocab.CompensationTypes[type].Json);
        w.WriteString(JsonNames.Interval, type == 0 ? Vocab.CompensationIntervals[8].Json : Vocab.CompensationIntervals[0].Json);
        w.WriteWordOrNull(JsonNames.CurrencyCode, currency);
        w.WriteNull(JsonNames.Label);
        w.WriteNumber(JsonNames.MinValue, min);
        w.WriteNumber(JsonNames.MaxValue, max);
        w.WriteString(JsonNames.Summary, summary);
        w.WriteEndObject();
    }

    private void WritePostingIds(Utf8JsonWriter w, in RowCtx r, bool includeUnpublished)
    {
        var postings = Table<JobPostingsTable>();
        if (r.Index < BaseCount && postings.BasePostingOf(r.Index) is var p and >= 0)
        {
            WritePostingId(w, postings, p, r.Snapshot, includeUnpublished);
        }

        if (r.Changed && r.State.Links is { } links)
        {
            foreach (var link in links)
            {
                WritePostingId(w, postings, link, r.Snapshot, includeUnpublished);
            }
        }
    }

    private static void WritePostingId(Utf8JsonWriter w, JobPostingsTable postings, int index, long snapshot, bool includeUnpublished)
    {
        if (includeUnpublished || postings.IsPublished(postings.Row(index, snapshot)))
        {
            w.WriteUuidValue(postings.Id(index));
        }
    }

    /// <summary>The job's hiring team (1–4 members); embedded in jobs, applications and openings.</summary>
    public void WriteHiringTeam(Utf8JsonWriter w, JsonEncodedText name, in RowCtx job)
    {
        var rng = job.Mutable(RowField.Team);
        var count = rng.Int(1, 5);
        w.WriteStartArray(name);
        for (var k = 0; k < count; k++)
        {
            Table<UsersTable>().WriteHiringTeamMember(w, Table<UsersTable>().Pick(rng.Next()), WordLists.HiringRoles[k], job.Snapshot);
        }

        w.WriteEndArray();
    }

    /// <summary>The <c>{id, title, locationId, departmentId}</c> job summary embedded in applications.</summary>
    public void WriteSummary(Utf8JsonWriter w, JsonEncodedText name, in RowCtx r)
    {
        Span<byte> scratch = stackalloc byte[96];
        var location = Location(r);
        w.WriteStartObject(name);
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.Title, Title(r, scratch));
        w.WriteUuidOrNull(JsonNames.LocationId, location >= 0 ? Table<LocationsTable>().Id(location) : null);
        w.WriteUuid(JsonNames.DepartmentId, Table<DepartmentsTable>().Id(Department(r)));
        w.WriteEndObject();
    }

    /// <summary>Any base job.</summary>
    public int Pick(ulong hash) => Hashing.Below(hash, BaseCount);

    /// <summary>A non-draft base job that already existed at <paramref name="createdAtMs"/>, favouring recent ones.</summary>
    public int PickExistingAt(long createdAtMs, ulong hash)
    {
        var newest = (long)((Int128)(createdAtMs - Time.StartMs) * BaseCount / Time.SpanMs) - 1;
        var m = (int)Math.Clamp(newest, 0, BaseCount - 1);
        var window = Math.Max(1, BaseCount / 4);
        var j = m - Hashing.Below(hash, Math.Min(window, m + 1));
        return BaseDraft(j) ? j - 1 : j;
    }
}
