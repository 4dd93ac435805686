using AshbySource.Protocol;

namespace AshbySource.Cli;

internal enum Verb
{
    Spec,
    Check,
    Discover,
    Read,
}

/// <summary>One parsed invocation: <c>spec</c>, <c>check --config</c>, <c>discover --config</c>, <c>read --config --catalog [--state]</c>.</summary>
internal sealed record CommandLine(Verb Verb, string? ConfigPath, string? CatalogPath, string? StatePath)
{
    public const string Usage = "usage: source-ashby spec | check --config CONFIG | discover --config CONFIG | read --config CONFIG --catalog CATALOG [--state STATE]";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0)
        {
            throw Invalid("no command given");
        }

        var verb = args[0] switch
        {
            "spec" => Verb.Spec,
            "check" => Verb.Check,
            "discover" => Verb.Discover,
            "read" => Verb.Read,
            _ => throw Invalid($"unknown command '{args[0]}'"),
        };

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "--config" or "--catalog" or "--state":
                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw Invalid($"{arg} needs a file path");
                    }

                    options[arg] = args[++i];
                    break;

                // Orchestrators add --debug to any command; it changes nothing here.
                case "--debug":
                    break;
                default:
                    // Unknown flags (e.g. newer orchestrator options) are ignored, as Airbyte's own CDK does.
                    break;
            }
        }

        var needsConfig = verb != Verb.Spec;
        if (needsConfig && !options.ContainsKey("--config"))
        {
            throw Invalid($"'{args[0]}' needs --config");
        }

        if (verb == Verb.Read && !options.ContainsKey("--catalog"))
        {
            throw Invalid("'read' needs --catalog");
        }

        return new CommandLine(
            verb,
            options.GetValueOrDefault("--config"),
            options.GetValueOrDefault("--catalog"),
            options.GetValueOrDefault("--state"));
    }

    private static ConnectorException Invalid(string detail) => new($"Invalid command line: {detail}. {Usage}", FailureType.ConfigError);
}
