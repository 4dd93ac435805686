using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>A parsed list request: paging parameters plus the row filter.</summary>
internal sealed class ListRequest
{
    public const int MaxLimit = 100;

    private const string Malformed = "Request payload is malformed: the body must be a JSON object";

    public int Limit { get; set; } = MaxLimit;

    public string? Cursor { get; set; }

    public string? SyncToken { get; set; }

    public ListFilter Filter { get; } = new();

    /// <summary>Checks a body that carries no parameters (apiKey.info) is still a JSON object.</summary>
    public static bool IsJsonObject(ReadOnlyMemory<byte> body, out string error)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            error = doc.RootElement.ValueKind == JsonValueKind.Object ? "" : Malformed;
        }
        catch (JsonException)
        {
            error = Malformed;
        }
        return error.Length == 0;
    }

    /// <summary>
    /// Parses a request body. Only documented parameters of the table's endpoint are read (others are ignored,
    /// like unknown JSON fields); a wrong type or value is an <c>invalid_input</c> error.
    /// </summary>
    public static ListRequest? Parse(TableSpec table, ReadOnlyMemory<byte> body, out string error) =>
        Parse(table.Endpoint, ListParameters.For(table), body, out error);

    /// <summary>
    /// Parses the body of a per-object endpoint: the required id of the row asked about (into
    /// <see cref="ListFilter.ObjectId"/>) and the endpoint's documented options.
    /// </summary>
    public static ListRequest? ParseInfo(InfoEndpoint info, ReadOnlyMemory<byte> body, out string error) =>
        Parse(info.Endpoint, ListParameters.ForInfo(info), body, out error);

    private static ListRequest? Parse(string endpoint, IReadOnlyList<ListParameter> parameters, ReadOnlyMemory<byte> body, out string error)
    {
        error = "";
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            error = Malformed;
            return null;
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = Malformed;
                return null;
            }
            var request = new ListRequest();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }
                // A plain scan: the few parameters of an endpoint, and no closure allocated per property.
                foreach (var parameter in parameters)
                {
                    if (parameter.Name != property.Name)
                    {
                        continue;
                    }
                    if (!parameter.Apply(property.Value, request, out error))
                    {
                        return null;
                    }
                    break;
                }
            }
            foreach (var parameter in parameters)
            {
                if (parameter.Required && !(doc.RootElement.TryGetProperty(parameter.Name, out var given) && given.ValueKind != JsonValueKind.Null))
                {
                    error = $"{parameter.Name} is required";
                    return null;
                }
            }
            request.Filter.Hash = FilterHash(endpoint, parameters, request);
            return request;
        }
    }

    /// <summary>
    /// Hash of the filter's canonical form (semantic values, so key order and explicit defaults don't
    /// matter). syncTokens and cursors are bound to it.
    /// </summary>
    private static ulong FilterHash(string endpoint, IReadOnlyList<ListParameter> parameters, ListRequest request)
    {
        var canonical = new StringBuilder(endpoint);
        foreach (var parameter in parameters)
        {
            if (parameter.Canonical(request) is { } value)
            {
                canonical.Append(';').Append(parameter.Name).Append('=').Append(value);
            }
        }
        return Hashing.Bytes(Encoding.UTF8.GetBytes(canonical.ToString()));
    }
}

/// <summary>Reads one JSON value; returns false with a message for the client when the value is not acceptable.</summary>
internal delegate bool ValueParser<T>(JsonElement value, string name, out T result, out string error);

/// <summary>One documented body parameter of list endpoints.</summary>
/// <param name="Name">JSON property name.</param>
/// <param name="AcceptedBy">Which tables' endpoints document it.</param>
internal abstract record ListParameter(string Name, Func<TableSpec, bool> AcceptedBy)
{
    /// <summary>A request without it is an <c>invalid_input</c> error (child endpoints' parent ids, surveyType).</summary>
    public bool Required { get; init; }

    /// <summary>The group of documented parameters it belongs to; <see cref="ListParams.None"/> for paging parameters.</summary>
    public ListParams Group { get; init; }

    /// <summary>Parses the value into the request; false with <paramref name="error"/> when it is invalid.</summary>
    public abstract bool Apply(JsonElement value, ListRequest request, out string error);

    /// <summary>The value's canonical text for the filter hash, or null when the parameter selects no rows (paging).</summary>
    public abstract string? Canonical(ListRequest request);
}

/// <param name="Name">JSON property name.</param>
/// <param name="AcceptedBy">Which tables' endpoints document it.</param>
/// <param name="Parse">Turns the JSON value into <typeparamref name="T"/>.</param>
/// <param name="Set">Stores the value in the request.</param>
/// <param name="Get">Reads it back for the filter hash; null for paging parameters, which are not part of it.</param>
internal sealed record ListParameter<T>(string Name, Func<TableSpec, bool> AcceptedBy, ValueParser<T> Parse, Action<ListRequest, T> Set, Func<ListRequest, T>? Get)
    : ListParameter(Name, AcceptedBy)
{
    public override bool Apply(JsonElement value, ListRequest request, out string error)
    {
        if (!Parse(value, Name, out var result, out error))
        {
            return false;
        }
        Set(request, result);
        return true;
    }

    public override string? Canonical(ListRequest request) =>
        Get is null ? null : Convert.ToString(Get(request), CultureInfo.InvariantCulture) ?? "";
}

/// <summary>
/// The list parameters, one row each: name, who accepts it, parser, setter and whether the filter hash
/// covers it. Adding a filter is one row here, one <see cref="ListFilter"/> property and the generator's use.
/// </summary>
internal static class ListParameters
{
    // Declared before All, whose initialiser reads it.
    private static readonly (string Name, Expansions Value)[] ExpandValues =
        [("location", Expansions.Location), ("openings", Expansions.Openings), ("compensation", Expansions.Compensation),
         ("customFields", Expansions.CustomFields), ("jobCustomFields", Expansions.JobCustomFields), ("locationDetail", Expansions.LocationDetail)];

    private static readonly IReadOnlyList<ListParameter> All =
    [
        new ListParameter<int>("limit", t => t.Paged, ParseLimit, (r, v) => r.Limit = v, null),
        new ListParameter<string>("cursor", t => t.Paged, ParseString, (r, v) => r.Cursor = v, null),
        new ListParameter<string>("syncToken", t => t.IssuesSyncTokens, ParseString, (r, v) => r.SyncToken = v, null),
        Filter("createdAfter", ListParams.CreatedAfter, ParseMillis, f => f.CreatedAfterMs, (f, v) => f.CreatedAfterMs = v),
        Filter("createdBefore", ListParams.CreatedBefore, ParseMillis, f => f.CreatedBeforeMs, (f, v) => f.CreatedBeforeMs = v),
        Filter("includeArchived", ListParams.IncludeArchived, ParseBool, f => f.IncludeArchived, (f, v) => f.IncludeArchived = v),
        Filter("includeDeactivated", ListParams.IncludeDeactivated, ParseBool, f => f.IncludeDeactivated, (f, v) => f.IncludeDeactivated = v),
        Filter("includeNonSharedInterviews", ListParams.IncludeNonSharedInterviews, ParseBool, f => f.IncludeNonSharedInterviews, (f, v) => f.IncludeNonSharedInterviews = v),
        Filter("excludeArchivedScheduleTemplateInterviews", ListParams.IncludeNonSharedInterviews, ParseBool, f => f.ExcludeArchivedScheduleTemplateInterviews, (f, v) => f.ExcludeArchivedScheduleTemplateInterviews = v),
        Filter("includeLocationHierarchy", ListParams.IncludeLocationHierarchy, ParseBool, f => f.IncludeLocationHierarchy, (f, v) => f.IncludeLocationHierarchy = v),
        Filter("includeUnpublishedJobPostingsIds", ListParams.IncludeUnpublishedJobPostingsIds, ParseBool, f => f.IncludeUnpublishedJobPostingsIds, (f, v) => f.IncludeUnpublishedJobPostingsIds = v),
        Filter("status", ListParams.JobFilters, ParseMask(Vocab.JobStatuses, allowSingle: true), f => f.JobStatusMask, (f, v) => f.JobStatusMask = v),
        Filter("openedAfter", ListParams.JobFilters, ParseMillis, f => f.OpenedAfterMs, (f, v) => f.OpenedAfterMs = v),
        Filter("openedBefore", ListParams.JobFilters, ParseMillis, f => f.OpenedBeforeMs, (f, v) => f.OpenedBeforeMs = v),
        Filter("closedAfter", ListParams.JobFilters, ParseMillis, f => f.ClosedAfterMs, (f, v) => f.ClosedAfterMs = v),
        Filter("closedBefore", ListParams.JobFilters, ParseMillis, f => f.ClosedBeforeMs, (f, v) => f.ClosedBeforeMs = v),
        Filter("expand", ListParams.JobFilters, ParseExpand(Expansions.Location | Expansions.Openings | Expansions.Compensation), f => f.Expand, (f, v) => f.Expand = v),
        Filter("expand", ListParams.ApplicationFilters, ParseExpand(Expansions.Openings), f => f.Expand, (f, v) => f.Expand = v),
        Filter("status", ListParams.ApplicationFilters, ParseEnum(Vocab.ApplicationStatuses), f => f.ApplicationStatus, (f, v) => f.ApplicationStatus = v),
        Filter("jobId", ListParams.ApplicationFilters, ParseId, f => f.JobId, (f, v) => f.JobId = v),
        Filter("applicationId", ListParams.OfferFilters | ListParams.ScheduleFilters, ParseId, f => f.ApplicationId, (f, v) => f.ApplicationId = v),
        Filter("interviewStageId", ListParams.ScheduleFilters, ParseId, f => f.InterviewStageId, (f, v) => f.InterviewStageId = v),
        Filter("offerStatus", ListParams.OfferFilters, ParseMask(Vocab.OfferStatuses, allowSingle: false), f => f.OfferStatusMask, (f, v) => f.OfferStatusMask = v),
        Filter("acceptanceStatus", ListParams.OfferFilters, ParseMask(Vocab.AcceptanceStatuses, allowSingle: false), f => f.AcceptanceStatusMask, (f, v) => f.AcceptanceStatusMask = v),
        Filter("approvalStatus", ListParams.OfferFilters, ParseMask(Vocab.ApprovalStatuses, allowSingle: false), f => f.ApprovalStatusMask, (f, v) => f.ApprovalStatusMask = v),
        Filter("location", ListParams.PostingFilters, ParseString, f => f.LocationName, (f, v) => f.LocationName = v),
        Filter("department", ListParams.PostingFilters, ParseString, f => f.DepartmentName, (f, v) => f.DepartmentName = v),
        Filter("listedOnly", ListParams.PostingFilters, ParseBool, f => f.ListedOnly, (f, v) => f.ListedOnly = v),
        Filter("includeUnpublishedJobPostings", ListParams.PostingFilters, ParseBool, f => f.IncludeUnpublishedJobPostings, (f, v) => f.IncludeUnpublishedJobPostings = v),
        Filter("expand", ListParams.PostingFilters, ParseExpand(Expansions.CustomFields | Expansions.JobCustomFields | Expansions.LocationDetail), f => f.Expand, (f, v) => f.Expand = v),
        Filter("excludeFormDefinition", ListParams.ExcludeFormDefinition, ParseBool, f => f.ExcludeFormDefinition, (f, v) => f.ExcludeFormDefinition = v),
        Filter("includeDisabled", ListParams.IncludeDisabled, ParseBool, f => f.IncludeDisabled, (f, v) => f.IncludeDisabled = v),
        Filter("includeArchivedPools", ListParams.InterviewerPoolFilters, ParseBool, f => f.IncludeArchivedPools, (f, v) => f.IncludeArchivedPools = v),
        Filter("includeArchivedTrainingStages", ListParams.InterviewerPoolFilters, ParseBool, f => f.IncludeArchivedTrainingStages, (f, v) => f.IncludeArchivedTrainingStages = v),
        Filter("expand", ListParams.JobTemplateExpand, ParseExpand(Expansions.Location), f => f.Expand, (f, v) => f.Expand = v),
        Filter("namesOnly", ListParams.NamesOnly, ParseBool, f => f.NamesOnly, (f, v) => f.NamesOnly = v),
        Filter("applicationId", ListParams.FeedbackFilters | ListParams.SurveyRequestFilters, ParseId, f => f.ApplicationId, (f, v) => f.ApplicationId = v),
        Filter("candidateId", ListParams.SurveyRequestFilters, ParseId, f => f.CandidateId, (f, v) => f.CandidateId = v),
        Filter("entityType", ListParams.ApprovalFilters, ParseEnum(Vocab.ApprovalEntityTypes), f => f.EntityType, (f, v) => f.EntityType = v),
        Filter("entityId", ListParams.ApprovalFilters, ParseId, f => f.EntityId, (f, v) => f.EntityId = v),
        Filter("surveyType", ListParams.SurveySubmissionFilters, ParseSurveyType(Vocab.SurveySubmissionTypes), f => f.SurveyType, (f, v) => f.SurveyType = v) with { Required = true },
        Filter("surveyType", ListParams.SurveyRequestFilters, ParseSurveyType(Vocab.SurveyRequestTypes), f => f.SurveyType, (f, v) => f.SurveyType = v) with { Required = true },
    ];

    private static readonly ConditionalWeakTable<TableSpec, IReadOnlyList<ListParameter>> ByTable = new();

    private static readonly ConditionalWeakTable<InfoEndpoint, IReadOnlyList<ListParameter>> ByInfo = new();

    /// <summary>The parameters of a per-object endpoint: the row's id, required, and the options it documents.</summary>
    public static IReadOnlyList<ListParameter> ForInfo(InfoEndpoint info) => ByInfo.GetValue(info, static endpoint =>
    [
        new ListParameter<Uuid?>(endpoint.Parameter, _ => true, ParseId, (r, v) => r.Filter.ObjectId = v, r => r.Filter.ObjectId) { Required = true },
        .. All.Where(p => p.Group != ListParams.None && (endpoint.Accepts & p.Group) != 0),
    ]);

    /// <summary>The parameters a table's endpoint accepts, its child-endpoint parent id included.</summary>
    public static IReadOnlyList<ListParameter> For(TableSpec table) => ByTable.GetValue(table, Accepted);

    private static IReadOnlyList<ListParameter> Accepted(TableSpec table)
    {
        var accepted = All.Where(p => p.AcceptedBy(table));
        if (table.ChildOf is { } child)
        {
            accepted = accepted.Append(new ListParameter<Uuid?>(child.Parameter, _ => true, ParseId, (r, v) => r.Filter.ParentId = v, r => r.Filter.ParentId)
            {
                Required = child.Required,
            });
        }
        return [.. accepted];
    }

    private static ListParameter<T> Filter<T>(string name, ListParams group, ValueParser<T> parse, Func<ListFilter, T> get, Action<ListFilter, T> set) =>
        new(name, t => (t.Accepts & group) != 0, parse, (r, v) => set(r.Filter, v), r => get(r.Filter)) { Group = group };

    private static bool Fail<T>(out T result, out string error, string message)
    {
        result = default!;
        error = message;
        return false;
    }

    private static bool Ok<T>(T value, out T result, out string error)
    {
        result = value;
        error = "";
        return true;
    }

    private static bool ParseLimit(JsonElement v, string name, out int result, out string error) =>
        v.TryGetInt64Strict(out var limit) && limit is >= 1 and <= ListRequest.MaxLimit
            ? Ok((int)limit, out result, out error)
            : Fail(out result, out error, $"{name} must be an integer between 1 and {ListRequest.MaxLimit}");

    private static bool ParseString(JsonElement v, string name, out string result, out string error) =>
        v.ValueKind == JsonValueKind.String
            ? Ok(v.GetString()!, out result, out error)
            : Fail(out result, out error, $"{name} must be a string");

    private static bool ParseBool(JsonElement v, string name, out bool result, out string error) =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? Ok(v.GetBoolean(), out result, out error)
            : Fail(out result, out error, $"{name} must be a boolean");

    private static bool ParseMillis(JsonElement v, string name, out long? result, out string error) =>
        v.TryGetInt64Strict(out var ms)
            ? Ok<long?>(ms, out result, out error)
            : Fail(out result, out error, $"{name} must be an integer (Unix epoch milliseconds)");

    private static bool ParseId(JsonElement v, string name, out Uuid? result, out string error) =>
        v.ValueKind == JsonValueKind.String && Uuid.TryParse(v.GetString(), out var id)
            ? Ok<Uuid?>(id, out result, out error)
            : Fail(out result, out error, $"{name} must be a UUID string");

    /// <summary>One string of an enum, as its index.</summary>
    private static ValueParser<int> ParseEnum(Word[] values) => (JsonElement v, string name, out int result, out string error) =>
    {
        var index = v.ValueKind == JsonValueKind.String ? Vocab.IndexOf(values, v.GetString()!) : -1;
        return index >= 0
            ? Ok(index, out result, out error)
            : Fail(out result, out error, $"{name} must be one of {OneOf(values)}");
    };

    /// <summary>An array of enum values (or, with <paramref name="allowSingle"/>, one string) as a bit mask.</summary>
    private static ValueParser<int> ParseMask(Word[] values, bool allowSingle) => (JsonElement v, string name, out int result, out string error) =>
    {
        if (allowSingle && v.ValueKind == JsonValueKind.String)
        {
            var single = Vocab.IndexOf(values, v.GetString()!);
            return single >= 0
                ? Ok(1 << single, out result, out error)
                : Fail(out result, out error, $"{name} must be one of {OneOf(values)}");
        }
        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() == 0)
        {
            return Fail(out result, out error, $"{name} must be a non-empty array");
        }
        var mask = 0;
        foreach (var item in v.EnumerateArray())
        {
            var i = item.ValueKind == JsonValueKind.String ? Vocab.IndexOf(values, item.GetString()!) : -1;
            if (i < 0)
            {
                return Fail(out result, out error, $"{name} items must be one of {OneOf(values)}");
            }
            mask |= 1 << i;
        }
        return Ok(mask, out result, out error);
    };

    /// <summary>
    /// An <c>expand</c> array whose items must be among <paramref name="allowed"/>, the endpoint's documented enum
    /// (job.list also takes <c>compensation</c>, which job.info's description names).
    /// </summary>
    private static ValueParser<Expansions> ParseExpand(Expansions allowed)
    {
        var names = ExpandValues.Where(x => allowed.HasFlag(x.Value)).Select(x => $"\"{x.Name}\"").ToArray();
        var message = names.Length == 1 ? $"items must be {names[0]}" : $"items must be {string.Join(", ", names[..^1])} or {names[^1]}";
        return (JsonElement v, string name, out Expansions result, out string error) =>
        {
            if (v.ValueKind != JsonValueKind.Array)
            {
                return Fail(out result, out error, $"{name} must be an array");
            }
            var expand = Expansions.None;
            foreach (var item in v.EnumerateArray())
            {
                var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
                var one = ExpandValues.FirstOrDefault(x => x.Name == text).Value;
                if (one == Expansions.None || !allowed.HasFlag(one))
                {
                    return Fail(out result, out error, $"{name} {message}");
                }
                expand |= one;
            }
            return Ok(expand, out result, out error);
        };
    }

    /// <summary>A required <c>surveyType</c>: one of the endpoint's documented values, as an index into <see cref="Vocab.SurveyTypes"/>.</summary>
    private static ValueParser<int> ParseSurveyType(Word[] allowed) => (JsonElement v, string name, out int result, out string error) =>
    {
        var text = v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return Vocab.IndexOf(allowed, text) >= 0
            ? Ok(Vocab.IndexOf(Vocab.SurveyTypes, text), out result, out error)
            : Fail(out result, out error, $"{name} must be one of {OneOf(allowed)}");
    };

    private static string OneOf(Word[] values) => string.Join(", ", values.Select(x => x.Value));
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
