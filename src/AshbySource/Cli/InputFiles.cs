using System.Text.Json;
using AshbySource.Protocol;

namespace AshbySource.Cli;

/// <summary>Reads the input files, turning every way they can be unreadable into a config error.</summary>
internal static class InputFiles
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    /// <summary>Parses the file; an empty file (allowed for state) yields null.</summary>
    public static JsonDocument? Read(string path, string what, bool emptyMeansNothing = false)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            throw CannotRead(path, what, ex);
        }

        if (emptyMeansNothing && bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes, Options);
        }
        catch (JsonException ex)
        {
            // The parser's message names the line and byte, never the content.
            throw new ConnectorException($"The {what} file '{path}' is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine}).", FailureType.ConfigError);
        }
    }

    /// <summary>The file's lines, read as they are needed: a file of messages can be larger than memory.</summary>
    public static IEnumerable<string> ReadLines(string path, string what)
    {
        StreamReader reader;
        try
        {
            reader = new StreamReader(path);
        }
        catch (Exception ex) when (IsUnreadable(ex))
        {
            throw CannotRead(path, what, ex);
        }

        using (reader)
        {
            while (ReadLine(reader, path, what) is { } line)
            {
                yield return line;
            }
        }
    }

    private static string? ReadLine(StreamReader reader, string path, string what)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException ex)
        {
            throw CannotRead(path, what, ex);
        }
    }

    private static bool IsUnreadable(Exception ex) => ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException;

    private static ConnectorException CannotRead(string path, string what, Exception ex) =>
        new($"Cannot read the {what} file '{path}': {Reason(ex)}.", FailureType.ConfigError, ex.GetType().Name);

    private static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "it does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
