using AshbySource.Protocol;

namespace AshbySource.Cli;

internal enum Verb
{
    Spec,
    Check,
    Discover,
    Read,
    Catalog,
    State,
    Help,
    Version,
}

/// <summary>
/// One parsed invocation: the four Airbyte protocol commands, the two helpers that write a configured catalog and
/// the next state for people running the connector by hand, and <c>--help</c> / <c>--version</c>.
/// </summary>
internal sealed record CommandLine(Verb Verb, string? ConfigPath, string? CatalogPath, string? StatePath, string? MessagesPath = null, string? OutputPath = null)
{
    public const string Usage = """
        Usage: source-ashby COMMAND [OPTIONS]

        Airbyte protocol commands (stdout carries one Airbyte message per line):
          spec                                     print the connector specification (the config options)
          check    --config CONFIG                 test the API key and say which streams it may read
          discover --config CONFIG                 print the catalog of the streams the API key may read
          read     --config CONFIG --catalog CATALOG [--state STATE]
                                                   sync the streams of a configured catalog

        Helpers for running the connector by hand (they write a file and log what they did):
          catalog  --config CONFIG --output FILE   write a configured catalog of every stream the API key may
                                                   read, incremental where the stream supports it
          state    --messages READ_OUTPUT [--state STATE] --output FILE
                                                   write the state for the next read: STATE (if given) updated
                                                   with the last STATE of each stream in READ_OUTPUT

        Options (--name FILE and --name=FILE both work):
          --config FILE      the config JSON, e.g. {"api_key":"..."}; `spec` lists every option
          --catalog FILE     an Airbyte configured catalog (write one with `catalog`)
          --state FILE       the state a read resumes from (write it with `state`); empty means none
          --messages FILE    what a read printed, one message per line
          --output FILE      the file a helper writes (it may be the --state file)
          --debug            accepted and ignored (orchestrators pass it)
          -h, --help         print this text
          --version          print the version
        """;

    private const string HelpHint = "Run source-ashby --help for the commands and options.";

    private static readonly string[] FileOptions = ["--config", "--catalog", "--state", "--messages", "--output"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        // A person asking for help or the version gets it whatever else the line says.
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new CommandLine(Verb.Help, null, null, null);
        }

        if (args.Contains("--version"))
        {
            return new CommandLine(Verb.Version, null, null, null);
        }

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
            "catalog" => Verb.Catalog,
            "state" => Verb.State,
            _ => throw Invalid($"unknown command '{args[0]}'"),
        };

        var options = ParseOptions(args);
        Require(verb is Verb.Check or Verb.Discover or Verb.Read or Verb.Catalog, "--config");
        Require(verb == Verb.Read, "--catalog");
        Require(verb == Verb.State, "--messages");
        Require(verb is Verb.Catalog or Verb.State, "--output");

        return new CommandLine(
            verb,
            options.GetValueOrDefault("--config"),
            options.GetValueOrDefault("--catalog"),
            options.GetValueOrDefault("--state"),
            options.GetValueOrDefault("--messages"),
            options.GetValueOrDefault("--output"));

        void Require(bool needed, string option)
        {
            if (needed && !options.ContainsKey(option))
            {
                throw Invalid($"'{args[0]}' needs {option}");
            }
        }
    }

    private static Dictionary<string, string> ParseOptions(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var (name, inlineValue) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], null);
            if (!FileOptions.Contains(name))
            {
                // --debug, and unknown flags (e.g. newer orchestrator options), are ignored, as Airbyte's own CDK does.
                continue;
            }

            var value = inlineValue ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null);
            if (string.IsNullOrEmpty(value))
            {
                throw Invalid($"{name} needs a file path");
            }

            options[name] = value;
        }

        return options;
    }

    private static ConnectorException Invalid(string detail) => new($"Invalid command line: {detail}. {HelpHint}", FailureType.ConfigError);
}
