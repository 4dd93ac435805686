using System.Globalization;
using System.Net;
using System.Text.Json;
using AshbySource.Protocol;
using Json.Schema;

namespace AshbySource.Configuration;

/// <summary>The validated connector configuration.</summary>
internal sealed record SourceConfig
{
    public const string DefaultBaseUrl = "https://api.ashbyhq.com";

    public required string ApiKey { get; init; }

    public DateTimeOffset? StartDate { get; init; }

    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);

    public int PageSize { get; init; } = 100;

    public int RequestsPerMinute { get; init; } = 600;

    public int MaxConcurrentStreams { get; init; } = 4;

    /// <summary>
    /// Validates the config file's JSON against the spec and the rules a schema cannot express, and returns
    /// the config or throws a <see cref="ConnectorException"/> of type config_error that names every problem.
    /// </summary>
    public static SourceConfig Parse(JsonElement root, SecretRedactor redactor)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"the config must be a JSON object, but it is {Describe(root.ValueKind)}");
        }

        // Register the key before anything can echo it.
        if (root.TryGetProperty("api_key", out var keyElement) && keyElement.ValueKind == JsonValueKind.String)
        {
            redactor.Add(keyElement.GetString());
        }

        var problems = SpecDocument.Validate(root);
        if (problems.Count > 0)
        {
            throw Invalid(string.Join("; ", problems));
        }

        var apiKey = root.GetProperty("api_key").GetString()!;
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            throw Invalid("api_key is empty: paste an Ashby API key");
        }

        return new SourceConfig
        {
            ApiKey = apiKey.Trim(),
            StartDate = ParseStartDate(root),
            BaseUrl = ParseBaseUrl(root),
            PageSize = GetInt(root, "page_size") ?? 100,
            RequestsPerMinute = GetInt(root, "requests_per_minute") ?? 600,
            MaxConcurrentStreams = GetInt(root, "max_concurrent_streams") ?? 4,
        };
    }

    private static DateTimeOffset? ParseStartDate(JsonElement root)
    {
        if (!root.TryGetProperty("start_date", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = element.GetString();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw Invalid($"start_date '{text}' is not a real date-time: use the form 2024-01-01T00:00:00Z");
        }

        return value;
    }

    private static Uri ParseBaseUrl(JsonElement root)
    {
        if (!root.TryGetProperty("base_url", out var element) || element.ValueKind == JsonValueKind.Null || string.IsNullOrWhiteSpace(element.GetString()))
        {
            return new Uri(DefaultBaseUrl);
        }

        var text = element.GetString()!.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw Invalid($"base_url '{text}' is not an http(s) URL");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw Invalid($"base_url '{text}' uses plain http to a non-loopback host; the API key would travel unencrypted. Use https");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Invalid($"base_url '{text}' must not carry a query or fragment");
        }

        // Endpoint names are appended as relative paths, which needs a trailing slash.
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));

    private static int? GetInt(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Number ? element.GetInt32() : null;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static ConnectorException Invalid(string detail) =>
        new($"The configuration is invalid: {detail}.", FailureType.ConfigError);
}
