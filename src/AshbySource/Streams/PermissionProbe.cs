using System.Collections.Concurrent;
using System.Text.Json;
using AshbySource.Http;
using AshbySource.Protocol;

namespace AshbySource.Streams;

/// <summary>What the probe found: the streams to offer, the ones whose permission the key lacks, and the child streams the organisation cannot serve.</summary>
internal sealed record ProbeResult(
    IReadOnlyList<StreamDefinition> Readable,
    IReadOnlyList<StreamDefinition> Missing,
    IReadOnlyList<UnservableStream> Unservable,
    string Method);

/// <summary>A child stream whose endpoint Ashby refused for a sample parent, and the error that says why.</summary>
internal sealed record UnservableStream(StreamDefinition Stream, string Reason);

/// <summary>
/// Finds out which streams the API key may read. <c>apiKey.info</c> lists the key's scopes but itself needs the
/// API Keys read permission (https://developers.ashbyhq.com/reference/api-key); without it each stream is probed
/// with a one-row request. A child stream whose endpoint depends on an organisation's feature (AI Application
/// Review for application.listCriteriaEvaluations) is probed with one parent and one child request: when Ashby
/// refuses it outright, the stream is not offered.
/// </summary>
internal sealed class PermissionProbe(AshbyClient client)
{
    private static readonly byte[] EmptyBody = "{}"u8.ToArray();

    /// <summary>One one-row request per endpoint, whoever asks: whether it may be read and its first row's id.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<(bool Readable, string? FirstId)>>> _oneRow = new(StringComparer.Ordinal);

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var (permitted, method) = await PermittedAsync(cancellationToken);
        var missing = StreamCatalog.All.Except(permitted).ToList();
        var unservable = await UnservableAsync(permitted, cancellationToken);
        var readable = permitted.Except(unservable.Select(u => u.Stream)).ToList();
        return new ProbeResult(readable, missing, unservable, method);
    }

    /// <summary>The streams whose permission the key has, and how that was found out.</summary>
    private async Task<(IReadOnlyList<StreamDefinition> Permitted, string Method)> PermittedAsync(CancellationToken cancellationToken)
    {
        HashSet<string>? scopes = null;
        try
        {
            using var info = await client.PostAsync("apiKey.info", EmptyBody, stream: null, notices: null, cancellationToken);
            scopes = ReadScopes(info);
        }
        catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.MissingPermission)
        {
            // No API Keys permission: fall through to probing every stream.
        }

        if (scopes is not null)
        {
            return (StreamCatalog.All.Where(s => scopes.Contains(s.Scope)).ToList(), "apiKey.info scopes");
        }

        // A child or derived stream is probed through its parent's endpoint (the table gives both the same
        // permission): its own request needs a parent key. Each endpoint is asked once.
        var probes = StreamCatalog.All.Select(s => s.PassStream).DistinctBy(s => s.Endpoint)
            .ToDictionary(s => s.Endpoint, s => CanReadAsync(s, cancellationToken), StringComparer.Ordinal);
        await Task.WhenAll(probes.Values);
        return (StreamCatalog.All.Where(s => probes[s.PassStream.Endpoint].Result).ToList(), "a one-row request per endpoint");
    }

    private async Task<bool> CanReadAsync(StreamDefinition stream, CancellationToken cancellationToken) =>
        (await OneRowAsync(stream, cancellationToken)).Readable;

    /// <summary>
    /// Whether a one-row request of <paramref name="stream"/>'s endpoint is answered, and the id of its first row.
    /// Only a missing permission makes it unreadable; any other failure leaves the question to the sync.
    /// </summary>
    private Task<(bool Readable, string? FirstId)> OneRowAsync(StreamDefinition stream, CancellationToken cancellationToken) =>
        _oneRow.GetOrAdd(stream.Endpoint, _ => new Lazy<Task<(bool, string?)>>(async () =>
        {
            try
            {
                using var page = await client.PostAsync(stream.Endpoint, OneRow(stream, null), stream: null, notices: null, cancellationToken);
                return (true, page.ListProblem is null && page.RecordCount > 0 ? RawRecord.TopLevelString(page.RecordAt(0), "id") : null);
            }
            catch (AshbyApiException ex) when (ex.Kind == AshbyErrorKind.MissingPermission)
            {
                return (false, null);
            }
        })).Value;

    /// <summary>
    /// Every permitted child stream asked once for the children of its parent's first row. Only an outright
    /// refusal counts; a parent table without rows, a permission error or a failure that may pass says nothing,
    /// and the stream stays offered.
    /// </summary>
    private async Task<IReadOnlyList<UnservableStream>> UnservableAsync(IReadOnlyList<StreamDefinition> permitted, CancellationToken cancellationToken)
    {
        var children = permitted.Where(s => s.IsChild).ToList();
        var probes = children.Select(async child =>
        {
            string? key;
            try
            {
                key = (await OneRowAsync(child.PassStream, cancellationToken)).FirstId;
            }
            catch (AshbyApiException)
            {
                key = null;
            }

            if (key is null)
            {
                return null;
            }

            try
            {
                var scope = new RequestScope(child.Parent!.RequestParameter!, key);
                using var page = await client.PostAsync(child.Endpoint, OneRow(child, scope), stream: null, notices: null, cancellationToken);
                return null;
            }
            catch (AshbyApiException ex) when (AshbyErrorClassifier.IsRefusal(ex.Resolution))
            {
                return new UnservableStream(child, ChildFanOut.Unservable(child, ex, $"{child.Parent!.Stream} row {key}").Message);
            }
            catch (AshbyApiException)
            {
                return null;
            }
        });
        return (await Task.WhenAll(probes)).OfType<UnservableStream>().ToList();
    }

    /// <summary>A one-row request (the whole answer of a single-call endpoint); a partitioned endpoint gets its first value, which is enough to learn the permission.</summary>
    private static byte[] OneRow(StreamDefinition stream, RequestScope? scope)
    {
        scope ??= stream.Partitions is { } partitions ? new RequestScope(partitions.Parameter, partitions.Values[0]) : null;
        return RequestBody.Build(stream, stream.Paging == Paging.Cursor ? 1 : null, null, null, null, scope);
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
