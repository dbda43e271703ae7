using System.Text.Json;
using EcoValue.Api.Features.Dossier;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Tests.Dossier;

/// <summary>
/// The HTML and PDF renderers on a dossier built in memory (no host): a long journey flows over several A4 pages and
/// every step reads back from the PDF; hostile and right-to-left text neither breaks the page nor the file.
/// </summary>
public sealed class DossierRenderingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static BatchDossier Sample(int steps, string product = "白沙绿茶")
    {
        var region = new RegionView("469025", "白沙黎族自治县", "Baisha Li Autonomous County");
        var journey = Enumerable.Range(0, steps)
            .Select(i => new JourneyStepView(i % 2 == 0 ? "shipping" : "storage", $"2026-04-{1 + (i % 28):D2}T08:00:00Z", $"仓库 {i} 号 warehouse-{i}", region, $"rec-{i}"))
            .ToList();
        var proof = new RecordProofView("batch", "rec-batch", "anchored", "{\"data\":{\"product\":\"" + product + "\"}}", "0x" + new string('a', 64), "0x" + new string('b', 64),
            ["0x" + new string('c', 64), "0x" + new string('d', 64)], "0x" + new string('e', 64), 3, "0x" + new string('f', 64), 42, null);
        using var credential = JsonDocument.Parse("""{"type":["VerifiableCredential","EcoValueLicence"],"credentialSubject":{"brand":"白沙良食"}}""");
        return new BatchDossier(
            "b-1", "2026-05-03T06:05:00.000Z",
            new DossierBatch("b-1", "06901234567892", "BS-2026-05", product, "tea", "2026-04-20", 1200, "kg", "https://ev.example/01/06901234567892/10/BS-2026-05"),
            new DossierProducer("p-1", "白沙绿茶专业合作社", region),
            new DossierPlot("南开乡茶园", region),
            new DossierLicence("lic-1", new BrandView("baisha-liangshi", "白沙良食", "Baisha Liangshi"), "valid", null, "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z",
                "0x5fbdb2315678afecb367f032d93f642f64180aa3", new DossierStandard("baisha-liangshi-tea", "1.0.0", "0x" + new string('1', 64), new Bilingual("Baisha tea", "白沙茶")),
                "https://ev.example/api/v1/licences/lic-1/verify", "0x" + new string('2', 64), credential.RootElement.Clone(),
                new DossierEvaluation("app-1", "pass", "2026-01-01", "0x" + new string('3', 64), "2026-01-01T00:00:00Z",
                    [new CriterionSummary("origin", "origin_region", new Bilingual("Grown in Baisha", "产自白沙"), "pass")])),
            journey,
            [new LabResultView("海南省检测中心", "2026-04-22", [new AnalyteView("lead", 0.3, "mg/kg", 0.5, "GB 2762")], "rec-lab")],
            null,
            [proof],
            new ChainView(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", null, null));
    }

    [Fact]
    public async Task ALongJourney_flowsOverSeveralPages_andEveryStepReadsBack()
    {
        var pdf = DossierPdf.Render(Sample(120));
        var (pages, text, ink) = await PdfCheck.ReadAsync(pdf, Ct);
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.True(ink > 0.01, $"{ink:P2}");
        var flat = text.Replace("\n", " ", StringComparison.Ordinal);
        Assert.Contains("warehouse-0", flat, StringComparison.Ordinal);
        Assert.Contains("warehouse-119", flat, StringComparison.Ordinal);
        Assert.Contains("白沙黎族自治县", flat, StringComparison.Ordinal);
        Assert.Contains("第 " + pages + " 页", flat, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("\u202Eevil\u202C 白沙")]
    [InlineData("a\u0000b\u0007c\r\n\td")]
    [InlineData("\uD800 lone surrogate")]
    [InlineData("😀 𠀀 emoji and a rare ideograph")]
    public async Task HostileText_isDrawnAsText_andEncodedInHtml(string product)
    {
        var dossier = Sample(3, product);
        var (pages, _, _) = await PdfCheck.ReadAsync(DossierPdf.Render(dossier), Ct);
        Assert.True(pages >= 1);
        var html = DossierHtml.Render(dossier);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0000", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrap_keepsLinesWithinTheWidth_andBreaksHashesAnywhere()
    {
        using var typeface = EcoValue.Labels.CjkTypeface.Choose("产地 Origin");
        using var font = new SkiaSharp.SKFont(typeface, 8);
        var hash = "0x" + new string('a', 200);
        var lines = DossierPdf.Wrap("产地 Origin 白沙黎族自治县南开乡 " + hash, font, 120);
        Assert.True(lines.Count > 3);
        Assert.All(lines, l => Assert.True(font.MeasureText(l) <= 120.5f, $"'{l}' is {font.MeasureText(l)} wide"));
        // Nothing lost or reordered: only the spaces a line was broken at are gone.
        var text = "产地 Origin 白沙黎族自治县南开乡 " + hash;
        Assert.Equal(text.Replace(" ", string.Empty, StringComparison.Ordinal), string.Concat(lines).Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.StartsWith("0x", lines.First(l => l.Contains('a', StringComparison.Ordinal)).TrimStart(), StringComparison.Ordinal);
    }
}
