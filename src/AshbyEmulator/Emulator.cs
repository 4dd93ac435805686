using AshbyEmulator.Admin;
using AshbyEmulator.Api;
using AshbyEmulator.Data;
using AshbyEmulator.Faults;

namespace AshbyEmulator;

/// <summary>Everything one running emulator shares between requests.</summary>
internal sealed class Emulator
{
    private int _latencyMs;
    private int _slowMs;

    public Emulator(EmulatorOptions options)
    {
        Options = options;
        Dataset = new Dataset((ulong)options.Seed, options.Scale);
        Codec = new PassCodec(Dataset.Seed, options.Scale);
        Faults = new FaultInjector(options.Faults, options.FaultRate, options.FaultSeed);
        RateLimiter = new RateLimiter(options.RateLimitPerMinute);
        Mutator = new Mutator(Dataset);
        Lists = new ListService(this);
        _latencyMs = options.LatencyMs;
        _slowMs = options.SlowMs;
    }

    public EmulatorOptions Options { get; }

    public Dataset Dataset { get; }

    public PassCodec Codec { get; }

    public RequestStats Stats { get; } = new();

    public FaultInjector Faults { get; }

    public RateLimiter RateLimiter { get; }

    public Injections Injections { get; } = new();

    public Mutator Mutator { get; }

    public ListService Lists { get; }

    public int LatencyMs
    {
        get => Volatile.Read(ref _latencyMs);
        set => Volatile.Write(ref _latencyMs, value);
    }

    public int SlowMs
    {
        get => Volatile.Read(ref _slowMs);
        set => Volatile.Write(ref _slowMs, value);
    }
}
