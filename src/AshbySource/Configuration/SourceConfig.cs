using System.Buffers;
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

    /// <summary>Within how many days a child stream's rolling refresh re-reads every parent's children; 0 turns it off.</summary>
    public int ChildRefreshDays { get; init; } = 7;

    /// <summary>The Ashby API version asked for on every request (<c>api_version</c>, else the release's own).</summary>
    public string ApiVersion { get; init; } = ConnectorInfo.AshbyApiVersion;

    /// <summary>What is valid but probably not what the user meant (a misspelt option, a start date to come).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Validates the config file's JSON against the spec and the rules a schema cannot express, and returns
    /// the config or throws a <see cref="ConnectorException"/> of type config_error that names every problem.
    /// <paramref name="now"/> is the time a start date is compared with (no comparison without it).
    /// </summary>
    public static SourceConfig Parse(JsonElement config, SecretRedactor redactor, DateTimeOffset? now = null)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"the config must be a JSON object, but it is {Describe(config.ValueKind)}");
        }

        using var withoutUnsetOptions = WithoutUnsetOptions(config);
        return Parse(withoutUnsetOptions.RootElement, redactor, now, UnknownOptionWarnings(config));
    }

    private static SourceConfig Parse(JsonElement root, SecretRedactor redactor, DateTimeOffset? now, List<string> warnings)
    {
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

        var startDate = ParseStartDate(root);
        if (startDate > now)
        {
            warnings.Add($"start_date {root.GetProperty("start_date").GetString()!.Trim()} is in the future: the streams it filters will sync nothing until then.");
        }

        return new SourceConfig
        {
            ApiKey = apiKey.Trim(),
            StartDate = startDate,
            BaseUrl = ParseBaseUrl(root),
            PageSize = GetInt(root, "page_size") ?? 100,
            RequestsPerMinute = GetInt(root, "requests_per_minute") ?? 600,
            MaxConcurrentStreams = GetInt(root, "max_concurrent_streams") ?? 4,
            ChildRefreshDays = GetInt(root, "child_refresh_days") ?? 7,
            ApiVersion = root.TryGetProperty("api_version", out var version) ? version.GetString()!.Trim() : ConnectorInfo.AshbyApiVersion,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The config without optional options that are null, empty or blank: forms and templates write those for
    /// "not set", and the docs say to leave an option empty to get its default.
    /// </summary>
    private static JsonDocument WithoutUnsetOptions(JsonElement config)
    {
        var required = SpecDocument.Required;
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var property in config.EnumerateObject())
            {
                var unset = property.Value.ValueKind == JsonValueKind.Null
                    || (property.Value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(property.Value.GetString()));
                if (!unset || required.Contains(property.Name))
                {
                    property.WriteTo(json);
                }
            }

            json.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    private static List<string> UnknownOptionWarnings(JsonElement config)
    {
        var options = SpecDocument.Options;
        var warnings = new List<string>();
        foreach (var property in config.EnumerateObject().Where(p => !options.Contains(p.Name)))
        {
            var meant = options.FirstOrDefault(o => Simplified(o) == Simplified(property.Name));
            var suggestion = meant is null ? $" (the options are {string.Join(", ", options)})" : $" (did you mean {meant}?)";
            warnings.Add($"The config has an option this connector does not know: {property.Name}{suggestion}. It is ignored.");
        }

        return warnings;
    }

    private static string Simplified(string name) => name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

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

    /// <summary>
    /// JSON has one number type: JSON Schema counts 100.0 as the integer 100, and so does this
    /// (https://json-schema.org/understanding-json-schema/reference/numeric#integer).
    /// </summary>
    private static int? GetInt(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return null;
        }

        if (!element.TryGetDecimal(out var value) || value != decimal.Truncate(value) || value is < int.MinValue or > int.MaxValue)
        {
            throw Invalid($"{name} must be a whole number");
        }

        return (int)value;
    }

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
