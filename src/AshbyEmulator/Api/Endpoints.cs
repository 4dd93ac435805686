using AshbyEmulator.Data;

namespace AshbyEmulator.Api;

/// <summary>One RPC endpoint: a table's list endpoint, or apiKey.info (<see cref="Table"/> null).</summary>
/// <param name="Name">Path without the slash, e.g. <c>candidate.list</c>.</param>
/// <param name="Table">The table listed; null for apiKey.info.</param>
/// <param name="Permission">Permission the endpoint requires.</param>
internal sealed record Endpoint(string Name, TableSpec? Table, Permission Permission)
{
    public const string ApiKeyInfo = "apiKey.info";
}

/// <summary>Every endpoint the emulator serves: one per table plus apiKey.info.</summary>
internal sealed class Endpoints
{
    private readonly Dictionary<string, Endpoint> _byName;

    public Endpoints(IEnumerable<TableSpec> tables)
    {
        _byName = tables.Select(t => new Endpoint(t.Endpoint, t, t.Permission))
            .Append(new Endpoint(Endpoint.ApiKeyInfo, null, Permission.ApiKeys))
            .ToDictionary(e => e.Name, StringComparer.Ordinal);
    }

    public bool TryGet(string name, out Endpoint endpoint) => _byName.TryGetValue(name, out endpoint!);
}
