using System.Buffers.Text;
using System.Text;

namespace AshbyEmulator.Api;

/// <summary>HTTP Basic authentication with the API key as user name and an empty password.</summary>
internal static class ApiKeys
{
    public enum AuthResult
    {
        Ok,
        Missing,
        Unknown,
    }

    /// <summary>Extracts and checks the key. A header that is absent or not decodable Basic counts as missing.</summary>
    public static AuthResult Authenticate(string? authorization, out string key)
    {
        key = "";
        if (string.IsNullOrEmpty(authorization) || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Missing;
        }

        var encoded = authorization.AsSpan(6).Trim();
        Span<byte> decoded = stackalloc byte[Math.Max(4, Base64.GetMaxDecodedFromUtf8Length(encoded.Length))];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written))
        {
            return AuthResult.Missing;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(decoded[..written]);
        }
        catch (DecoderFallbackException)
        {
            return AuthResult.Missing;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        key = colon < 0 ? text : text[..colon];
        if (key.Length == 0)
        {
            return AuthResult.Missing;
        }

        return DemoKeys.Scopes.ContainsKey(key) ? AuthResult.Ok : AuthResult.Unknown;
    }

    public static bool HasScope(string key, string scope) =>
        DemoKeys.Scopes.TryGetValue(key, out var scopes) && scopes.Contains(scope);
}
