using System.Text.RegularExpressions;
using AshbySource.Tests.TestSupport;

namespace AshbySource.Tests;

/// <summary>
/// The connector's folder rule, read from its sources: Protocol is a leaf, Http knows nothing of streams, and
/// Streams produces values but never writes protocol output (only Sync and Cli do).
/// </summary>
public partial class DependencyRuleTests
{
    [Theory]
    [InlineData("Protocol", "")]
    [InlineData("Http", "Configuration Protocol")]
    [InlineData("Streams", "Configuration Http Protocol")]
    public void Folder_ImportsOnlyTheFoldersBelowIt(string folder, string allowed)
    {
        var permitted = allowed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(folder).ToHashSet(StringComparer.Ordinal);

        var imports = Sources(folder)
            .SelectMany(file => ConnectorReference().Matches(File.ReadAllText(file)).Select(m => (File: Path.GetFileName(file), Folder: m.Groups[1].Value)))
            .Where(i => !permitted.Contains(i.Folder))
            .Select(i => $"{i.File} uses AshbySource.{i.Folder}");

        imports.Should().BeEmpty();
    }

    [Fact]
    public void Streams_NeverWriteProtocolOutput()
    {
        var writers = Sources("Streams")
            .Where(file => ProtocolWriter().IsMatch(File.ReadAllText(file)))
            .Select(Path.GetFileName);

        writers.Should().BeEmpty("the pager yields pages, checkpoints and notes; the emitter in Sync writes them");
    }

    private static string[] Sources(string folder)
    {
        // The golden files sit in tests/AshbySource.Tests/Golden; the connector's sources in src/AshbySource.
        var repository = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Golden.SourcePath("spec.json"))!, "..", "..", ".."));
        var files = Directory.GetFiles(Path.Combine(repository, "src", "AshbySource", folder), "*.cs", SearchOption.AllDirectories);
        files.Should().NotBeEmpty($"src/AshbySource/{folder} has sources");
        return files;
    }

    [GeneratedRegex(@"\bAshbySource\.(Cli|Configuration|Http|Protocol|Streams|Sync)\b")]
    private static partial Regex ConnectorReference();

    [GeneratedRegex(@"\b(MessageWriter|MessageBuffer|ConnectorLog)\b")]
    private static partial Regex ProtocolWriter();
}
