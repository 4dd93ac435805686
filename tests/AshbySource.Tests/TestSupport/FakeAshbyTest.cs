namespace AshbySource.Tests.TestSupport;

/// <summary>
/// A test class whose connector runs in-process against <see cref="FakeAshbyHandler"/>: xunit makes one instance
/// per test, so every test gets a fresh fake and a fresh run folder.
/// </summary>
public abstract class FakeAshbyTest : IDisposable
{
    protected FakeAshbyTest() => Connector = new ConnectorRun(Ashby);

    internal FakeAshbyHandler Ashby { get; } = new();

    internal ConnectorRun Connector { get; }

    public void Dispose()
    {
        Connector.Dispose();
        Ashby.Dispose();
        GC.SuppressFinalize(this);
    }
}
