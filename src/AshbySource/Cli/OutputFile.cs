using System.Text.Json;
using AshbySource.Protocol;

namespace AshbySource.Cli;

/// <summary>Writes a file for a person running the connector by hand: whole or not at all.</summary>
internal static class OutputFile
{
    /// <summary>
    /// Writes indented JSON next to <paramref name="path"/> and then moves it into place, so a failed write never
    /// leaves half a file and the output may be one of the inputs (the state file).
    /// </summary>
    public static void WriteJson(string path, string what, Action<Utf8JsonWriter> write)
    {
        var partial = path + ".partial";
        try
        {
            using (var file = File.Create(partial))
            using (var json = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true }))
            {
                write(json);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            var reason = ex is UnauthorizedAccessException ? "permission denied" : ex is DirectoryNotFoundException ? "its folder does not exist" : ex.Message;
            throw new ConnectorException($"Cannot write the {what} file '{path}': {reason}.", FailureType.ConfigError, ex.GetType().Name);
        }
    }
}
