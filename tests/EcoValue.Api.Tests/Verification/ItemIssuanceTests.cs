using System.Net;
using EcoValue.Api.Features.Items;
using EcoValue.Api.Tests.Registry;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Codes;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Verification;

/// <summary>POST/GET /api/v1/batches/{id}/items and /items/withdraw, /recall: bounds, ownership, shape, records.</summary>
public sealed class ItemIssuanceTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static readonly string[] Unknown = ["X"];

    private static CancellationToken Ct => ItemsHost.Ct;

    [Fact]
    public async Task Issue_returnsDistinctSerialsOfTheIssuedShape_withLinksNamingTheBatch_andOneRecordPerChunk()
    {
        var (_, farmer, batchId, gtin, lot) = await fixture.NewBatchAsync();
        var body = await ItemsHost.IssueAsync(farmer, batchId, 25);

        Assert.Equal(batchId, body.GetProperty("batch").GetProperty("id").GetString());
        Assert.Equal(1, body.GetProperty("itemQuantity").GetDouble());
        Assert.Equal(25, body.GetProperty("issued").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(25, items.Count);
        var serials = items.Select(i => i.GetProperty("serial").GetString()!).ToList();
        Assert.Equal(25, serials.Distinct(StringComparer.Ordinal).Count());
        Assert.All(serials, s => Assert.True(ItemSerial.IsIssuedShape(s), s));
        foreach (var item in items)
        {
            var link = DigitalLink.Parse(item.GetProperty("link").GetString());
            Assert.Equal((gtin, lot, item.GetProperty("serial").GetString()), (link.Gtin.Value, link.Lot, link.Serial));
            Assert.StartsWith(fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/') + "/01/", item.GetProperty("link").GetString(), StringComparison.Ordinal);
        }

        var record = Assert.Single(body.GetProperty("records").EnumerateArray());
        Assert.Equal(0, record.GetProperty("firstPosition").GetInt64());
        // The record names the root of exactly these serials' tree.
        Assert.Equal(ItemSerial.BuildTree(serials).RootHex, record.GetProperty("serialsRoot").GetString());
        var (status, proof) = await RegistryHost.GetAsync(fixture.Host.Client, record.GetProperty("proof").GetString()!);
        Assert.Equal(200, status);
        Assert.Equal("pending", proof.GetProperty("status").GetString());
        var data = proof.GetProperty("envelope").GetProperty("data");
        Assert.Equal("item-issuance", proof.GetProperty("envelope").GetProperty("kind").GetString());
        Assert.Equal(record.GetProperty("serialsRoot").GetString(), data.GetProperty("serialsRoot").GetString());
        Assert.Equal(25, data.GetProperty("count").GetInt32());
        Assert.Equal((gtin, lot, "piece"), (data.GetProperty("gtin").GetString(), data.GetProperty("lot").GetString(), data.GetProperty("unit").GetString()));
    }

    [Fact]
    public async Task Issue_withAcceptCsv_streamsSerialLinkLines()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/batches/{batchId}/items") { Content = System.Net.Http.Json.JsonContent.Create(new { count = 12 }) };
        request.Headers.TryAddWithoutValidation("Accept", "text/csv");
        using var response = await farmer.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("serial,link", lines[0]);
        Assert.Equal(12, lines.Length - 1);
        Assert.All(lines.Skip(1), l =>
        {
            var parts = l.Split(',');
            Assert.Equal(parts[0], DigitalLink.Parse(parts[1]).Serial);
        });
    }

    [Fact]
    public async Task Issue_isBoundedByTheBatchQuantity_andARefusedRequestWritesNothing()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync(quantity: 410, unit: "kg");

        // kg needs the amount per item; 1,641 tins of 0.25 kg are 410.25 kg.
        var (missing, problem) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 10 });
        Assert.Equal(400, missing);
        Assert.True(problem.GetProperty("errors").TryGetProperty("itemQuantity", out _));
        var (over, refused) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 1641, itemQuantity = 0.25 });
        Assert.Equal(409, over);
        Assert.EndsWith("/items-exceed-batch", refused.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Equal(1640, refused.GetProperty("maxCount").GetInt64());
        var (_, empty) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items");
        Assert.Empty(empty.GetProperty("items").EnumerateArray());

        await ItemsHost.IssueAsync(farmer, batchId, 1600, 0.25);
        var (again, rest) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 41, itemQuantity = 0.25 });
        Assert.Equal(409, again);
        Assert.Equal(40, rest.GetProperty("maxCount").GetInt64());
        Assert.Equal(10, rest.GetProperty("remainingQuantity").GetDouble(), 9);
        await ItemsHost.IssueAsync(farmer, batchId, 40, 0.25);

        // The batch cannot now shrink below its codes, nor change the GTIN or lot its printed links name.
        var (_, batch) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}");
        var (shrink, shrinkProblem) = await RegistryHost.PutAsync(farmer, $"/api/v1/batches/{batchId}", new
        {
            product = "白沙绿茶", category = "tea", gtin = batch.GetProperty("gtin").GetString(), lot = "OTHER-LOT", plotId = batch.GetProperty("plotId").GetString(),
            harvestDate = "2026-03-28", quantity = 400, unit = "kg",
        });
        Assert.Equal(400, shrink);
        Assert.Equal(["batch.items_issued"], shrinkProblem.GetProperty("codes").GetProperty("lot").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["batch.below_issued"], shrinkProblem.GetProperty("codes").GetProperty("quantity").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    [InlineData(-5)]
    public async Task Issue_countOutOfRange_is400(int count)
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var (status, body) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count });
        Assert.Equal(400, status);
        Assert.Equal(["out_of_range"], body.GetProperty("codes").GetProperty("count").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Issue_isForTheBatchsFarmerOrAnAdmin_othersAreTurnedAway()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var (_, stranger, _, _, _) = await fixture.NewBatchAsync();
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var certifier = await fixture.Host.ClientForAsync(Roles.Certifier, ct: Ct);
        using var anonymous = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        var url = $"/api/v1/batches/{batchId}/items";

        // Another producer's farmer: not found, exactly like a batch that does not exist.
        Assert.Equal(404, (await RegistryHost.PostAsync(stranger, url, new { count = 1 })).Status);
        Assert.Equal(404, (await RegistryHost.GetAsync(stranger, url)).Status);
        Assert.Equal(404, (await RegistryHost.PostAsync(stranger, url + "/withdraw", new { serials = Unknown, reason = "x" })).Status);
        Assert.Equal(404, (await RegistryHost.PostAsync(farmer, "/api/v1/batches/no-such-batch/items", new { count = 1 })).Status);
        Assert.Equal(403, (await RegistryHost.PostAsync(buyer, url, new { count = 1 })).Status);
        Assert.Equal(403, (await RegistryHost.PostAsync(certifier, url, new { count = 1 })).Status);
        Assert.Equal(401, (await RegistryHost.PostAsync(anonymous, url, new { count = 1 })).Status);
        var (_, none) = await RegistryHost.GetAsync(farmer, url);
        Assert.Empty(none.GetProperty("items").EnumerateArray());

        await ItemsHost.IssueAsync(fixture.Admin, batchId, 2);
        await ItemsHost.IssueAsync(farmer, batchId, 3);
        var (_, listed) = await RegistryHost.GetAsync(fixture.Admin, url);
        Assert.Equal(5, listed.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task List_pagesTheBatchsItemsInIssueOrder()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var first = await ItemsHost.IssueAsync(farmer, batchId, 7);
        var second = await ItemsHost.IssueAsync(farmer, batchId, 5);
        var issued = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("serial").GetString()).ToList();
        Assert.Equal(7, second.GetProperty("records")[0].GetProperty("firstPosition").GetInt64());

        var listed = new List<string?>();
        string? next = null;
        do
        {
            var (status, page) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items?limit=5" + (next is null ? string.Empty : "&after=" + next));
            Assert.Equal(200, status);
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()));
            next = page.GetProperty("next").GetString();
        }
        while (next is not null);

        Assert.Equal(issued, listed);
        Assert.Equal(400, (await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items?after=abc")).Status);
        Assert.Equal(400, (await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items?limit=1001")).Status);
    }

    [Fact]
    public async Task ASerialThatIsTakenAlready_isRedrawn_notAFailure()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var (_, other, otherBatch, _, _) = await fixture.NewBatchAsync();
        var taken = (await ItemsHost.IssueAsync(other, otherBatch, 1)).GetProperty("items")[0].GetProperty("serial").GetString()!;

        var issuer = fixture.Host.Services.GetRequiredService<ItemIssuer>();
        var draws = new Queue<string>([taken, "ZZZZZZZZZZZZ1", "ZZZZZZZZZZZZ1"]);
        var original = issuer.NewSerial;
        issuer.NewSerial = () => draws.TryDequeue(out var s) ? s : ItemSerial.New();
        try
        {
            var body = await ItemsHost.IssueAsync(farmer, batchId, 2);
            var serials = body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()).ToList();
            Assert.Equal(2, serials.Count);
            Assert.DoesNotContain(taken, serials);
            Assert.Contains("ZZZZZZZZZZZZ1", serials);
            Assert.Equal(ItemSerial.BuildTree(serials!).RootHex, body.GetProperty("records")[0].GetProperty("serialsRoot").GetString());
        }
        finally
        {
            issuer.NewSerial = original;
        }

        // The taken serial still belongs to the other batch only.
        var (_, mine) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items");
        Assert.DoesNotContain(mine.GetProperty("items").EnumerateArray(), i => i.GetProperty("serial").GetString() == taken);
    }

    [Fact]
    public async Task Withdraw_isARecord_reportsRepeats_andRefusesSerialsOfOtherBatches()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var (_, other, otherBatch, _, _) = await fixture.NewBatchAsync();
        var serials = (await ItemsHost.IssueAsync(farmer, batchId, 3)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!).ToList();
        var foreign = (await ItemsHost.IssueAsync(other, otherBatch, 1)).GetProperty("items")[0].GetProperty("serial").GetString()!;
        var url = $"/api/v1/batches/{batchId}/items/withdraw";

        var (bad, problem) = await RegistryHost.PostAsync(farmer, url, new { serials = new[] { serials[0], foreign }, reason = "标签印错 misprinted label" });
        Assert.Equal(400, bad);
        Assert.Equal(["item.not_found"], problem.GetProperty("codes").GetProperty("serials[1]").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(400, (await RegistryHost.PostAsync(farmer, url, new { serials = new[] { serials[0] } })).Status);

        var (ok, result) = await RegistryHost.PostAsync(farmer, url, new { serials = new[] { serials[0], serials[1] }, reason = "标签印错 misprinted label" });
        Assert.Equal(200, ok);
        Assert.Equal(serials[..2], result.GetProperty("withdrawn").EnumerateArray().Select(s => s.GetString()));
        var recordId = result.GetProperty("recordId").GetString()!;
        var (_, proof) = await RegistryHost.GetAsync(fixture.Host.Client, $"/api/v1/records/{recordId}/proof");
        Assert.Equal("item-withdrawal", proof.GetProperty("envelope").GetProperty("kind").GetString());

        var (_, again) = await RegistryHost.PostAsync(farmer, url, new { serials = new[] { serials[1], serials[2] }, reason = "破损 damaged" });
        Assert.Equal([serials[2]], again.GetProperty("withdrawn").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([serials[1]], again.GetProperty("alreadyWithdrawn").EnumerateArray().Select(s => s.GetString()));

        var (_, listed) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items");
        var withdrawn = listed.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("serial").GetString()!, i => i.GetProperty("withdrawnReason").GetString());
        Assert.Equal("标签印错 misprinted label", withdrawn[serials[0]]);
        Assert.Equal("破损 damaged", withdrawn[serials[2]]);
    }

    [Fact]
    public async Task Recall_isForAdminsOnly_oncePerBatch_blocksIssuance_andCanBeLifted()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        var url = $"/api/v1/batches/{batchId}/recall";
        Assert.Equal(403, (await RegistryHost.PostAsync(farmer, url, new { reason = "x" })).Status);
        Assert.Equal(400, (await RegistryHost.PostAsync(fixture.Admin, url, new { reason = "" })).Status);
        Assert.Equal(404, (await RegistryHost.PostAsync(fixture.Admin, "/api/v1/batches/nope/recall", new { reason = "x" })).Status);

        var (created, recall) = await RegistryHost.PostAsync(fixture.Admin, url, new { reason = "抽检铅超标 lead over the limit at a spot check" });
        Assert.Equal(201, created);
        Assert.True(recall.GetProperty("active").GetBoolean());
        var (twice, conflict) = await RegistryHost.PostAsync(fixture.Admin, url, new { reason = "again" });
        Assert.Equal(409, twice);
        Assert.EndsWith("/conflict-recall-active", conflict.GetProperty("type").GetString(), StringComparison.Ordinal);

        var (refused, problem) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items", new { count = 1 });
        Assert.Equal(409, refused);
        Assert.EndsWith("/batch-recalled", problem.GetProperty("type").GetString(), StringComparison.Ordinal);

        var (lifted, liftBody) = await RegistryHost.PostAsync(fixture.Admin, url + "/lift", new { reason = "复检合格 retest passed" });
        Assert.Equal(200, lifted);
        Assert.False(liftBody.GetProperty("active").GetBoolean());
        Assert.Equal(404, (await RegistryHost.PostAsync(fixture.Admin, url + "/lift", new { reason = "again" })).Status);
        await ItemsHost.IssueAsync(farmer, batchId, 1);
        Assert.Equal(201, (await RegistryHost.PostAsync(fixture.Admin, url, new { reason = "第二次召回 second recall" })).Status);
    }
}
