using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcoValue.Data.Accounts;
using static EcoValue.Api.Tests.Registry.RegistryHost;

namespace EcoValue.Api.Tests.Registry;

/// <summary>The registry through HTTP as farmers and admins use it: happy paths, corrections, paging, conflicts.</summary>
public sealed class RegistryApiTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    [Fact]
    public async Task FarmerFlow_registersPlotBatchEventAndLab_eachARecordPendingAnchoring()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, batch, ev, lab) = await SeedAsync(farmer, producerId, "FLOW-1");

        var (status, b) = await GetAsync(farmer, $"/api/v1/batches/{batch}");
        Assert.Equal(200, status);
        Assert.Equal("06901234567892", b.GetProperty("gtin").GetString());
        Assert.Equal(plot, b.GetProperty("plotId").GetString());
        Assert.Equal(producerId, b.GetProperty("producerId").GetString());
        Assert.Equal("pending", b.GetProperty("anchoring").GetString());
        Assert.Equal(1, b.GetProperty("version").GetInt64());

        var (_, e) = await GetAsync(farmer, $"/api/v1/batches/{batch}/events/{ev}");
        Assert.Equal("input-applied", e.GetProperty("kind").GetString());
        Assert.Equal("2026-03-02T00:30:00.000Z", e.GetProperty("occurredAt").GetString());
        Assert.Equal("+08:00", e.GetProperty("timeZone").GetString());
        Assert.Equal("matrine", e.GetProperty("details").GetProperty("input").GetProperty("activeIngredient").GetString());

        var (_, l) = await GetAsync(farmer, $"/api/v1/batches/{batch}/lab-results/{lab}");
        Assert.Equal("chlorpyrifos", l.GetProperty("analytes")[0].GetProperty("name").GetString());

        // Each entry's record is in the log, and its proof endpoint knows it (pending: no chain in this host).
        var (proofStatus, proof) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{b.GetProperty("recordId").GetString()}/proof");
        Assert.Equal(200, proofStatus);
        Assert.Equal("batch", proof.GetProperty("envelope").GetProperty("kind").GetString());
        Assert.Equal("batch:" + batch, proof.GetProperty("envelope").GetProperty("subject").GetString());
        Assert.Equal("user:" + farmer.UserId, proof.GetProperty("envelope").GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Producer_contactIsPrivateInTheRecord_butReadableByItsOwner()
    {
        using var response = await fixture.Admin.PostAsJsonAsync("/api/v1/producers", new
        {
            name = "陵水圣女果合作社", creditCode = NewCreditCode(), regionCode = "469028", contact = new { name = "黎阿妹", phone = "+86 13800000000", email = "a@example.cn" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var producer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("+86 13800000000", producer.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("陵水黎族自治县", producer.GetProperty("region").GetProperty("zh").GetString());
        Assert.Equal("approved", producer.GetProperty("status").GetString());

        var (_, proof) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{producer.GetProperty("recordId").GetString()}/proof");
        var envelope = proof.GetProperty("envelope").GetRawText();
        Assert.DoesNotContain("13800000000", envelope, StringComparison.Ordinal);
        Assert.StartsWith("0x", proof.GetProperty("envelope").GetProperty("data").GetProperty("contact").GetProperty("digest").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Correction_supersedesThePreviousRecord_andStaleIfMatchIs412()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, batch, _, _) = await SeedAsync(farmer, producerId, "CORR-1");
        using var first = await farmer.GetAsync($"/api/v1/batches/{batch}", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag!.Tag;
        var before = JsonDocument.Parse(await first.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();

        var (status, after) = await PutAsync(farmer, $"/api/v1/batches/{batch}", new
        {
            product = "白沙绿茶（特级）", category = "tea", gtin = "06901234567892", lot = "CORR-1", plotId = plot, harvestDate = "2026-03-29", quantity = 400, unit = "kg",
        }, etag);
        Assert.True(status == 200, after.ToString());
        Assert.Equal(2, after.GetProperty("version").GetInt64());
        Assert.Equal("白沙绿茶（特级）", after.GetProperty("product").GetString());
        Assert.NotEqual(before.GetProperty("recordId").GetString(), after.GetProperty("recordId").GetString());

        var (_, proof) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{after.GetProperty("recordId").GetString()}/proof");
        Assert.Equal(before.GetProperty("recordId").GetString(), proof.GetProperty("envelope").GetProperty("data").GetProperty("supersedes").GetString());

        // The old record is still there, unchanged: corrections never edit in place.
        var (oldStatus, oldProof) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{before.GetProperty("recordId").GetString()}/proof");
        Assert.Equal(200, oldStatus);
        Assert.Equal("白沙绿茶", oldProof.GetProperty("envelope").GetProperty("data").GetProperty("product").GetString());

        var (stale, problem) = await PutAsync(farmer, $"/api/v1/batches/{batch}", Batch(plot, "CORR-1"), etag);
        Assert.Equal(412, stale);
        Assert.Equal("https://ecovalue.dev/problems/version-mismatch", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task DuplicateGtinAndLot_is409_andNothingIsWritten()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, _, _, _) = await SeedAsync(farmer, producerId, "DUP-1");
        var (before, list1) = await GetAsync(farmer, "/api/v1/batches?limit=200");
        Assert.Equal(200, before);
        var (status, problem) = await PostAsync(farmer, "/api/v1/batches", Batch(plot, "DUP-1"));
        Assert.Equal(409, status);
        Assert.Equal("https://ecovalue.dev/problems/conflict-gtin-lot", problem.GetProperty("type").GetString());
        var (_, list2) = await GetAsync(farmer, "/api/v1/batches?limit=200");
        Assert.Equal(list1.GetProperty("items").GetArrayLength(), list2.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task DuplicateCreditCode_is409()
    {
        var code = NewCreditCode();
        var (s1, _) = await PostAsync(fixture.Admin, "/api/v1/producers", new { name = "A", creditCode = code, regionCode = "460100" });
        var (s2, problem) = await PostAsync(fixture.Admin, "/api/v1/producers", new { name = "B", creditCode = code, regionCode = "460100" });
        Assert.Equal(201, s1);
        Assert.Equal(409, s2);
        Assert.Equal("https://ecovalue.dev/problems/conflict-credit-code", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Paging_walksEveryPlotOnce_inCreationOrder()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var (s, p) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", Plot($"plot {i}"));
            Assert.Equal(201, s);
            created.Add(p.GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var (s, page) = await GetAsync(farmer, $"/api/v1/producers/{producerId}/plots?limit=3" + (next is null ? string.Empty : "&after=" + next));
            Assert.Equal(200, s);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetString()!));
            next = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(created, seen);

        var (bad, problem) = await GetAsync(farmer, $"/api/v1/producers/{producerId}/plots?limit=0");
        Assert.Equal(400, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Filters_narrowBatchesAndEvents()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, batch, _, _) = await SeedAsync(farmer, producerId, "FILT-1");
        var (s, other) = await PostAsync(farmer, "/api/v1/batches", new { product = "Coffee", category = "coffee", gtin = "6901234567892", lot = "FILT-2", plotId = plot, harvestDate = "2026-01-10", quantity = 50, unit = "kg" });
        Assert.Equal(201, s);
        await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new { kind = "harvest", occurredAt = "2026-03-28T07:00:00+08:00", quantity = 410, unit = "kg" });

        var (_, tea) = await GetAsync(farmer, "/api/v1/batches?category=tea");
        Assert.All(tea.GetProperty("items").EnumerateArray(), b => Assert.Equal("tea", b.GetProperty("category").GetString()));
        var (_, byLot) = await GetAsync(farmer, "/api/v1/batches?gtin=6901234567892&lot=FILT-2");
        Assert.Equal(other.GetProperty("id").GetString(), Assert.Single(byLot.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var (_, byDate) = await GetAsync(farmer, "/api/v1/batches?harvestedTo=2026-02-01");
        Assert.Equal(other.GetProperty("id").GetString(), Assert.Single(byDate.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var (_, harvests) = await GetAsync(farmer, $"/api/v1/batches/{batch}/events?kind=harvest");
        Assert.Equal("harvest", Assert.Single(harvests.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());
    }

    [Fact]
    public async Task ProducerApproval_isAdminOnly_andRejectionNeedsAReason()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (forbidden, _) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/approve", new { });
        Assert.Equal(403, forbidden);
        var (noReason, problem) = await PostAsync(fixture.Admin, $"/api/v1/producers/{producerId}/reject", new { });
        Assert.Equal(400, noReason);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        var (ok, rejected) = await PostAsync(fixture.Admin, $"/api/v1/producers/{producerId}/reject", new { reason = "营业执照照片不清晰" });
        Assert.Equal(200, ok);
        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        var (_, proof) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{rejected.GetProperty("recordId").GetString()}/proof");
        Assert.Equal(200, (await GetAsync(fixture.Host.Client, $"/api/v1/records/{rejected.GetProperty("recordId").GetString()}/proof")).Status);
        Assert.Equal("producer", proof.GetProperty("envelope").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task AdminCreatingABatch_mustNameTheProducer()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (plot, _, _, _) = await SeedAsync(farmer, producerId, "ADM-1");
        var (missing, problem) = await PostAsync(fixture.Admin, "/api/v1/batches", Batch(plot, "ADM-2"));
        Assert.Equal(400, missing);
        Assert.True(problem.GetProperty("errors").TryGetProperty("producerId", out _));
        var (ok, _) = await PostAsync(fixture.Admin, $"/api/v1/batches?producerId={producerId}", Batch(plot, "ADM-2"));
        Assert.Equal(201, ok);
    }

    [Theory]
    [InlineData(Roles.Buyer)]
    [InlineData(Roles.Certifier)]
    public async Task OtherRoles_are403OnTheRegistry(string role)
    {
        using var client = await fixture.Host.ClientForAsync(role, ct: TestContext.Current.CancellationToken);
        foreach (var url in new[] { "/api/v1/producers", "/api/v1/batches", "/epcis/events" })
        {
            var (status, problem) = await GetAsync(client, url);
            Assert.Equal(403, status);
            Assert.Equal(403, problem.GetProperty("status").GetInt32());
        }
    }
}
