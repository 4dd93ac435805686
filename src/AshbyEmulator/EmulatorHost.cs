using System.Net;
using AshbyEmulator.Admin;
using AshbyEmulator.Api;
using AshbyEmulator.Data;
using AshbyEmulator.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AshbyEmulator;

/// <summary>Starts an emulator on Kestrel, in-process (tests) or from <c>Program</c>.</summary>
public static class EmulatorHost
{
    /// <summary>Starts an emulator and returns once it accepts connections.</summary>
    /// <param name="options">Settings; <see cref="EmulatorOptions.Urls"/> must be a loopback address.</param>
    /// <param name="cancellationToken">Aborts start-up.</param>
    /// <exception cref="ArgumentException">The listen address is not loopback or not http.</exception>
    public static Task<RunningEmulator> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, handleSignals: false, cancellationToken);

    internal static async Task<RunningEmulator> StartAsync(EmulatorOptions options, bool handleSignals, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listenOn = ParseLoopbackUrls(options.Urls);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "ashby-emulator" });
        // Logs go to stderr only (stdout carries the single "listening" line) and only when something is wrong.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRoutingCore();
        if (!handleSignals)
        {
            builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        }
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 1 << 20;
            foreach (var (address, port) in listenOn)
            {
                k.Listen(address, port);
            }
        });
        var app = builder.Build();
        var clock = Compose(options, app);
        await app.StartAsync(cancellationToken);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new RunningEmulator(app, clock, addresses.First());
    }

    /// <summary>Builds the emulator's parts, each given what it uses, and maps the admin API and the Ashby API.</summary>
    private static RequestClock Compose(EmulatorOptions options, WebApplication app)
    {
        var time = options.Time;
        var dataset = new Dataset((ulong)options.Seed, options.Scale, options.ExtraTables, options.Realistic);
        var codec = new PassCodec(dataset.Seed, options.Scale, dataset.All.Count);
        var endpoints = new Endpoints(dataset.All);
        var faults = new FaultInjector(FaultClasses.Parse(options.Faults), options.FaultRate, options.FaultSeed);
        var rateLimiter = new RateLimiter(options.RateLimitPerMinute, TimeSpan.FromSeconds(options.RateLimitWindowSeconds), time);
        var clock = new RequestClock(time, options.LatencyMs, options.SlowMs);
        var stats = new RequestStats(time);
        var injections = new Injections();
        var responses = new Responses(time);
        var versions = new ApiVersions(options.ApiVersionStatuses);
        var lists = new ListService(dataset, codec, responses, new PassLimits(options.TokenTtlSeconds, options.CursorTtlSeconds, options.IncrementalPageCap), time)
        {
            Realistic = options.Realistic,
        };
        new AdminEndpoints(dataset, new Mutator(dataset), stats, codec, injections, endpoints, faults, rateLimiter, clock, options.Seed, options.FaultSeed, versions)
            .Map(app);
        var api = new ApiHandler(endpoints, lists, responses, stats, clock, faults, new FaultResponder(responses, clock), rateLimiter, injections, codec, versions);
        // One catch-all: the handler answers 404/405 itself with Ashby's envelope.
        app.MapFallback("/{**path}", api.HandleAsync);
        return clock;
    }

    /// <summary>Accepts only http URLs on 127.0.0.1, [::1] or localhost: the emulator must never be reachable from outside.</summary>
    internal static List<(IPAddress Address, int Port)> ParseLoopbackUrls(string urls)
    {
        var result = new List<(IPAddress, int)>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                throw new ArgumentException($"unsupported listen URL '{url}' (use http://127.0.0.1:PORT)");
            }
            IPAddress address;
            if (uri.IsLoopback && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                address = IPAddress.Loopback;
            }
            else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))
            {
                address = ip;
            }
            else
            {
                throw new ArgumentException($"refusing to bind non-loopback address '{uri.Host}'");
            }
            result.Add((address, uri.Port));
        }
        if (result.Count == 0)
        {
            throw new ArgumentException("no listen URL given");
        }
        return result;
    }

    /// <summary>In-process hosts must not take over the test runner's Ctrl+C/SIGTERM handling.</summary>
    private sealed class NoSignalLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>A started emulator; dispose to stop it.</summary>
public sealed class RunningEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private readonly RequestClock _clock;

    internal RunningEmulator(WebApplication app, RequestClock clock, string baseUrl)
    {
        _app = app;
        _clock = clock;
        BaseUrl = baseUrl.TrimEnd('/');
    }

    /// <summary>e.g. <c>http://127.0.0.1:53124</c> (no trailing slash).</summary>
    public string BaseUrl { get; }

    public Uri BaseUri => new(BaseUrl + "/");

    /// <summary>
    /// API requests being worked on right now, not counting those waiting on the clock (latency, the slow
    /// fault). A test driving a fake <see cref="EmulatorOptions.Time"/> advances it only while this is 0.
    /// </summary>
    public int BusyRequests => _clock.Busy;

    /// <summary>API requests waiting on the clock right now (latency, the slow fault).</summary>
    public int WaitingRequests => _clock.Waiting;

    /// <summary>Completes when the host shuts down (Ctrl+C / SIGTERM for the CLI).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
