using System.Net.Http.Json;
using System.Text.Json;
using static EcoValue.Api.Tests.Registry.RegistryHost;

namespace EcoValue.Api.Tests.Registry;

/// <summary>Who may touch what: 401 without a token, and farmer B never sees or changes farmer A's entries (404).</summary>
public sealed class RegistrySecurityTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/v1/producers" }, { "POST", "/api/v1/producers" }, { "GET", "/api/v1/producers/x" }, { "PUT", "/api/v1/producers/x" },
        { "POST", "/api/v1/producers/x/approve" }, { "POST", "/api/v1/producers/x/reject" },
        { "GET", "/api/v1/producers/x/plots" }, { "POST", "/api/v1/producers/x/plots" }, { "GET", "/api/v1/plots/x" }, { "PUT", "/api/v1/plots/x" },
        { "GET", "/api/v1/batches" }, { "POST", "/api/v1/batches" }, { "GET", "/api/v1/batches/x" }, { "PUT", "/api/v1/batches/x" },
        { "GET", "/api/v1/batches/x/events" }, { "POST", "/api/v1/batches/x/events" }, { "GET", "/api/v1/batches/x/events/y" }, { "PUT", "/api/v1/batches/x/events/y" },
        { "GET", "/api/v1/batches/x/lab-results" }, { "POST", "/api/v1/batches/x/lab-results" }, { "GET", "/api/v1/batches/x/lab-results/y" }, { "PUT", "/api/v1/batches/x/lab-results/y" },
        { "GET", "/api/v1/batches/x/dossier?format=epcis" }, { "POST", "/epcis/capture" }, { "GET", "/epcis/events" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryRegistryRoute_withoutToken_is401ProblemJson(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = JsonContent.Create(new { });
        }

        using var response = await fixture.Host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
    }

    [Fact]
    public async Task FarmerB_getsNotFound_forEverythingOfFarmerA()
    {
        var (producerA, farmerA) = await fixture.NewFarmerAsync("A 合作社");
        var (producerB, farmerB) = await fixture.NewFarmerAsync("B 合作社");
        using var a = farmerA;
        using var b = farmerB;
        var (plot, batch, ev, lab) = await SeedAsync(farmerA, producerA, "BOLA-A");
        var (plotB, _, _, _) = await SeedAsync(farmerB, producerB, "BOLA-B");

        string[] reads =
        [
            $"/api/v1/producers/{producerA}", $"/api/v1/producers/{producerA}/plots", $"/api/v1/plots/{plot}", $"/api/v1/batches/{batch}",
            $"/api/v1/batches/{batch}/events", $"/api/v1/batches/{batch}/events/{ev}", $"/api/v1/batches/{batch}/lab-results", $"/api/v1/batches/{batch}/lab-results/{lab}",
        ];
        foreach (var url in reads)
        {
            var (status, problem) = await GetAsync(farmerB, url);
            Assert.True(status == 404, $"GET {url} as farmer B answered {status}");
            Assert.Equal("https://ecovalue.dev/problems/not-found", problem.GetProperty("type").GetString());
        }

        (string Url, object Body)[] writes =
        [
            ($"/api/v1/producers/{producerA}", new { name = "hijacked", creditCode = NewCreditCode(), regionCode = "469025" }),
            ($"/api/v1/plots/{plot}", Plot("hijacked")),
            ($"/api/v1/batches/{batch}", Batch(plotB, "HIJACK")),
            ($"/api/v1/batches/{batch}/events/{ev}", Event("hijacked")),
            ($"/api/v1/batches/{batch}/lab-results/{lab}", Lab("hijacked")),
        ];
        foreach (var (url, body) in writes)
        {
            var (status, _) = await PutAsync(farmerB, url, body);
            Assert.True(status == 404, $"PUT {url} as farmer B answered {status}");
        }

        Assert.Equal(404, (await PostAsync(farmerB, $"/api/v1/producers/{producerA}/plots", Plot("sneaky"))).Status);
        Assert.Equal(404, (await PostAsync(farmerB, $"/api/v1/batches/{batch}/events", Event("sneaky"))).Status);
        Assert.Equal(404, (await PostAsync(farmerB, $"/api/v1/batches/{batch}/lab-results", Lab("sneaky"))).Status);

        // A's plot named in B's new batch: reported as a field error exactly like a plot that does not exist.
        var (s, problem2) = await PostAsync(farmerB, "/api/v1/batches", Batch(plot, "SNEAKY"));
        Assert.Equal(400, s);
        Assert.Equal("plot.not_found", problem2.GetProperty("codes").GetProperty("plotId")[0].GetString());

        // Lists never leak: B's batch list holds only B's batches, and nothing of A's changed.
        var (_, list) = await GetAsync(farmerB, "/api/v1/batches?limit=200");
        Assert.All(list.GetProperty("items").EnumerateArray(), x => Assert.Equal(producerB, x.GetProperty("producerId").GetString()));
        var (_, still) = await GetAsync(farmerA, $"/api/v1/batches/{batch}/events/{ev}");
        Assert.Equal(1, still.GetProperty("version").GetInt64());
        Assert.Equal("元门乡 1 号茶园", still.GetProperty("place").GetString());
    }

    [Fact]
    public async Task EventUnderAnotherBatchPath_isNotFound()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (_, batch1, ev1, lab1) = await SeedAsync(farmer, producer, "PATH-1");
        var (_, batch2, _, _) = await SeedAsync(farmer, producer, "PATH-2");
        Assert.Equal(200, (await GetAsync(farmer, $"/api/v1/batches/{batch1}/events/{ev1}")).Status);
        Assert.Equal(404, (await GetAsync(farmer, $"/api/v1/batches/{batch2}/events/{ev1}")).Status);
        Assert.Equal(404, (await GetAsync(farmer, $"/api/v1/batches/{batch2}/lab-results/{lab1}")).Status);
    }
}

/// <summary>Bad input: problem+json with per-field errors in the caller's language, nothing written.</summary>
public sealed class RegistryValidationTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    [Fact]
    public async Task BadBatch_listsEveryFieldError_inEnglishAndChinese()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var body = new { product = "", category = "Tea!", gtin = "6901234567893", lot = "LOT 1", plotId = "x", harvestDate = "2026-13-01", quantity = -1, unit = "jin" };
        var (status, problem) = await PostAsync(farmer, "/api/v1/batches", body);
        Assert.Equal(400, status);
        Assert.Equal("https://ecovalue.dev/problems/validation", problem.GetProperty("type").GetString());
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "product", "category", "gtin", "lot", "harvestDate", "quantity", "unit" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }

        Assert.Equal("gtin.check_digit", problem.GetProperty("codes").GetProperty("gtin")[0].GetString());
        Assert.Equal("The input is not valid", problem.GetProperty("title").GetString());

        using var zh = new HttpRequestMessage(HttpMethod.Post, "/api/v1/batches") { Content = JsonContent.Create(body) };
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9,en;q=0.5");
        using var response = await farmer.SendAsync(zh, TestContext.Current.CancellationToken);
        var zhProblem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("输入无效", zhProblem.GetProperty("title").GetString());
        Assert.Contains("校验位", zhProblem.GetProperty("errors").GetProperty("gtin")[0].GetString(), StringComparison.Ordinal);

        var (_, list) = await GetAsync(farmer, "/api/v1/batches");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", \"areaMu\": \"lots\"}", "areaMu")]
    [InlineData("{\"name\": ", "name")]
    [InlineData("[1,2,3]", "")]
    public async Task UnreadableJson_is400_namingThePath(string json, string field)
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await farmer.PostAsync($"/api/v1/producers/{producer}/plots", content, TestContext.Current.CancellationToken);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task InputAppliedEvent_needsItsInput_andPolygonMustClose()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var (_, batch, _, _) = await SeedAsync(farmer, producer, "VAL-1");
        var (s1, p1) = await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new { kind = "input-applied", occurredAt = "2026-03-02T08:30:00+08:00" });
        Assert.Equal(400, s1);
        Assert.True(p1.GetProperty("errors").TryGetProperty("input", out _));
        var (s2, p2) = await PostAsync(farmer, $"/api/v1/batches/{batch}/events", new { kind = "harvest", occurredAt = "2026-03-02 08:30" });
        Assert.Equal(400, s2);
        Assert.Equal("time.format", p2.GetProperty("codes").GetProperty("occurredAt")[0].GetString());
        var open = new { type = "Polygon", coordinates = new[] { new[] { new[] { 109.45, 19.22 }, new[] { 109.46, 19.22 }, new[] { 109.46, 19.23 }, new[] { 109.45, 19.23 } } } };
        var (s3, p3) = await PostAsync(farmer, $"/api/v1/producers/{producer}/plots", new { name = "p", regionCode = "469025", areaMu = 3, polygon = open });
        Assert.Equal(400, s3);
        Assert.Equal("polygon.not_closed", p3.GetProperty("codes").GetProperty("polygon.coordinates[0]")[0].GetString());
    }
}

/// <summary>Limits: an oversized body is refused with 413 problem+json before it reaches the registry.</summary>
public sealed class RegistryLimitTests(RegistryHost fixture) : IClassFixture<RegistryHost>
{
    [Fact]
    public async Task OversizedBody_is413ProblemJson()
    {
        var (producer, farmer) = await fixture.NewFarmerAsync();
        using var lease = farmer;
        var huge = new string('x', 2 * 1024 * 1024);
        using var content = new StringContent($"{{\"name\":\"{huge}\",\"regionCode\":\"469025\",\"areaMu\":1}}", System.Text.Encoding.UTF8, "application/json");
        using var response = await farmer.PostAsync($"/api/v1/producers/{producer}/plots", content, TestContext.Current.CancellationToken);
        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var (_, plots) = await GetAsync(farmer, $"/api/v1/producers/{producer}/plots");
        Assert.Equal(0, plots.GetProperty("items").GetArrayLength());
    }
}
