using System.Text;
using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// jobPosting.list: at most one posting per job, all on the primary external board. Postings of draft jobs
/// and ~5% more are unpublished: jobPosting.list never lists them and jobs only list their ids with
/// includeUnpublishedJobPostingsIds. Archiving a posting through the admin API unpublishes it.
/// </summary>
internal sealed class JobPostingsTable(Dataset ds) : TableGenerator(ds, TableId.JobPostings)
{
    private int JobCount => Ds.Jobs.BaseCount;

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

    public override int ChooseParentForNewRow(ulong hash) => Ds.Jobs.PickExistingAt(Time.EpochMs, hash);

    public override TableId? LinkedParentTable => TableId.Jobs;

    private static bool IsListed(in RowCtx r) => Hashing.Below(r.MutableHash(F.Status), 100) < 90;

    private int LocationOf(in RowCtx r, in RowCtx job)
    {
        var location = Ds.Jobs.Location(job);
        return location >= 0 ? location : Ds.Locations.PickOffice(r.Field(F.Location));
    }

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (!IsPublished(r))
            return false;
        if (f.JobBoardId is { } board && board != PrimaryBoardId)
            return false;
        if (f.ListedOnly && !IsListed(r))
            return false;
        if (f.LocationName is null && f.DepartmentName is null)
            return true;
        var job = Ds.Jobs.Row(JobOf(r), r.Snapshot);
        if (f.LocationName is not null && !string.Equals(LocationsTable.PostingName(LocationOf(r, job)).Value, f.LocationName, StringComparison.Ordinal))
            return false;
        if (f.DepartmentName is not null)
        {
            Span<byte> scratch = stackalloc byte[96];
            var root = Ds.Departments.RootOf(Ds.Jobs.Department(job));
            if (!string.Equals(Encoding.UTF8.GetString(Ds.Departments.Name(root, scratch)), f.DepartmentName, StringComparison.Ordinal))
                return false;
        }
        return true;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var jobIndex = JobOf(r);
        var job = Ds.Jobs.Row(jobIndex, r.Snapshot);
        var department = Ds.Jobs.Department(job);
        var location = LocationOf(r, job);
        var locationRow = Ds.Locations.Row(location, r.Snapshot);
        var rng = r.Mutable(F.Body);
        Span<byte> scratch = stackalloc byte[96];
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(r.Index));
        w.WriteString(P.Title, Ds.Jobs.Title(job, scratch));
        w.WriteUuid(P.JobId, Ds.Jobs.Id(jobIndex));
        w.WriteString(P.DepartmentName, Ds.Departments.Name(Ds.Departments.RootOf(department), scratch));
        w.WriteString(P.TeamName, Ds.Departments.Name(department, scratch));
        var locationName = LocationsTable.PostingName(location);
        w.WriteString(P.LocationName, locationName.Json);
        w.WriteStartObject(P.LocationIds);
        w.WriteUuid(P.PrimaryLocationId, Ds.Locations.Id(location));
        w.WriteStartArray(P.SecondaryLocationIds);
        if (rng.Percent(15))
            w.WriteUuidValue(Ds.Locations.Id(Ds.Locations.PickOffice(rng.Next())));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteWordOrNull(P.WorkplaceType, r.Index % 10 == 3 ? null : LocationsTable.WorkplaceType(locationRow));
        w.WriteString(P.EmploymentType, JobsTable.EmploymentType(job).Json);
        w.WriteBoolean(P.IsListed, IsListed(r));
        var jobStatus = Ds.Jobs.Status(job);
        var opened = Ds.Jobs.OpenedAtMs(job, jobStatus);
        var published = opened > 0 ? opened : Ds.Jobs.CreatedAtMs(job);
        w.WriteDate(P.PublishedDate, published);
        w.WriteTime(P.ApplicationDeadline, rng.Percent(15) ? Time.StartOfDay(published + (60 * Time.DayMs)) + (Time.DayMs - 1000) : 0);
        Span<byte> link = stackalloc byte[128];
        var b = new Utf8Builder(link);
        b.Append("https://jobs.ashbyhq.com/northwind-labs/"u8);
        b.AppendUuid(Id(r.Index));
        if (r.Index % 10 == 7)
            w.WriteNull(P.ExternalLink);
        else
            w.WriteString(P.ExternalLink, b.Written);
        b.Append("/application"u8);
        w.WriteString(P.ApplyLink, b.Written);
        var showCompensation = rng.Percent(70);
        if (rng.Percent(30))
        {
            w.WriteNull(P.CompensationTierSummary);
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
                c.Append(" • 0% – 0.25%"u8);
            if (rng.Percent(30))
                c.Append(" • Offers Bonus"u8);
            w.WriteString(P.CompensationTierSummary, c.Written);
        }
        w.WriteBoolean(P.ShouldDisplayCompensationOnJobBoard, showCompensation);
        w.WriteTime(P.UpdatedAt, r.Changed ? r.State.ChangedAtMs : Math.Max(published, Ds.Jobs.UpdatedAtMs(job)));
        if (r.Index % 7 == 4)
            w.WriteNull(P.LocationExternalName);
        else
            w.WriteString(P.LocationExternalName, locationName.Json);
        w.WriteEndObject();
    }
}
