using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// jobPosting.list: the first 0.7·J rows are the primary external board's (at most one per job, and the ones
/// jobs list in jobPostingIds); the 0.4·J rows after them alternate between the internal board and the second
/// external board. Without jobBoardId the endpoint lists the primary board. Postings of jobs that are not open
/// and ~5% more are drafts: jobPosting.list lists them only with includeUnpublishedJobPostings (status Draft,
/// publishedDate null), and jobs only list their ids with includeUnpublishedJobPostingsIds. Archiving a posting
/// through the admin API unpublishes it.
/// </summary>
internal sealed class JobPostingsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private int JobCount => Table<JobsTable>().BaseCount;

    /// <summary>Rows of the primary external board (the size before other boards existed, so their ids stay put).</summary>
    private int PrimaryCount => Math.Max(1, JobCount * 7 / 10);

    private int JobOfBase(int index) => index < PrimaryCount
        ? ScaleIndex(index, PrimaryCount, JobCount)
        : ScaleIndex(index - PrimaryCount, Math.Max(1, BaseCount - PrimaryCount), JobCount);

    public int JobOf(in RowCtx r) => r.Index >= BaseCount ? r.State.Ref : JobOfBase(r.Index);

    /// <summary>The board a posting is on; postings created through the admin API go on the primary board.</summary>
    public override int ParentOf(in RowCtx r) =>
        r.Index < PrimaryCount || r.Index >= BaseCount ? JobBoardsTable.Primary : 1 + ((r.Index - PrimaryCount) % 2);

    public int BasePostingOf(int job)
    {
        var p = FirstChild(job, JobCount, PrimaryCount);
        return p < PrimaryCount && ScaleIndex(p, PrimaryCount, JobCount) == job ? p : -1;
    }

    protected override bool BaseArchived(int index, ulong hash) =>
        JobsTable.BaseDraft(JobOfBase(index)) || index % 20 == 5;

    /// <summary>
    /// Published: on an open job and not unpublished itself. Postings of draft, closed and archived jobs are drafts
    /// (https://developers.ashbyhq.com/changelog/2026-06-11-job-posting-info-update-non-open-jobs-fix).
    /// </summary>
    public bool IsPublished(in RowCtx r)
    {
        if (IsArchived(r))
        {
            return false;
        }

        var jobs = Table<JobsTable>();
        return jobs.Status(jobs.Row(JobOf(r), r.Snapshot)) == Vocab.JobOpen;
    }

    public override int ChooseParentForNewRow(ulong hash) => Table<JobsTable>().PickExistingAt(Time.EpochMs, hash);

    public override TableGenerator? LinkedParent => Table<JobsTable>();

    private static bool IsListed(in RowCtx r) => Hashing.Below(r.MutableHash(RowField.Status), 100) < 90;

    private int LocationOf(in RowCtx r, in RowCtx job)
    {
        var location = Table<JobsTable>().Location(job);
        return location >= 0 ? location : Table<LocationsTable>().PickOffice(r.Field(RowField.Location));
    }

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (!f.IncludeUnpublishedJobPostings && !IsPublished(r))
        {
            return false;
        }

        if (f.ParentIndex < 0 && !f.AllJobBoards && ParentOf(r) != JobBoardsTable.Primary)
        {
            return false;
        }

        if (f.ListedOnly && !IsListed(r))
        {
            return false;
        }

        if (f.LocationName is null && f.DepartmentName is null)
        {
            return true;
        }

        var job = Table<JobsTable>().Row(JobOf(r), r.Snapshot);
        if (f.LocationName is not null && !string.Equals(LocationsTable.PostingName(LocationOf(r, job)).Value, f.LocationName, StringComparison.Ordinal))
        {
            return false;
        }

        if (f.DepartmentName is not null)
        {
            Span<byte> scratch = stackalloc byte[96];
            var root = Table<DepartmentsTable>().RootOf(Table<JobsTable>().Department(job));
            if (!string.Equals(Encoding.UTF8.GetString(Table<DepartmentsTable>().Name(root, scratch)), f.DepartmentName, StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var jobIndex = JobOf(r);
        var job = Table<JobsTable>().Row(jobIndex, r.Snapshot);
        var department = Table<JobsTable>().Department(job);
        var location = LocationOf(r, job);
        var locationRow = Table<LocationsTable>().Row(location, r.Snapshot);
        var rng = r.Mutable(RowField.Body);
        Span<byte> scratch = stackalloc byte[96];
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(r.Index));
        w.WriteString(JsonNames.Title, Table<JobsTable>().Title(job, scratch));
        w.WriteUuid(JsonNames.JobId, Table<JobsTable>().Id(jobIndex));
        w.WriteString(JsonNames.DepartmentName, Table<DepartmentsTable>().Name(Table<DepartmentsTable>().RootOf(department), scratch));
        w.WriteString(JsonNames.TeamName, Table<DepartmentsTable>().Name(department, scratch));
        var locationName = LocationsTable.PostingName(location);
        w.WriteString(JsonNames.LocationName, locationName.Json);
        w.WriteStartObject(JsonNames.LocationIds);
        w.WriteUuid(JsonNames.PrimaryLocationId, Table<LocationsTable>().Id(location));
        w.WriteStartArray(JsonNames.SecondaryLocationIds);
        var secondary = rng.Percent(15) ? Table<LocationsTable>().PickOffice(rng.Next()) : -1;
        if (secondary >= 0)
        {
            w.WriteUuidValue(Table<LocationsTable>().Id(secondary));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteWordOrNull(JsonNames.WorkplaceType, r.Index % 10 == 3 ? null : LocationsTable.WorkplaceType(locationRow));
        w.WriteString(JsonNames.EmploymentType, JobsTable.EmploymentType(job).Json);
        w.WriteBoolean(JsonNames.IsListed, IsListed(r));
        var jobStatus = Table<JobsTable>().Status(job);
        var opened = Table<JobsTable>().OpenedAtMs(job, jobStatus);
        var published = opened > 0 ? opened : Table<JobsTable>().CreatedAtMs(job);
        var isPublished = IsPublished(r);
        w.WriteString(JsonNames.Status, isPublished ? "Published"u8 : "Draft"u8);
        w.WriteDate(JsonNames.PublishedDate, isPublished ? published : 0);
        w.WriteTime(JsonNames.ApplicationDeadline, rng.Percent(15) ? Time.StartOfDay(published + (60 * Time.DayMs)) + (Time.DayMs - 1000) : 0);
        Span<byte> link = stackalloc byte[128];
        var b = new Utf8Builder(link);
        b.Append("https://jobs.ashbyhq.com/northwind-labs/"u8);
        b.AppendUuid(Id(r.Index));
        if (r.Index % 10 == 7)
        {
            w.WriteNull(JsonNames.ExternalLink);
        }
        else
        {
            w.WriteString(JsonNames.ExternalLink, b.Written);
        }

        b.Append("/application"u8);
        w.WriteString(JsonNames.ApplyLink, b.Written);
        var showCompensation = rng.Percent(70);
        if (rng.Percent(30))
        {
            w.WriteNull(JsonNames.CompensationTierSummary);
        }
        else
        {
            Span<byte> comp = stackalloc byte[96];
            var c = new Utf8Builder(comp);
            var symbol = rng.Int(4) switch { 0 => "€"u8, 1 => "£"u8, _ => "$"u8 };
            var min = rng.Int(8, 20) * 10;
            c.Append(symbol);
            c.Append(min);
            c.Append("K – "u8);
            c.Append(symbol);
            c.Append(min + (rng.Int(2, 10) * 10));
            c.Append((byte)'K');
            if (rng.Percent(30))
            {
                c.Append(" • 0% – 0.25%"u8);
            }

            if (rng.Percent(30))
            {
                c.Append(" • Offers Bonus"u8);
            }

            w.WriteString(JsonNames.CompensationTierSummary, c.Written);
        }
        w.WriteBoolean(JsonNames.ShouldDisplayCompensationOnJobBoard, showCompensation);
        w.WriteTime(JsonNames.UpdatedAt, r.Changed ? r.State.ChangedAtMs : Math.Max(published, Table<JobsTable>().UpdatedAtMs(job)));
        if (r.Index % 7 == 4)
        {
            w.WriteNull(JsonNames.LocationExternalName);
        }
        else
        {
            w.WriteString(JsonNames.LocationExternalName, locationName.Json);
        }

        WriteExpansions(w, r, f, job, location, secondary);
        w.WriteEndObject();
    }

    /// <summary>
    /// The <c>expand</c> values of jobPosting.list (https://developers.ashbyhq.com/changelog/2026-10-20-job-posting-list-custom-fields,
    /// …/2026-11-03-job-posting-list-job-custom-fields-and-addresses): the posting's custom field values, its job's,
    /// and the addresses of its primary and secondary locations.
    /// </summary>
    private void WriteExpansions(Utf8JsonWriter w, in RowCtx r, ListFilter f, in RowCtx job, int location, int secondary)
    {
        if (f.ExpandCustomFields)
        {
            CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.JobPosting, r.MutableHash(RowField.Custom), CreatedAtMs(r));
        }

        if (f.ExpandJobCustomFields)
        {
            Table<JobsTable>().WriteCustomFields(w, JsonNames.JobCustomFields, job);
        }

        if (f.ExpandLocationDetail)
        {
            var locations = Table<LocationsTable>();
            locations.WriteAddress(w, JsonNames.Address, location, r.Snapshot);
            w.WriteStartArray(JsonNames.SecondaryLocations);
            if (secondary >= 0)
            {
                locations.WritePostingLocation(w, secondary, r.Snapshot);
            }

            w.WriteEndArray();
        }
    }
}
