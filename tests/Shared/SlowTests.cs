namespace AshbySource.TestKit;

/// <summary>
/// The base of test classes that start a process, the emulator or a container. They take seconds each, so they
/// carry the trait <c>Category=Slow</c> (xunit reads it from the base class), and a developer can leave them out:
/// <c>dotnet test AshbySource.slnx --filter Category!=Slow</c>. Every test project compiles this file in (see
/// tests/Directory.Build.props), so that the kit itself does not depend on xunit.
/// </summary>
[Trait("Category", "Slow")]
public abstract class SlowTests;
