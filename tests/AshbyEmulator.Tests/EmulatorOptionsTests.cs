namespace AshbyEmulator.Tests;

public sealed class EmulatorOptionsTests
{
    [Fact]
    public void The_rate_limit_window_is_an_option_of_at_least_one_second()
    {
        EmulatorOptions.Parse(["--rate-limit-window-seconds", "5"]).RateLimitWindowSeconds.Should().Be(5);
        EmulatorOptions.Parse([]).RateLimitWindowSeconds.Should().Be(60);
        var zero = () => EmulatorOptions.Parse(["--rate-limit-window-seconds=0"]);
        zero.Should().Throw<ArgumentException>().WithMessage("--rate-limit-window-seconds must be an integer ≥ 1, got '0'");
    }

    [Fact]
    public void Fault_classes_keep_their_wire_names()
    {
        EmulatorOptions.FaultClasses.Should().Equal("429", "429-no-retry-after", "429-partner", "500", "502", "503", "504", "reset", "truncate", "slow", "transient200");
        EmulatorOptions.Parse(["--faults", "reset, slow"]).Faults.Should().Equal("reset", "slow");
        var unknown = () => EmulatorOptions.Parse(["--faults", "reset,flood"]);
        unknown.Should().Throw<ArgumentException>().WithMessage("unknown fault class 'flood'; known: 429, 429-no-retry-after, 429-partner, 500, 502, 503, 504, reset, truncate, slow, transient200");
    }
}
