using AshbySource.Cli;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests;

/// <summary>
/// The connector's folder rule, read from the compiled connector (<see cref="TypeUses"/>), so that no way of
/// writing a reference gets past it. The folders are layers (<see cref="Layers"/>), each using only those below it:
/// Protocol is a leaf, Http knows nothing of streams, and Streams produces values but never writes protocol output
/// (only Sync and Cli do). Constants are the one thing the compiler copies into the code that uses them, so a
/// constant of another folder leaves no trace to check.
/// </summary>
public class DependencyRuleTests
{
    private static readonly IReadOnlySet<(string User, string Used)> Uses = TypeUses.Of(typeof(ConnectorApp).Assembly.Location);

    /// <summary>The folders as layers, the lowest first: each may use only those before it.</summary>
    private static readonly string[] Layers = ["Protocol", "Configuration", "Http", "Streams", "Sync", "Cli"];

    /// <summary>Every layer but the top one, which may use them all.</summary>
    public static TheoryData<string> Folders => new(Layers[..^1]);

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_UsesOnlyTheFoldersBelowIt(string folder)
    {
        var permitted = Layers[..(Array.IndexOf(Layers, folder) + 1)];
        Uses.Should().Contain(u => FolderOf(u.User) == folder, $"src/AshbySource/{folder} has types, which use the connector's own");

        var outside = Uses
            .Where(u => FolderOf(u.User) == folder && FolderOf(u.Used) is { } used && !permitted.Contains(used))
            .Select(u => $"{u.User} uses {u.Used}")
            .Order(StringComparer.Ordinal)
            .ToList();

        outside.Should().BeEmpty();
    }

    [Fact]
    public void Streams_NeverWriteProtocolOutput()
    {
        string[] writers = ["AshbySource.Protocol.MessageWriter", "AshbySource.Protocol.MessageBuffer", "AshbySource.Protocol.ConnectorLog"];

        var users = Uses.Where(u => FolderOf(u.User) == "Streams" && writers.Contains(u.Used)).Select(u => $"{u.User} uses {u.Used}").ToList();

        users.Should().BeEmpty("the pager yields pages, checkpoints and notes; the emitter in Sync writes them");
        Uses.Should().Contain(u => FolderOf(u.User) == "Sync" && writers.Contains(u.Used), "Sync writes them");
    }

    /// <summary>The folder of a connector type (<c>AshbySource.Http.AshbyClient</c> is in Http); null for types outside them.</summary>
    private static string? FolderOf(string type)
    {
        var parts = type.Split('.');
        return parts.Length > 2 && parts[0] == "AshbySource" ? parts[1] : null;
    }
}
