using System.Text.Json.Nodes;
using DuckDB.NET.Data;

namespace AshbyAnalytics.Tests;

/// <summary>The models of analytics/ on the full read: which ran, and that each declares every stream table it reads.</summary>
public sealed class ShippedModelsTests(SyncedWarehouse warehouse) : SyncedWarehouseTests
{
    private static readonly IReadOnlyList<AnalyticsModel> Models = AnalyticsModels.Ordered(RepoFiles.File("analytics"));

    [Fact]
    public void EveryModel_RanOnTheFullRead_UnlessAStreamItDeclaresWasNotSynced()
    {
        foreach (var model in Models)
        {
            var result = warehouse.Models.Single(m => m.Name == model.Name);
            var lacking = model.Streams.Where(s => !warehouse.KeysRead.ContainsKey(s)).ToList();

            if (lacking.Count == 0)
            {
                result.Rows.Should().BeGreaterThan(0, $"{model.Name} ran on the full read");
            }
            else
            {
                result.Should().BeEquivalentTo(new ModelResult(model.Name, null, lacking), $"{model.Name} is not run without its streams");
            }
        }

        warehouse.Models.Select(m => m.Name).Should().Equal(Models.Select(m => m.Name));
    }

    [Fact]
    public void EveryModel_RunsOnAWarehouseOfOnlyTheStreamsItAndTheModelsItReadsDeclare()
    {
        var folder = Directory.CreateTempSubdirectory("ashby-declared-").FullName;
        try
        {
            var catalog = JsonNode.Parse(File.ReadAllText(warehouse.CatalogFile))!["streams"]!.AsArray();
            var checkedModels = 0;
            foreach (var model in Models)
            {
                var streams = Needs(model).ToHashSet(StringComparer.Ordinal);
                if (!streams.All(warehouse.KeysRead.ContainsKey))
                {
                    continue; // Not synced: the test above checks the model says so.
                }

                var declared = Path.Combine(folder, model.Name + ".json");
                File.WriteAllText(declared, new JsonObject { ["streams"] = new JsonArray(catalog.Where(s => streams.Contains((string)s!["stream"]!["name"]!)).Select(s => s!.DeepClone()).ToArray()) }.ToJsonString());
                using var connection = new DuckDBConnection("Data Source=:memory:");
                connection.Open();
                WarehouseLoader.Load(connection, declared, []);

                var results = AnalyticsModels.Run(connection, RepoFiles.File("analytics"));

                results.Single(r => r.Name == model.Name).Rows.Should().Be(0, $"{model.Name} runs (on empty tables) with only {string.Join(", ", streams)}");
                checkedModels++;
            }

            checkedModels.Should().BeGreaterThanOrEqualTo(3);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The streams a model declares, and those of the models it reads, and theirs.</summary>
    private static IEnumerable<string> Needs(AnalyticsModel model) =>
        model.Streams.Concat(model.Models.SelectMany(m => Needs(Models.Single(other => other.Name == m))));
}
