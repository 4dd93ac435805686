namespace AshbySource.Protocol;

/// <summary>
/// Replaces every known secret in free text before it leaves the process (stdout or stderr), the way
/// Airbyte's CDK filters <c>airbyte_secret</c> values out of logs and traces.
/// </summary>
internal sealed class SecretRedactor
{
    private const string Mask = "****";
    private readonly List<string> _secrets = [];
    private readonly Lock _gate = new();

    public void Add(string? secret)
    {
        // Very short values would mask ordinary words; Ashby keys are long.
        if (string.IsNullOrEmpty(secret) || secret.Length < 4)
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                _secrets.Add(secret);
                _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
            }
        }
    }

    public string Redact(string text)
    {
        lock (_gate)
        {
            foreach (var secret in _secrets)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
