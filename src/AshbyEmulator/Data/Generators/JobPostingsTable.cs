using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// jobPosting.list: at most one posting per job, all on the primary external board. Postings of draft jobs
/// and ~5% more are unpublished: jobPosting.list never lists them and jobs only list their ids with
/// includeUnpublishedJobPostingsIds. Archiving a posting through the admin API unpublishes it.
/// </summary>
internal sealed class JobPostingsTable(Dataset dataset, TableSpec table) : TableGenerator(dataset, table)
{
    private int JobCount => Table<JobsTable>().BaseCount;

    /// <summary>The id of the primary external job board (the only board there is).</summary>
    public Uuid PrimaryBoardId => Uuid.Derive(Seed, 0xB0A, 0, 0);

    public int JobOf(in RowCtx r) => r.Index >= BaseCount ? r.State.Ref : ScaleIndex(r.Index, BaseCount, JobCount);

    public int BasePostingOf(int job)
    {
        var p = FirstChild(job, JobCount, BaseCount);
        return p < BaseCount && ScaleIndex(p, BaseCount, JobCount) == job ? p : -1;
    }

    protected override bool BaseArchived(int index, ulong hash) =>
        JobsTable.BaseDraft(ScaleIndex(index, BaseCount, JobCount)) || index % 20 == 5;

    public bool IsPublished(in RowCtx r) => !IsArchived(r);

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
        if (!IsPublished(r))
        {
            return false;
        }

        if (f.JobBoardId is { } board && board != PrimaryBoardId)
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
        if (rng.Percent(15))
        {
            w.WriteUuidValue(Table<LocationsTable>().Id(Table<LocationsTable>().PickOffice(rng.Next())));
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteWordOrNull(JsonNames.WorkplaceType, r.Index % 10 == 3 ? null : LocationsTable.WorkplaceType(locationRow));
        w.WriteString(JsonNames.EmploymentType, JobsTable.EmploymentType(job).Json);
        w.WriteBoolean(JsonNames.IsListed, IsListed(r));
        var jobStatus = Table<JobsTable>().Status(job);
        var opened = Table<JobsTable>().OpenedAtMs(job, jobStatus);
        var published = opened > 0 ? opened : Table<JobsTable>().CreatedAtMs(job);
        w.WriteDate(JsonNames.PublishedDate, published);
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

        w.WriteEndObject();
    }
}
