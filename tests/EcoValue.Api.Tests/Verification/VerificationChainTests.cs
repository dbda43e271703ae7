using System.Text;
using System.Text.Json;
using Dapper;
using EcoValue.Anchoring.Contracts;
using EcoValue.Api.Tests.Certification;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Verification;

/// <summary>The certification host on a real anvil, with the host's own worker anchoring every record within a second.</summary>
public class AnchoringCertificationHost : CertificationHost
{
    protected override bool AnchorRecords => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["EcoValue:Anchoring:WindowTime"] = "00:00:00.200",
        ["EcoValue:Anchoring:PollInterval"] = "00:00:00.050",
        ["EcoValue:Anchoring:Confirmations"] = "1",
        ["EcoValue:Verification:CacheSeconds"] = "0",
        ["EcoValue:RateLimits:PublicPerMinute"] = "0",
    };
}

/// <summary>
/// What a scan answers once records are on chain (GENUINE, every proof checked here and by AnchorRegistry.verify),
/// for a revoked licence, for a record edited in the SQLite file (TAMPERED, and the envelope no longer hashes to the
/// proven hash), the licence quota bounding issuance, and a 100,000-code issuance in one request.
/// </summary>
public sealed class VerificationChainTests(AnchoringCertificationHost fixture) : IClassFixture<AnchoringCertificationHost>
{
    /// <summary>A producer licensed for Baisha Liangshi, a 300 kg batch harvested today carrying the brand, and <paramref name="count"/> codes of 0.5 kg.</summary>
    private async Task<(UserClient Farmer, UserClient Certifier, string LicenceId, string BatchId, List<string> Links)> LicensedItemsAsync(int count)
    {
        var licensed = await fixture.LicensedBatchAsync();
        var links = new List<string>();
        if (count > 0)
        {
            var issued = await ItemsHost.IssueAsync(licensed.Farmer, licensed.BatchId, count, 0.5);
            links.AddRange(issued.GetProperty("items").EnumerateArray().Select(i => ItemsHost.PathOf(i.GetProperty("link").GetString()!)));
        }

        return (licensed.Farmer, licensed.Certifier, licensed.LicenceId, licensed.BatchId, links);
    }

    [Fact]
    public async Task AnAnchoredLicensedItem_isGenuine_andEveryProofChecksOutLocallyAndOnChain()
    {
        var (farmer, certifier, licenceId, batchId, links) = await LicensedItemsAsync(5);
        using var lease = farmer;
        using var lease2 = certifier;
        var view = await ItemsHost.WaitForStatusAsync(farmer, links[3], "GENUINE");
        Assert.Empty(view.GetProperty("reasons").EnumerateArray());
        Assert.Equal(batchId, view.GetProperty("batch").GetProperty("id").GetString());

        var licence = view.GetProperty("licence");
        Assert.Equal((licenceId, "valid", Baisha), (licence.GetProperty("id").GetString(), licence.GetProperty("status").GetString(), licence.GetProperty("brand").GetProperty("id").GetString()));
        Assert.EndsWith($"/api/v1/licences/{licenceId}/verify", licence.GetProperty("verifyUrl").GetString(), StringComparison.Ordinal);
        // The brand standard's limit for lead, in the unit the lab reported.
        var lead = view.GetProperty("labResults").EnumerateArray().SelectMany(l => l.GetProperty("analytes").EnumerateArray()).First(a => a.GetProperty("name").GetString() == "lead");
        Assert.True(lead.GetProperty("limit").GetDouble() > 0);
        Assert.False(string.IsNullOrEmpty(lead.GetProperty("limitSource").GetString()));

        var chain = view.GetProperty("chain");
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        var registry = new AnchorRegistryClient(fixture.Eth, Address.Parse(chain.GetProperty("contract").GetString()!));
        var proofs = view.GetProperty("proofs").EnumerateArray().ToList();
        Assert.Equal(["batch", "item-issuance", "field-event", "lab-result", "licence", "brand-claim"], proofs.Select(p => p.GetProperty("role").GetString()));
        foreach (var p in proofs)
        {
            Assert.Equal("anchored", p.GetProperty("status").GetString());
            await ProofChecks.AnchoredAsync(p, registry, Ct);
            var receipt = await fixture.Eth.GetTransactionReceiptAsync(Hex.Decode(p.GetProperty("transactionHash").GetString()!), Ct);
            Assert.Equal((ulong)p.GetProperty("blockNumber").GetInt64(), receipt!.BlockNumber);
        }

        // The item is one of its issuance's serials, and that serial root is what the anchored issuance record says.
        var itemProof = view.GetProperty("itemProof");
        var serial = view.GetProperty("item").GetProperty("serial").GetString()!;
        var value = ItemSerial.TreeValue(serial);
        var serialsRoot = Hex.Decode(itemProof.GetProperty("serialsRoot").GetString()!);
        Assert.True(MerkleProof.Verify([.. itemProof.GetProperty("proof").EnumerateArray().Select(x => Hex.Decode(x.GetString()!))], serialsRoot, StandardMerkleTree.LeafHash(value)));
        var issuance = JsonDocument.Parse(proofs[1].GetProperty("envelope").GetString()!).RootElement.GetProperty("data");
        Assert.Equal(itemProof.GetProperty("serialsRoot").GetString(), issuance.GetProperty("serialsRoot").GetString());
        Assert.Equal((5, 0.5, "kg"), (issuance.GetProperty("count").GetInt32(), issuance.GetProperty("itemQuantity").GetDouble(), issuance.GetProperty("unit").GetString()));

        // An anonymous scan is the consumer's: still genuine, and logged.
        var (_, scanned) = await ItemsHost.ResolveAsync(fixture.Host.Client, links[3]);
        Assert.Equal("GENUINE", scanned.GetProperty("status").GetString());
        Assert.Equal(1, scanned.GetProperty("item").GetProperty("scanCount").GetInt32());
    }

    [Fact]
    public async Task ASuspendedThenRevokedLicence_isWhatTheScanSays()
    {
        var (farmer, certifier, licenceId, _, links) = await LicensedItemsAsync(1);
        using var lease = farmer;
        using var lease2 = certifier;
        var (suspended, _) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/suspend", new { reason = "市场抽检铅含量待复核 lead result under review" });
        Assert.Equal(200, suspended);
        var (_, view) = await ItemsHost.ResolveAsync(farmer, links[0]);
        Assert.Equal("SUSPENDED", view.GetProperty("status").GetString());
        Assert.Equal("suspended", view.GetProperty("licence").GetProperty("status").GetString());
        await WaitForChainAsync(certifier, $"/api/v1/licences/{licenceId}", d => d.GetProperty("licence").GetProperty("chain"));

        const string Reason = "抽检发现铅超标 spot check: lead over the limit";
        var (revoked, body) = await PostAsync(certifier, $"/api/v1/licences/{licenceId}/revoke", new { reason = Reason });
        Assert.True(revoked == 200, body.ToString());
        (_, view) = await ItemsHost.ResolveAsync(farmer, links[0]);
        Assert.Equal("REVOKED", view.GetProperty("status").GetString());
        Assert.Equal("licence.revoked", view.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(("revoked", Reason), (view.GetProperty("licence").GetProperty("status").GetString(), view.GetProperty("licence").GetProperty("statusReason").GetString()));
        Assert.Contains("12315", view.GetProperty("advice").GetProperty("zh").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordEditedInTheDatabase_isTampered_andItsEnvelopeNoLongerHashesToTheProvenHash()
    {
        var (farmer, certifier, _, _, links) = await LicensedItemsAsync(2);
        using var lease = farmer;
        using var lease2 = certifier;
        var genuine = await ItemsHost.WaitForStatusAsync(farmer, links[0], "GENUINE");
        var batchRecord = genuine.GetProperty("proofs")[0];

        // Someone with the file: drop the append-only guard and change the batch's quantity in its record.
        await using (var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct))
        {
            await c.ExecuteAsync(EcoValue.Testing.TestDatabases.DropTriggerSql("records_content_is_append_only", "records"));
            var edited = batchRecord.GetProperty("envelope").GetString()!.Replace("\"quantity\":300", "\"quantity\":3000", StringComparison.Ordinal);
            Assert.NotEqual(batchRecord.GetProperty("envelope").GetString(), edited);
            Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = @id", new { e = Encoding.UTF8.GetBytes(edited), id = batchRecord.GetProperty("recordId").GetString() }));
        }

        var (status, view) = await ItemsHost.ResolveAsync(farmer, links[0]);
        Assert.Equal(200, status);
        Assert.Equal("TAMPERED", view.GetProperty("status").GetString());
        var reason = view.GetProperty("reasons")[0];
        Assert.Equal(("tampered.record", "TAMPERED"), (reason.GetProperty("code").GetString(), reason.GetProperty("status").GetString()));
        Assert.Contains(batchRecord.GetProperty("recordId").GetString()!, reason.GetProperty("en").GetString(), StringComparison.Ordinal);

        // The page's own check fails exactly where it should: the envelope shown no longer hashes to the record hash,
        // while the path still proves that (original) hash under the anchored root.
        var proof = view.GetProperty("proofs")[0];
        Assert.Equal(("batch", "tampered"), (proof.GetProperty("role").GetString(), proof.GetProperty("status").GetString()));
        Assert.Contains("\"quantity\":3000", proof.GetProperty("envelope").GetString(), StringComparison.Ordinal);
        var recordHash = Hex.Decode(proof.GetProperty("recordHash").GetString()!);
        Assert.NotEqual(recordHash, Keccak.Hash(Encoding.UTF8.GetBytes(proof.GetProperty("envelope").GetString()!)));
        Assert.Equal(batchRecord.GetProperty("recordHash").GetString(), proof.GetProperty("recordHash").GetString());
        Assert.True(MerkleProof.Verify([.. proof.GetProperty("proof").EnumerateArray().Select(x => Hex.Decode(x.GetString()!))], Hex.Decode(proof.GetProperty("root").GetString()!), StandardMerkleTree.LeafHash(recordHash)));

        // Editing an item row (a serial swapped for one never issued) is caught by the serial tree.
        const string Forged = "FORGED0000001";
        await using (var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct))
        {
            var serial = genuine.GetProperty("item").GetProperty("serial").GetString();
            Assert.Equal(1, await c.ExecuteAsync("UPDATE items SET serial = @forged WHERE serial = @serial", new { forged = Forged, serial }));
        }

        var forgedLink = links[0][..(links[0].LastIndexOf('/') + 1)] + Forged;
        var (_, forged) = await ItemsHost.ResolveAsync(farmer, forgedLink);
        Assert.Equal("TAMPERED", forged.GetProperty("status").GetString());
        Assert.Contains(forged.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() is "tampered.item.leaf" or "tampered.items.tree");
        Assert.Equal(JsonValueKind.Null, forged.GetProperty("itemProof").ValueKind);
    }

    [Fact]
    public async Task Issuance_isBoundedByTheBrandClaimsQuota_evenWhenTheBatchGrows()
    {
        var (farmer, certifier, _, batchId, _) = await LicensedItemsAsync(0);
        using var lease = farmer;
        using var lease2 = certifier;
        var (_, batch) = await GetAsync(farmer, $"/api/v1/batches/{batchId}");
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/batches/{batchId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                product = "白沙绿茶", category = "tea", gtin = batch.GetProperty("gtin").GetString(), lot = batch.GetProperty("lot").GetString(),
                plotId = batch.GetProperty("plotId").GetString(), harvestDate = batch.GetProperty("harvestDate").GetString(), quantity = 500, unit = "kg",
            }),
        })
        {
            using var corrected = await farmer.SendAsync(put, Ct);
            Assert.True(corrected.IsSuccessStatusCode, await corrected.Content.ReadAsStringAsync(Ct));
        }

        // 700 tins of 0.5 kg fit the 500 kg batch but not the 300 kg the brand was granted for.
        var (over, problem) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 700, itemQuantity = 0.5 });
        Assert.True(over == 409, problem.ToString());
        Assert.Equal("https://ecovalue.dev/problems/items-exceed-quota", problem.GetProperty("type").GetString());
        Assert.Equal((300d, 0d, 350d), (problem.GetProperty("claimKg").GetDouble(), problem.GetProperty("issuedKg").GetDouble(), problem.GetProperty("requestedKg").GetDouble()));
        var (_, zh) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 700, itemQuantity = 0.5 }, "zh-CN");
        Assert.Equal("超出许可配额", zh.GetProperty("title").GetString());

        await ItemsHost.IssueAsync(farmer, batchId, 600, 0.5);
        var (again, more) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 1, itemQuantity = 0.5 });
        Assert.Equal(409, again);
        Assert.Equal(0, more.GetProperty("remainingKg").GetDouble());
    }

    [Fact]
    public async Task OneHundredThousandCodes_inOneRequest_streamDistinctIssuedSerials_inTenAnchoredChunks()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync();
        using var lease = farmer;
        var (s, plot) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", new { name = "元门乡 2 号茶园", regionCode = "469025", areaMu = 20 });
        Assert.Equal(201, s);
        var lot = "BULK" + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (s2, batch) = await PostAsync(farmer, "/api/v1/batches", new { product = "白沙绿茶 袋泡", category = "tea", gtin = "6901234567892", lot, plotId = plot.GetProperty("id").GetString(), harvestDate = Day(0), quantity = 100_000, unit = "bag" });
        Assert.True(s2 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/batches/{batchId}/items") { Content = System.Net.Http.Json.JsonContent.Create(new { count = 100_000 }) };
        using var response = await farmer.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength); // streamed, not buffered
        await using var stream = await response.Content.ReadAsStreamAsync(Ct);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: Ct);
        var body = doc.RootElement;
        Assert.False(body.TryGetProperty("error", out _));
        Assert.Equal(100_000, body.GetProperty("issued").GetInt32());
        var serials = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!).ToList();
        Assert.Equal(100_000, serials.Count);
        Assert.Equal(100_000, serials.Distinct(StringComparer.Ordinal).Count());
        Assert.All(serials, x => Assert.True(ItemSerial.IsIssuedShape(x), x));

        var records = body.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(10, records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.Equal(i * 10_000, records[i].GetProperty("firstPosition").GetInt64());
            Assert.Equal(ItemSerial.BuildTree(serials.GetRange(i * 10_000, 10_000)).RootHex, records[i].GetProperty("serialsRoot").GetString());
        }

        foreach (var r in records)
        {
            await WaitForChainAsync(farmer, r.GetProperty("proof").GetString()!, p => p, status: "anchored", seconds: 60);
        }

        var (_, listed) = await GetAsync(farmer, $"/api/v1/batches/{batchId}/items?limit=1000&after=99499");
        Assert.Equal(serials[99_500..100_000], listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()));
        var (over, _) = await PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 1 });
        Assert.Equal(409, over);
    }
}
