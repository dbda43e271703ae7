using System.Text;
using System.Text.Json;
using Dapper;
using EcoValue.Api.Tests.Certification;
using EcoValue.Testing;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The certification host on a real anvil whose own worker anchors every record within a second, and whose consumer
/// page names the anvil as the public node, so the in-browser check reads the anchored roots from the chain itself
/// (without one, a genuine page could only say "not everything could be checked").
/// </summary>
public sealed class ScanBrowserHost : CertificationHost
{
    protected override bool AnchorRecords => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["EcoValue:Anchoring:WindowTime"] = "00:00:00.200",
        ["EcoValue:Anchoring:PollInterval"] = "00:00:00.050",
        ["EcoValue:Anchoring:Confirmations"] = "1",
        ["EcoValue:Verification:CacheSeconds"] = "0",
        ["EcoValue:Verification:PublicRpcUrl"] = Node.RpcUrl.ToString(),
        ["EcoValue:RateLimits:PublicPerMinute"] = "0",
    };
}

/// <summary>
/// Issue 6's browser acceptance, end to end: the real service on a real anvil (AnchorRegistry and LicenceRegistry,
/// records anchored by its own worker), real licensed and branded batches with issued codes, and one headless
/// Chromium (Debian's, driven by playwright-core from tests/js/consumer-scan.mjs, 360 px wide) scanning each link as
/// a consumer would: a genuine item in zh-CN and en (the in-browser check verifies it against the chain), an unknown
/// code, a revoked licence, a record edited in the SQLite file (the in-browser check fails on its hash), a recalled
/// batch, and a code scanned in a burst from far-apart places; one page with JavaScript off. Screenshots land in
/// artifacts/test/screenshots/scan-*.png.
/// </summary>
public sealed class ScanBrowserTests
{
    private const string RecallReason = "抽检发现铅超标 lead over the limit at a market spot check";
    private const string RevokeReason = "抽检发现铅超标 spot check: lead over the limit";

    // A pack's code seen in four cities a thousand kilometres and more apart, one scan after another.
    private static readonly (string Place, double Lat, double Lon)[] Cities =
        [("海口", 20.044, 110.199), ("乌鲁木齐", 43.825, 87.617), ("哈尔滨", 45.803, 126.535), ("拉萨", 29.652, 91.172)];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chromium_scansGenuineUnknownRevokedTamperedRecalledAndClonedCodes_throughTheRealService()
    {
        Requirements.TestToolPackage("playwright-core");
        Requirements.Chromium();
        var node = Requirements.Node();

        var fixture = new ScanBrowserHost();
        try
        {
            await fixture.InitializeAsync();
            await RunAsync(fixture, node);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }

    private static async Task RunAsync(ScanBrowserHost fixture, string node)
    {
        // Producer 1, licensed: a genuine batch (one item stays genuine, another gets cloned), a batch whose record
        // is edited in the database, and a recalled batch. Producer 2, licensed, then revoked.
        using var certifier = await fixture.NewCertifierAsync(Baisha);
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (plot, _) = await SeedAsync(farmer, producerId, areaMu: 30);
        await ConfirmedLicenceAsync(certifier, farmer, plot);
        var (_, genuine) = await BrandedItemsAsync(farmer, producerId, plot, 2);
        var (_, tampered) = await BrandedItemsAsync(farmer, producerId, plot, 1);
        var (recalledBatch, recalled) = await BrandedItemsAsync(farmer, producerId, plot, 1);

        var (producer2, farmer2) = await fixture.NewProducerAsync("白沙云雾茶叶专业合作社");
        using var lease2 = farmer2;
        var (plot2, _) = await SeedAsync(farmer2, producer2, areaMu: 10);
        var revokedLicence = await ConfirmedLicenceAsync(certifier, farmer2, plot2);
        var (_, revoked) = await BrandedItemsAsync(farmer2, producer2, plot2, 1);

        // Everything anchored and confirmed (the licences and brand claims included) before anything goes wrong.
        var genuineView = await ItemsHost.WaitForStatusAsync(farmer, genuine[0], "GENUINE");
        var tamperedView = await ItemsHost.WaitForStatusAsync(farmer, tampered[0], "GENUINE");
        await ItemsHost.WaitForStatusAsync(farmer, recalled[0], "GENUINE");
        await ItemsHost.WaitForStatusAsync(farmer2, revoked[0], "GENUINE");

        var (revokedStatus, revokedBody) = await PostAsync(certifier, $"/api/v1/licences/{revokedLicence}/revoke", new { reason = RevokeReason });
        Assert.True(revokedStatus == 200, revokedBody.ToString());
        var (recallStatus, recallBody) = await PostAsync(fixture.Admin, $"/api/v1/batches/{recalledBatch}/recall", new { reason = RecallReason });
        Assert.True(recallStatus == 201, recallBody.ToString());

        // Someone with the file drops the append-only guard and rewrites the batch's quantity in its record.
        var batchRecord = tamperedView.GetProperty("proofs").EnumerateArray().Single(p => p.GetProperty("role").GetString() == "batch");
        var batchRecordId = batchRecord.GetProperty("recordId").GetString()!;
        await using (var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct))
        {
            await c.ExecuteAsync(EcoValue.Testing.TestDatabases.DropTriggerSql("records_content_is_append_only", "records"));
            var original = batchRecord.GetProperty("envelope").GetString()!;
            var edited = original.Replace("\"quantity\":50,", "\"quantity\":5000,", StringComparison.Ordinal);
            Assert.NotEqual(original, edited);
            Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = @id", new { e = Encoding.UTF8.GetBytes(edited), id = batchRecordId }));
        }

        // A burst of anonymous scans of one code, cycling through cities no pack could travel between in minutes.
        for (var i = 0; i < 32; i++)
        {
            var (place, lat, lon) = Cities[i % Cities.Length];
            var (status, _) = await ItemsHost.ResolveAsync(fixture.Host.Client, genuine[1], Geo(lat, lon, place));
            Assert.Equal(200, status);
        }

        // The service agrees before the browser looks (signed in, so these reads are not scans).
        Assert.Equal("REVOKED", (await ItemsHost.ResolveAsync(farmer2, revoked[0])).Body.GetProperty("status").GetString());
        Assert.Equal("TAMPERED", (await ItemsHost.ResolveAsync(farmer, tampered[0])).Body.GetProperty("status").GetString());
        Assert.Equal("RECALLED", (await ItemsHost.ResolveAsync(farmer, recalled[0])).Body.GetProperty("status").GetString());
        Assert.Equal("SUSPICIOUS", (await ItemsHost.ResolveAsync(farmer, genuine[1])).Body.GetProperty("status").GetString());

        var gtin = genuineView.GetProperty("batch").GetProperty("gtin").GetString();
        var lot = genuineView.GetProperty("batch").GetProperty("lot").GetString();
        var beijing = Geo(39.904, 116.407, "北京").ToDictionary(h => h.Name, h => h.Value, StringComparer.Ordinal);
        var cases = new object[]
        {
            new { name = "genuine-zh", path = genuine[0], locale = "zh-CN", js = true },
            new { name = "genuine-en", path = genuine[0], locale = "en-GB", js = true },
            new { name = "unknown-en", path = $"/01/{gtin}/10/{lot}/21/NEVERISSUED01", locale = "en-GB", js = true, expectStatus = 404 },
            new { name = "revoked-zh", path = revoked[0], locale = "zh-CN", js = true },
            new { name = "revoked-nojs-en", path = revoked[0], locale = "en-GB", js = false },
            new { name = "tampered-en", path = tampered[0], locale = "en-GB", js = true },
            // The language switch's link (?lang=en) wins over a Chinese browser.
            new { name = "recalled-en", path = recalled[0] + "?lang=en", locale = "zh-CN", js = true },
            // The consumer's own scan comes from yet another city, as the proxy would say.
            new { name = "cloned-zh", path = genuine[1], locale = "zh-CN", js = true, headers = beijing },
        };
        var names = cases.Select(c => (string)c.GetType().GetProperty("name")!.GetValue(c)!).ToList();
        var screenshots = Path.Combine(RepoPaths.Root, "artifacts", "test", "screenshots");
        foreach (var old in names.Select(n => Path.Combine(screenshots, $"scan-{n}.png")).Where(File.Exists))
        {
            File.Delete(old);
        }

        var output = await ToolProcess.RunAsync(node, [Path.Combine(RepoPaths.Root, "tests", "js", "consumer-scan.mjs"), fixture.Host.Client.BaseAddress!.ToString(), screenshots, JsonSerializer.Serialize(cases)],
            timeout: TimeSpan.FromSeconds(120), ct: Ct);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToDictionary(r => r.GetProperty("name").GetString()!, StringComparer.Ordinal);
        Assert.Equal(names, results.Keys);
        Assert.All(results.Values, r => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString()));
        Assert.All(results.Values, r => Assert.True(r.GetProperty("errors").GetArrayLength() == 0, r.ToString()));
        Assert.All(results.Values, r => Assert.True(r.GetProperty("overflow").GetInt32() <= 0, $"{r.GetProperty("name")} is wider than 360 px"));

        // Genuine, in Chinese: the in-browser check passes every proof, the chain's roots included.
        var zh = results["genuine-zh"];
        Assert.Equal((200, "zh-CN"), (zh.GetProperty("status").GetInt32(), zh.GetProperty("lang").GetString()));
        Assert.StartsWith("正品", zh.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-good", zh.GetProperty("tone").GetString(), StringComparison.Ordinal);
        Assert.Contains("有效", zh.GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.Equal("verified", zh.GetProperty("outcome").GetString());
        Assert.Equal("✔ 已在您的浏览器中核验通过", zh.GetProperty("overall").GetString());
        Assert.Equal(0, zh.GetProperty("failed").GetArrayLength());
        Assert.Equal(0, zh.GetProperty("skipped").GetArrayLength());
        var passed = Keys(zh, "passed");
        var proofs = genuineView.GetProperty("proofs").EnumerateArray().ToList();
        Assert.All(proofs, p => Assert.Contains($"record:{p.GetProperty("recordId").GetString()}:merkle", passed));
        Assert.Contains("chain:id", passed);
        Assert.All(proofs.Select(p => p.GetProperty("root").GetString()).Distinct(), root => Assert.Contains($"chain:root:{root}", passed));
        Assert.Contains("item:tree", passed);

        var en = results["genuine-en"];
        Assert.Equal("en", en.GetProperty("lang").GetString());
        Assert.StartsWith("Genuine", en.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Equal(("verified", "✔ Verified in your browser"), (en.GetProperty("outcome").GetString(), en.GetProperty("overall").GetString()));

        var unknown = results["unknown-en"];
        Assert.Equal((404, "en"), (unknown.GetProperty("status").GetInt32(), unknown.GetProperty("lang").GetString()));
        Assert.Equal("Unknown code This code was never issued", unknown.GetProperty("h1").GetString());
        Assert.Contains("may be counterfeit", unknown.GetProperty("verdict").GetString(), StringComparison.Ordinal);
        Assert.False(unknown.GetProperty("buttonVisible").GetBoolean());

        // Revoked: the licence section says so, with the certifier's reason; the records themselves still hold.
        var rz = results["revoked-zh"];
        Assert.StartsWith("许可已撤销", rz.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-bad", rz.GetProperty("tone").GetString(), StringComparison.Ordinal);
        Assert.Equal("licence.revoked", rz.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Contains("已撤销", rz.GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.Contains(RevokeReason, rz.GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.NotEqual("failed", rz.GetProperty("outcome").GetString());

        // Without JavaScript the answer is all there; the check's button, which could not work, is not shown.
        var nojs = results["revoked-nojs-en"];
        Assert.StartsWith("Licence revoked", nojs.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("Revoked", nojs.GetProperty("licence").GetString(), StringComparison.Ordinal);
        Assert.False(nojs.GetProperty("buttonVisible").GetBoolean());

        // Tampered: the service says so, and the browser's own check fails on that record's hash (and on the
        // server's own report of it), nothing else.
        var bad = results["tampered-en"];
        Assert.StartsWith("Record tampered", bad.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-bad", bad.GetProperty("tone").GetString(), StringComparison.Ordinal);
        Assert.Equal("tampered.record", bad.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal("failed", bad.GetProperty("outcome").GetString());
        Assert.StartsWith("✖ Check FAILED", bad.GetProperty("overall").GetString(), StringComparison.Ordinal);
        Assert.Equal([$"record:{batchRecordId}:hash", $"record:{batchRecordId}:status"], Keys(bad, "failed").Order(StringComparer.Ordinal));
        Assert.Contains($"record:{batchRecordId}:merkle", Keys(bad, "passed"));

        // Recalled: the notice with the admin's reason, in English as the switch asked.
        var rc = results["recalled-en"];
        Assert.Equal("en", rc.GetProperty("lang").GetString());
        Assert.StartsWith("Recalled", rc.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-warn", rc.GetProperty("tone").GetString(), StringComparison.Ordinal);
        Assert.Equal("batch.recalled", rc.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Contains(RecallReason, rc.GetProperty("recall").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Recall notice", rc.GetProperty("recall").GetString(), StringComparison.Ordinal);
        Assert.NotEqual("failed", rc.GetProperty("outcome").GetString());

        // Cloned: suspicious, saying why (the burst, and the first two cities no pack travels between that fast).
        var cl = results["cloned-zh"];
        Assert.StartsWith("可疑", cl.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-warn", cl.GetProperty("tone").GetString(), StringComparison.Ordinal);
        var reasons = cl.GetProperty("reasons").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("text").GetString()!, StringComparer.Ordinal);
        Assert.Contains("被扫描了 33 次", reasons["scans.burst"], StringComparison.Ordinal);
        Assert.Contains("此码先后在海口和乌鲁木齐被扫描", reasons["scans.impossible_travel"], StringComparison.Ordinal);
        Assert.NotEqual("failed", cl.GetProperty("outcome").GetString());

        foreach (var name in names)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(screenshots, $"scan-{name}.png"), Ct);
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"scan-{name}.png is not a PNG screenshot");
        }

        // The browser's scans were the consumer's: logged, the last one from Beijing.
        var (_, after) = await ItemsHost.ResolveAsync(farmer, genuine[1]);
        Assert.Equal(33, after.GetProperty("item").GetProperty("scanCount").GetInt32());
        var serial = after.GetProperty("item").GetProperty("serial").GetString();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string? lastPlace;
        do
        {
            await Task.Delay(50, Ct);
            await using var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct);
            lastPlace = await c.QuerySingleOrDefaultAsync<string?>("SELECT place FROM scans WHERE serial = @serial AND id = (SELECT MAX(id) FROM scans WHERE serial = @serial)", new { serial });
        }
        while (lastPlace != "北京" && DateTime.UtcNow < deadline);
        Assert.Equal("北京", lastPlace);
    }

    /// <summary>Applies for Baisha Liangshi on the plot, approves, and waits until the licence is on chain.</summary>
    private static async Task<string> ConfirmedLicenceAsync(UserClient certifier, UserClient farmer, string plot)
    {
        var licenceId = await ApproveAsync(certifier, await ApplyAsync(farmer, Baisha, plot));
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));
        return licenceId;
    }

    /// <summary>A 50 kg batch harvested today, claiming the brand, and <paramref name="count"/> codes of 0.5 kg (their link paths).</summary>
    private static async Task<(string BatchId, List<string> Links)> BrandedItemsAsync(UserClient farmer, string producerId, string plot, int count)
    {
        var batch = await AddBatchAsync(farmer, producerId, plot, 50);
        var (claimed, claim) = await PostAsync(farmer, $"/api/v1/batches/{batch}/brand", new { brandId = Baisha });
        Assert.True(claimed == 201, claim.ToString());
        var issued = await ItemsHost.IssueAsync(farmer, batch, count, 0.5);
        return (batch, [.. issued.GetProperty("items").EnumerateArray().Select(i => ItemsHost.PathOf(i.GetProperty("link").GetString()!))]);
    }

    /// <summary>The headers a trusted proxy adds: coarse location and the place name, percent-encoded (headers are ASCII).</summary>
    private static (string Name, string Value)[] Geo(double lat, double lon, string place) =>
        [("X-Geo-Latitude", lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("X-Geo-Longitude", lon.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("X-Geo-Place", Uri.EscapeDataString(place))];

    private static List<string> Keys(JsonElement result, string list) => [.. result.GetProperty(list).EnumerateArray().Select(k => k.GetString()!)];
}
