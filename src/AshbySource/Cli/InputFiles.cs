using System.Text.Json;
using AshbySource.Protocol;

namespace AshbySource.Cli;

/// <summary>Reads the JSON input files, turning every way they can be unreadable into a config error.</summary>
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
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ConnectorException($"Cannot read the {what} file '{path}': {Reason(ex)}.", FailureType.ConfigError, ex.GetType().Name);
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

    private static string Reason(Exception ex) => ex switch
    {
        FileNotFoundException or DirectoryNotFoundException => "it does not exist",
        UnauthorizedAccessException => "permission denied",
        _ => ex.Message,
    };
}
