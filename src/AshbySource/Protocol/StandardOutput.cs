using Microsoft.Win32.SafeHandles;

namespace AshbySource.Protocol;

/// <summary>Opens stdout so that a reader going away is noticed.</summary>
internal static class StandardOutput
{
    /// <summary>
    /// stdout as a plain file stream when it is a pipe, a socket or a terminal; null otherwise (a regular file,
    /// or Windows), where the console stream does. .NET's console stream pretends a write to a closed pipe
    /// succeeded (it drops EPIPE, https://github.com/dotnet/runtime/blob/main/src/libraries/System.Console/src/System/ConsolePal.Unix.cs),
    /// so <c>read … | head -1</c> would go on reading Ashby to the end; the runtime ignores SIGPIPE, so a file
    /// stream gets EPIPE back as an <see cref="IOException"/>. A regular file is left to the console stream because a
    /// file stream writes at its own offset, which would overwrite stderr's lines when both go to one file.
    /// </summary>
    public static Stream? OpenPipe()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // Unbuffered: MessageWriter hands over whole lines and flushes each batch itself.
        var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        if (!stream.CanSeek)
        {
            return stream;
        }

        stream.Dispose();
        return null;
    }
}
