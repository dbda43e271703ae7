using System.Text.Json;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Verification;
using EcoValue.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The page in headless Chromium (Debian's, driven by playwright-core from tests/js), served by a tiny host that
/// renders crafted views with <see cref="ConsumerPage.RenderAsync"/> and serves verify.js as the service does, with
/// the page's real headers (CSP included) and a real anvil behind the "public RPC URL": the check passes for a genuine
/// item, fails for a tampered record, the status reads without JavaScript, and an unknown code's page holds. The
/// resolver's end-to-end browser test (<see cref="ScanBrowserTests"/>) covers the real routes; this one the page and its script alone.
/// Screenshots land in artifacts/test/screenshots/consumer-*.png.
/// </summary>
public sealed class ConsumerPageBrowserTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chromium_genuinePasses_tamperedFails_statusWithoutScript_unknownIsText()
    {
        Requirements.TestToolPackage("playwright-core");
        Requirements.Chromium();
        var node = Requirements.Node();

        var (genuine, _) = await VerifyScriptChainTests.AnchoredViewAsync(anvil.RpcUrl);
        // Someone edited the lab result in the database after anchoring; the service's own check reports it.
        var lab = genuine.Proofs.Single(p => p.Role == "lab-result");
        var tampered = ConsumerViews.WithStatus(genuine, VerificationStatus.Tampered) with
        {
            Proofs = [.. genuine.Proofs.Select(p => p == lab ? p with { Envelope = p.Envelope.Replace("0.02", "0.01", StringComparison.Ordinal) } : p)],
        };
        var pages = new Dictionary<string, VerificationView>(StringComparer.Ordinal)
        {
            ["/01/06901234567892/10/BS-2026-05/21/" + genuine.Item!.Serial] = genuine,
            // Another lot in the path only to tell the two pages apart: the item check reads the serial, which is the same.
            ["/01/06901234567892/10/TAMPERED/21/" + genuine.Item.Serial] = tampered,
        };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapConsumerAssets();
        var options = new ConsumerPageOptions { ReportUrl = "https://ev.example/report" };
        app.MapGet("/01/{**rest}", (HttpContext http) =>
        {
            var path = http.Request.Path.Value!;
            var link = "https://ev.example" + http.Request.Path.ToUriComponent() + http.Request.QueryString;
            return pages.TryGetValue(path, out var view)
                ? ConsumerPage.RenderAsync(http, view, link, StatusCodes.Status200OK, options)
                : ConsumerPage.RenderAsync(http, null, link, StatusCodes.Status404NotFound, options);
        });
        await app.StartAsync(Ct);
        var baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        var genuinePath = pages.First(p => p.Value == genuine).Key;
        var cases = new object[]
        {
            new { name = "genuine-zh", path = genuinePath, locale = "zh-CN", js = true },
            new { name = "genuine-en", path = genuinePath, locale = "en-GB", js = true },
            new { name = "genuine-nojs-zh", path = genuinePath, locale = "zh-CN", js = false },
            new { name = "tampered-en", path = "/01/06901234567892/10/TAMPERED/21/" + genuine.Item.Serial, locale = "en-GB", js = true },
            new { name = "unknown-zh", path = "/01/06901234567892/21/%3Cscript%3Ealert(1)%3C%2Fscript%3E", locale = "zh-CN", js = true, expectStatus = 404 },
        };
        var screenshots = Path.Combine(RepoPaths.Root, "artifacts", "test", "screenshots");
        var output = await ToolProcess.RunAsync(node, [Path.Combine(RepoPaths.Root, "tests", "js", "consumer-page.mjs"), baseUrl, screenshots, JsonSerializer.Serialize(cases)],
            timeout: TimeSpan.FromSeconds(120), ct: Ct);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToDictionary(r => r.GetProperty("name").GetString()!, StringComparer.Ordinal);
        Assert.Equal(cases.Length, results.Count);
        Assert.All(results.Values, r => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString()));
        // No CSP violation or script error on any page.
        Assert.All(results.Values, r => Assert.True(r.GetProperty("errors").GetArrayLength() == 0, r.ToString()));
        Assert.All(results.Values, r => Assert.True(r.GetProperty("overflow").GetInt32() <= 0, $"{r.GetProperty("name")} is wider than 360 px"));

        var zh = results["genuine-zh"];
        Assert.Equal("zh-CN", zh.GetProperty("lang").GetString());
        Assert.StartsWith("正品", zh.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Equal("verified", zh.GetProperty("outcome").GetString());
        Assert.Equal("✔ 已在您的浏览器中核验通过", zh.GetProperty("overall").GetString());
        Assert.Equal(0, zh.GetProperty("failed").GetArrayLength());
        Assert.Equal(0, zh.GetProperty("skipped").GetInt32());
        Assert.Equal((2 * genuine.Proofs.Count) + 3 + 2, zh.GetProperty("passed").GetInt32());
        Assert.Equal("polite", zh.GetProperty("live").GetString());

        var en = results["genuine-en"];
        Assert.Equal("en", en.GetProperty("lang").GetString());
        Assert.StartsWith("Genuine", en.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Equal("✔ Verified in your browser", en.GetProperty("overall").GetString());

        // Without JavaScript the answer is all there; the button that would not work is not shown.
        var nojs = results["genuine-nojs-zh"];
        Assert.StartsWith("正品", nojs.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Contains("v-good", nojs.GetProperty("tone").GetString(), StringComparison.Ordinal);
        Assert.False(nojs.GetProperty("buttonVisible").GetBoolean());

        var bad = results["tampered-en"];
        Assert.StartsWith("Record tampered", bad.GetProperty("h1").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", bad.GetProperty("outcome").GetString());
        Assert.StartsWith("✖ Check FAILED", bad.GetProperty("overall").GetString(), StringComparison.Ordinal);
        Assert.Equal([$"record:{lab.RecordId}:hash"], bad.GetProperty("failed").EnumerateArray().Select(f => f.GetString()));

        var unknown = results["unknown-zh"];
        Assert.Equal(404, unknown.GetProperty("status").GetInt32());
        Assert.Equal("未知的码 此码从未签发", unknown.GetProperty("h1").GetString());
        Assert.False(unknown.GetProperty("buttonVisible").GetBoolean());

        foreach (var name in cases.Select(c => (string)c.GetType().GetProperty("name")!.GetValue(c)!))
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(screenshots, $"consumer-{name}.png"), Ct);
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"consumer-{name}.png is not a PNG screenshot");
        }
    }
}
