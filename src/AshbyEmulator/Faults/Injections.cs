namespace AshbyEmulator.Faults;

/// <summary>
/// Error codes queued through <c>POST /_admin/inject</c>: the next <c>times</c> requests to an endpoint that
/// are page <c>page</c> of a pass (0 = any page) answer with the code instead of data.
/// </summary>
internal sealed class Injections
{
    private sealed class Entry(string endpoint, int page, string code, int remaining)
    {
        public string Endpoint { get; } = endpoint;

        public int Page { get; } = page;

        public string Code { get; } = code;

        public int Remaining { get; set; } = remaining;
    }

    private readonly Lock _lock = new();
    private readonly List<Entry> _entries = [];

    public void Add(string endpoint, int page, string code, int times)
    {
        lock (_lock)
        {
            _entries.Add(new Entry(endpoint, page, code, times));
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }

    public string? TryTake(string endpoint, int page)
    {
        lock (_lock)
        {
            for (var i = 0; i < _entries.Count; i++)
            {
                var e = _entries[i];
                if (!string.Equals(e.Endpoint, endpoint, StringComparison.Ordinal) || (e.Page != 0 && e.Page != page))
                {
                    continue;
                }

                if (--e.Remaining <= 0)
                {
                    _entries.RemoveAt(i);
                }

                return e.Code;
            }
            return null;
        }
    }
}
