using System.Text.Json;
using AshbyEmulator.Api;
using AshbyEmulator.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AshbyEmulator.Admin;

/// <summary>
/// The test-control API under <c>/_admin/</c> (not part of Ashby): no auth, JSON in and out, never
/// rate-limited, delayed or faulted.
/// </summary>
internal static class AdminEndpoints
{
    private const int MaxChangesPerCall = 1_000_000;

    public static void Map(IEndpointRouteBuilder app, Emulator emulator)
    {
        app.MapPost("/_admin/mutate", ctx => MutateAsync(ctx, emulator));
        app.MapGet("/_admin/ids", ctx => IdsAsync(ctx, emulator));
        app.MapGet("/_admin/stats", ctx => WriteJsonAsync(ctx, 200, emulator.Stats.Write));
        app.MapPost("/_admin/stats/reset", ctx =>
        {
            emulator.Stats.Reset();
            return OkAsync(ctx);
        });
        app.MapPost("/_admin/expire", ctx => ExpireAsync(ctx, emulator));
        app.MapPost("/_admin/inject", ctx => InjectAsync(ctx, emulator));
        app.MapPost("/_admin/faults", ctx => FaultsAsync(ctx, emulator));
        app.MapGet("/_admin/info", ctx => WriteJsonAsync(ctx, 200, w => WriteInfo(w, emulator)));
    }

    private static async Task MutateAsync(HttpContext ctx, Emulator emulator)
    {
        using var doc = await ReadBodyAsync(ctx);
        if (doc is null)
        {
            await ErrorAsync(ctx, "body must be a JSON object");
            return;
        }
        var body = doc.RootElement;
        IReadOnlyList<MutationPlan> plans;
        if (body.TryGetProperty("fraction", out var fraction))
        {
            if (fraction.ValueKind != JsonValueKind.Number || fraction.GetDouble() is < 0 or > 1)
            {
                await ErrorAsync(ctx, "fraction must be a number in [0, 1]");
                return;
            }
            plans = emulator.Mutator.PlanFraction(fraction.GetDouble());
        }
        else
        {
            var table = body.TryGetProperty("table", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!Tables.TryParse(table, out var id))
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
            if (plan.Archive > 0 && !emulator.Dataset.Generator(id).CanArchive)
            {
                await ErrorAsync(ctx, $"{table} have no archived state; use create/update");
                return;
            }
            plans = [plan];
        }
        var result = emulator.Mutator.Apply(plans);
        await WriteJsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", result.Version);
            w.WriteStartObject("tables");
            foreach (var (table, lists) in result.Tables)
            {
                w.WriteStartObject(table.StreamName());
                WriteIds(w, "created", lists.Created);
                WriteIds(w, "updated", lists.Updated);
                WriteIds(w, "archived", lists.Archived);
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
            w.WriteUuidValue(id);
        w.WriteEndArray();
    }

    /// <summary>Every id a complete sync sees (all include flags, every job status, no createdAfter), streamed.</summary>
    private static async Task IdsAsync(HttpContext ctx, Emulator emulator)
    {
        if (!Tables.TryParse(ctx.Request.Query["table"], out var table))
        {
            await ErrorAsync(ctx, "query parameter table=<stream name> is required");
            return;
        }
        var gen = emulator.Dataset.Generator(table);
        var snapshot = emulator.Dataset.Version;
        var filter = ListFilter.CompleteSync();
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = Responses.JsonContentType;
        var output = ctx.Response.BodyWriter;
        using var w = new Utf8JsonWriter(output, JsonOut.WriterOptions);
        w.WriteStartArray();
        long flushed = 0;
        foreach (var index in Pager.All(gen, filter, snapshot))
        {
            w.WriteUuidValue(gen.Id(index));
            if (w.BytesCommitted + w.BytesPending - flushed > 32 * 1024)
            {
                w.Flush();
                flushed = w.BytesCommitted;
                await output.FlushAsync(ctx.RequestAborted);
            }
        }
        w.WriteEndArray();
        w.Flush();
        await output.FlushAsync(ctx.RequestAborted);
    }

    private static async Task ExpireAsync(HttpContext ctx, Emulator emulator)
    {
        using var doc = await ReadBodyAsync(ctx);
        var body = doc?.RootElement;
        bool Flag(string name) => body is { } b && b.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
        if (Flag("tokens"))
            emulator.Codec.ExpireTokens();
        if (Flag("cursors"))
            emulator.Codec.ExpireCursors();
        await OkAsync(ctx);
    }

    private static async Task InjectAsync(HttpContext ctx, Emulator emulator)
    {
        using var doc = await ReadBodyAsync(ctx);
        if (doc is null)
        {
            await ErrorAsync(ctx, "body must be a JSON object");
            return;
        }
        var body = doc.RootElement;
        if (body.TryGetProperty("clear", out var clear) && clear.ValueKind == JsonValueKind.True)
        {
            emulator.Injections.Clear();
            await OkAsync(ctx);
            return;
        }
        var endpoint = body.TryGetProperty("endpoint", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
        var code = body.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        var page = body.TryGetProperty("page", out var p) && p.TryGetInt32(out var pv) ? pv : 0;
        var times = body.TryGetProperty("times", out var t) && t.TryGetInt32(out var tv) ? tv : 1;
        if (!Endpoints.TryGet(endpoint, out _))
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
        emulator.Injections.Add(endpoint, page, code, times);
        await OkAsync(ctx);
    }

    private static async Task FaultsAsync(HttpContext ctx, Emulator emulator)
    {
        using var doc = await ReadBodyAsync(ctx);
        if (doc is null)
        {
            await ErrorAsync(ctx, "body must be a JSON object");
            return;
        }
        var body = doc.RootElement;
        var (currentClasses, currentRate) = emulator.Faults.Current;
        IReadOnlyList<string> classes = currentClasses;
        try
        {
            if (body.TryGetProperty("classes", out var cls))
            {
                if (cls.ValueKind != JsonValueKind.Array)
                    throw new ArgumentException("classes must be an array");
                classes = EmulatorOptions.ParseFaults(string.Join(',', cls.EnumerateArray().Select(x => x.ToString())));
            }
        }
        catch (ArgumentException ex)
        {
            await ErrorAsync(ctx, ex.Message);
            return;
        }
        var rate = body.TryGetProperty("rate", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : currentRate;
        var seed = body.TryGetProperty("seed", out var s) && s.TryGetInt64(out var sv) ? sv : emulator.Options.FaultSeed;
        if (rate is < 0 or > 1)
        {
            await ErrorAsync(ctx, "rate must be in [0, 1]");
            return;
        }
        emulator.Faults.Configure(classes, rate, seed);
        // Extensions for tests and demos: the other CLI knobs, adjustable at run time.
        if (body.TryGetProperty("slowMs", out var slow) && slow.TryGetInt32(out var slowMs) && slowMs >= 0)
            emulator.SlowMs = slowMs;
        if (body.TryGetProperty("latencyMs", out var lat) && lat.TryGetInt32(out var latencyMs) && latencyMs >= 0)
            emulator.LatencyMs = latencyMs;
        if (body.TryGetProperty("rateLimitPerMinute", out var rl) && rl.TryGetInt32(out var perMinute) && perMinute >= 0)
            emulator.RateLimiter.PerMinute = perMinute;
        await OkAsync(ctx);
    }

    private static void WriteInfo(Utf8JsonWriter w, Emulator emulator)
    {
        var ds = emulator.Dataset;
        w.WriteStartObject();
        w.WriteNumber("seed", emulator.Options.Seed);
        w.WriteNumber("scale", ds.Scale);
        w.WriteNumber("version", ds.Version);
        w.WriteString("epoch", Time.ToIso(Time.EpochMs));
        w.WriteStartObject("tables");
        foreach (var table in Tables.All)
        {
            var state = ds.State(table);
            w.WriteStartObject(table.StreamName());
            w.WriteNumber("baseRows", state.BaseCount);
            w.WriteNumber("rows", state.CountAt(ds.Version));
            w.WriteNumber("changes", state.ChangeCount);
            w.WriteEndObject();
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
                return doc;
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
            write(w);
        await ctx.Response.BodyWriter.FlushAsync(ctx.RequestAborted);
    }
}
