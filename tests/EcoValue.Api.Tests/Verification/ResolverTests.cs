using System.Net;
using System.Text.Json;
using Dapper;
using EcoValue.Api.Tests.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The resolver and /api/v1/verify without a chain (records stay pending): what a scan answers for unknown, pending,
/// withdrawn, recalled and cloned codes, in JSON, HTML and linkset, and what the scan log keeps.
/// </summary>
public sealed class ResolverTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static CancellationToken Ct => ItemsHost.Ct;

    private HttpClient Anonymous => fixture.Host.Client;

    private async Task<(string BatchId, UserClient Farmer, string Gtin, string Lot, List<string> Serials, List<string> Links)> IssuedAsync(int count = 3, string gtin = "6901234567892")
    {
        var (_, farmer, batchId, g, lot) = await fixture.NewBatchAsync(gtin: gtin);
        var body = await ItemsHost.IssueAsync(farmer, batchId, count);
        var items = body.GetProperty("items").EnumerateArray().ToList();
        return (batchId, farmer, g, lot, [.. items.Select(i => i.GetProperty("serial").GetString()!)], [.. items.Select(i => ItemsHost.PathOf(i.GetProperty("link").GetString()!))]);
    }

    private static string[] Codes(JsonElement view) => [.. view.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)];

    [Fact]
    public async Task UnknownCodes_are404_problemJsonWithTheParsedIdentifiers_orAPageSayingUnknown()
    {
        var (_, _, gtin, lot, _, _) = await IssuedAsync(1);
        var (status, problem) = await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin}/10/{lot}/21/NEVERISSUED01");
        Assert.Equal(404, status);
        Assert.EndsWith("/unknown-code", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal((gtin, lot, "NEVERISSUED01", "UNKNOWN"), (problem.GetProperty("gtin").GetString(), problem.GetProperty("lot").GetString(), problem.GetProperty("serial").GetString(), problem.GetProperty("status").GetString()));

        Assert.Equal(404, (await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin}/10/NO-SUCH-LOT")).Status);
        Assert.Equal(404, (await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin}")).Status);

        using var page = await ItemsHost.GetAsync(Anonymous, $"/01/{gtin}/10/{lot}/21/NEVERISSUED01", "text/html,application/xhtml+xml,*/*;q=0.8", ("Accept-Language", "zh-CN"));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.Contains("此码从未签发", html, StringComparison.Ordinal);
        Assert.Contains("NEVERISSUED01", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnItemBeforeAnchoring_isPending_withTheBatchsPublicFacts_andAProofOfItsSerial()
    {
        var (batchId, _, gtin, lot, serials, links) = await IssuedAsync(4);
        using var response = await ItemsHost.GetAsync(Anonymous, links[2]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl!.ToString());
        Assert.Equal(["Accept", "Accept-Language"], response.Headers.Vary);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var view = JsonDocument.Parse(text).RootElement;
        // Sent whole with its length (VerificationJson into one buffer), and exactly what the host's JSON options write.
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        var http = fixture.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        Assert.Equal(text, JsonSerializer.Serialize(JsonSerializer.Deserialize<EcoValue.Api.Features.Verification.VerificationView>(text, http), http));

        Assert.Equal("PENDING", view.GetProperty("status").GetString());
        Assert.Equal(["pending"], Codes(view));
        Assert.Equal(fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/') + links[2], view.GetProperty("link").GetString());
        Assert.Equal(serials[2], view.GetProperty("item").GetProperty("serial").GetString());
        Assert.Equal(ItemSerial.Grouped(serials[2]), view.GetProperty("item").GetProperty("shortCode").GetString());
        Assert.Equal((batchId, gtin, lot), (view.GetProperty("batch").GetProperty("id").GetString(), view.GetProperty("batch").GetProperty("gtin").GetString(), view.GetProperty("batch").GetProperty("lot").GetString()));
        Assert.Equal("白沙绿茶专业合作社", view.GetProperty("producer").GetProperty("name").GetString());
        Assert.Equal("469025", view.GetProperty("producer").GetProperty("region").GetProperty("code").GetString());
        Assert.Equal("input-applied", Assert.Single(view.GetProperty("journey").EnumerateArray()).GetProperty("kind").GetString());
        Assert.Equal("chlorpyrifos", Assert.Single(view.GetProperty("labResults").EnumerateArray()).GetProperty("analytes")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("licence").ValueKind);
        // Public facts only: the plot's exact location and the lab report number stay private.
        Assert.DoesNotContain("19.2241", text, StringComparison.Ordinal);
        Assert.DoesNotContain("HN-2026-04-0117", text.Replace("\\u0022", "\"", StringComparison.Ordinal).Split("\"envelope\"")[0], StringComparison.Ordinal);

        var proofs = view.GetProperty("proofs").EnumerateArray().ToList();
        Assert.Equal(["batch", "item-issuance", "field-event", "lab-result"], proofs.Select(p => p.GetProperty("role").GetString()));
        Assert.All(proofs, p =>
        {
            Assert.Equal("pending", p.GetProperty("status").GetString());
            Assert.Equal(p.GetProperty("recordHash").GetString(), Hex.Encode(Keccak.Hash(System.Text.Encoding.UTF8.GetBytes(p.GetProperty("envelope").GetString()!))));
        });

        // The item is provably one of its issuance's: keccak(serial) is in the tree whose root the issuance record names.
        var itemProof = view.GetProperty("itemProof");
        var value = Keccak.Hash(System.Text.Encoding.UTF8.GetBytes(serials[2]));
        Assert.Equal(Hex.Encode(value), itemProof.GetProperty("value").GetString());
        Assert.Equal(Hex.Encode(StandardMerkleTree.LeafHash(value)), itemProof.GetProperty("leaf").GetString());
        var root = Hex.Decode(itemProof.GetProperty("serialsRoot").GetString()!);
        Assert.True(StandardMerkleTree.Verify(root, value, [.. itemProof.GetProperty("proof").EnumerateArray().Select(p => Hex.Decode(p.GetString()!))]));
        var issuance = JsonDocument.Parse(proofs[1].GetProperty("envelope").GetString()!).RootElement;
        Assert.Equal(itemProof.GetProperty("serialsRoot").GetString(), issuance.GetProperty("data").GetProperty("serialsRoot").GetString());
        Assert.Equal(itemProof.GetProperty("issuanceRecordId").GetString(), proofs[1].GetProperty("recordId").GetString());
    }

    [Fact]
    public async Task ItemLinks_resolveInEveryGtinLength_andWithoutTheLot_butNotUnderAnotherLotOrGtin()
    {
        var (_, _, gtin, lot, serials, links) = await IssuedAsync(1);
        Assert.Equal(200, (await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin[1..]}/10/{lot}/21/{serials[0]}")).Status);
        var (status, view) = await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin}/21/{serials[0]}");
        Assert.Equal(200, status);
        Assert.EndsWith(links[0], view.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await ItemsHost.ResolveAsync(Anonymous, $"/01/{gtin}/10/{lot}X/21/{serials[0]}")).Status);
        Assert.Equal(404, (await ItemsHost.ResolveAsync(Anonymous, $"/01/09506000134352/10/{lot}/21/{serials[0]}")).Status);
    }

    [Fact]
    public async Task ABatchLink_answersForTheBatch_withoutItemOrScans()
    {
        var (batchId, _, gtin, lot, _, _) = await IssuedAsync(1);
        using var response = await ItemsHost.GetAsync(Anonymous, $"/01/{gtin}/10/{lot}");
        var view = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(batchId, view.GetProperty("batch").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, view.GetProperty("item").ValueKind);
        Assert.Equal(JsonValueKind.Null, view.GetProperty("itemProof").ValueKind);
        Assert.Equal("PENDING", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AWithdrawnItem_is410_andWarnsTheShopper()
    {
        var (batchId, farmer, _, _, serials, links) = await IssuedAsync(2);
        var (ok, _) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items/withdraw", new { serials = new[] { serials[0] }, reason = "标签印错 misprinted label" });
        Assert.Equal(200, ok);

        var (status, view) = await ItemsHost.ResolveAsync(Anonymous, links[0]);
        Assert.Equal(410, status);
        Assert.Equal("SUSPICIOUS", view.GetProperty("status").GetString());
        Assert.Equal("item.withdrawn", Codes(view)[0]);
        Assert.Contains("标签印错", view.GetProperty("reasons")[0].GetProperty("zh").GetString(), StringComparison.Ordinal);
        Assert.True(view.GetProperty("item").GetProperty("withdrawn").GetBoolean());
        Assert.Contains(view.GetProperty("proofs").EnumerateArray(), p => p.GetProperty("role").GetString() == "item-withdrawal");
        using var page = await ItemsHost.GetAsync(Anonymous, links[0], "text/html");
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Equal(200, (await ItemsHost.ResolveAsync(Anonymous, links[1])).Status);
    }

    [Fact]
    public async Task ARecalledBatch_isRecalled_withTheAdminsReason_forItsItemsAndItsBatchLink()
    {
        var (batchId, _, gtin, lot, _, links) = await IssuedAsync(1);
        const string Reason = "抽检发现铅超标 lead over the limit at a market spot check";
        Assert.Equal(201, (await RegistryHost.PostAsync(fixture.Admin, $"/api/v1/batches/{batchId}/recall", new { reason = Reason })).Status);

        foreach (var path in new[] { links[0], $"/01/{gtin}/10/{lot}" })
        {
            var (status, view) = await ItemsHost.ResolveAsync(Anonymous, path);
            Assert.Equal(200, status);
            Assert.Equal("RECALLED", view.GetProperty("status").GetString());
            Assert.Equal("batch.recalled", Codes(view)[0]);
            Assert.Equal("RECALLED", view.GetProperty("reasons")[0].GetProperty("status").GetString());
            Assert.Contains(Reason, view.GetProperty("reasons")[0].GetProperty("en").GetString(), StringComparison.Ordinal);
            Assert.Equal(Reason, view.GetProperty("recall").GetProperty("reason").GetString());
            Assert.Contains(view.GetProperty("proofs").EnumerateArray(), p => p.GetProperty("role").GetString() == "recall");
            Assert.Contains("pending", Codes(view));
        }
    }

    [Fact]
    public async Task ScansFromFarApartPlaces_withinMinutes_makeTheCodeSuspicious_andTheLogKeepsNoAddress()
    {
        var (_, farmer, _, _, serials, links) = await IssuedAsync(1);
        var (first, haikou) = await ItemsHost.ResolveAsync(Anonymous, links[0], ("X-Geo-Latitude", "20.044"), ("X-Geo-Longitude", "110.199"), ("X-Geo-Place", "Haikou"));
        Assert.Equal(200, first);
        Assert.Equal("PENDING", haikou.GetProperty("status").GetString());
        Assert.Equal(1, haikou.GetProperty("item").GetProperty("scanCount").GetInt32());
        var firstAt = haikou.GetProperty("item").GetProperty("firstScanAt").GetString();

        var (_, beijing) = await ItemsHost.ResolveAsync(Anonymous, links[0], ("X-Geo-Latitude", "39.904"), ("X-Geo-Longitude", "116.407"), ("X-Geo-Place", "%E5%8C%97%E4%BA%AC"));
        Assert.Equal("SUSPICIOUS", beijing.GetProperty("status").GetString());
        Assert.Equal("scans.impossible_travel", Codes(beijing)[0]);
        Assert.Contains("Haikou", beijing.GetProperty("reasons")[0].GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Contains("北京", beijing.GetProperty("reasons")[0].GetProperty("zh").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, beijing.GetProperty("item").GetProperty("scanCount").GetInt32());
        Assert.Equal(firstAt, beijing.GetProperty("item").GetProperty("firstScanAt").GetString());

        // A signed-in caller (the farmer checking its own stock) and HEAD requests are answered but not logged.
        var (_, asFarmer) = await ItemsHost.ResolveAsync(farmer, links[0]);
        Assert.Equal(2, asFarmer.GetProperty("item").GetProperty("scanCount").GetInt32());
        using (var head = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, links[0]), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
        }

        // The log holds the two scans, rounded to 0.1°, under a keyed hash of the address, never the address.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<(string Hash, double? Lat, double? Lon, string? Place)> rows;
        do
        {
            await Task.Delay(50, Ct);
            await using var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct);
            rows = [.. await c.QueryAsync<(string, double?, double?, string?)>("SELECT scanner_hash, lat, lon, place FROM scans WHERE serial = @s ORDER BY id", new { s = serials[0] })];
        }
        while (rows.Count < 2 && DateTime.UtcNow < deadline);
        Assert.Equal(2, rows.Count);
        Assert.Equal([(20.0, 110.2, "Haikou"), (39.9, 116.4, "北京")], rows.Select(r => (r.Lat!.Value, r.Lon!.Value, r.Place)));
        Assert.All(rows, r => Assert.Matches("^[0-9a-f]{32}$", r.Hash));
        Assert.Single(rows.Select(r => r.Hash).Distinct());
        Assert.DoesNotContain("127.0.0.1", rows[0].Hash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABurstOfScans_isCaughtAtOnce_evenBeforeTheLogIsWritten()
    {
        var (_, _, _, _, _, links) = await IssuedAsync(1);
        JsonElement last = default;
        for (var i = 0; i < 31; i++)
        {
            (_, last) = await ItemsHost.ResolveAsync(Anonymous, links[0]);
        }

        Assert.Equal("SUSPICIOUS", last.GetProperty("status").GetString());
        Assert.Contains("scans.burst", Codes(last));
        Assert.Equal(31, last.GetProperty("item").GetProperty("scanCount").GetInt32());
    }

    [Fact]
    public async Task Linkset_isRfc9264_withGs1LinkTypes_andTheLinkHeaderPointsToIt()
    {
        var (_, _, _, _, _, links) = await IssuedAsync(1);
        var baseUrl = fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/');
        using var response = await ItemsHost.GetAsync(Anonymous, links[0], "application/linkset+json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType!.MediaType);
        var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var context = Assert.Single(doc.GetProperty("linkset").EnumerateArray());
        Assert.Equal(baseUrl + links[0], context.GetProperty("anchor").GetString());
        Assert.Equal(baseUrl + links[0], context.GetProperty("https://gs1.org/voc/defaultLink")[0].GetProperty("href").GetString());
        Assert.Equal(baseUrl + links[0], context.GetProperty("https://gs1.org/voc/pip")[0].GetProperty("href").GetString());
        var traceability = context.GetProperty("https://gs1.org/voc/traceability").EnumerateArray().Select(t => t.GetProperty("href").GetString()!).ToList();
        Assert.Contains(baseUrl + "/api/v1/verify?link=" + Uri.EscapeDataString(baseUrl + links[0]), traceability);
        Assert.Contains(traceability, t => t.Contains("/api/v1/records/", StringComparison.Ordinal) && t.EndsWith("/proof", StringComparison.Ordinal));
        Assert.False(context.TryGetProperty("https://gs1.org/voc/certificationInfo", out _));
        // Every member other than the anchor is a link type URI with an array of target objects holding an href.
        foreach (var member in context.EnumerateObject().Where(m => m.Name != "anchor"))
        {
            Assert.StartsWith("https://gs1.org/voc/", member.Name, StringComparison.Ordinal);
            Assert.All(member.Value.EnumerateArray(), t => Assert.True(Uri.IsWellFormedUriString(t.GetProperty("href").GetString(), UriKind.Absolute)));
        }

        var header = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.Contains($"<{baseUrl + links[0]}?linkType=all>; rel=\"linkset\"; type=\"application/linkset+json\"", header, StringComparison.Ordinal);
        Assert.Contains("rel=\"https://gs1.org/voc/defaultLink\"", header, StringComparison.Ordinal);

        using var all = await ItemsHost.GetAsync(Anonymous, links[0] + "?linkType=all", "text/html");
        Assert.Equal("application/linkset+json", all.Content.Headers.ContentType!.MediaType);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.Client.BaseAddress };
        using var redirect = await ItemsHost.GetAsync(noRedirect, links[0] + "?linkType=gs1:traceability", "text/html");
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        Assert.StartsWith(baseUrl + "/api/v1/verify?link=", redirect.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyApi_takesAFullLinkOrAPath_andAnswersAsTheResolverDoes()
    {
        var (_, farmer, _, _, _, links) = await IssuedAsync(1);
        var baseUrl = fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/');
        var (_, byResolver) = await ItemsHost.ResolveAsync(farmer, links[0]);
        var (s1, byUrl) = await RegistryHost.GetAsync(farmer, "/api/v1/verify?link=" + Uri.EscapeDataString(baseUrl + links[0]));
        var (s2, byPath) = await RegistryHost.GetAsync(farmer, "/api/v1/verify?link=" + Uri.EscapeDataString(links[0]));
        Assert.Equal((200, 200), (s1, s2));
        foreach (var view in new[] { byUrl, byPath })
        {
            Assert.Equal(byResolver.GetProperty("link").GetString(), view.GetProperty("link").GetString());
            Assert.Equal(byResolver.GetProperty("status").GetString(), view.GetProperty("status").GetString());
            Assert.Equal(byResolver.GetProperty("itemProof").ToString(), view.GetProperty("itemProof").ToString());
        }

        var (missing, problem) = await RegistryHost.GetAsync(Anonymous, "/api/v1/verify");
        Assert.Equal(400, missing);
        Assert.Equal(("link.required", "https://ecovalue.dev/problems/invalid-link"), (problem.GetProperty("code").GetString(), problem.GetProperty("type").GetString()));
        // Another last character (a serial ending in "0" stayed itself before, and the test failed now and then).
        var other = links[0][..^1] + (links[0][^1] == '0' ? "1" : "0");
        var (unknown, _) = await RegistryHost.GetAsync(Anonymous, "/api/v1/verify?link=" + Uri.EscapeDataString(other));
        Assert.Equal(404, unknown);
    }

    [Fact]
    public async Task ALotWithASlash_travelsAsPercent2F_andALiteralSlashIsNotTheSameLink()
    {
        var (_, farmer, batchId, gtin, _) = await fixture.NewBatchAsync();
        var (_, batch) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}");
        var lot = "A/B" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (corrected, _) = await RegistryHost.PutAsync(farmer, $"/api/v1/batches/{batchId}", new
        {
            product = "白沙绿茶", category = "tea", gtin, lot, plotId = batch.GetProperty("plotId").GetString(), harvestDate = "2026-03-28", quantity = 1000, unit = "piece",
        });
        Assert.Equal(200, corrected);
        var issued = await ItemsHost.IssueAsync(farmer, batchId, 1);
        var link = issued.GetProperty("items")[0].GetProperty("link").GetString()!;
        Assert.Contains("/10/A%2FB", link, StringComparison.Ordinal);

        var (status, view) = await ItemsHost.ResolveAsync(Anonymous, ItemsHost.PathOf(link));
        Assert.Equal(200, status);
        Assert.Equal(lot, view.GetProperty("batch").GetProperty("lot").GetString());
        var (literal, problem) = await ItemsHost.ResolveAsync(Anonymous, ItemsHost.PathOf(link).Replace("%2F", "/", StringComparison.Ordinal));
        Assert.Equal(400, literal);
        Assert.Equal("link.unknown_ai", problem.GetProperty("code").GetString());
    }
}
