using System.CommandLine;
using System.CommandLine.Help;
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

    private static readonly Option<string> Config = FileOption("--config");
    private static readonly Option<string> Catalog = FileOption("--catalog");
    private static readonly Option<string> State = FileOption("--state");
    private static readonly Option<string> Messages = FileOption("--messages");
    private static readonly Option<string> Output = FileOption("--output");

    /// <summary>A person asking for help or the version gets it whatever else the line says.</summary>
    private static readonly HelpOption Help = new() { Recursive = true };

    private static readonly Option<bool> Version = new("--version") { Recursive = true };

    /// <summary>Airbyte's orchestrators pass it; accepted and ignored.</summary>
    private static readonly Option<bool> Debug = new("--debug") { Recursive = true };

    /// <summary>The commands, what each needs and what it may take.</summary>
    private static readonly Dictionary<Command, Verb> Verbs = new()
    {
        [Define("spec")] = Cli.Verb.Spec,
        [Define("check", required: [Config])] = Cli.Verb.Check,
        [Define("discover", required: [Config])] = Cli.Verb.Discover,
        [Define("read", required: [Config, Catalog], optional: [State])] = Cli.Verb.Read,
        [Define("catalog", required: [Config, Output])] = Cli.Verb.Catalog,
        [Define("state", required: [Messages, Output], optional: [State])] = Cli.Verb.State,
    };

    private static readonly Command Root = CreateRoot();

    /// <summary>No response files (<c>@file</c> arguments): a path that starts with @ is a path.</summary>
    private static readonly ParserConfiguration Parser = new() { ResponseFileTokenReplacer = null };

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args, Parser);
        if (result.GetResult(Help) is not null)
        {
            return new CommandLine(Cli.Verb.Help, null, null, null);
        }

        if (result.GetValue(Version))
        {
            return new CommandLine(Cli.Verb.Version, null, null, null);
        }

        if (!Verbs.TryGetValue(result.CommandResult.Command, out var verb))
        {
            throw Invalid(result.UnmatchedTokens.FirstOrDefault(t => !t.StartsWith('-')) is { } unknown ? $"unknown command '{unknown}'" : "no command given");
        }

        if (result.Errors.Count > 0)
        {
            // The parser's own messages (a repeated option, say) end with a full stop; Invalid adds one.
            throw Invalid(result.Errors[0].Message.TrimEnd('.'));
        }

        return new CommandLine(verb, result.GetValue(Config), result.GetValue(Catalog), result.GetValue(State), result.GetValue(Messages), result.GetValue(Output));
    }

    private static Command CreateRoot()
    {
        var root = new Command("source-ashby") { TreatUnmatchedTokensAsErrors = false };
        root.Options.Add(Help);
        root.Options.Add(Version);
        root.Options.Add(Debug);
        foreach (var command in Verbs.Keys)
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    private static Command Define(string name, Option<string>[]? required = null, Option<string>[]? optional = null)
    {
        // Unknown flags (e.g. newer orchestrator options) are ignored, as Airbyte's own CDK does.
        var command = new Command(name) { TreatUnmatchedTokensAsErrors = false };
        foreach (var option in (required ?? []).Concat(optional ?? []))
        {
            command.Options.Add(option);
        }

        command.Validators.Add(parsed =>
        {
            foreach (var option in required ?? [])
            {
                if (parsed.GetResult(option) is null)
                {
                    parsed.AddError($"'{name}' needs {option.Name}");
                }
            }
        });
        return command;
    }

    /// <summary>An option naming a file: <c>--name FILE</c> or <c>--name=FILE</c>; a missing or empty path is an error of its own.</summary>
    private static Option<string> FileOption(string name)
    {
        // Zero or one value, so that "--config --catalog x" says what is missing rather than taking --catalog for a path.
        var option = new Option<string>(name) { Arity = ArgumentArity.ZeroOrOne };
        option.Validators.Add(parsed =>
        {
            if (parsed.Tokens is not [{ Value.Length: > 0 }])
            {
                parsed.AddError($"{name} needs a file path");
            }
        });
        return option;
    }

    private static ConnectorException Invalid(string detail) => new($"Invalid command line: {detail}. {HelpHint}", FailureType.ConfigError);
}
