using System.Text.Json;
using AshbySource.Configuration;
using AshbySource.Http;
using AshbySource.Protocol;
using AshbySource.Streams;
using AshbySource.Sync;

namespace AshbySource.Cli;

/// <summary>
/// Runs one command and returns the exit code, following Airbyte's rules: <c>check</c> reports config problems
/// as CONNECTION_STATUS FAILED with exit 0; every other failure is an error TRACE and a non-zero exit
/// (https://docs.airbyte.com/platform/understanding-airbyte/airbyte-protocol). <paramref name="http"/> lets
/// tests shorten retries and answer requests in place of the network.
/// </summary>
internal sealed class ConnectorApp(Stream stdout, TextWriter stderr, TimeProvider time, AshbyHttpOptions? http = null)
{
    private readonly SecretRedactor _redactor = new();

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        using var writer = new MessageWriter(stdout, _redactor, time);
        var log = new ConnectorLog(writer);
        try
        {
            var command = CommandLine.Parse(args);
            return command.Verb switch
            {
                // Help and version are text for a person; stdout carries only protocol messages, so they go to stderr.
                Verb.Help => await WriteTextAsync(CommandLine.Usage),
                Verb.Version => await WriteTextAsync($"source-ashby {ConnectorInfo.Version}"),
                Verb.Spec => Spec(writer),
                Verb.Check => await CheckAsync(command, writer, log, cancellationToken),
                Verb.Discover => await DiscoverAsync(command, writer, log, cancellationToken),
                Verb.Catalog => await WriteConfiguredCatalogAsync(command, log, cancellationToken),
                Verb.State => StateFile.Update(command, log),
                _ => await ReadAsync(command, writer, log, cancellationToken),
            };
        }
        catch (ConnectorException ex)
        {
            writer.Write(b => b.Error(ex.Message, ex.FailureType, ex.InternalMessage));
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.Write(b => b.Error("The connector was stopped before it finished.", FailureType.TransientError));
            return 1;
        }
        catch (Exception ex)
        {
            // A bug: the trace says so without a stack; the stack goes to stderr for whoever debugs it.
            await stderr.WriteLineAsync(_redactor.Redact(ex.ToString()));
            writer.Write(b => b.Error("Something went wrong in the connector. See the logs for more details.", FailureType.SystemError, $"{ex.GetType().Name}: {ex.Message}"));
            return 1;
        }
    }

    private async Task<int> WriteTextAsync(string text)
    {
        await stderr.WriteLineAsync(text.TrimEnd());
        return 0;
    }

    private static int Spec(MessageWriter writer)
    {
        // spec.json is kept readable in the repository; the message must be one compact line.
        using var spec = JsonDocument.Parse(SpecDocument.Json.ToArray());
        writer.Write(b => b.Payload("SPEC", "spec", json => spec.RootElement.WriteTo(json)));
        return 0;
    }

    private async Task<int> CheckAsync(CommandLine command, MessageWriter writer, ConnectorLog log, CancellationToken cancellationToken)
    {
        SourceConfig config;
        try
        {
            config = LoadConfig(command, log);
        }
        catch (ConnectorException ex) when (ex.FailureType == FailureType.ConfigError)
        {
            writer.Write(b => b.ConnectionStatus(false, ex.Message));
            return 0;
        }

        using var client = CreateClient(config, log, CheckLimits);
        try
        {
            var (readable, missing, unservable, method) = await new PermissionProbe(client).ProbeAsync(cancellationToken);
            if (readable.Count == 0)
            {
                writer.Write(b => b.ConnectionStatus(false, $"The Ashby API key works but may read none of the streams. Give it read access to at least one of: {DescribePermissions(missing)} (Ashby: Admin > Integrations > API Keys)."));
                return 0;
            }

            var total = StreamCatalog.All.Length;
            var note = missing.Count == 0 && unservable.Count == 0
                ? $"all {total} streams are readable"
                : $"{readable.Count} of {total} streams are readable{(missing.Count > 0 ? $"; missing permissions: {DescribePermissions(missing)}" : "")}{(unservable.Count > 0 ? $"; the organisation cannot serve {string.Join(", ", unservable.Select(u => u.Stream.Name))}" : "")}";
            var refusals = string.Concat(unservable.Select(u => $" {u.Reason}"));
            var warning = client.ApiVersion.Warning is { } version ? $" Warning: {version}" : "";
            writer.Write(b => b.ConnectionStatus(true, $"Connected to Ashby ({note}; checked with {method}).{refusals}{warning}"));
            return 0;
        }
        catch (AshbyApiException ex)
        {
            // check is a person at a settings page: whatever Ashby (or the address) answered, they get it as the
            // check's answer, with the message of the error table, not as a crash of the connector.
            writer.Write(b => b.ConnectionStatus(false, ex.Message));
            return 0;
        }
    }

    private async Task<int> DiscoverAsync(CommandLine command, MessageWriter writer, ConnectorLog log, CancellationToken cancellationToken)
    {
        var readable = await ReadableStreamsAsync(command, log, cancellationToken);
        writer.Write(b => b.Payload("CATALOG", "catalog", json => CatalogWriter.Write(json, readable)));
        return 0;
    }

    private async Task<int> WriteConfiguredCatalogAsync(CommandLine command, ConnectorLog log, CancellationToken cancellationToken)
    {
        var readable = await ReadableStreamsAsync(command, log, cancellationToken);
        OutputFile.WriteJson(command.OutputPath!, "catalog", json => CatalogWriter.WriteConfigured(json, readable));
        var incremental = readable.Count(s => s.SupportsIncremental);
        log.Info($"Wrote a configured catalog of {readable.Count} streams ({incremental} incremental, {readable.Count - incremental} full refresh) to {command.OutputPath}.");
        return 0;
    }

    private async Task<IReadOnlyList<StreamDefinition>> ReadableStreamsAsync(CommandLine command, ConnectorLog log, CancellationToken cancellationToken)
    {
        var config = LoadConfig(command, log);
        using var client = CreateClient(config, log);
        var (readable, missing, unservable, _) = await new PermissionProbe(client).ProbeAsync(cancellationToken);
        foreach (var stream in missing)
        {
            log.Info($"Stream {stream.Name} is left out: the API key lacks the {stream.Permission} permission ({stream.Scope}).");
        }

        foreach (var (stream, reason) in unservable)
        {
            log.Warn($"Stream {stream.Name} is left out: {reason}");
        }

        if (readable.Count == 0)
        {
            throw new ConnectorException($"The Ashby API key may read none of the streams. Give it read access to at least one of: {DescribePermissions(missing)}.", FailureType.ConfigError);
        }

        return readable;
    }

    private async Task<int> ReadAsync(CommandLine command, MessageWriter writer, ConnectorLog log, CancellationToken cancellationToken)
    {
        var config = LoadConfig(command, log);
        IReadOnlyList<ConfiguredStream> streams;
        using (var catalogDocument = InputFiles.Read(command.CatalogPath!, "catalog"))
        {
            streams = ConfiguredCatalog.Parse(catalogDocument!.RootElement);
        }

        IReadOnlyDictionary<string, StreamCheckpoint> state = new Dictionary<string, StreamCheckpoint>();
        if (command.StatePath is not null)
        {
            using var stateDocument = InputFiles.Read(command.StatePath, "state", emptyMeansNothing: true);
            if (stateDocument is not null)
            {
                state = StateInput.Parse(stateDocument.RootElement);
            }
        }

        using var client = CreateClient(config, log);
        var runner = new SyncRunner(new StreamPager(client), config, writer, log, time);
        log.Info($"Reading {streams.Count} stream(s), at most {config.MaxConcurrentStreams} at once, within {config.RequestsPerMinute} requests per minute.");
        var exitCode = await runner.RunAsync(streams, state, cancellationToken);
        if (writer.IsClosed)
        {
            // stdout is gone, so stderr is the only place left to say why the sync stopped.
            await stderr.WriteLineAsync("stdout was closed by its reader; the sync stopped because nothing more could be written.");
        }

        return exitCode;
    }

    private SourceConfig LoadConfig(CommandLine command, ConnectorLog log)
    {
        using var document = InputFiles.Read(command.ConfigPath!, "config");
        var config = SourceConfig.Parse(document!.RootElement, _redactor, time.GetUtcNow());
        foreach (var warning in config.Warnings)
        {
            log.Warn(warning);
        }

        return config;
    }

    private AshbyClient CreateClient(SourceConfig config, ConnectorLog log, Func<AshbyHttpOptions, AshbyHttpOptions>? limit = null)
    {
        var options = http ?? new AshbyHttpOptions { Time = time };
        return AshbyHttp.CreateClient(config, limit is null ? options : limit(options), log);
    }

    /// <summary>
    /// <c>check</c> is a person waiting on a settings page: it answers within 30 s. A wrong address fails on its
    /// first request; an address that does not answer, or an Ashby that keeps failing or throttling, is retried
    /// for 15 s (the last attempt may run 10 s past that) instead of the minutes a sync may wait.
    /// </summary>
    private static AshbyHttpOptions CheckLimits(AshbyHttpOptions options) => options with
    {
        AttemptTimeout = Min(options.AttemptTimeout, TimeSpan.FromSeconds(10)),
        FailureWindow = Min(options.FailureWindow, TimeSpan.FromSeconds(15)),
        ThrottleWindow = Min(options.ThrottleWindow, TimeSpan.FromSeconds(15)),
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string DescribePermissions(IEnumerable<StreamDefinition> streams) =>
        string.Join(", ", streams.GroupBy(s => s.Permission).Select(g => $"{g.Key} ({string.Join("/", g.Select(s => s.Name))})"));
}
