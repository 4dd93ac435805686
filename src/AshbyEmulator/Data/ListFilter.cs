namespace AshbyEmulator.Data;

/// <summary>
/// The row-selecting parameters of a list request (everything but cursor, limit and syncToken). One class for
/// all endpoints: each endpoint parses only the fields it documents and each generator reads only its own.
/// </summary>
internal sealed class ListFilter
{
    public long? CreatedAfterMs { get; set; }

    /// <summary>Rows created at or before this instant (inclusive, as Ashby documents it).</summary>
    public long? CreatedBeforeMs { get; set; }

    public bool IncludeArchived { get; set; }

    public bool IncludeDeactivated { get; set; }

    public bool IncludeNonSharedInterviews { get; set; }

    public bool IncludeLocationHierarchy { get; set; }

    public bool IncludeUnpublishedJobPostingsIds { get; set; }

    /// <summary>jobPosting.list: draft postings too (https://developers.ashbyhq.com/changelog/2026-05-26-job-posting-unpublished-access).</summary>
    public bool IncludeUnpublishedJobPostings { get; set; }

    /// <summary>offer.info: leave the offer's form definition out.</summary>
    public bool ExcludeFormDefinition { get; set; }

    /// <summary>Accepted (documented) but has no effect: the emulator has no schedule-template interviews.</summary>
    public bool ExcludeArchivedScheduleTemplateInterviews { get; set; }

    public int JobStatusMask { get; set; } = Vocab.DefaultJobStatusMask;

    public long? OpenedAfterMs { get; set; }

    public long? OpenedBeforeMs { get; set; }

    public long? ClosedAfterMs { get; set; }

    public long? ClosedBeforeMs { get; set; }

    /// <summary>application.list <c>status</c>; -1 = any.</summary>
    public int ApplicationStatus { get; set; } = -1;

    public Uuid? JobId { get; set; }

    public Uuid? ApplicationId { get; set; }

    public Uuid? InterviewStageId { get; set; }

    /// <summary>surveyRequest.list <c>candidateId</c>.</summary>
    public Uuid? CandidateId { get; set; }

    /// <summary>approval.list <c>entityType</c> (index into offer, job, opening); -1 = any.</summary>
    public int EntityType { get; set; } = -1;

    /// <summary>approval.list <c>entityId</c>.</summary>
    public Uuid? EntityId { get; set; }

    public bool IncludeDisabled { get; set; }

    public bool IncludeArchivedPools { get; set; }

    public bool IncludeArchivedTrainingStages { get; set; }

    /// <summary>hiringTeamRole.list: role titles only (the documented default) or <c>{id,title}</c> objects.</summary>
    public bool NamesOnly { get; set; } = true;

    /// <summary>surveySubmission.list / surveyRequest.list <c>surveyType</c> (index into <see cref="Vocab.SurveyTypes"/>); -1 = every type.</summary>
    public int SurveyType { get; set; } = -1;

    /// <summary>
    /// jobPosting.list without <c>jobBoardId</c> lists the primary external board; a complete sync (the admin
    /// API) lists every board.
    /// </summary>
    public bool AllJobBoards { get; set; }

    /// <summary>Bit masks over the offer enums; 0 = no filter.</summary>
    public int OfferStatusMask { get; set; }

    public int AcceptanceStatusMask { get; set; }

    public int ApprovalStatusMask { get; set; }

    public string? LocationName { get; set; }

    public string? DepartmentName { get; set; }

    public bool ListedOnly { get; set; }

    /// <summary>The <c>expand</c> array.</summary>
    public Expansions Expand { get; set; }

    public bool ExpandLocation => Expand.HasFlag(Expansions.Location);

    public bool ExpandOpenings => Expand.HasFlag(Expansions.Openings);

    public bool ExpandCompensation => Expand.HasFlag(Expansions.Compensation);

    public bool ExpandCustomFields => Expand.HasFlag(Expansions.CustomFields);

    public bool ExpandJobCustomFields => Expand.HasFlag(Expansions.JobCustomFields);

    public bool ExpandLocationDetail => Expand.HasFlag(Expansions.LocationDetail);

    /// <summary>For child endpoints (<see cref="TableSpec.ChildOf"/>): the parent the request names.</summary>
    public Uuid? ParentId { get; set; }

    /// <summary>The row index of <see cref="ParentId"/>, resolved when the request is served; -1 = no parent named.</summary>
    public int ParentIndex { get; set; } = -1;

    /// <summary>For per-object endpoints (<see cref="TableSpec.Info"/>): the row the request asks about.</summary>
    public Uuid? ObjectId { get; set; }

    /// <summary>Hash of the canonical form; syncTokens and cursors are bound to it.</summary>
    public ulong Hash { get; set; }

    /// <summary>What a complete sync asks for (every include flag on, every job status, no createdAfter).</summary>
    public static ListFilter CompleteSync() => new()
    {
        IncludeArchived = true,
        IncludeDeactivated = true,
        IncludeNonSharedInterviews = true,
        IncludeLocationHierarchy = true,
        IncludeUnpublishedJobPostingsIds = true,
        IncludeUnpublishedJobPostings = true,
        IncludeDisabled = true,
        IncludeArchivedPools = true,
        IncludeArchivedTrainingStages = true,
        AllJobBoards = true,
        JobStatusMask = 0b1111,
    };
}

/// <summary>Embedded objects a request asks for with <c>expand</c>.</summary>
[Flags]
internal enum Expansions
{
    None = 0,
    Location = 1 << 0,
    Openings = 1 << 1,
    Compensation = 1 << 2,
    CustomFields = 1 << 3,
    JobCustomFields = 1 << 4,
    LocationDetail = 1 << 5,
}
