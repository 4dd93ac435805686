using System.Text;
using System.Text.Json;
using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>A parsed list request: paging parameters plus the row filter.</summary>
internal sealed class ListRequest
{
    public const int MaxLimit = 100;

    public int Limit { get; private set; } = MaxLimit;

    public string? Cursor { get; private set; }

    public string? SyncToken { get; private set; }

    public ListFilter Filter { get; } = new();

    /// <summary>
    /// Parses a request body. Only documented parameters of the endpoint are read (others are ignored, like
    /// unknown JSON fields); a wrong type or value is an <c>invalid_input</c> error.
    /// </summary>
    public static ListRequest? Parse(EndpointSpec spec, ReadOnlyMemory<byte> body, out string error)
    {
        error = "";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            error = "Request payload is malformed: the body must be a JSON object";
            return null;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "Request payload is malformed: the body must be a JSON object";
                return null;
            }
            var req = new ListRequest();
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Null)
                    continue;
                if (!req.Apply(spec, p.Name, p.Value, out error))
                    return null;
            }
            req.Filter.Hash = FilterHash(spec, req.Filter);
            return req;
        }
    }

    private bool Apply(EndpointSpec spec, string name, JsonElement v, out string error)
    {
        error = "";
        var f = Filter;
        var a = spec.Accepts;
        switch (name)
        {
            case "limit" when spec.Paginated:
                if (!v.TryGetInt64Strict(out var limit) || limit is < 1 or > MaxLimit)
                    return Fail(out error, $"limit must be an integer between 1 and {MaxLimit}");
                Limit = (int)limit;
                return true;
            case "cursor" when spec.Paginated:
                return String(v, name, out error, s => Cursor = s);
            case "syncToken" when spec.Paginated:
                return String(v, name, out error, s => SyncToken = s);
            case "createdAfter" when spec.CreatedAfter:
                return Millis(v, name, out error, ms => f.CreatedAfterMs = ms);
            case "includeArchived" when a.HasFlag(Params.IncludeArchived):
                return Bool(v, name, out error, b => f.IncludeArchived = b);
            case "includeDeactivated" when a.HasFlag(Params.IncludeDeactivated):
                return Bool(v, name, out error, b => f.IncludeDeactivated = b);
            case "includeNonSharedInterviews" when a.HasFlag(Params.IncludeNonSharedInterviews):
                return Bool(v, name, out error, b => f.IncludeNonSharedInterviews = b);
            case "excludeArchivedScheduleTemplateInterviews" when a.HasFlag(Params.IncludeNonSharedInterviews):
                return Bool(v, name, out error, b => f.ExcludeArchivedScheduleTemplateInterviews = b);
            case "includeLocationHierarchy" when a.HasFlag(Params.IncludeLocationHierarchy):
                return Bool(v, name, out error, b => f.IncludeLocationHierarchy = b);
            case "includeUnpublishedJobPostingsIds" when a.HasFlag(Params.IncludeUnpublishedJobPostingsIds):
                return Bool(v, name, out error, b => f.IncludeUnpublishedJobPostingsIds = b);
            case "status" when a.HasFlag(Params.JobFilters):
                return Mask(v, name, Vocab.JobStatuses, out error, m => f.JobStatusMask = m, allowSingle: true);
            case "openedAfter" when a.HasFlag(Params.JobFilters):
                return Millis(v, name, out error, ms => f.OpenedAfterMs = ms);
            case "openedBefore" when a.HasFlag(Params.JobFilters):
                return Millis(v, name, out error, ms => f.OpenedBeforeMs = ms);
            case "closedAfter" when a.HasFlag(Params.JobFilters):
                return Millis(v, name, out error, ms => f.ClosedAfterMs = ms);
            case "closedBefore" when a.HasFlag(Params.JobFilters):
                return Millis(v, name, out error, ms => f.ClosedBeforeMs = ms);
            case "expand" when a.HasFlag(Params.JobFilters):
                return Expand(v, out error, allowLocation: true);
            case "expand" when a.HasFlag(Params.ApplicationFilters):
                return Expand(v, out error, allowLocation: false);
            case "status" when a.HasFlag(Params.ApplicationFilters):
            {
                var status = v.ValueKind == JsonValueKind.String ? Vocab.IndexOf(Vocab.ApplicationStatuses, v.GetString()!) : -1;
                if (status < 0)
                    return Fail(out error, "status must be one of Hired, Archived, Active, Lead");
                f.ApplicationStatus = status;
                return true;
            }
            case "jobId" when a.HasFlag(Params.ApplicationFilters):
                return Id(v, name, out error, id => f.JobId = id);
            case "applicationId" when a.HasFlag(Params.OfferFilters) || a.HasFlag(Params.ScheduleFilters):
                return Id(v, name, out error, id => f.ApplicationId = id);
            case "interviewStageId" when a.HasFlag(Params.ScheduleFilters):
                return Id(v, name, out error, id => f.InterviewStageId = id);
            case "offerStatus" when a.HasFlag(Params.OfferFilters):
                return Mask(v, name, Vocab.OfferStatuses, out error, m => f.OfferStatusMask = m, allowSingle: false);
            case "acceptanceStatus" when a.HasFlag(Params.OfferFilters):
                return Mask(v, name, Vocab.AcceptanceStatuses, out error, m => f.AcceptanceStatusMask = m, allowSingle: false);
            case "approvalStatus" when a.HasFlag(Params.OfferFilters):
                return Mask(v, name, Vocab.ApprovalStatuses, out error, m => f.ApprovalStatusMask = m, allowSingle: false);
            case "location" when a.HasFlag(Params.PostingFilters):
                return String(v, name, out error, s => f.LocationName = s);
            case "department" when a.HasFlag(Params.PostingFilters):
                return String(v, name, out error, s => f.DepartmentName = s);
            case "listedOnly" when a.HasFlag(Params.PostingFilters):
                return Bool(v, name, out error, b => f.ListedOnly = b);
            case "jobBoardId" when a.HasFlag(Params.PostingFilters):
                return Id(v, name, out error, id => f.JobBoardId = id);
            default:
                return true;
        }
    }

    private bool Expand(JsonElement v, out string error, bool allowLocation)
    {
        if (v.ValueKind != JsonValueKind.Array)
            return Fail(out error, "expand must be an array");
        foreach (var item in v.EnumerateArray())
        {
            switch (item.ValueKind == JsonValueKind.String ? item.GetString() : null)
            {
                case "openings":
                    Filter.ExpandOpenings = true;
                    break;
                case "location" when allowLocation:
                    Filter.ExpandLocation = true;
                    break;
                default:
                    return Fail(out error, allowLocation ? "expand items must be \"location\" or \"openings\"" : "expand items must be \"openings\"");
            }
        }
        error = "";
        return true;
    }

    private static bool Fail(out string error, string message)
    {
        error = message;
        return false;
    }

    private static bool String(JsonElement v, string name, out string error, Action<string> set)
    {
        if (v.ValueKind != JsonValueKind.String)
            return Fail(out error, $"{name} must be a string");
        set(v.GetString()!);
        error = "";
        return true;
    }

    private static bool Bool(JsonElement v, string name, out string error, Action<bool> set)
    {
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            return Fail(out error, $"{name} must be a boolean");
        set(v.GetBoolean());
        error = "";
        return true;
    }

    private static bool Millis(JsonElement v, string name, out string error, Action<long> set)
    {
        if (!v.TryGetInt64Strict(out var ms))
            return Fail(out error, $"{name} must be an integer (Unix epoch milliseconds)");
        set(ms);
        error = "";
        return true;
    }

    private static bool Id(JsonElement v, string name, out string error, Action<Uuid> set)
    {
        if (v.ValueKind != JsonValueKind.String || !Uuid.TryParse(v.GetString(), out var id))
            return Fail(out error, $"{name} must be a UUID string");
        set(id);
        error = "";
        return true;
    }

    private static bool Mask(JsonElement v, string name, Word[] values, out string error, Action<int> set, bool allowSingle)
    {
        var mask = 0;
        if (allowSingle && v.ValueKind == JsonValueKind.String)
        {
            var i = Vocab.IndexOf(values, v.GetString()!);
            if (i < 0)
                return Fail(out error, $"{name} must be one of {string.Join(", ", values.Select(x => x.Value))}");
            set(1 << i);
            error = "";
            return true;
        }
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
            return Fail(out error, $"{name} must be a non-empty array");
        foreach (var item in v.EnumerateArray())
        {
            var i = item.ValueKind == JsonValueKind.String ? Vocab.IndexOf(values, item.GetString()!) : -1;
            if (i < 0)
                return Fail(out error, $"{name} items must be one of {string.Join(", ", values.Select(x => x.Value))}");
            mask |= 1 << i;
        }
        set(mask);
        error = "";
        return true;
    }

    /// <summary>
    /// Hash of the filter's canonical form (semantic values, so key order and explicit defaults don't
    /// matter). syncTokens and cursors are bound to it.
    /// </summary>
    private static ulong FilterHash(EndpointSpec spec, ListFilter f)
    {
        var sb = new StringBuilder(spec.Name);
        void Add(string key, object? value)
        {
            if (value is not null)
                sb.Append(';').Append(key).Append('=').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }
        Add("ca", f.CreatedAfterMs);
        Add("ia", f.IncludeArchived);
        Add("id", f.IncludeDeactivated);
        Add("ins", f.IncludeNonSharedInterviews);
        Add("eat", f.ExcludeArchivedScheduleTemplateInterviews);
        Add("ilh", f.IncludeLocationHierarchy);
        Add("iup", f.IncludeUnpublishedJobPostingsIds);
        Add("js", f.JobStatusMask);
        Add("oa", f.OpenedAfterMs);
        Add("ob", f.OpenedBeforeMs);
        Add("cla", f.ClosedAfterMs);
        Add("clb", f.ClosedBeforeMs);
        Add("as", f.ApplicationStatus);
        Add("job", f.JobId);
        Add("app", f.ApplicationId);
        Add("stage", f.InterviewStageId);
        Add("board", f.JobBoardId);
        Add("os", f.OfferStatusMask);
        Add("acc", f.AcceptanceStatusMask);
        Add("apr", f.ApprovalStatusMask);
        Add("loc", f.LocationName);
        Add("dep", f.DepartmentName);
        Add("lo", f.ListedOnly);
        Add("xl", f.ExpandLocation);
        Add("xo", f.ExpandOpenings);
        return Hashing.Bytes(Encoding.UTF8.GetBytes(sb.ToString()));
    }
}

internal static class JsonElementExtensions
{
    /// <summary>An integral JSON number (no fraction, no exponent tricks) that fits in a long.</summary>
    public static bool TryGetInt64Strict(this JsonElement v, out long value)
    {
        value = 0;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
    }
}
