using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EcoValue.Api.Features.BulkVerification;
using EcoValue.Api.Features.Portal;
using EcoValue.Data.Reports;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// The buyer's portal pages (issue 7): bulk verify by paste and by upload, sent on to the saved report (statuses,
/// signer, downloads: the signed JSON re-checks offline); refused lists shown bilingually with 400 and nothing saved;
/// roles; another buyer's report is "not found"; the saved reports paged; the camera script and the vendored jsQR.
/// </summary>
public sealed partial class PortalBuyerTests(BuyerPortalHost fixture) : IClassFixture<BuyerPortalHost>
{
    private const string Unknown = "ZZZZZZZZZZZZZ";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ReportId(PortalPage posted)
    {
        Assert.True(posted.Status == HttpStatusCode.SeeOther, $"the post answered {posted.Code}: {posted.Html}");
        var location = posted.Location!.OriginalString;
        Assert.StartsWith("/portal/reports/", location, StringComparison.Ordinal);
        return location["/portal/reports/".Length..];
    }

    private static List<string> RowStatuses(string html) => [.. RowStatus().Matches(html).Select(m => m.Groups[1].Value)];

    private async Task<int> SavedCountAsync(UserClient buyer) =>
        (await fixture.Host.Services.GetRequiredService<ReportRepository>().ListAsync(buyer.UserId, null, 100, Ct)).Items.Count;

    [Fact]
    public async Task Buyer_pastesCodes_isSentToTheReport_whichShowsStatusesSignerAndDownloads()
    {
        var links = await fixture.GenuineLinksAsync(2);
        var (buyer, session) = await fixture.NewBuyerAsync();
        using var b = buyer;
        using var s = session;

        var form = await session.GetAsync("/portal/verify");
        Assert.Equal(200, form.Code);
        var csp = form.Response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", form.Html, StringComparison.Ordinal);
        // Without script the camera control stays hidden; the script is the embedded one.
        Assert.Matches("<section class=\"card scan\" id=\"scan\" hidden", form.Html);
        Assert.Contains($"src=\"{PortalAssets.ScanScript.Url}\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/verify\"", form.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/portal/reports\"", form.Html, StringComparison.Ordinal);

        var posted = await session.PostAsync("/portal/verify", PortalSession.Fields(
            ("codes", $"{links[0]}\r\n  {links[1]}\r\n\r\n{Unknown}\r\n"), ("label", "冬交会 booth 7")), form.Token);
        var id = ReportId(posted);

        var page = await session.GetAsync($"/portal/reports/{id}");
        Assert.Equal(200, page.Code);
        Assert.Equal(["UNKNOWN", "GENUINE", "GENUINE"], RowStatuses(page.Html)); // problems first
        Assert.Contains("冬交会 booth 7", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"report-id\">{id}</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"report-signer\">{fixture.ServiceAddress.ToLowerInvariant()}</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<li data-status=\"GENUINE\"><strong>2</strong>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<li data-status=\"UNKNOWN\"><strong>1</strong>", page.Html, StringComparison.Ordinal);
        Assert.Contains("Unknown code", page.Html, StringComparison.Ordinal);
        Assert.Contains($"<code id=\"verify-command\">ecovalue verify-report verification-report-{id}.json --signer {fixture.ServiceAddress.ToLowerInvariant()}</code>", page.Html, StringComparison.Ordinal);
        Assert.Contains("docs/verification-report.md", page.Html, StringComparison.Ordinal);
        var zh = await session.GetAsync($"/portal/reports/{id}?lang=zh");
        Assert.Contains("正品", zh.Html, StringComparison.Ordinal);
        Assert.Contains("未知码", zh.Html, StringComparison.Ordinal);
        Assert.Contains("离线复核", zh.Html, StringComparison.Ordinal);

        // The JSON is the stored evidence, byte for byte, as a file; it re-checks offline against the service key.
        var json = await session.GetAsync($"/portal/reports/{id}?format=json&lang=en");
        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal($"attachment; filename=\"verification-report-{id}.json\"", json.Response.Content.Headers.ContentDisposition!.ToString());
        var bytes = await json.Response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(await buyer.GetByteArrayAsync($"/api/v1/verify/reports/{id}", Ct), bytes);
        var check = ReportVerifier.Check(bytes, fixture.ServiceAddress);
        Assert.True(check.Valid, string.Join("; ", check.Problems));
        Assert.NotEmpty(check.Anchors);

        var csv = await session.GetAsync($"/portal/reports/{id}?format=csv");
        Assert.Equal("text/csv", csv.Response.Content.Headers.ContentType!.MediaType);
        var rows = csv.Html.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, rows.Length);
        Assert.StartsWith($"2,{Unknown},UNKNOWN,", rows[3], StringComparison.Ordinal);
        var html = await session.GetAsync($"/portal/reports/{id}?format=html");
        Assert.Equal("text/html", html.Response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("default-src 'none'; style-src 'nonce-", html.Response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("批量核验报告", html.Html, StringComparison.Ordinal);
        Assert.Equal(400, (await session.GetAsync($"/portal/reports/{id}?format=pdf")).Code);

        var list = await session.GetAsync("/portal/reports");
        Assert.Equal(200, list.Code);
        Assert.Contains($"href=\"/portal/reports/{id}\"", list.Html, StringComparison.Ordinal);
        Assert.Contains("3 codes", list.Html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"GENUINE\">Genuine 2</span>", list.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buyer_uploadsACsv_withAPastedCode_andBothAreChecked()
    {
        var links = await fixture.GenuineLinksAsync(2);
        var (buyer, session) = await fixture.NewBuyerAsync();
        using var b = buyer;
        using var s = session;
        var csv = Encoding.UTF8.GetBytes($"\uFEFFcode,note\r\n\"{links[0]}\",first\r\n{Unknown},never issued\r\n{links[1]}\r\n");
        var form = await session.GetAsync("/portal/verify");
        var posted = await session.PostMultipartAsync("/portal/verify", PortalSession.Fields(("codes", "AAAAAAAAAAAAA"), ("label", "upload")),
            [("file", "shipment.csv", "text/csv", csv)], form.Token);
        var id = ReportId(posted);

        var saved = await fixture.Host.Services.GetRequiredService<ReportRepository>().GetAsync(id, buyer.UserId, Ct);
        Assert.NotNull(saved);
        var report = ReportRenderings.Read(saved.Value.Document).Report;
        // Pasted codes first, then the file's (its header and other columns skipped).
        Assert.Equal(["AAAAAAAAAAAAA", links[0], Unknown, links[1]], report.Results.Select(r => r.Input));
        Assert.Equal(["UNKNOWN", "GENUINE", "UNKNOWN", "GENUINE"], report.Results.Select(r => r.Status));
        Assert.Equal("upload", saved.Value.Row.Label);
        var page = await session.GetAsync($"/portal/reports/{id}");
        Assert.Equal(["UNKNOWN", "UNKNOWN", "GENUINE", "GENUINE"], RowStatuses(page.Html));
    }

    [Fact]
    public async Task RefusedLists_showTheirErrorsBilingually_with400_andNothingIsSaved()
    {
        var (buyer, session) = await fixture.NewBuyerAsync();
        using var b = buyer;
        using var s = session;
        var form = await session.GetAsync("/portal/verify");

        var empty = await session.PostAsync("/portal/verify", PortalSession.Fields(("codes", " \r\n "), ("label", "")), form.Token);
        Assert.Equal(HttpStatusCode.BadRequest, empty.Status);
        Assert.Contains("There are no codes to check.", empty.Html, StringComparison.Ordinal);
        Assert.Contains("class=\"summary\"", empty.Html, StringComparison.Ordinal);

        var tooMany = string.Join("\n", Enumerable.Repeat(Unknown, BulkInput.MaxCodes + 1));
        var refused = await session.PostAsync("/portal/verify", PortalSession.Fields(("codes", tooMany), ("label", "x")), form.Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("At most 10,000 codes per request; this one has 10,001.", refused.Html, StringComparison.Ordinal);

        using var zhSession = await fixture.SignedInAsync(buyer, "zh-CN");
        var zhForm = await zhSession.GetAsync("/portal/verify");
        var zhRefused = await zhSession.PostAsync("/portal/verify", PortalSession.Fields(("codes", tooMany)), zhForm.Token);
        Assert.Equal(HttpStatusCode.BadRequest, zhRefused.Status);
        Assert.Contains("每次最多核验 10,000 个码，本次有 10,001 个", zhRefused.Html, StringComparison.Ordinal);

        // A file that is not UTF-8 (GB18030 bytes), and one over the size cap.
        var gb = await session.PostMultipartAsync("/portal/verify", PortalSession.Fields(("codes", Unknown)),
            [("file", "gbk.csv", "text/csv", [0xC2, 0xEB, 0x0D, 0x0A, 0xB2, 0xE8])], form.Token);
        Assert.Equal(HttpStatusCode.BadRequest, gb.Status);
        Assert.Contains("The list is not UTF-8 text.", gb.Html, StringComparison.Ordinal);
        var big = new byte[BulkInput.MaxBodyBytes + 1];
        Array.Fill(big, (byte)'A');
        var tooBig = await session.PostMultipartAsync("/portal/verify", [], [("file", "big.txt", "text/plain", big)], form.Token);
        Assert.Equal(HttpStatusCode.BadRequest, tooBig.Status);
        Assert.Contains("The file is larger than 8 MB.", tooBig.Html, StringComparison.Ordinal);

        // A label over the limit is refused beside its field; what was typed is kept.
        var longLabel = await session.PostAsync("/portal/verify", PortalSession.Fields(("codes", Unknown), ("label", new string('标', BulkInput.MaxLabelLength + 1))), form.Token);
        Assert.Equal(HttpStatusCode.BadRequest, longLabel.Status);
        Assert.Contains("The report name is longer than 200 characters.", longLabel.Html, StringComparison.Ordinal);
        Assert.Contains(">" + Unknown + "</textarea>", longLabel.Html, StringComparison.Ordinal);

        // Forged: no antiforgery token.
        Assert.Equal(HttpStatusCode.BadRequest, (await session.PostAsync("/portal/verify", PortalSession.Fields(("codes", Unknown)), null)).Status);
        Assert.Equal(0, await SavedCountAsync(buyer));
    }

    [Fact]
    public async Task AFarmer_getsTheForbiddenPage_andAnotherBuyersReportIsNotFound()
    {
        var (_, farmer) = await fixture.NewProducerAsync();
        using var f = farmer;
        using var farmerSession = await fixture.SignedInAsync(farmer);
        foreach (var path in new[] { "/portal/verify", "/portal/reports", "/portal/reports/whatever" })
        {
            var page = await farmerSession.GetAsync(path);
            Assert.True(page.Status == HttpStatusCode.Redirect, $"{path}: {page.Code}");
            Assert.StartsWith("/portal/forbidden", page.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var (owner, ownerSession) = await fixture.NewBuyerAsync();
        using var o = owner;
        using var os = ownerSession;
        var form = await ownerSession.GetAsync("/portal/verify");
        var id = ReportId(await ownerSession.PostAsync("/portal/verify", PortalSession.Fields(("codes", Unknown), ("label", "secret shipment")), form.Token));

        var (other, otherSession) = await fixture.NewBuyerAsync();
        using var x = other;
        using var xs = otherSession;
        foreach (var path in new[] { $"/portal/reports/{id}", $"/portal/reports/{id}?format=json", $"/portal/reports/{id}?format=csv", $"/portal/reports/{id}?format=html" })
        {
            var page = await otherSession.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains("Not found", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("secret shipment", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain(Unknown, page.Html, StringComparison.Ordinal);
        }

        var list = await otherSession.GetAsync("/portal/reports");
        Assert.DoesNotContain(id, list.Html, StringComparison.Ordinal);
        Assert.Contains("No reports yet", list.Html, StringComparison.Ordinal);

        // An admin may use the pages too (its own reports only).
        using var admin = await fixture.SignedInAsync(fixture.Admin);
        Assert.Equal(200, (await admin.GetAsync("/portal/verify")).Code);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/portal/reports/{id}")).Status);
    }

    [Fact]
    public async Task TheReportsList_isNewestFirst_inPagesOfTwenty()
    {
        var (buyer, session) = await fixture.NewBuyerAsync();
        using var b = buyer;
        using var s = session;
        var verifier = fixture.Host.Services.GetRequiredService<BulkVerifier>();
        var ids = new List<string>();
        for (var i = 0; i < IndexPageSize + 1; i++)
        {
            var outcome = await verifier.VerifyAsync(new BulkRequest([Unknown], $"shipment {i:D2}"), fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/'), buyer.UserId, Ct);
            ids.Add(outcome.Report.Id);
            await Task.Delay(2, Ct); // ids order by their millisecond (UUIDv7); within one, by chance
        }

        var first = await session.GetAsync("/portal/reports");
        var shown = ReportLink().Matches(first.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Reverse(ids).Take(IndexPageSize), shown);
        var next = NextLink().Match(first.Html);
        Assert.True(next.Success, "no next-page link");
        var second = await session.GetAsync(WebUtility.HtmlDecode(next.Groups[1].Value));
        Assert.Equal([ids[0]], ReportLink().Matches(second.Html).Select(m => m.Groups[1].Value));
        Assert.Contains("shipment 00", second.Html, StringComparison.Ordinal);
        Assert.DoesNotMatch(NextLink(), second.Html);
    }

    [Fact]
    public async Task ALongReport_showsAtMost500Rows_problemsFirst_andSaysTheFilesHoldEveryCode()
    {
        var (buyer, session) = await fixture.NewBuyerAsync();
        using var b = buyer;
        using var s = session;
        var links = await fixture.GenuineLinksAsync(1);
        // The genuine code comes last in the list; 600 unknown ones before it.
        var codes = Enumerable.Range(0, 600).Select(i => $"ZZZZZZZZZ{i:D4}").Append(links[0]).ToList();
        var outcome = await fixture.Host.Services.GetRequiredService<BulkVerifier>().VerifyAsync(new BulkRequest(codes, null), fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/'), buyer.UserId, Ct);

        var page = await session.GetAsync($"/portal/reports/{outcome.Report.Id}");
        Assert.Equal(200, page.Code);
        var statuses = RowStatuses(page.Html);
        Assert.Equal(EcoValue.Api.Features.Portal.Pages.Reports.ReportModel.MaxRows, statuses.Count);
        Assert.All(statuses, st => Assert.Equal("UNKNOWN", st));
        Assert.Contains("Showing 500 of 601 codes, problems first. The downloads below hold every code.", page.Html, StringComparison.Ordinal);
        Assert.Contains("<li data-status=\"GENUINE\"><strong>1</strong>", page.Html, StringComparison.Ordinal);
        var csv = await session.GetAsync($"/portal/reports/{outcome.Report.Id}?format=csv");
        Assert.Equal(602, csv.Html.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task TheVendoredJsQr_isThePinnedUpstreamFile_andTheScriptsAreServedAsInTheTree()
    {
        var upstream = Path.Combine(Requirements.TestToolPackage("jsqr"), "dist", "jsQR.js");
        var vendored = Path.Combine(RepoPaths.Root, "src", "EcoValue.Api", "wwwroot", "vendor", "jsqr-1.4.0", "jsQR.js");
        var bytes = await File.ReadAllBytesAsync(vendored, Ct);
        Assert.Equal(await File.ReadAllBytesAsync(upstream, Ct), bytes);
        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(Requirements.TestToolPackage("jsqr"), "LICENSE"), Ct),
            await File.ReadAllBytesAsync(Path.Combine(Path.GetDirectoryName(vendored)!, "LICENSE"), Ct));
        Assert.Equal(bytes, PortalAssets.JsQr.Identity);

        using var client = new HttpClient { BaseAddress = fixture.Host.Client.BaseAddress };
        foreach (var (asset, file) in new[] { (PortalAssets.JsQr, vendored), (PortalAssets.ScanScript, Path.Combine(RepoPaths.Root, "src", "EcoValue.Api", "wwwroot", "portal", "scan-codes.js")) })
        {
            using var response = await client.GetAsync(asset.Url, Ct); // anonymous, like any static file
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.Equal(await File.ReadAllBytesAsync(file, Ct), await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    private const int IndexPageSize = EcoValue.Api.Features.Portal.Pages.Reports.IndexModel.PageSize;

    [GeneratedRegex("<tr data-status=\"([A-Z]+)\">")]
    private static partial Regex RowStatus();

    [GeneratedRegex("<li data-report=\"([^\"]+)\">")]
    private static partial Regex ReportLink();

    [GeneratedRegex("class=\"button secondary\" href=\"(/portal/reports\\?before=[^\"]+)\"")]
    private static partial Regex NextLink();
}
