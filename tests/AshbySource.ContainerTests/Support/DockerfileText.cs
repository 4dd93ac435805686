using System.Text;
using System.Text.Json;

namespace AshbySource.ContainerTests.Support;

/// <summary>
/// Just enough of a Dockerfile parser to read the final stage's LABEL, ENV and ENTRYPOINT the way
/// Docker does: comment lines dropped, backslash continuations joined, key=value pairs with optional quotes.
/// </summary>
internal sealed class DockerfileText
{
    private DockerfileText(IReadOnlyList<(string Keyword, string Args)> finalStage)
    {
        FinalStage = finalStage;
    }

    /// <summary>The instructions after the last FROM, keyword upper-cased.</summary>
    public IReadOnlyList<(string Keyword, string Args)> FinalStage { get; }

    public static DockerfileText Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var current = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line.AsSpan(0, line.Length - 1)).Append(' ');
                continue;
            }

            current.Append(line);
            var joined = current.ToString().Trim();
            current.Clear();
            if (joined.Length == 0)
            {
                continue;
            }

            var space = joined.IndexOfAny([' ', '\t']);
            instructions.Add(space < 0
                ? (joined.ToUpperInvariant(), string.Empty)
                : (joined[..space].ToUpperInvariant(), joined[(space + 1)..].Trim()));
        }

        var lastFrom = instructions.FindLastIndex(i => i.Item1 == "FROM");
        return new DockerfileText(instructions.Skip(lastFrom + 1).ToList());
    }

    /// <summary>Every LABEL key/value of the final stage (later ones win).</summary>
    public IReadOnlyDictionary<string, string> Labels => Pairs("LABEL");

    /// <summary>Every ENV key/value of the final stage (later ones win).</summary>
    public IReadOnlyDictionary<string, string> Env => Pairs("ENV");

    /// <summary>The last ENTRYPOINT of the final stage in exec (JSON array) form.</summary>
    public IReadOnlyList<string> Entrypoint
    {
        get
        {
            var args = FinalStage.Last(i => i.Keyword == "ENTRYPOINT").Args;
            return JsonSerializer.Deserialize<string[]>(args)
                ?? throw new FormatException($"ENTRYPOINT is not a JSON array: {args}");
        }
    }

    private Dictionary<string, string> Pairs(string keyword)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, args) in FinalStage.Where(i => i.Keyword == keyword))
        {
            var tokens = Tokenize(args);
            if (tokens.Count > 0 && !tokens[0].Contains('=', StringComparison.Ordinal))
            {
                // Legacy form: KEY value with spaces
                var space = args.IndexOfAny([' ', '\t']);
                result[args[..space]] = Unquote(args[(space + 1)..].Trim());
                continue;
            }

            foreach (var token in tokens)
            {
                var eq = token.IndexOf('=', StringComparison.Ordinal);
                result[token[..eq]] = token[(eq + 1)..];
            }
        }

        return result;
    }

    /// <summary>Splits on unquoted whitespace and removes the quotes (and backslash escapes inside double quotes).</summary>
    private static List<string> Tokenize(string args)
    {
        var tokens = new List<string>();
        var token = new StringBuilder();
        var inToken = false;
        char? quote = null;
        for (var i = 0; i < args.Length; i++)
        {
            var c = args[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else if (c == '\\' && q == '"' && i + 1 < args.Length)
                {
                    token.Append(args[++i]);
                }
                else
                {
                    token.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(token.ToString());
                    token.Clear();
                    inToken = false;
                }
            }
            else
            {
                token.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(token.ToString());
        }

        return tokens;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == value[^1] && value[0] is '"' or '\'' ? value[1..^1] : value;
}
