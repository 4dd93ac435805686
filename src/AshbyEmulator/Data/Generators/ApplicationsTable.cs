using System.Text.Json;

namespace AshbyEmulator.Data.Generators;

/// <summary>
/// application.list. Base application j belongs to candidate floor(j·N/A) (so every candidate has one or two)
/// and to a non-draft job that already existed; applications that got an offer take their status from it.
/// </summary>
internal sealed class ApplicationsTable(Dataset dataset, TableSpec table) : ChildTableGenerator<CandidatesTable>(dataset, table)
{
    public int JobOf(in RowCtx r) => Table<JobsTable>().PickExistingAt(r.Index >= BaseCount ? Time.EpochMs : Slot(r.Index), r.Field(RowField.Parent));

    public override TableGenerator? LinkedParent => Table<CandidatesTable>();

    /// <summary>The base offer made on this application, or -1.</summary>
    public int OfferOf(int index)
    {
        if (index >= BaseCount)
        {
            return -1;
        }

        var offers = Table<OffersTable>().BaseCount;
        var k = FirstChild(index, BaseCount, offers);
        return k < offers && ScaleIndex(k, offers, BaseCount) == index ? k : -1;
    }

    private int BaseStatus(int index, ulong hash)
    {
        var offer = OfferOf(index);
        if (offer >= 0)
        {
            return Table<OffersTable>().BaseAcceptance(offer) switch
            {
                Vocab.AccAccepted => Vocab.AppHired,
                Vocab.AccDeclined or Vocab.AccCancelled => Vocab.AppArchived,
                _ => Vocab.AppActive,
            };
        }
        var roll = Hashing.Below(Hashing.Field(hash, RowField.Status), 100);
        return roll < 45 ? Vocab.AppArchived : roll < 80 ? Vocab.AppActive : roll < 97 ? Vocab.AppLead : Vocab.AppHired;
    }

    public int Status(in RowCtx r)
    {
        if (r.MutationArchived)
        {
            return Vocab.AppArchived;
        }

        if (r.Index >= BaseCount)
        {
            return Vocab.AppActive;
        }

        var status = BaseStatus(r.Index, r.Hash);
        // An update moves a lead into the active pipeline.
        return status == Vocab.AppLead && r.Revision > 0 ? Vocab.AppActive : status;
    }

    protected override bool BaseArchived(int index, ulong hash) => BaseStatus(index, hash) == Vocab.AppArchived;

    public int PlanOf(in RowCtx r) => Table<JobsTable>().PlanOf(JobOf(r));

    /// <summary>
    /// The stage kinds a base application went through, oldest first (its base history rows); the last one is its
    /// stage before any mutation. Returns the number written to <paramref name="kinds"/> (1–7).
    /// </summary>
    public int BasePath(int index, Span<int> kinds)
    {
        var hash = Hashing.Row(Seed, Spec.Ordinal, index);
        var status = BaseStatus(index, hash);
        var plans = Table<InterviewPlansTable>();
        var plan = PlanOf(Row(index, 0));
        var rng = new Rng(Hashing.Field(hash, RowField.Status) ^ 0x57A6E);
        var n = 0;
        if (status == Vocab.AppLead || rng.Percent(40))
        {
            kinds[n++] = InterviewPlansTable.Lead;
        }
        if (status == Vocab.AppLead)
        {
            return n;
        }
        var offer = OfferOf(index) >= 0;
        // Most applications get past the first screen before they stop or are archived (the larger of two draws).
        var stop = plans.LastInterview(plan) + 1;
        var reach = offer || status == Vocab.AppHired ? InterviewPlansTable.Offer
            : Math.Max(rng.Int(InterviewPlansTable.Review, stop), rng.Int(InterviewPlansTable.Review, stop));
        for (var kind = InterviewPlansTable.Review; kind <= reach; kind++)
        {
            if (plans.HasKind(plan, kind))
            {
                kinds[n++] = kind;
            }
        }
        if (status is Vocab.AppHired or Vocab.AppArchived)
        {
            kinds[n++] = status == Vocab.AppHired ? InterviewPlansTable.Hired : InterviewPlansTable.Archived;
        }
        return n;
    }

    /// <summary>The updatedAt of a base application before any mutation; its base history ends there.</summary>
    public long BaseUpdatedAt(int index) => BaseUpdatedAtMs(Row(index, 0));

    /// <summary>Stage moves recorded by the admin API: the application_history rows linked to the application.</summary>
    public static int[] Moves(in RowCtx r) => r.Changed && r.State.Links is { } links ? links : [];

    /// <summary>
    /// The stage kind after the first <paramref name="moves"/> recorded moves. A move goes one stage further
    /// (a new application's first one enters Application Review); the move made by archiving enters Archived.
    /// </summary>
    public int KindAfterMoves(in RowCtx r, int moves)
    {
        var plans = Table<InterviewPlansTable>();
        var plan = PlanOf(r);
        Span<int> path = stackalloc int[InterviewPlansTable.Kinds];
        var kind = r.Index < BaseCount ? path[BasePath(r.Index, path) - 1] : -1;
        var all = Moves(r).Length;
        for (var m = 0; m < moves; m++)
        {
            kind = m == all - 1 && r.MutationArchived ? InterviewPlansTable.Archived
                : kind < 0 ? InterviewPlansTable.Review
                : plans.Next(plan, kind);
        }
        return kind < 0 ? InterviewPlansTable.Review : kind;
    }

    /// <summary>The current stage kind: the stage of the last history row.</summary>
    public int Stage(in RowCtx r) => KindAfterMoves(r, Moves(r).Length);

    /// <summary>Whether an update moves the application one stage on (it is in the pipeline, short of its last interview).</summary>
    public bool CanMove(in RowCtx r)
    {
        var status = Status(r);
        return status is Vocab.AppActive or Vocab.AppLead && OfferOf(r.Index) < 0
            && Stage(r) < Table<InterviewPlansTable>().LastInterview(PlanOf(r));
    }

    /// <summary>Every stage change is a history row: creating, archiving and updating (moving) an application record one.</summary>
    public override TableGenerator? ChildCreatedBy(ChangeKind change, in RowCtx after) => change switch
    {
        ChangeKind.Create or ChangeKind.Archive => Table<ApplicationHistoryTable>(),
        _ => CanMove(after) ? Table<ApplicationHistoryTable>() : null,
    };

    public override bool Matches(in RowCtx r, ListFilter f)
    {
        if (f.ApplicationStatus >= 0 && Status(r) != f.ApplicationStatus)
        {
            return false;
        }

        return f.JobId is not { } job || Table<JobsTable>().Id(JobOf(r)) == job;
    }

    public override void Write(Utf8JsonWriter w, in RowCtx r, ListFilter f)
    {
        var i = r.Index;
        var status = Status(r);
        var rng = r.Rng(RowField.Body);
        var created = CreatedAtMs(r);
        var updated = UpdatedAtMs(r);
        var jobIndex = JobOf(r);
        var job = Table<JobsTable>().Row(jobIndex, r.Snapshot);
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, Id(i));
        w.WriteTime(JsonNames.CreatedAt, created);
        w.WriteTime(JsonNames.UpdatedAt, updated);
        w.WriteString(JsonNames.Status, Vocab.ApplicationStatuses[status].Json);
        CustomFieldCatalog.Write(w, JsonNames.CustomFields, Seed, CustomFieldCatalog.Application, r.MutableHash(RowField.Custom), created);
        Table<CandidatesTable>().WriteSummary(w, JsonNames.Candidate, ParentOf(r), r.Snapshot);
        Table<InterviewStagesTable>().WriteEmbedded(w, JsonNames.CurrentInterviewStage, Table<JobsTable>().PlanOf(jobIndex), Stage(r), r.Snapshot);
        if (rng.Percent(15))
        {
            w.WriteNull(JsonNames.Source);
        }
        else
        {
            Table<SourcesTable>().WriteEmbedded(w, JsonNames.Source, Table<SourcesTable>().Pick(r.Field(RowField.Source)), r.Snapshot);
        }

        if (status == Vocab.AppArchived)
        {
            Table<ArchiveReasonsTable>().WriteEmbedded(w, JsonNames.ArchiveReason, Table<ArchiveReasonsTable>().Pick(r.Field(RowField.Team)), r.Snapshot);
            w.WriteTime(JsonNames.ArchivedAt, r.MutationArchived ? r.State.ArchivedAtMs : updated);
        }
        else
        {
            w.WriteNull(JsonNames.ArchiveReason);
            w.WriteNull(JsonNames.ArchivedAt);
        }
        Table<JobsTable>().WriteSummary(w, JsonNames.Job, job);
        Table<UsersTable>().WriteEmbedded(w, JsonNames.CreditedToUser, rng.Percent(60) ? -1 : Table<UsersTable>().Pick(r.Field(RowField.Pick)), r.Snapshot);
        Table<JobsTable>().WriteHiringTeam(w, JsonNames.HiringTeam, job);
        var posting = jobIndex < Table<JobsTable>().BaseCount ? Table<JobPostingsTable>().BasePostingOf(jobIndex) : -1;
        if (posting >= 0 && rng.Percent(70))
        {
            w.WriteUuid(JsonNames.AppliedViaJobPostingId, Table<JobPostingsTable>().Id(posting));
            Span<byte> ip = stackalloc byte[16];
            var b = new Utf8Builder(ip);
            var h = r.Field(RowField.Time);
            b.Append((long)(h & 0x7F) + 24);
            b.Append((byte)'.');
            b.Append((long)((h >> 8) & 0xFF));
            b.Append((byte)'.');
            b.Append((long)((h >> 16) & 0xFF));
            b.Append((byte)'.');
            b.Append((long)((h >> 24) & 0xFE) + 1);
            w.WriteString(JsonNames.SubmitterClientIp, b.Written);
            w.WriteString(JsonNames.SubmitterUserAgent, WordLists.UserAgents[Hashing.Below(h, WordLists.UserAgents.Length)].Json);
        }
        else
        {
            w.WriteNull(JsonNames.AppliedViaJobPostingId);
            w.WriteNull(JsonNames.SubmitterClientIp);
            w.WriteNull(JsonNames.SubmitterUserAgent);
        }
        if (f.ExpandOpenings)
        {
            w.WriteStartArray(JsonNames.Openings);
            Table<OpeningsTable>().WriteOpeningsOfJob(w, jobIndex, r.Snapshot);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
