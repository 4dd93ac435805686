using System.Text.Json;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>
/// Finds out which streams the API key may read. <c>apiKey.info</c> lists the key's scopes but itself needs the
/// API Keys read permission (https://developers.ashbyhq.com/reference/api-key); without it each stream is probed
/// with a one-row request.
/// </summary>
internal sealed class PermissionProbe(AshbyClient client)
{
    private static readonly byte[] EmptyBody = "{}"u8.ToArray();

    /// <summary>The readable streams, and for each unreadable one the permission it lacks.</summary>
    public async Task<(IReadOnlyList<StreamDefinition> Readable, IReadOnlyList<StreamDefinition> Missing, string Method)> ProbeAsync(CancellationToken cancellationToken)
    {
        HashSet<string>? scopes = null;
        try
        {
            using var info = await client.PostAsync("apiKey.info", EmptyBody, null, cancellationToken);
            scopes = ReadScopes(info);
        }
        catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.MissingPermission)
        {
            // No API Keys permission: fall through to probing every stream.
        }

        if (scopes is not null)
        {
            var readable = StreamCatalog.All.Where(s => scopes.Contains(s.Scope)).ToList();
            return (readable, StreamCatalog.All.Except(readable).ToList(), "apiKey.info scopes");
        }

        // A child or derived stream is probed through its parent's endpoint (the table gives both the same
        // permission): its own request needs a parent key. Each endpoint is asked once.
        var probes = StreamCatalog.All.Select(s => s.PassStream).DistinctBy(s => s.Endpoint)
            .ToDictionary(s => s.Endpoint, s => CanReadAsync(s, cancellationToken), StringComparer.Ordinal);
        await Task.WhenAll(probes.Values);
        var readableStreams = StreamCatalog.All.Where(s => probes[s.PassStream.Endpoint].Result).ToList();
        return (readableStreams, StreamCatalog.All.Except(readableStreams).ToList(), "a one-row request per endpoint");
    }

    private async Task<bool> CanReadAsync(StreamDefinition stream, CancellationToken cancellationToken)
    {
        try
        {
            // A partitioned endpoint requires its partition field: the first value is enough to learn the permission.
            var scope = stream.Partitions is { } partitions ? new RequestScope(partitions.Parameter, partitions.Values[0]) : (RequestScope?)null;
            var body = RequestBody.Build(stream, stream.Paging == Paging.Cursor ? 1 : null, null, null, null, scope);
            using var page = await client.PostAsync(stream.Endpoint, body, null, cancellationToken);
            return true;
        }
        catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.MissingPermission)
        {
            return false;
        }
    }

    private static HashSet<string>? ReadScopes(AshbyEnvelope info)
    {
        if (info.ResultsObject.IsEmpty)
        {
            return null;
        }

        using var document = JsonDocument.Parse(info.ResultsObject.ToArray());
        if (!document.RootElement.TryGetProperty("scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array)
        {
            // Older keys answer without scopes (title and createdAt only): probe instead.
            return null;
        }

        return scopes.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.String)
            .Select(s => s.GetString()!)
            .ToHashSet(StringComparer.Ordinal);
    }
}
