using System.Net;
using System.Text.Json;
using Dapper;
using EcoValue.Api.Tests.Verification;
using EcoValue.Data.Accounts;
using EcoValue.Data.Items;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.ScaleOut;

/// <summary>
/// Issue 9: two service instances on one PostgreSQL database each buffer their consumers' scans and flush them into the
/// shared scan log (docs/verification.md "Scan log across instances"). Scanned concurrently through both, every scan is
/// logged once, each serial's totals equal its log, and either instance's answers count the other's scans once they
/// are flushed (within <c>EcoValue:Scans:FlushMilliseconds</c>).
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed class SharedScanLogTests
{
    private const int FlushMilliseconds = 300;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ScansThroughTwoInstances_areLoggedOnceEach_totalsMatchTheLog_andBothAnswersCountThemAll()
    {
        TestDatabases.RequirePostgresBackend();
        var settings = new Dictionary<string, string?>(ItemsHost.Settings) { ["EcoValue:Scans:FlushMilliseconds"] = FlushMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var items = new ItemsHost();
        await items.InitializeAsync();
        try
        {
            await using var b = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"), settings: settings, dataDirectory: items.Host.DataDirectory);
            // Instance A (the fixture's host) flushes at the default 500 ms, instance B at 300 ms.
            var (_, farmer, batchId, _, _) = await items.NewBatchAsync();
            var issued = await ItemsHost.IssueAsync(farmer, batchId, 3);
            var links = issued.GetProperty("items").EnumerateArray().Select(i => ItemsHost.PathOf(i.GetProperty("link").GetString()!)).ToList();
            var serials = issued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!).ToList();

            // Serial 0: 80 scans, serial 1: 41, serial 2: none; anonymous (so logged), alternating instances, 16 at a time.
            var plan = Enumerable.Range(0, 80).Select(i => (Link: links[0], Host: i % 2 == 0 ? items.Host : b))
                .Concat(Enumerable.Range(0, 41).Select(i => (Link: links[1], Host: i % 3 == 0 ? items.Host : b)))
                .OrderBy(_ => Random.Shared.Next()).ToList();
            using var gate = new SemaphoreSlim(16);
            var statuses = await Task.WhenAll(plan.Select(async p =>
            {
                await gate.WaitAsync(Ct);
                try
                {
                    using var response = await ItemsHost.GetAsync(p.Host.Client, p.Link);
                    return response.StatusCode;
                }
                finally
                {
                    gate.Release();
                }
            }));
            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

            // Both writers flush within their interval (A: the default 500 ms, B: 300 ms); allow the writes themselves time.
            await Task.Delay(TimeSpan.FromMilliseconds(500 + 1500), Ct);
            await using (var c = await TestDatabases.ForDirectory(items.Host.DataDirectory).OpenAsync(Ct))
            {
                foreach (var (serial, expected) in new[] { (serials[0], 80L), (serials[1], 41L), (serials[2], 0L) })
                {
                    var logged = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM scans WHERE serial = @serial", new { serial });
                    var total = await c.ExecuteScalarAsync<long?>("SELECT count FROM scan_totals WHERE serial = @serial", new { serial });
                    Assert.Equal((expected, expected), (logged, total ?? 0));
                    // The row's newest scans (all of them, under the history limit) are the log's, both instances'
                    // merged newest first by the upsert (PostgresBulk.AppendScansAsync).
                    var recent = ScanHistory.Read(await c.ExecuteScalarAsync<string?>("SELECT recent FROM scan_totals WHERE serial = @serial", new { serial }) ?? ScanHistory.Empty);
                    var log = (await c.QueryAsync<(string At, string Scanner)>("SELECT at, scanner_hash FROM scans WHERE serial = @serial", new { serial })).ToList();
                    Assert.Equal(log.Select(l => (DateTimeOffset.Parse(l.At, System.Globalization.CultureInfo.InvariantCulture), l.Scanner)).OrderByDescending(l => l.Item1).ThenBy(l => l.Scanner, StringComparer.Ordinal),
                        recent.Select(r => (r.At, r.Scanner)).OrderByDescending(l => l.At).ThenBy(l => l.Scanner, StringComparer.Ordinal));
                    Assert.Equal(recent.Select(r => r.At).OrderDescending(), recent.Select(r => r.At));
                }

                // first_at is the earliest logged scan.
                Assert.Equal(
                    await c.ExecuteScalarAsync<string>("SELECT min(at) FROM scans WHERE serial = @s", new { s = serials[0] }),
                    await c.ExecuteScalarAsync<string>("SELECT first_at FROM scan_totals WHERE serial = @s", new { s = serials[0] }));
            }

            // Signed in, nothing more is logged: both instances answer with every scan, their own and the other's.
            using var adminB = await b.ClientForAsync(Roles.Admin, ct: Ct);
            foreach (var client in new HttpClient[] { items.Admin, adminB })
            {
                Assert.Equal(80, await ScanCountAsync(client, links[0]));
                Assert.Equal(41, await ScanCountAsync(client, links[1]));
                Assert.Equal(0, await ScanCountAsync(client, links[2]));
            }

            // One more scan on B: A counts it within B's flush interval (plus the write), without any scan of its own.
            using (var one = await ItemsHost.GetAsync(b.Client, links[2]))
            {
                Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            }

            Assert.Equal(1, await ScanCountAsync(adminB, links[2]));
            var deadline = DateTime.UtcNow + TimeSpan.FromMilliseconds(FlushMilliseconds + 1500);
            int seenByA;
            while ((seenByA = await ScanCountAsync(items.Admin, links[2])) == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Ct);
            }

            Assert.Equal(1, seenByA);
        }
        finally
        {
            await items.DisposeAsync();
        }
    }

    private static async Task<int> ScanCountAsync(HttpClient client, string link)
    {
        var (status, view) = await ItemsHost.ResolveAsync(client, link);
        Assert.Equal(200, status);
        var item = view.GetProperty("item");
        return item.GetProperty("scanCount").ValueKind == JsonValueKind.Number ? item.GetProperty("scanCount").GetInt32() : 0;
    }
}
