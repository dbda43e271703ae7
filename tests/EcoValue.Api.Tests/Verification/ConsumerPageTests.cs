using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using EcoValue.Api.Features.Verification;
using EcoValue.Domain.Verification;
using Microsoft.AspNetCore.Http;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// The consumer page as the resolver will serve it, rendered for crafted views with real proofs and read back with a
/// real HTML5 parser (AngleSharp, which runs no script: what it sees is what a phone without JavaScript shows).
/// </summary>
public sealed partial class ConsumerPageTests
{
    private static readonly ConsumerPageOptions Options = new() { ReportUrl = "https://ev.example/report" };

    private static readonly HtmlParser Parser = new();

    internal static IDocument Parse(string html) => Parser.ParseDocument(html);

    private static IDocument Page(VerificationView? view, bool zh, string link = "https://ev.example/01/06901234567892/10/BS-2026-05", int status = 200) =>
        Parse(ConsumerPage.Render(view, link, status, Options, zh, zh ? "?lang=en" : "?lang=zh"));

    private static string Text(IDocument doc, string selector) => Norm(doc.QuerySelector(selector)?.TextContent ?? throw new InvalidOperationException($"no {selector}"));

    private static string Norm(string s) => WhiteSpace().Replace(s, " ").Trim();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Genuine_saysSoInItsLanguage_withEverySection(bool zh)
    {
        var built = ConsumerViews.Genuine();
        var view = built.View;
        var doc = Page(view, zh);

        Assert.Equal(zh ? "zh-CN" : "en", doc.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(doc.QuerySelector("main#main"));
        Assert.Single(doc.QuerySelectorAll("h1"));
        var verdict = doc.QuerySelector("section.verdict")!;
        Assert.Contains("v-good", verdict.ClassList);
        Assert.Equal("true", verdict.QuerySelector(".icon")!.GetAttribute("aria-hidden"));
        Assert.Equal(zh ? "正品 已登记、已上链存证并获品牌许可" : "Genuine Recorded, anchored on chain and licensed", Text(doc, "h1"));
        Assert.Contains(zh ? "可放心购买。" : "You can buy it with confidence.", Norm(verdict.TextContent), StringComparison.Ordinal);
        // First scan and count, at UTC+8: 2026-05-01T03:30Z is 11:30 in Hainan.
        Assert.Contains(zh ? "首次扫描于 2026年5月1日 11:30（UTC+8）。 此码至今已被扫描 3 次" : "First scanned on 1 May 2026, 11:30 (UTC+8). Scanned 3 times so far", Norm(verdict.TextContent), StringComparison.Ordinal);
        Assert.Contains(zh ? "此码至今已被扫描 3 次" : "Scanned 3 times so far", Norm(verdict.TextContent), StringComparison.Ordinal);
        Assert.Contains(zh ? "核验时间：2026年5月3日 14:05（UTC+8）" : "Checked 3 May 2026, 14:05 (UTC+8)", Text(doc, ".checked"), StringComparison.Ordinal);

        var facts = Facts(doc);
        Assert.Equal(ItemSerialGrouped(view.Item!.Serial), facts[zh ? "标签上的码" : "Code on the label"]);
        Assert.Equal(zh ? "3 次（含本次）" : "3 times, this scan included", facts[zh ? "扫描次数" : "Times scanned"]);
        Assert.Equal("白沙绿茶", facts[zh ? "产品" : "Product"]);
        Assert.Equal(zh ? "茶叶" : "Tea", facts[zh ? "品类" : "Category"]);
        Assert.Equal("BS-2026-05", facts[zh ? "批号" : "Lot"]);
        Assert.Equal(zh ? "2026年4月20日" : "20 April 2026", facts[zh ? "采收日期" : "Harvested"]);
        Assert.Equal("1200 kg", facts[zh ? "批次数量" : "Batch size"]);
        Assert.Equal("白沙绿茶专业合作社", facts[zh ? "生产者" : "Producer"]);
        Assert.Equal(zh ? "白沙黎族自治县" : "Baisha Li Autonomous County", facts[zh ? "所在地区" : "Region"]);
        Assert.Equal(zh ? "海南鲜品" : "Hainan Fresh", facts[zh ? "品牌" : "Brand"]);
        Assert.Equal(zh ? "有效" : "Valid", facts[zh ? "许可状态" : "Licence status"]);
        Assert.Equal(zh ? "2026年1月1日 – 2028年12月31日" : "1 January 2026 – 31 December 2028", facts[zh ? "有效期" : "Valid"]);
        Assert.Equal("/api/v1/licences/lic-1/verify", doc.QuerySelector("section[aria-labelledby=licence] p a")!.GetAttribute("href"));

        // Journey, oldest first, in words.
        var steps = doc.QuerySelectorAll("ol.journey > li").Select(li => Norm(li.TextContent)).ToList();
        Assert.Equal(2, steps.Count);
        Assert.StartsWith(zh ? "采收 2026年4月20日 09:00（UTC+8） 白沙黎族自治县南开乡 · 白沙黎族自治县" : "Harvest 20 Apr 2026, 09:00 (UTC+8) 白沙黎族自治县南开乡 · Baisha Li Autonomous County", steps[0], StringComparison.Ordinal);
        Assert.StartsWith(zh ? "运输" : "Shipping", steps[1], StringComparison.Ordinal);

        // Lab: values, limits with their source, and the assessment in words (not only colour).
        var rows = doc.QuerySelectorAll("table tbody tr").Select(tr => tr.Children.Select(c => Norm(c.TextContent)).ToArray()).ToList();
        Assert.Equal(["毒死蜱 chlorpyrifos", zh ? "0.02 mg/kg ✔ 未超标" : "0.02 mg/kg ✔ Within the limit", "0.1 mg/kg GB 2763-2021"], rows[0]);
        Assert.Equal(["铅 lead", zh ? "0.7 mg/kg ✖ 超标" : "0.7 mg/kg ✖ Over the limit", "0.5 mg/kg GB 2762-2022"], rows[1]);
        Assert.Equal(["水分 moisture", zh ? "6.5 % 无限量要求" : "6.5 % No limit set", "—"], rows[2]);
        Assert.Equal("over", doc.QuerySelectorAll("table tbody tr")[1].QuerySelector("td span:not(.amount)")!.ClassName);
        Assert.StartsWith("海南省农产品质量检测中心", Text(doc, "table caption"), StringComparison.Ordinal);

        // The proof: every record hash, proof step and root in the details block; the transaction links to the explorer.
        var details = Norm(doc.QuerySelector("section[aria-labelledby=check] details")!.TextContent);
        foreach (var p in view.Proofs)
        {
            Assert.Contains(p.RecordHash, details, StringComparison.Ordinal);
            Assert.All(p.Proof, step => Assert.Contains(step, details, StringComparison.Ordinal));
        }

        Assert.Contains(view.ItemProof!.SerialsRoot, details, StringComparison.Ordinal);
        Assert.Contains(ConsumerViews.Contract, details, StringComparison.Ordinal);
        Assert.Equal($"https://explorer.example/tx/{view.Proofs[0].TransactionHash}", doc.QuerySelector("details dd a")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Page_needsNoScriptForTheAnswer_andRunsOnlyItsOwnFile(bool zh)
    {
        var doc = Page(ConsumerViews.Genuine().View, zh);
        var scripts = doc.QuerySelectorAll("script").ToList();
        Assert.Equal(2, scripts.Count);
        // The check's script (external, deferred, this origin, versioned) and the data block; no inline code at all.
        Assert.Equal(ConsumerAssets.ScriptUrl, scripts[0].GetAttribute("src"));
        Assert.True(scripts[0].HasAttribute("defer"));
        Assert.Equal("application/json", scripts[1].GetAttribute("type"));
        Assert.Equal("ev-proof", scripts[1].Id);
        Assert.DoesNotContain(doc.All.SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
        // The button only makes sense with JavaScript: hidden until verify.js shows it; noscript says how to check by hand.
        var button = doc.QuerySelector("#ev-check")!;
        Assert.True(button.ParentElement!.HasAttribute("hidden"));
        Assert.Equal("button", button.GetAttribute("type"));
        Assert.Contains("keccak", doc.QuerySelector("noscript")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("polite", doc.QuerySelector("#ev-results")!.GetAttribute("aria-live"));
        // The language switch is a plain link to the same path.
        var lang = doc.QuerySelector("header a.lang")!;
        Assert.Equal(zh ? "?lang=en" : "?lang=zh", lang.GetAttribute("href"));
        Assert.Equal(zh ? "English" : "中文", lang.TextContent);
        Assert.Equal(zh ? "en" : "zh-CN", lang.GetAttribute("lang"));
    }

    public static TheoryData<VerificationStatus, bool, string, string> Statuses => new()
    {
        { VerificationStatus.Genuine, true, "正品", "v-good" },
        { VerificationStatus.Genuine, false, "Genuine", "v-good" },
        { VerificationStatus.Pending, true, "已登记，存证中", "v-wait" },
        { VerificationStatus.Pending, false, "Recorded, proof pending", "v-wait" },
        { VerificationStatus.Suspicious, true, "可疑", "v-warn" },
        { VerificationStatus.Suspicious, false, "Suspicious", "v-warn" },
        { VerificationStatus.Recalled, true, "已召回", "v-warn" },
        { VerificationStatus.Recalled, false, "Recalled", "v-warn" },
        { VerificationStatus.Revoked, true, "许可已撤销", "v-bad" },
        { VerificationStatus.Revoked, false, "Licence revoked", "v-bad" },
        { VerificationStatus.Suspended, false, "Licence suspended", "v-bad" },
        { VerificationStatus.Expired, true, "许可已过期", "v-bad" },
        { VerificationStatus.Tampered, true, "记录遭篡改", "v-bad" },
        { VerificationStatus.Tampered, false, "Record tampered", "v-bad" },
    };

    [Theory]
    [MemberData(nameof(Statuses))]
    public void EveryStatus_isWordedColouredAndExplained(VerificationStatus status, bool zh, string word, string tone)
    {
        var view = ConsumerViews.WithStatus(ConsumerViews.Genuine().View, status);
        var doc = Page(view, zh);
        var verdict = doc.QuerySelector("section.verdict")!;
        Assert.Contains(tone, verdict.ClassList);
        Assert.Equal(word, Text(doc, "h1 .word"));
        Assert.Contains(zh ? view.Headline.Zh : view.Headline.En, Text(doc, "h1"), StringComparison.Ordinal);
        var reasons = verdict.QuerySelectorAll("ul.reasons > li").ToList();
        Assert.Equal(view.Reasons.Count, reasons.Count);
        for (var i = 0; i < reasons.Count; i++)
        {
            Assert.Equal(view.Reasons[i].Code, reasons[i].GetAttribute("data-code"));
            Assert.Equal(zh ? view.Reasons[i].Zh : view.Reasons[i].En, reasons[i].TextContent);
        }

        Assert.StartsWith(word, doc.Title, StringComparison.Ordinal);
        // Where the consumer should act, the page says where to report.
        var report = verdict.QuerySelector("a[href='https://ev.example/report']");
        Assert.Equal(status is VerificationStatus.Tampered or VerificationStatus.Suspicious, report is not null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Recalled_showsTheNoticeWithItsReasonAndDate(bool zh)
    {
        var view = ConsumerViews.WithStatus(ConsumerViews.Genuine().View, VerificationStatus.Recalled) with
        {
            Recall = new RecallView("农残超标 residue over the limit", "2026-05-02T02:00:00Z", "rec-9"),
        };
        var doc = Page(view, zh);
        var notice = doc.QuerySelector("section.notice")!;
        Assert.Equal(zh ? "召回通知" : "Recall notice", Text(doc, "section.notice h2"));
        Assert.Equal(zh ? "该批次已于 2026年5月2日 10:00（UTC+8） 召回。召回原因： 农残超标 residue over the limit" : "This batch was recalled on 2 May 2026, 10:00 (UTC+8). Reason given: 农残超标 residue over the limit",
            Norm(notice.QuerySelector("p")!.TextContent));
        // Right under the answer, before the product's details.
        Assert.Same(notice, doc.QuerySelector("section.verdict")!.NextElementSibling);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FirstScan_saysSo_andWithdrawnCodeSaysWhy(bool zh)
    {
        var view = ConsumerViews.Genuine().View;
        var first = view with { Item = view.Item! with { ScanCount = 1, FirstScanAt = view.CheckedAt } };
        Assert.Contains(zh ? "这是此码的首次扫描。" : "This is the first scan of this code.", Text(Page(first, zh), "section.verdict"), StringComparison.Ordinal);

        var withdrawn = view with { Item = view.Item! with { Withdrawn = true, WithdrawnReason = "标签印错 misprinted label" } };
        Assert.Contains(zh ? "此码已被生产者作废： 标签印错 misprinted label" : "This code was withdrawn by its producer: 标签印错 misprinted label",
            Text(Page(withdrawn, zh, status: 410), "section.verdict"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UnknownCode_saysNeverIssued_whatToDo_andTheLinkAsScanned_asText(bool zh)
    {
        const string Hostile = "https://ev.example/01/06901234567892/21/<script>alert(\"x\")</script>'\"&amp;<img src=x onerror=alert(1)><!--";
        var doc = Page(null, zh, Hostile, 404);
        Assert.Equal(zh ? "未知的码 此码从未签发" : "Unknown code This code was never issued", Text(doc, "h1"));
        Assert.Contains("v-bad", doc.QuerySelector("section.verdict")!.ClassList);
        Assert.Contains(zh ? "请勿购买" : "Do not buy it", Text(doc, "section.verdict"), StringComparison.Ordinal);
        Assert.Contains("12315", Text(doc, "section.verdict"), StringComparison.Ordinal);
        Assert.Equal("https://ev.example/report", doc.QuerySelector("section.verdict a")!.GetAttribute("href"));
        // The link exactly as scanned, as text: no element, attribute or comment came out of it.
        Assert.Equal(Hostile, doc.QuerySelector(".scanned")!.TextContent);
        Assert.Empty(doc.QuerySelectorAll("script, img"));
        Assert.Empty(doc.Descendants<IComment>());
        Assert.Null(doc.QuerySelector("#ev-check"));
    }

    [Fact]
    public void UnknownView_fromTheService_usesItsWords_andShowsNoProofButton()
    {
        var view = ConsumerViews.WithStatus(ConsumerViews.Genuine().View, VerificationStatus.Unknown) with
        {
            Item = null, Batch = null, Producer = null, Journey = [], LabResults = [], Licence = null, Proofs = [], ItemProof = null,
        };
        var doc = Page(view, zh: false, status: 404);
        Assert.Equal("Unknown code This code was never issued", Text(doc, "h1"));
        Assert.Contains("Do not buy it", Text(doc, "section.verdict"), StringComparison.Ordinal);
        Assert.Null(doc.QuerySelector("script[src]"));
        Assert.Null(doc.QuerySelector("#ev-check"));
    }

    [Theory]
    [InlineData(true, "不是有效的产品码 此链接不是有效的产品码")]
    [InlineData(false, "Not a product code This link is not a valid product code")]
    public void MalformedLink_400_saysItIsNoProductCode(bool zh, string h1)
    {
        var doc = Page(null, zh, "https://ev.example/01/06901234567893/10/A%2FB", 400);
        Assert.Equal(h1, Text(doc, "h1"));
        Assert.Equal("https://ev.example/01/06901234567893/10/A%2FB", doc.QuerySelector(".scanned")!.TextContent);
    }

    [Fact]
    public void JsonBlock_parsesBackToTheSameView_andCannotCloseItsElement()
    {
        var view = ConsumerViews.Genuine().View;
        view = view with { Batch = view.Batch! with { Product = "</script><script>alert(1)</script><!-- & ' + `" } };
        var html = ConsumerPage.Render(view, view.Link, 200, Options, zh: true, "?lang=en");
        var doc = Parse(html);
        var block = doc.QuerySelector("#ev-proof")!.TextContent;
        Assert.DoesNotContain('<', block);
        Assert.DoesNotContain('>', block);
        Assert.DoesNotContain('&', block);
        var back = JsonSerializer.Deserialize<VerificationView>(block, ConsumerPage.Json)!;
        Assert.Equal(JsonSerializer.Serialize(view, ConsumerPage.Json), JsonSerializer.Serialize(back, ConsumerPage.Json));
        Assert.Equal(view.Batch.Product, back.Batch!.Product);
        Assert.Equal("GENUINE", JsonDocument.Parse(block).RootElement.GetProperty("status").GetString());
        Assert.Equal(2, doc.QuerySelectorAll("script").Length);
    }

    [Fact]
    public void Css_everyColourPair_meetsWcagAA()
    {
        var pairs = 0;
        foreach (Match rule in CssRule().Matches(ConsumerAssets.Style))
        {
            var body = rule.Groups["body"].Value;
            var fg = CssColour("color").Match(body);
            var bg = CssColour("background(?:-color)?").Match(body);
            if (!fg.Success || !bg.Success)
            {
                continue;
            }

            pairs++;
            var ratio = Contrast(fg.Groups[1].Value, bg.Groups[1].Value);
            Assert.True(ratio >= 4.5, $"{rule.Groups["selector"].Value.Trim()}: {fg.Groups[1].Value} on {bg.Groups[1].Value} is {ratio:0.00}:1, under 4.5:1");
        }

        Assert.True(pairs >= 15, $"only {pairs} colour pairs found in consumer.css");
    }

    [Fact]
    public void Csp_styleHash_isTheInlinedStyleElement_andConnectIsTheRpcOriginOnly()
    {
        var view = ConsumerViews.Genuine(publicRpcUrl: "https://rpc.example.org:8545/v1?key=x").View;
        var doc = Page(view, zh: true);
        var style = doc.QuerySelector("head style")!.TextContent;
        Assert.Equal($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", ConsumerAssets.StyleHash);

        var csp = ConsumerPage.ContentSecurityPolicy(view);
        Assert.Contains($"style-src {ConsumerAssets.StyleHash};", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' https://rpc.example.org:8545;", csp, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self';", ConsumerPage.ContentSecurityPolicy(null), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545")]
    [InlineData("https://rpc.example.com/path?x=1", "https://rpc.example.com")]
    [InlineData("http://[::1]:8545/", "http://[::1]:8545")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("ftp://rpc.example.com", null)]
    [InlineData("https://a.example;script-src *", null)]
    [InlineData("/relative", null)]
    public void RpcOrigin_onlyWhatCanSitInAHeader(string url, string? origin) => Assert.Equal(origin, ConsumerPage.RpcOrigin(url));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("data:text/html,hi")]
    public void UnsafeUrls_areNeverLinked(string url)
    {
        var view = ConsumerViews.Genuine().View;
        view = view with { Licence = view.Licence! with { VerifyUrl = url }, Chain = view.Chain! with { ExplorerTxUrl = url } };
        var doc = Page(view, zh: false);
        Assert.DoesNotContain(doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")), h => h!.Contains(url, StringComparison.Ordinal));
        Assert.Contains(view.Proofs[0].TransactionHash!, Text(doc, "details"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderAsync_writesStatusHeadersLanguageCookie_andTheWholePage()
    {
        var view = ConsumerViews.Genuine(publicRpcUrl: "http://127.0.0.1:8545").View;
        var http = Context("?lang=zh&utm=x", acceptLanguage: "en-GB,en;q=0.9");
        await ConsumerPage.RenderAsync(http, view, view.Link, 200, Options);

        var response = http.Response;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal("zh-CN", response.Headers.ContentLanguage.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Contains("connect-src 'self' http://127.0.0.1:8545;", response.Headers.ContentSecurityPolicy.ToString(), StringComparison.Ordinal);
        Assert.Contains("ecovalue-lang=zh", response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        var body = ((MemoryStream)response.Body).ToArray();
        Assert.Equal(body.Length, response.ContentLength);
        var doc = Parse(Encoding.UTF8.GetString(body));
        Assert.Equal("zh-CN", doc.DocumentElement.GetAttribute("lang"));
        Assert.Equal("?utm=x&lang=en", doc.QuerySelector("header a.lang")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData(null, null, "zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData(null, null, "en-US,en;q=0.9,zh;q=0.5", "en")]
    [InlineData(null, "zh", "en-US", "zh-CN")]
    [InlineData("?lang=en", "zh", "zh-CN", "en")]
    [InlineData(null, null, null, "en")]
    public async Task Language_queryThenCookieThenAcceptLanguage(string? query, string? cookie, string? acceptLanguage, string expected)
    {
        var http = Context(query ?? string.Empty, acceptLanguage, cookie);
        await ConsumerPage.RenderAsync(http, null, "https://ev.example/01/1/21/x", 404, Options);
        Assert.Equal(404, http.Response.StatusCode);
        Assert.Equal(expected, Parse(Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray())).DocumentElement.GetAttribute("lang"));
        Assert.Equal(expected, http.Response.Headers.ContentLanguage.ToString());
    }

    [Fact]
    public void Options_reportUrl_mustBeHttpOrMailto()
    {
        Assert.Empty(Validate(new ConsumerPageOptions { ReportUrl = "mailto:report@ev.example" }));
        Assert.Empty(Validate(new ConsumerPageOptions()));
        Assert.Single(Validate(new ConsumerPageOptions { ReportUrl = "javascript:alert(1)" }));
        Assert.Single(Validate(new ConsumerPageOptions { ReportUrl = "/report" }));
    }

    private static List<System.ComponentModel.DataAnnotations.ValidationResult> Validate(ConsumerPageOptions o)
    {
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        System.ComponentModel.DataAnnotations.Validator.TryValidateObject(o, new(o), results, validateAllProperties: true);
        return results;
    }

    internal static DefaultHttpContext Context(string query, string? acceptLanguage = null, string? cookie = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.Path = "/01/06901234567892/10/BS-2026-05";
        http.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (acceptLanguage is not null)
        {
            http.Request.Headers.AcceptLanguage = acceptLanguage;
        }

        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"ecovalue-lang={cookie}";
        }

        http.Response.Body = new MemoryStream();
        return http;
    }

    /// <summary>Every dt → dd of the page's fact lists (outside the proof block), by label.</summary>
    private static Dictionary<string, string> Facts(IDocument doc) =>
        doc.QuerySelectorAll("section.card:not([aria-labelledby=check]) dl > dt")
            .ToDictionary(dt => Norm(dt.TextContent), dt => Norm(dt.NextElementSibling!.TextContent), StringComparer.Ordinal);

    private static string ItemSerialGrouped(string serial) => EcoValue.Domain.Codes.ItemSerial.Grouped(serial);

    /// <summary>WCAG 2.2 contrast ratio of two #rrggbb colours.</summary>
    internal static double Contrast(string a, string b)
    {
        static double Luminance(string hex)
        {
            double Channel(int i)
            {
                var c = int.Parse(hex.AsSpan(1 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
                return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
            }

            return (0.2126 * Channel(0)) + (0.7152 * Channel(1)) + (0.0722 * Channel(2));
        }

        var (l1, l2) = (Luminance(a), Luminance(b));
        return (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
    }

    private static Regex CssColour(string property) => new($"(?:^|;)\\s*{property}\\s*:\\s*(#[0-9a-fA-F]{{6}})\\b", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"(?<selector>[^{}]+)\{(?<body>[^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex CssRule();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
