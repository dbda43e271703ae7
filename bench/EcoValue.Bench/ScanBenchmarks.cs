using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EcoValue.Bench;

/// <summary>
/// Issue 6's scan figures through the real service: the Release build runs as its own process on a database of
/// 1,000,000 issued item codes (ten POST /items requests of 100,000, which are timed too), and Debian's wrk on
/// loopback asks the GS1 Digital Link resolver for the JSON answer of random items, beside a trivial endpoint
/// (GET /, a constant page: routing and HTTP only) measured the same way in the same run. Each verify is the full
/// hot path: parse the link, find the item with its scan totals, the batch view (cached for a few seconds), the
/// item's proof from the issuance's serial tree, the clone check over its scan log, and the scan logged; no chain
/// call. Typical codes are a quarter of the database, so each is scanned a few times over the runs, as consumers scan
/// packs; the hot set is a few codes scanned until the clone rules read a full log on every answer (a copied code).
/// </summary>
public static class ScanBenchmarks
{
    private const int PerRequest = 100_000;
    private const int Connections = 32;
    private const int HotItems = 250;
    private const int HistoryLimit = 200;

    /// <param name="items">Codes in the database: 1,000,000 for the figures; fewer (a multiple of 100,000) while working on the group.</param>
    /// <param name="postgres">
    /// Issue 9: the same build and verify figures with the service on PostgreSQL (group scan-pg, the private cluster of
    /// <see cref="BenchPostgres"/>), beside the same trivial endpoint; the copied-code rows are SQLite's only.
    /// </param>
    /// <param name="earlier">The rows measured before in this run (for the SQLite figures beside the PostgreSQL ones).</param>
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string root, bool quick, int items = 1_000_000, bool postgres = false, IReadOnlyList<BenchRow>? earlier = null)
    {
        var group = postgres ? "scan-pg" : "scan";
        const string PgDatabase = "bench_scan";
        if (items <= 0 || items % PerRequest != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(items), items, $"--scan-items must be a positive multiple of {PerRequest:N0}");
        }

        var rows = new List<BenchRow>();
        if (!Wrk.Available)
        {
            throw new InvalidOperationException("wrk is not installed (scripts/bench installs Debian's wrk)");
        }

        var data = Directory.CreateTempSubdirectory("ecovalue-bench-scan-").FullName;
        await using var chain = await DevChain.StartAsync(root);
        var cli = Path.Combine(root, "src", "EcoValue.Cli", "bin", "Release", "net10.0", "ecovalue.dll");
        var api = Path.Combine(root, "src", "EcoValue.Api", "bin", "Release", "net10.0", "EcoValue.Api.dll");
        await ApiBenchmarks.RunAsync("dotnet", [cli, "deploy", "--dev", "--rpc-url", chain.Url.ToString(), "--data", data], null);
        const string Password = "bench-password-0123";
        await ApiBenchmarks.RunAsync("dotnet", [cli, "users", "add", "--data", data, "--username", "bench-admin", "--role", "admin", "--password-stdin"], Password);

        var baseUrl = new Uri($"http://127.0.0.1:{ApiBenchmarks.FreePort()}");
        // The public rate limit would answer 429 to one client asking thousands of times a second: it is off here
        // (the resolver is measured, not the limiter); the scan log and clone check stay on.
        var settings = new Dictionary<string, string>
        {
            ["EcoValue__RateLimits__PublicPerMinute"] = "0",
            ["EcoValue__PublicBaseUrl"] = baseUrl.ToString().TrimEnd('/'),
        };
        string? store = null;
        if (postgres)
        {
            await BenchPostgres.CreateForServiceAsync(data, PgDatabase);
            foreach (var (key, value) in BenchPostgres.ServiceSettings(PgDatabase))
            {
                settings[key] = value;
            }

            store = BenchPostgres.ConnectionString(PgDatabase);
        }

        using var service = ApiBenchmarks.StartService(api, data, baseUrl, chain.Url, Path.Combine(root, "certification-rules"), settings);
        var paths = Path.Combine(data, "item-paths.txt");
        var trivial = Path.Combine(data, "trivial-paths.txt");
        var hotPaths = Path.Combine(data, "hot-paths.txt");
        try
        {
            using var client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(5) };
            await ApiBenchmarks.WaitHealthyAsync(client, service);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await ApiBenchmarks.SignInAsync(client, "bench-admin", Password));
            var (batch, gtin, lot) = await SeedAsync(client, items);

            // The codes (1M for the figures), issued as a producer would: 100,000 per request, streamed back as CSV.
            var sample = new List<string>();
            var random = new Random(6);
            var sw = Stopwatch.StartNew();
            var issued = 0;
            for (var r = 0; r < items / PerRequest; r++)
            {
                issued += await IssueAsync(client, batch, PerRequest, serial =>
                {
                    // Reservoir-free sampling: a quarter of the codes, spread over the whole database. The sample's
                    // size sets how often each code is scanned in the runs (a few times each, as consumers scan a
                    // pack): a small sample would make every answer read a long scan log, which is the hot set's case.
                    if (random.Next(4) == 0)
                    {
                        sample.Add($"/01/{gtin}/10/{lot}/21/{serial}");
                    }
                });
            }

            var issueRate = issued / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"{group}: built the {Millions(items)}-item database ({(postgres ? "PostgreSQL" : "SQLite")}) through POST /items in {sw.Elapsed.TotalSeconds:F1} s");
            rows.Add(new BenchRow(group, "item code issuance, 100,000 per request (streamed CSV)", "codes/s", issueRate,
                "making the codes only (CSPRNG serials + serial tree, in memory)", InMemoryIssuanceRate(),
                $"{issued:N0} codes in {items / PerRequest} requests, {sw.Elapsed.TotalSeconds:F1} s: CSPRNG serials, serial tree, one issuance record and 10,000 rows per write, streamed over HTTP; the limit skips the database and HTTP"));
            if (issued != items)
            {
                throw new InvalidOperationException($"issued {issued:N0} codes, expected {items:N0}");
            }

            // The hot set: codes scanned over and over, as a copied code is, until the clone rules read a full
            // scan log (ScanOptions.HistoryLimit, 200) on every answer; measured apart, after the typical runs.
            var hot = sample[^HotItems..];
            sample.RemoveRange(sample.Count - HotItems, HotItems);
            await File.WriteAllLinesAsync(paths, sample);
            await File.WriteAllLinesAsync(hotPaths, hot);
            await File.WriteAllLinesAsync(trivial, ["/"]);
            await ApiBenchmarks.SettleAsync(data, store);
            await WaitGenuineAsync(client, sample[0]);

            var json = new Dictionary<string, string> { ["Accept"] = "application/json" };
            var html = new Dictionary<string, string> { ["Accept"] = "text/html" };
            var seconds = TimeSpan.FromSeconds(quick ? 10 : 20);

            // Every verify request below is an anonymous item GET, so each answer logs one scan; a scan the writer's
            // buffer had no room for is dropped (and counted in a warning), which would flatter the throughput. The
            // log is counted before and after (SQLite: read from its file beside the service) and the row says so.
            var loggedBefore = postgres ? 0 : await LoggedScansAsync(data);

            // Warm-up of both (JIT tiers, SQLite pages of the sampled items, the serial trees), then alternate.
            await Wrk.RunAsync(baseUrl, trivial, html, Connections, TimeSpan.FromSeconds(5));
            // --quick keeps the PostgreSQL group short (the whole quick run stays under ten minutes): a shorter warm-up
            // and two runs of each, of which the slower is reported.
            var quickPg = quick && postgres;
            var verifyWarmUp = await Wrk.RunAsync(baseUrl, paths, json, Connections, TimeSpan.FromSeconds(quickPg ? 5 : quick ? 10 : 20));
            var trivialRuns = new List<WrkResult>();
            var verifyRuns = new List<WrkResult>();
            for (var run = 0; run < (quickPg ? 2 : quick ? 3 : 5); run++)
            {
                trivialRuns.Add(await Wrk.RunAsync(baseUrl, trivial, html, Connections, seconds));
                verifyRuns.Add(await Wrk.RunAsync(baseUrl, paths, json, Connections, seconds));
            }

            var t = Median(trivialRuns);
            var v = Median(verifyRuns);
            var errors = verifyRuns.Sum(x => x.Non2xx + x.SocketErrors);
            var logNote = string.Empty;
            if (!postgres)
            {
                await Task.Delay(1_500); // the scan writer's last flush (every 500 ms)
                var answered = verifyWarmUp.Requests + verifyRuns.Sum(x => x.Requests);
                var logged = await LoggedScansAsync(data) - loggedBefore;
                // wrk counts only the responses it received before it stopped; the service may have answered (and
                // logged) a few more, so only a shortfall means scans were dropped.
                logNote = $"; scan log: {logged:N0} scans for {answered:N0} answers, {Math.Max(0, answered - logged):N0} dropped";
            }

            rows.Add(new BenchRow(group, $"resolver JSON verify, {Millions(items)}-item database: throughput", "req/s", v.RequestsPerSecond, "trivial endpoint (GET /), same host, same run", t.RequestsPerSecond,
                $"wrk -t2 -c{Connections} --latency, random items of {sample.Count:N0} sampled across the {Millions(items)}, Accept: application/json; median of {verifyRuns.Count} runs of {seconds.TotalSeconds:F0} s "
                + $"({string.Join(", ", verifyRuns.Select(x => x.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} req/s; trivial {string.Join(", ", trivialRuns.Select(x => x.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))}); "
                + $"{errors} non-2xx or socket errors{logNote}; target 5,000 req/s; wrk shares the 2 cores"));
            rows.Add(new BenchRow(group, "resolver JSON verify: p99 latency", "ms", v.P99Ms, "target: 25 ms", 25,
                $"that run: p50 {v.P50Ms:F2} ms, p99 {v.P99Ms:F2} ms (per run p99: {string.Join(", ", verifyRuns.Select(x => x.P99Ms.ToString("F1", CultureInfo.InvariantCulture)))} ms); trivial endpoint p50 {t.P50Ms:F2} ms, p99 {t.P99Ms:F2} ms; ratio = ours / target (<= 1 meets it)"));
            rows.Add(new BenchRow(group, "resolver JSON verify: p50 latency", "ms", v.P50Ms, "trivial endpoint p50", t.P50Ms, "lower is better for both; ratio = ours / trivial"));
            if (postgres)
            {
                // The copied-code rows stay SQLite's: on PostgreSQL the group measures the build and the typical verify.
                return ApiBenchmarks.BesideSqlite(rows, earlier, "scan");
            }

            // The hot set: fill every hot code's log past the history limit, check that it is, then measure.
            var fill = Stopwatch.StartNew();
            long least = 0;
            while (least < HistoryLimit && fill.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Wrk.RunAsync(baseUrl, hotPaths, json, Connections, TimeSpan.FromSeconds(10));
                await Task.Delay(500); // the scan writer's last flush
                least = await LeastScansAsync(data, hot);
            }

            if (least < HistoryLimit)
            {
                throw new InvalidOperationException($"the hot codes reached only {least} scans each in three minutes");
            }

            var hotRuns = new List<WrkResult>();
            for (var run = 0; run < (quick ? 1 : 3); run++)
            {
                hotRuns.Add(await Wrk.RunAsync(baseUrl, hotPaths, json, Connections, seconds));
            }

            var h = Median(hotRuns);
            rows.Add(new BenchRow("scan", "resolver JSON verify, codes with a full scan log (copied codes)", "req/s", h.RequestsPerSecond, "trivial endpoint (GET /), same host, same run", t.RequestsPerSecond,
                $"{HotItems} codes scanned until each has at least {HistoryLimit} scans (the newest {HistoryLimit} are what the clone rules read; they answer SUSPICIOUS); "
                + $"median of {hotRuns.Count} run(s) of {seconds.TotalSeconds:F0} s ({string.Join(", ", hotRuns.Select(x => x.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)))} req/s); p50 {h.P50Ms:F2} ms, p99 {h.P99Ms:F2} ms; "
                + $"{hotRuns.Sum(x => x.Non2xx + x.SocketErrors)} non-2xx or socket errors"));
        }
        finally
        {
            await ApiBenchmarks.StopAsync(service, data);
            if (postgres)
            {
                await BenchPostgres.DropAsync(PgDatabase);
            }
        }

        return rows;
    }

    private static string Millions(int items) => items % 1_000_000 == 0 ? $"{items / 1_000_000}M" : $"{items / 1_000:N0}k";

    /// <summary>Codes/s of drawing 100,000 serials and building their serial tree, with no database or HTTP (best of 3).</summary>
    private static double InMemoryIssuanceRate()
    {
        var best = 0.0;
        for (var run = 0; run < 3; run++)
        {
            var sw = Stopwatch.StartNew();
            var serials = new string[PerRequest];
            for (var i = 0; i < serials.Length; i++)
            {
                serials[i] = Domain.Codes.ItemSerial.New();
            }

            _ = Domain.Codes.ItemSerial.BuildTree(serials);
            best = Math.Max(best, PerRequest / sw.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>The rows of the service's scan log (SQLite, read beside the running service).</summary>
    private static async Task<long> LoggedScansAsync(string data)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "ecovalue.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT count(*) FROM scans";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The fewest scans any of <paramref name="paths"/>' codes has in the service's log (read beside the running service).</summary>
    private static async Task<long> LeastScansAsync(string data, IReadOnlyList<string> paths)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(data, "ecovalue.db")};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        var least = long.MaxValue;
        foreach (var path in paths)
        {
            using var command = c.CreateCommand();
            command.CommandText = "SELECT coalesce((SELECT count FROM scan_totals WHERE serial = $s), 0)";
            command.Parameters.AddWithValue("$s", path[(path.LastIndexOf('/') + 1)..]);
            least = Math.Min(least, (long)(await command.ExecuteScalarAsync())!);
        }

        return least;
    }

    /// <summary>The median run by throughput; of an even number of runs the slower middle one (never flatter ourselves).</summary>
    private static WrkResult Median(List<WrkResult> runs) => runs.OrderBy(r => r.RequestsPerSecond).ElementAt((runs.Count - 1) / 2);

    private static async Task<(string Batch, string Gtin, string Lot)> SeedAsync(HttpClient client, int items)
    {
        var producer = await ApiBenchmarks.PostAsync(client, "/api/v1/producers", new { name = "Bench mango cooperative", creditCode = "93469025MA5T7C1X0D", regionCode = "460200" });
        var plot = await ApiBenchmarks.PostAsync(client, $"/api/v1/producers/{producer}/plots", new { name = "Bench orchard", regionCode = "460200", areaMu = 500 });
        var batch = await ApiBenchmarks.PostAsync(client, $"/api/v1/batches?producerId={producer}", new { product = "Bench mango", category = "tropical-fruit", gtin = "6901234567892", lot = "SCAN1", plotId = plot, harvestDate = "2026-03-28", quantity = items, unit = "piece" });
        return (batch, "06901234567892", "SCAN1");
    }

    /// <summary>POST /items with Accept: text/csv, reading the stream as it comes; returns how many serials came back.</summary>
    internal static async Task<int> IssueAsync(HttpClient client, string batch, int count, Action<string> onSerial, double? itemQuantity = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/batches/{batch}/items", UriKind.Relative))
        {
            Content = JsonContent.Create(new { count, itemQuantity }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"issuing {count} codes answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var n = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            var serial = line.Split(',')[0];
            if (serial.Length == 13 && serial.All(char.IsAsciiLetterOrDigit))
            {
                onSerial(serial);
                n++;
            }
        }

        return n;
    }

    /// <summary>Waits until the first sampled item verifies GENUINE (its issuance record anchored), at most two minutes.</summary>
    internal static async Task WaitGenuineAsync(HttpClient client, string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            last = json.RootElement.TryGetProperty("status", out var s) ? s.ToString() : json.RootElement.ToString();
            if (last == "Genuine" || last == "GENUINE")
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"{path} did not verify genuine within two minutes (last status {last})");
    }
}
