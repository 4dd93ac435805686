using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>One RPC endpoint: a table's list endpoint, its per-object endpoint (<see cref="Info"/>), or apiKey.info (<see cref="Table"/> null).</summary>
/// <param name="Name">Path without the slash, e.g. <c>candidate.list</c>.</param>
/// <param name="Table">The table listed or asked about; null for apiKey.info.</param>
/// <param name="Permission">Permission the endpoint requires.</param>
/// <param name="Info">Set for the table's per-object endpoint.</param>
internal sealed record Endpoint(string Name, TableSpec? Table, Permission Permission, InfoEndpoint? Info = null)
{
    public const string ApiKeyInfo = "apiKey.info";
}

/// <summary>Every endpoint the emulator serves: one per table, each table's per-object endpoint, and apiKey.info.</summary>
internal sealed class Endpoints
{
    private readonly Dictionary<string, Endpoint> _byName;

    public Endpoints(IEnumerable<TableSpec> tables)
    {
        var all = tables.ToList();
        _byName = all.Select(t => new Endpoint(t.Endpoint, t, t.Permission))
            .Concat(all.Where(t => t.Info is not null).Select(t => new Endpoint(t.Info!.Endpoint, t, t.Permission, t.Info)))
            .Append(new Endpoint(Endpoint.ApiKeyInfo, null, Permission.ApiKeys))
            .ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public bool TryGet(string name, out Endpoint endpoint) => _byName.TryGetValue(name, out endpoint!);
}
