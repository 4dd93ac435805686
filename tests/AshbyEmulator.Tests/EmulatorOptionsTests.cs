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

    [Fact]
    public void Realistic_mode_is_an_option_and_off_by_default()
    {
        EmulatorOptions.Parse([]).Realistic.Should().BeFalse();
        EmulatorOptions.Parse(["--realistic"]).Realistic.Should().BeTrue();
        EmulatorOptions.Usage.Should().Contain("--realistic").And.Contain("--api-version-status");
    }

    [Fact]
    public void Api_version_statuses_are_repeatable_or_comma_separated_and_checked()
    {
        EmulatorOptions.Parse([]).ApiVersionStatuses.Should().BeEmpty();
        EmulatorOptions.Parse(["--api-version-status", "2026-01-01=deprecated, 2025-01-01=removed", "--api-version-status=2027-01-01=active", "--api-version-status", "2025-01-01=unsupported"])
            .ApiVersionStatuses.Should().BeEquivalentTo(new Dictionary<string, string>
            {
                ["2026-01-01"] = "deprecated",
                ["2025-01-01"] = "unsupported",
                ["2027-01-01"] = "active",
            });
        foreach (var bad in new[] { "2026-01-01", "2026-01-01=gone", "latest=active", "2026-02-30=active" })
        {
            var parse = () => EmulatorOptions.Parse(["--api-version-status", bad]);
            parse.Should().Throw<ArgumentException>().WithMessage($"*VERSION=STATUS*'{bad}'*");
        }
    }

    [Fact]
    public void Unknown_options_and_missing_values_are_named()
    {
        var unknown = () => EmulatorOptions.Parse(["--seed", "7", "--sede", "8"]);
        unknown.Should().Throw<ArgumentException>().WithMessage("unknown option --sede (try --help)");
        var missing = () => EmulatorOptions.Parse(["--scale"]);
        missing.Should().Throw<ArgumentException>().WithMessage("*--scale*");
        EmulatorOptions.Parse(["-h"]).ShowHelp.Should().BeTrue();
        EmulatorOptions.Parse(["--seed=7", "--quiet"]).Should().BeEquivalentTo(new { Seed = 7L, PrintBanner = false, Scale = 1000, ShowHelp = false });
    }
}
