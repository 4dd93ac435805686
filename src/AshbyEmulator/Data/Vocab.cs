namespace AshbyEmulator.Data;

/// <summary>Ashby enum values, indexed so filters can use bit masks.</summary>
internal static class Vocab
{
    public static readonly Word[] JobStatuses = Word.Of("Draft", "Open", "Closed", "Archived");
    public const int JobDraft = 0, JobOpen = 1, JobClosed = 2, JobArchived = 3;

    /// <summary>job.list's default status filter: everything but Draft.</summary>
    public const int DefaultJobStatusMask = (1 << JobOpen) | (1 << JobClosed) | (1 << JobArchived);

    public static readonly Word[] ApplicationStatuses = Word.Of("Hired", "Archived", "Active", "Lead");
    public const int AppHired = 0, AppArchived = 1, AppActive = 2, AppLead = 3;

    public static readonly Word[] EmploymentTypes = Word.Of("FullTime", "PartTime", "Intern", "Contract", "Temporary");

    public static readonly Word[] WorkplaceTypes = Word.Of("OnSite", "Hybrid", "Remote");

    public static readonly Word[] AcceptanceStatuses = Word.Of("Accepted", "Declined", "Pending", "Created", "Cancelled", "WaitingOnResponse");
    public const int AccAccepted = 0, AccDeclined = 1, AccPending = 2, AccCreated = 3, AccCancelled = 4, AccWaiting = 5;

    public static readonly Word[] OfferStatuses = Word.Of(
        "WaitingOnApprovalStart", "WaitingOnOfferApproval", "WaitingOnApprovalDefinition", "WaitingOnCandidateResponse",
        "CandidateRejected", "CandidateAccepted", "OfferCancelled");

    public static readonly Word[] ApprovalStatuses = Word.Of("Approved", "WaitingOnApprovals", "Declined");

    public static readonly Word[] ScheduleStatuses = Word.Of(
        "NeedsScheduling", "WaitingOnCandidateBooking", "WaitingOnCandidateAvailability", "CandidateAvailabilitySubmitted",
        "Scheduled", "WaitingOnFeedback", "Complete", "Cancelled", "OnHold", "Unknown");
    public const int SchedScheduled = 4, SchedWaitingOnFeedback = 5, SchedComplete = 6, SchedCancelled = 7;

    public static readonly Word[] GlobalRoles = Word.Of("Organization Admin", "Elevated Access", "Limited Access", "External Recruiter");

    public static readonly Word[] OpeningStates = Word.Of("Approved", "Closed", "Draft", "Filled", "Open");
    public const int OpenApproved = 0, OpenClosed = 1, OpenDraft = 2, OpenFilled = 3, OpenOpen = 4;

    public static readonly Word[] FraudStatuses = Word.Of("Fraudulent", "NotFraudulent", "Unsure", "Unreviewed", "PassedFraudCheck");

    public static readonly Word[] SocialTypes = Word.Of("LinkedIn", "GitHub", "Twitter", "Medium", "StackOverflow", "Website");

    public static readonly Word[] ContactTypes = Word.Of("Personal", "Work", "Other");

    public static readonly Word[] LocationTypes = Word.Of("Location", "LocationHierarchy");

    public static readonly Word[] LocationComponentTypes = Word.Of("Country", "Region", "City");

    public static readonly Word[] TrainingRoles = Word.Of("Shadow", "Reverse-Shadow");

    public static readonly Word[] Currencies = Word.Of("USD", "EUR", "GBP", "CAD");

    public static readonly Word[] CompensationIntervals = Word.Of(
        "NONE", "1 TIME", "1 HOUR", "1 DAY", "1 WEEK", "2 WEEK", "1 MONTH", "2 MONTH", "1 YEAR", "6 MONTH", "0.5 MONTH", "3 MONTH");

    /// <summary>
    /// surveyFormDefinition.list's surveyType enum, and HiringManagerExperience, which surveySubmission.list takes
    /// since 2026-07-08 (https://developers.ashbyhq.com/changelog/2026-07-08-list-hiring-manager-experience-survey-submissions).
    /// </summary>
    public static readonly Word[] SurveyTypes = Word.Of("CandidateDataConsent", "CandidateExperience", "Diversity", "EEOC", "Questionnaire", "HiringManagerExperience");
    public const int SurveyCandidateExperience = 1, SurveyQuestionnaire = 4, SurveyHiringManagerExperience = 5;

    /// <summary>The surveyType values surveySubmission.list accepts (required).</summary>
    public static readonly Word[] SurveySubmissionTypes = Word.Of("CandidateExperience", "Questionnaire", "HiringManagerExperience");

    /// <summary>
    /// The surveyType values surveyRequest.list accepts (required); Questionnaire since 2026-09-10
    /// (https://developers.ashbyhq.com/changelog/2026-09-10-survey-request-list-questionnaire).
    /// </summary>
    public static readonly Word[] SurveyRequestTypes = Word.Of("CandidateExperience", "Questionnaire");

    /// <summary>approval.list's entityType enum.</summary>
    public static readonly Word[] ApprovalEntityTypes = Word.Of("offer", "job", "opening");

    public static readonly Word[] StageGroupTypes = Word.Of("Lead", "PreInterviewScreen", "Active", "Offer", "Hired", "Archived");

    public static readonly Word[] CompensationTypes = Word.Of("Salary", "EquityPercentage", "EquityCashValue", "Commission", "Bonus");

    public static readonly Word[] MeetingLocations = Word.Of("Google Meet", "Zoom", "Microsoft Teams", "On-site – Room 4B", "Phone");

    /// <summary>Index of <paramref name="value"/> in <paramref name="words"/> (ordinal), or -1.</summary>
    public static int IndexOf(Word[] words, string value)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (string.Equals(words[i].Value, value, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
