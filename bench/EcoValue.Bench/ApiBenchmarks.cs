using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EcoValue.Bench;

/// <summary>
/// Issue 4's figures through the real service over real HTTP: the Release build of EcoValue.Api runs as its own
/// process (production profile, anchoring worker on, a fresh anvil with the contracts deployed) and this process is
/// the client. Single-record writes (POST a field event) are measured open-loop at a fixed 1,000 req/s, latency
/// counted from each request's scheduled start (so a stall is not hidden by waiting), plus the closed-loop maximum;
/// EPCIS capture is measured with one 10,000-event document.
/// </summary>
public static class ApiBenchmarks
{
    /// <param name="postgres">
    /// Issue 9: the same figures with the service on PostgreSQL (group api-pg, the private cluster of
    /// <see cref="BenchPostgres"/>), each ingest rate beside raw Npgsql writes of the same rows
    /// (<see cref="PostgresIngestLimit"/>) and, when the api group ran before in this run, its SQLite figures in the note.
    /// </param>
    /// <param name="earlier">The rows measured before in this run (for the SQLite figures beside the PostgreSQL ones).</param>
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string root, bool quick, bool postgres = false, IReadOnlyList<BenchRow>? earlier = null)
    {
        var rows = new List<BenchRow>();
        var group = postgres ? "api-pg" : "api";
        const string PgDatabase = "bench_api";
        var data = Directory.CreateTempSubdirectory("ecovalue-bench-api-").FullName;
        await using var chain = await DevChain.StartAsync(root);
        var cli = Path.Combine(root, "src", "EcoValue.Cli", "bin", "Release", "net10.0", "ecovalue.dll");
        var api = Path.Combine(root, "src", "EcoValue.Api", "bin", "Release", "net10.0", "EcoValue.Api.dll");
        await RunAsync("dotnet", [cli, "deploy", "--dev", "--rpc-url", chain.Url.ToString(), "--data", data], null);
        const string Password = "bench-password-0123";
        await RunAsync("dotnet", [cli, "users", "add", "--data", data, "--username", "bench-admin", "--role", "admin", "--password-stdin"], Password);

        Dictionary<string, string>? settings = null;
        if (postgres)
        {
            await BenchPostgres.CreateForServiceAsync(data, PgDatabase);
            settings = BenchPostgres.ServiceSettings(PgDatabase);
        }

        var store = postgres ? BenchPostgres.ConnectionString(PgDatabase) : null;
        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        using var service = StartService(api, data, baseUrl, chain.Url, Path.Combine(root, "certification-rules"), settings);
        CapturedRows? captured = null;
        double postRate = 0, captureRate = 0;
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
            {
                BaseAddress = baseUrl,
                Timeout = TimeSpan.FromMinutes(5),
            };
            await WaitHealthyAsync(client, service);
            var token = await SignInAsync(client, "bench-admin", Password);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var (batch, gtin, lot) = await SeedAsync(client);

            // Warm-up first (JIT tiers, connection pool, SQLite pages), then the measured run.
            await ClosedLoopAsync(client, batch, concurrency: 32, TimeSpan.FromSeconds(quick ? 3 : 10));
            var max = await ClosedLoopAsync(client, batch, concurrency: 32, TimeSpan.FromSeconds(quick ? 5 : 15));
            postRate = max;
            rows.Add(new BenchRow(group, "single-record POST throughput, 32 concurrent clients", "req/s", max, "target: 1,000 req/s", 1_000,
                postgres
                    ? "each request: JWT check, validation, one PostgreSQL transaction under the write advisory lock (projection row + record, commit flushed to disk), JSON response"
                    : "each request: JWT check, validation, one IMMEDIATE SQLite transaction (projection row + record), JSON response"));

            // Several open-loop runs, the median reported: on a shared 2-core machine one run can land on a
            // neighbour's burst; every run's p99 is in the note. The closed-loop run above left two windows' worth of
            // records (~20,000 at ~2,500 req/s) for the anchoring worker; they are anchored first, so the fixed-rate
            // runs see the steady state of 1,000 writes/s (one window cut every ten seconds) and not that backlog.
            await SettleAsync(data, store);
            var seconds = quick ? 5 : 20;
            // The target's 1,000 req/s, unless the closed loop above could not reach it (PostgreSQL with a disk flush
            // per commit): an open loop above the maximum only grows a queue (each run would last many times its
            // length), so it runs at 80% of the maximum instead and the row says so.
            var rate = max >= 1_100 ? 1_000 : Math.Max(10, (int)(max * 0.8) / 10 * 10);
            var runs = new List<(double Achieved, double P50, double P99, int Errors)>();
            for (var run = 0; run < (quick && postgres ? 2 : quick ? 3 : 5); run++)
            {
                runs.Add(await OpenLoopAsync(client, batch, rate, TimeSpan.FromSeconds(seconds)));
            }

            var median = runs.OrderBy(r => r.P99).ElementAt(runs.Count / 2);
            rows.Add(new BenchRow(group, $"single-record POST at a fixed {rate:N0} req/s: p99 latency", "ms", median.P99, "target: 20 ms", 20,
                (rate < 1_000 ? $"1,000 req/s is above the closed-loop maximum ({max:N0} req/s), so the open loop runs at 80% of it; " : string.Empty)
                + $"POST /api/v1/batches/{{id}}/events, open loop (latency from scheduled start), median of {runs.Count} runs of {seconds} s "
                + $"(p99 per run: {string.Join(", ", runs.Select(r => r.P99.ToString("F1", CultureInfo.InvariantCulture)))} ms); that run: achieved {median.Achieved:N0} req/s, "
                + $"p50 {median.P50:F1} ms, {runs.Sum(r => r.Errors)} errors in all; ratio = ours / target (<= 1 meets it)"));
            // Three unmeasured documents first: the capture path runs once per document, so its methods stay in the
            // JIT's first tier for the first few (tiering promotes a method after 30 calls or a hot loop), and a
            // running service has long since promoted them. Measured: the first documents' build phase ran 2–4x slower.
            for (var warm = 0; warm < 3; warm++)
            {
                await CaptureAsync(client, gtin, lot, 10_000, run: 90 + warm);
            }
            var rates = new List<double>();
            for (var run = 0; run < 3; run++)
            {
                await SettleAsync(data, store);
                rates.Add(await CaptureAsync(client, gtin, lot, 10_000, run));
            }

            rates.Sort();
            captureRate = rates[rates.Count / 2];
            // The rows the last document wrote, for the raw-insert limit below (measured once the service has stopped).
            captured = postgres ? await PostgresIngestLimit.ReadAsync(store!, 10_000) : await IngestLimit.ReadAsync(data, 10_000);
            rows.Add(new BenchRow(group, "EPCIS capture, one 10,000-event document", "events/s", rates[rates.Count / 2], "target: 10,000 events/s", 10_000,
                $"POST /epcis/capture: parse, map, 10,000 field events + records in one transaction; after 3 unmeasured documents, median of {rates.Count} documents ({string.Join(", ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))} events/s)"));
        }
        finally
        {
            await StopAsync(service, data);
            if (postgres)
            {
                await BenchPostgres.DropAsync(PgDatabase);
            }
        }

        if (captured is not null)
        {
            rows.AddRange(postgres
                ? await PostgresIngestLimitRowsAsync(captured, postRate, captureRate, quick)
                : await IngestLimitRowsAsync(captured, postRate, captureRate, quick));
        }

        return postgres ? BesideSqlite(rows, earlier, "api") : rows;
    }

    /// <summary>
    /// The PostgreSQL rows with, in each note, the SQLite row measured at the same place of the same run (the groups
    /// produce their rows in the same order), so the two engines read side by side.
    /// </summary>
    internal static List<BenchRow> BesideSqlite(List<BenchRow> rows, IReadOnlyList<BenchRow>? earlier, string sqliteGroup)
    {
        var sqlite = earlier?.Where(r => r.Group == sqliteGroup).ToList() ?? [];
        return [.. rows.Select((row, i) =>
        {
            if (i >= sqlite.Count)
            {
                return row with { Note = row.Note + $"; SQLite: not measured in this run (group {sqliteGroup})" };
            }

            var s = sqlite[i];
            var ratio = s.Ratio is { } x ? $", ratio {Report.FmtRatio(x)}" : string.Empty;
            return row with { Note = row.Note + $"; SQLite in this run: {s.Ours.ToString("N1", CultureInfo.InvariantCulture)} {s.Unit} vs {s.PeerValue?.ToString("N1", CultureInfo.InvariantCulture) ?? "—"}{ratio}" };
        })];
    }

    /// <summary>
    /// Issue 9: the API's ingest rates on PostgreSQL beside raw Npgsql writes of the very rows the last captured document
    /// wrote, on the same server, measured right after the service stopped.
    /// </summary>
    private static async Task<IReadOnlyList<BenchRow>> PostgresIngestLimitRowsAsync(CapturedRows captured, double postRate, double captureRate, bool quick)
    {
        var rounds = quick ? 3 : 5;
        var batched = await PostgresIngestLimit.BatchedAsync(captured, rounds);
        var single = quick ? 2_000 : 10_000;
        var perTransaction = await PostgresIngestLimit.OnePerTransactionAsync(captured, single);
        var asynchronous = await PostgresIngestLimit.OnePerTransactionAsync(captured, single, asynchronousCommit: true);
        var what = $"the {captured.Count:N0} field event + record row pairs the last captured document wrote, written again straight through Npgsql "
            + "into a fresh database with our PostgreSQL migrations on the same server (fsync on, synchronous commit)";
        return
        [
            new BenchRow("api-pg", "ingest: EPCIS capture vs raw PostgreSQL COPY of the same rows", "events/s", captureRate,
                "raw binary COPY, 10,000 per transaction", batched,
                $"ours: the capture row above (HTTP, JSON-LD parse, mapping, canonical JSON + keccak per record, unnest inserts in one transaction); limit: {what}, "
                + $"binary COPY of the records then the field events, median of {rounds} fresh databases; target ratio >= 0.10"),
            new BenchRow("api-pg", "ingest: single-record POST vs raw PostgreSQL insert, one transaction per row", "events/s", postRate,
                $"raw insert, one transaction per event ({single:N0} events)", perTransaction,
                $"ours: the closed-loop POST row above (one transaction per request, 32 clients); limit: {what}, prepared INSERT per table, each pair committed on its own by one client as a POST commits; "
                + $"each commit waits for its WAL flush (one fsync), SQLite's WAL with synchronous=NORMAL does not: the same with synchronous_commit=off (SQLite's durability) reached {asynchronous:N0} events/s"),
            new BenchRow("api-pg", "ingest: single-record POST vs raw PostgreSQL COPY", "events/s", postRate,
                "raw binary COPY, 10,000 per transaction", batched,
                "the same POST figure beside the batched limit: what batching buys"),
        ];
    }

    /// <summary>
    /// Issue 8 item 3: the API's ingest rates beside raw SQLite inserts of the very rows the last captured document
    /// wrote, measured right after the service stopped (so the limit has the machine to itself).
    /// </summary>
    private static async Task<IReadOnlyList<BenchRow>> IngestLimitRowsAsync(CapturedRows captured, double postRate, double captureRate, bool quick)
    {
        var rounds = quick ? 3 : 5;
        var batched = await IngestLimit.BatchedAsync(captured, rounds);
        var single = quick ? 2_000 : 10_000;
        var perTransaction = await IngestLimit.OnePerTransactionAsync(captured, single);
        var what = $"the {captured.Count:N0} field event + record row pairs the last captured document wrote, re-inserted through Microsoft.Data.Sqlite "
            + "(prepared command per table) into a fresh database with our migrations and pragmas (WAL, synchronous=NORMAL, foreign keys on)";
        return
        [
            new BenchRow("api", "ingest: EPCIS capture vs raw SQLite insert of the same rows", "events/s", captureRate,
                "raw batched insert, 10,000 per transaction", batched,
                $"ours: the capture row above (HTTP, JSON-LD parse, mapping, canonical JSON + keccak per record, one transaction); limit: {what}, "
                + $"median of {rounds} fresh databases; target ratio >= 0.10"),
            new BenchRow("api", "ingest: single-record POST vs raw SQLite insert, one transaction per row", "events/s", postRate,
                $"raw insert, one transaction per event ({single:N0} events)", perTransaction,
                $"ours: the closed-loop POST row above (one transaction per request, 32 clients); limit: {what}, each pair committed on its own as a POST commits"),
            new BenchRow("api", "ingest: single-record POST vs raw batched SQLite insert", "events/s", postRate,
                "raw batched insert, 10,000 per transaction", batched,
                "the same POST figure beside the batched limit: what batching buys (a client with many records should capture them in one document)"),
        ];
    }

    /// <summary>Stops the benchmarked service and removes its temporary data folder.</summary>
    internal static async Task StopAsync(Process service, string data)
    {
        if (!service.HasExited)
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is left for the OS to clean.
        }
    }

    internal static Process StartService(string api, string data, Uri url, Uri chain, string rules, IReadOnlyDictionary<string, string>? settings = null)
    {
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(api)! };
        psi.ArgumentList.Add(api);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["ASPNETCORE_URLS"] = url.ToString();
        psi.Environment["ECOVALUE_DATA"] = data;
        psi.Environment["EcoValue__Chain__RpcUrl"] = chain.ToString();
        psi.Environment["EcoValue__Chain__ExpectedChainId"] = "31337";
        psi.Environment["EcoValue__Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        // Production also names its brand standards and the master key that seals certifiers' keys.
        psi.Environment["EcoValue__Certification__RulesPath"] = rules;
        psi.Environment["EcoValue__Licences__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the service");
        // Drain the pipes so a chatty service never blocks on a full buffer.
        var log = Environment.GetEnvironmentVariable("ECOVALUE_BENCH_SERVICE_LOG");
        var sink = log is null ? null : TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => sink?.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => sink?.WriteLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitHealthyAsync(HttpClient client, Process service)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !service.HasExited)
        {
            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException("the service did not become healthy within 60 s");
    }

    internal static async Task<string> SignInAsync(HttpClient client, string username, string password)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("accessToken").GetString()!;
    }

    private static async Task<(string Batch, string Gtin, string Lot)> SeedAsync(HttpClient client)
    {
        var producer = await PostAsync(client, "/api/v1/producers", new { name = "Bench cooperative", creditCode = "93469025MA5T7C1X0D", regionCode = "469025" });
        var plot = await PostAsync(client, $"/api/v1/producers/{producer}/plots", new { name = "Bench plot", regionCode = "469025", areaMu = 10 });
        var batch = await PostAsync(client, $"/api/v1/batches?producerId={producer}", new { product = "Bench tea", category = "tea", gtin = "6901234567892", lot = "BENCH1", plotId = plot, harvestDate = "2026-03-28", quantity = 100, unit = "kg" });
        return (batch, "06901234567892", "BENCH1");
    }

    internal static async Task<string> PostAsync(HttpClient client, string url, object body)
    {
        using var response = await client.PostAsJsonAsync(new Uri(url, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {url} answered {(int)response.StatusCode}: {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private static readonly byte[] EventBody = JsonSerializer.SerializeToUtf8Bytes(new
    {
        kind = "input-applied", occurredAt = "2026-03-02T08:30:00+08:00", place = "元门乡 1 号茶园", regionCode = "469025", actor = "符小明",
        input = new { product = "苦参碱 0.3% 水剂", activeIngredient = "matrine", dose = 120, doseUnit = "mL/mu" },
    });

    private static async Task<bool> PostEventAsync(HttpClient client, Uri url)
    {
        using var content = new ByteArrayContent(EventBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(url, content);
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>
    /// Open loop: request i starts at t0 + i/rate whether or not earlier ones finished; its latency runs from that
    /// scheduled instant (no coordinated omission). Returns achieved completions/s, p50, p99 and failures.
    /// </summary>
    private static async Task<(double Achieved, double P50, double P99, int Errors)> OpenLoopAsync(HttpClient client, string batch, int rate, TimeSpan duration)
    {
        var url = new Uri($"/api/v1/batches/{batch}/events", UriKind.Relative);
        for (var i = 0; i < 200; i++)
        {
            await PostEventAsync(client, url); // settle after the closed-loop run: connection pool, SQLite pages
        }

        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var errors = 0;
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < total; i++)
        {
            var scheduled = i * 1000.0 / rate;
            var wait = scheduled - clock.Elapsed.TotalMilliseconds;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait));
            }

            var index = i;
            tasks.Add(SendAsync(index, scheduled));
        }

        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (total / elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors);

        // Started straight from the pacing loop (no Task.Run hop per request: the client shares the 2 cores).
        async Task SendAsync(int index, double scheduled)
        {
            var ok = await PostEventAsync(client, url);
            latencies[index] = clock.Elapsed.TotalMilliseconds - scheduled;
            if (!ok)
            {
                Interlocked.Increment(ref errors);
            }
        }
    }

    private static async Task<double> ClosedLoopAsync(HttpClient client, string batch, int concurrency, TimeSpan duration)
    {
        var url = new Uri($"/api/v1/batches/{batch}/events", UriKind.Relative);
        var done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                if (await PostEventAsync(client, url))
                {
                    Interlocked.Increment(ref done);
                }
            }
        }));
        await Task.WhenAll(workers);
        return done / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> CaptureAsync(HttpClient client, string gtin, string lot, int events, int run)
    {
        var sb = new StringBuilder(events * 420);
        sb.Append("""{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-04-01T10:00:00+08:00","epcisBody":{"eventList":[""");
        for (var i = 0; i < events; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            var hour = (i / 60 % 24).ToString("D2", CultureInfo.InvariantCulture);
            sb.Append(CultureInfo.InvariantCulture, $$"""{"type":"ObjectEvent","eventID":"urn:uuid:{{Guid.NewGuid()}}","action":"OBSERVE","bizStep":"{{(i % 3 == 0 ? "storing" : i % 3 == 1 ? "shipping" : "packing")}}","eventTime":"2026-04-01T{{hour}}:{{(i % 60).ToString("D2", CultureInfo.InvariantCulture)}}:00+08:00","eventTimeZoneOffset":"+08:00","readPoint":{"id":"urn:epc:id:sgln:0614141.00777.{{run}}"},"quantityList":[{"epcClass":"https://id.gs1.org/01/{{gtin}}/10/{{lot}}","quantity":{{1 + (i % 50)}},"uom":"KGM"}]}""");
        }

        sb.Append("]}}");
        var body = Encoding.UTF8.GetBytes(sb.ToString());
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/ld+json");
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsync(new Uri("/epcis/capture", UriKind.Relative), content);
        var seconds = clock.Elapsed.TotalSeconds;
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"capture answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return events / seconds;
    }

    /// <summary>
    /// Waits (at most a minute) until the anchoring worker has worked off the previous phase's backlog: no batch open
    /// and less than one window pending. The writes above leave ~30,000 records to batch and anchor, and a capture
    /// measured meanwhile would measure that instead.
    /// </summary>
    /// <param name="postgres">The service's PostgreSQL database (connection string), or null for the SQLite file in <paramref name="data"/>.</param>
    internal static async Task SettleAsync(string data, string? postgres = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(data, "ecovalue.db"), Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        while (DateTime.UtcNow < deadline)
        {
            await using (var db = postgres is null ? (System.Data.Common.DbConnection)new Microsoft.Data.Sqlite.SqliteConnection(connection) : new Npgsql.NpgsqlConnection(postgres))
            {
                await db.OpenAsync();
                await using var command = db.CreateCommand();
                command.CommandText = "SELECT (SELECT count(*) FROM anchor_batches WHERE status <> 'anchored') + CASE WHEN (SELECT count(*) FROM records WHERE batch_id IS NULL) >= 10000 THEN 1 ELSE 0 END";
                if ((long)(await command.ExecuteScalarAsync())! == 0)
                {
                    break;
                }
            }

            await Task.Delay(250);
        }

        await Task.Delay(1000); // and one more checkpoint tick
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static async Task RunAsync(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args.Take(3))} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
