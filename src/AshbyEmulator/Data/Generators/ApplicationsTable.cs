using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// application.list. Base application j belongs to candidate floor(j·N/A) (so every candidate has one or two)
/// and to a non-draft job that already existed; applications that got an offer take their status from it.
/// </summary>
internal sealed class ApplicationsTable(Dataset ds) : TableGenerator(ds, TableId.Applications)
{
    private int CandidateCount => Ds.Candidates.BaseCount;

    public int CandidateOf(in RowCtx r) => r.Index >= BaseCount ? r.State.Ref : ScaleIndex(r.Index, BaseCount, CandidateCount);

    public override long BaseCreatedAtMs(int index) =>
        ChildSlot(index, Ds.Candidates.BaseCreatedAtMs(ScaleIndex(index, BaseCount, CandidateCount)));

    public int JobOf(in RowCtx r) => Ds.Jobs.PickExistingAt(r.Index >= BaseCount ? Time.EpochMs : Slot(r.Index), r.Field(F.Parent));

    public override int ChooseParentForNewRow(ulong hash) => Hashing.Below(hash, Ds.Candidates.State.CurrentCount);

    public override TableId? LinkedParentTable => TableId.Candidates;

    /// <summary>The base offer made on this application, or -1.</summary>
    public int OfferOf(int index)
    {
        if (index >= BaseCount)
            return -1;
        var offers = Ds.Offers.BaseCount;
        var k = FirstChild(index, BaseCount, offers);
        return k < offers && ScaleIndex(k, offers, BaseCount) == index ? k : -1;
    }

    private int BaseStatus(int index, ulong hash)
    {
        var offer = OfferOf(index);
        if (offer >= 0)
        {
            return Ds.Offers.BaseAcceptance(offer) switch
            {
                Vocab.AccAccepted => Vocab.AppHired,
                Vocab.AccDeclined or Vocab.AccCancelled => Vocab.AppArchived,
                _ => Vocab.AppActive,
            };
        }
        var roll = Hashing.Below(Hashing.Field(hash, F.Status), 100);
        return roll < 45 ? Vocab.AppArchived : roll < 80 ? Vocab.AppActive : roll < 97 ? Vocab.AppLead : Vocab.AppHired;
    }

    public int Status(in RowCtx r)
    {
        if (r.MutationArchived)
            return Vocab.AppArchived;
        if (r.Index >= BaseCount)
            return Vocab.AppActive;
        var status = BaseStatus(r.Index, r.Hash);
        // An update moves a lead into the active pipeline.
        return status == Vocab.AppLead && r.Revision > 0 ? Vocab.AppActive : status;
    }

    protected override bool BaseArchived(int index, ulong hash) => BaseStatus(index, hash) == Vocab.AppArchived;

    private int Stage(in RowCtx r, int status) => status switch
    {
        Vocab.AppLead => InterviewPlan.Lead,
        Vocab.AppHired => InterviewPlan.Hired,
        Vocab.AppArchived => InterviewPlan.Archived,
        _ when OfferOf(r.Index) >= 0 => InterviewPlan.Offer,
        _ => r.Mutable(F.Status).Int(InterviewPlan.Review, InterviewPlan.LastInterview + 1),
    };

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationStatus >= 0 && Status(r) != f.ApplicationStatus)
            return false;
        return f.JobId is not { } job || Ds.Jobs.Id(JobOf(r)) == job;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var status = Status(r);
        var rng = r.Rng(F.Body);
        var created = CreatedAtMs(r);
        var updated = UpdatedAtMs(r);
        var jobIndex = JobOf(r);
        var job = Ds.Jobs.Row(jobIndex, r.Snapshot);
        w.WriteStartObject();
        w.WriteUuid(P.Id, Id(i));
        w.WriteTime(P.CreatedAt, created);
        w.WriteTime(P.UpdatedAt, updated);
        w.WriteString(P.Status, Vocab.ApplicationStatuses[status].Json);
        CustomFieldCatalog.Write(w, P.CustomFields, Seed, CustomFieldCatalog.Application, r.MutableHash(F.Custom), created);
        Ds.Candidates.WriteSummary(w, P.Candidate, CandidateOf(r), r.Snapshot);
        InterviewPlan.Write(w, Seed, Ds.Jobs.PlanId(jobIndex), jobIndex, Stage(r, status));
        if (rng.Percent(15))
            w.WriteNull(P.Source);
        else
            Ds.Sources.WriteEmbedded(w, P.Source, Ds.Sources.Pick(r.Field(F.Source)), r.Snapshot);
        if (status == Vocab.AppArchived)
        {
            Ds.ArchiveReasons.WriteEmbedded(w, P.ArchiveReason, Ds.ArchiveReasons.Pick(r.Field(F.Team)), r.Snapshot);
            w.WriteTime(P.ArchivedAt, r.MutationArchived ? r.State.ArchivedAtMs : updated);
        }
        else
        {
            w.WriteNull(P.ArchiveReason);
            w.WriteNull(P.ArchivedAt);
        }
        Ds.Jobs.WriteSummary(w, P.Job, job);
        Ds.Users.WriteEmbedded(w, P.CreditedToUser, rng.Percent(60) ? -1 : Ds.Users.Pick(r.Field(F.Pick)), r.Snapshot);
        Ds.Jobs.WriteHiringTeam(w, P.HiringTeam, job);
        var posting = jobIndex < Ds.Jobs.BaseCount ? Ds.JobPostings.BasePostingOf(jobIndex) : -1;
        if (posting >= 0 && rng.Percent(70))
        {
            w.WriteUuid(P.AppliedViaJobPostingId, Ds.JobPostings.Id(posting));
            Span<byte> ip = stackalloc byte[16];
            var b = new Utf8Builder(ip);
            var h = r.Field(F.Time);
            b.Append((long)(h & 0x7F) + 24);
            b.Append((byte)'.');
            b.Append((long)((h >> 8) & 0xFF));
            b.Append((byte)'.');
            b.Append((long)((h >> 16) & 0xFF));
            b.Append((byte)'.');
            b.Append((long)((h >> 24) & 0xFE) + 1);
            w.WriteString(P.SubmitterClientIp, b.Written);
            w.WriteString(P.SubmitterUserAgent, Catalog.UserAgents[Hashing.Below(h, Catalog.UserAgents.Length)].Json);
        }
        else
        {
            w.WriteNull(P.AppliedViaJobPostingId);
            w.WriteNull(P.SubmitterClientIp);
            w.WriteNull(P.SubmitterUserAgent);
        }
        if (f.ExpandOpenings)
        {
            w.WriteStartArray(P.Openings);
            Ds.Openings.WriteOpeningsOfJob(w, jobIndex, r.Snapshot);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
