using System.Text.Json;
using AshbyEmulator.Api;
using AshbyEmulator.Data;
using AshbyEmulator.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AshbyEmulator.Admin;

/// <summary>
/// The test-control API under <c>/_admin/</c> (not part of Ashby): no auth, JSON in and out, never
/// rate-limited, delayed or faulted.
/// </summary>
internal sealed class AdminEndpoints(
    Dataset dataset, Mutator mutator, RequestStats stats, PassCodec codec, Injections injections, Endpoints endpoints,
    FaultInjector faults, RateLimiter rateLimiter, RequestClock clock, long seed, long faultSeed)
{
    private const int MaxChangesPerCall = 1_000_000;

    private static readonly JsonEncodedText ParentIdName = JsonEncodedText.Encode("parentId");

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/_admin/mutate", ctx => WithBodyAsync(ctx, MutateAsync));
        app.MapGet("/_admin/ids", IdsAsync);
        app.MapGet("/_admin/stats", ctx => WriteJsonAsync(ctx, 200, stats.Write));
        app.MapPost("/_admin/stats/reset", ctx =>
        {
            stats.Reset();
            return OkAsync(ctx);
        });
        app.MapPost("/_admin/expire", ExpireAsync);
        app.MapPost("/_admin/inject", ctx => WithBodyAsync(ctx, InjectAsync));
        app.MapPost("/_admin/faults", ctx => WithBodyAsync(ctx, FaultsAsync));
        app.MapGet("/_admin/info", ctx => WriteJsonAsync(ctx, 200, WriteInfo));
    }

    /// <summary>Reads the body as a JSON object, or answers 400.</summary>
    private static async Task WithBodyAsync(HttpContext ctx, Func<HttpContext, JsonElement, Task> handle)
    {
        using var doc = await ReadBodyAsync(ctx);
        if (doc is null)
        {
            await ErrorAsync(ctx, "body must be a JSON object");
            return;
        }
        await handle(ctx, doc.RootElement);
    }

    private async Task MutateAsync(HttpContext ctx, JsonElement body)
    {
        IReadOnlyList<MutationPlan> plans;
        if (body.TryGetProperty("fraction", out var fraction))
        {
            if (fraction.ValueKind != JsonValueKind.Number || fraction.GetDouble() is < 0 or > 1)
            {
                await ErrorAsync(ctx, "fraction must be a number in [0, 1]");
                return;
            }
            plans = mutator.PlanFraction(fraction.GetDouble());
        }
        else
        {
            var table = body.TryGetProperty("table", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!dataset.TryFind(table, out var id))
            {
                await ErrorAsync(ctx, "give {\"fraction\":x} or {\"table\":<stream name>,\"create\":n,\"update\":n,\"archive\":n}; unknown table '" + table + "'");
                return;
            }
            int Count(string name) => body.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : 0;
            var plan = new MutationPlan(id, Count("create"), Count("update"), Count("archive"));
            if (plan.Create < 0 || plan.Update < 0 || plan.Archive < 0 || (long)plan.Create + plan.Update + plan.Archive > MaxChangesPerCall)
            {
                await ErrorAsync(ctx, $"counts must be ≥ 0 and total at most {MaxChangesPerCall}");
                return;
            }
            if (plan.Archive > 0 && !dataset.Generator(id).CanArchive)
            {
                await ErrorAsync(ctx, $"{table} have no archived state; use create/update");
                return;
            }
            plans = [plan];
        }
        var result = mutator.Apply(plans);
        await WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", result.Version);
            w.WriteStartObject("tables");
            foreach (var changes in result.Tables)
            {
                w.WriteStartObject(changes.Table.Stream);
                WriteIds(w, "created", changes.Created);
                WriteIds(w, "updated", changes.Updated);
                WriteIds(w, "archived", changes.Archived);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteIds(Utf8JsonWriter w, string name, List<Uuid> ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids)
        {
            w.WriteUuidValue(id);
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// Every id a complete sync sees (all include flags, every job status, every survey type, every job board, no
    /// createdAfter), streamed. With <c>withParent=true</c>, rows of child endpoints come as
    /// <c>{"id","parentId"}</c> objects (parentId = the id the endpoint is called with), and embedded objects with the
    /// id of the row that carries them.
    /// </summary>
    private async Task IdsAsync(HttpContext ctx)
    {
        string? name = ctx.Request.Query["table"];
        var embedded = dataset.All.FirstOrDefault(t => t.EmbeddedStreams.Contains(name, StringComparer.Ordinal));
        if (embedded is null && !dataset.TryFind(name, out _))
        {
            await ErrorAsync(ctx, "query parameter table=<stream name> is required");
            return;
        }
        var table = embedded ?? dataset.Table(name!);
        var gen = dataset.Generator(table);
        var snapshot = dataset.Version;
        var filter = ListFilter.CompleteSync();
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = Responses.JsonContentType;
        var output = ctx.Response.BodyWriter;
        using var w = new Utf8JsonWriter(output, JsonOut.WriterOptions);
        w.WriteStartArray();
        var withParent = string.Equals(ctx.Request.Query["withParent"], "true", StringComparison.OrdinalIgnoreCase) && (table.ChildOf is not null || embedded is not null);
        await Responses.WriteRowsAsync(w, output, Pager.All(gen, filter, snapshot), (writer, index) =>
        {
            if (embedded is not null)
            {
                // Embedded objects: their parent is the row that carries them.
                foreach (var id in gen.EmbeddedIds(gen.Row(index, snapshot), name!))
                {
                    WriteId(writer, id, withParent ? gen.Id(index) : null);
                }
                return;
            }
            WriteId(writer, gen.Id(index), withParent ? gen.ParentIdOf(gen.Row(index, snapshot)) : null);
        }, ctx.RequestAborted);
        w.WriteEndArray();
        w.Flush();
        await output.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>A bare id, or <c>{"id","parentId"}</c> when the parent is asked for.</summary>
    private static void WriteId(Utf8JsonWriter w, Uuid id, Uuid? parent)
    {
        if (parent is not { } parentId)
        {
            w.WriteUuidValue(id);
            return;
        }
        w.WriteStartObject();
        w.WriteUuid(JsonNames.Id, id);
        w.WriteUuid(ParentIdName, parentId);
        w.WriteEndObject();
    }

    private async Task ExpireAsync(HttpContext ctx)
    {
        using var doc = await ReadBodyAsync(ctx);
        var body = doc?.RootElement;
        bool Flag(string name) => body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        if (Flag("tokens"))
        {
            codec.ExpireTokens();
        }
        if (Flag("cursors"))
        {
            codec.ExpireCursors();
        }
        await OkAsync(ctx);
    }

    private async Task InjectAsync(HttpContext ctx, JsonElement body)
    {
        if (body.TryGetProperty("clear", out var clear) && clear.ValueKind == JsonValueKind.True)
        {
            injections.Clear();
            await OkAsync(ctx);
            return;
        }
        var endpoint = body.TryGetProperty("endpoint", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        var code = body.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        var page = body.TryGetProperty("page", out var p) && p.TryGetInt32(out var pv) ? pv : 0;
        var times = body.TryGetProperty("times", out var t) && t.TryGetInt32(out var tv) ? tv : 1;
        if (!endpoints.TryGet(endpoint, out _))
        {
            await ErrorAsync(ctx, $"unknown endpoint '{endpoint}'");
            return;
        }
        if (!ApiError.InjectableCodes.Contains(code))
        {
            await ErrorAsync(ctx, $"code must be one of {string.Join(", ", ApiError.InjectableCodes)}");
            return;
        }
        if (page < 0 || times < 1)
        {
            await ErrorAsync(ctx, "page must be ≥ 0 (0 = any page) and times ≥ 1");
            return;
        }
        injections.Add(endpoint, page, code, times);
        await OkAsync(ctx);
    }

    private async Task FaultsAsync(HttpContext ctx, JsonElement body)
    {
        var (currentClasses, currentRate) = faults.Current;
        IReadOnlyList<FaultClass> classes = currentClasses;
        try
        {
            if (body.TryGetProperty("classes", out var cls))
            {
                classes = cls.ValueKind == JsonValueKind.Array
                    ? FaultClasses.Parse(cls.EnumerateArray().Select(x => x.ToString()))
                    : throw new ArgumentException("classes must be an array");
            }
        }
        catch (ArgumentException ex)
        {
            await ErrorAsync(ctx, ex.Message);
            return;
        }
        var rate = body.TryGetProperty("rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : currentRate;
        var seed = body.TryGetProperty("seed", out var s) && s.TryGetInt64(out var sv) ? sv : faultSeed;
        if (rate is < 0 or > 1)
        {
            await ErrorAsync(ctx, "rate must be in [0, 1]");
            return;
        }
        faults.Configure(classes, rate, seed);
        // Extensions for tests and demos: the other CLI knobs, adjustable at run time.
        if (NonNegative(body, "slowMs") is { } slowMs)
        {
            clock.SlowMs = slowMs;
        }
        if (NonNegative(body, "latencyMs") is { } latencyMs)
        {
            clock.LatencyMs = latencyMs;
        }
        if (NonNegative(body, "rateLimitPerMinute") is { } perMinute)
        {
            rateLimiter.PerMinute = perMinute;
        }
        if (NonNegative(body, "rateLimitWindowSeconds") is { } windowSeconds && windowSeconds > 0)
        {
            rateLimiter.Window = TimeSpan.FromSeconds(windowSeconds);
        }
        await OkAsync(ctx);
    }

    private static int? NonNegative(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) && n >= 0 ? n : null;

    private void WriteInfo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteNumber("seed", seed);
        w.WriteNumber("scale", dataset.Scale);
        w.WriteNumber("version", dataset.Version);
        w.WriteString("epoch", Time.ToIso(Time.EpochMs));
        w.WriteStartObject("tables");
        foreach (var table in dataset.All)
        {
            var state = dataset.State(table);
            w.WriteStartObject(table.Stream);
            w.WriteString("endpoint", table.Endpoint);
            w.WriteNumber("baseRows", state.BaseCount);
            w.WriteNumber("rows", state.CountAt(dataset.Version));
            w.WriteNumber("changes", state.ChangeCount);
            w.WriteEndObject();
        }
        w.WriteEndObject();

        // Which endpoint a connector calls for each stream's rows: a table's list endpoint, or the per-object
        // endpoint whose answers hold the stream's objects; none for objects embedded in list rows.
        w.WriteStartObject("streams");
        foreach (var table in dataset.All)
        {
            w.WriteString(table.Stream, table.Endpoint);
            foreach (var stream in table.EmbeddedStreams)
            {
                if (table.Info is { } info)
                {
                    w.WriteString(stream, info.Endpoint);
                }
                else
                {
                    w.WriteNull(stream);
                }
            }
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task<JsonDocument?> ReadBodyAsync(HttpContext ctx)
    {
        try
        {
            var doc = await JsonDocument.ParseAsync(ctx.Request.Body, default, ctx.RequestAborted);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                return doc;
            }

            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task OkAsync(HttpContext ctx) => WriteJsonAsync(ctx, 200, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", true);
        w.WriteEndObject();
    });

    private static Task ErrorAsync(HttpContext ctx, string message) => WriteJsonAsync(ctx, 400, w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    });

    private static async Task WriteJsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = Responses.JsonContentType;
        using (var w = new Utf8JsonWriter(ctx.Response.BodyWriter, JsonOut.WriterOptions))
        {
            write(w);
        }

        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }
}
