using System.Text;
using System.Text.Json;
using EcoValue.Api.Tests.Portal;
using EcoValue.Api.Tests.Verification;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Licences;
using EcoValue.Ethereum;
using EcoValue.Testing;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Dossier;

/// <summary>
/// GET /api/v1/batches/{id}/dossier and the portal's download on a real anvil with records anchored by the host's
/// worker: a buyer's JSON dossier (licence credential that verifies, evaluation summary tied to the anchored
/// decision, proofs that recompute), who may fetch it, the buyer's EPCIS export against the GS1 schema, the HTML
/// page (both languages, a hostile product name escaped, strict CSP) and the PDF (rasterised and read back).
/// </summary>
public sealed class DossierApiTests(AnchoringCertificationHost fixture) : IClassFixture<AnchoringCertificationHost>
{
    private static readonly string[] Passing = ["pass", "not_applicable"];

    /// <summary>A producer licensed for Baisha Liangshi and a 300 kg tea batch carrying the brand; the licence confirmed on chain.</summary>
    private async Task<(UserClient Farmer, string ProducerId, string LicenceId, string BatchId)> LicensedBatchAsync()
    {
        var l = await fixture.LicensedBatchAsync();
        l.Certifier.Dispose();
        return (l.Farmer, l.ProducerId, l.LicenceId, l.BatchId);
    }

    /// <summary>Reads the JSON dossier until every proof in it is anchored.</summary>
    private static async Task<JsonElement> WaitForAnchoredAsync(HttpClient client, string batchId, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var (status, dossier) = await GetAsync(client, $"/api/v1/batches/{batchId}/dossier");
            Assert.True(status == 200, dossier.ToString());
            if (dossier.GetProperty("proofs").EnumerateArray().All(p => p.GetProperty("status").GetString() == "anchored"))
            {
                return dossier;
            }

            Assert.True(DateTime.UtcNow < deadline, $"proofs still not all anchored after {seconds} s: {dossier.GetProperty("proofs")}");
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task Buyer_getsJson_withVerifiableCredential_evaluationSummary_andProofsThatRecompute()
    {
        var (farmer, producerId, licenceId, batchId) = await LicensedBatchAsync();
        using var lease = farmer;
        var (recalled, recall) = await PostAsync(fixture.Admin, $"/api/v1/batches/{batchId}/recall", new { reason = "包装破损 damaged packaging" });
        Assert.True(recalled == 201, recall.ToString());
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);

        using (var raw = await buyer.GetAsync($"/api/v1/batches/{batchId}/dossier?format=json", Ct))
        {
            Assert.Equal("application/json", raw.Content.Headers.ContentType?.MediaType);
            Assert.Null(raw.Content.Headers.ContentDisposition);
        }

        var d = await WaitForAnchoredAsync(buyer, batchId);
        Assert.Equal(batchId, d.GetProperty("batchId").GetString());
        Assert.True(DateTimeOffset.TryParse(d.GetProperty("generatedAt").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        var batch = d.GetProperty("batch");
        Assert.Equal("白沙绿茶", batch.GetProperty("product").GetString());
        Assert.EndsWith($"/01/{batch.GetProperty("gtin").GetString()}/10/{batch.GetProperty("lot").GetString()}", batch.GetProperty("digitalLink").GetString(), StringComparison.Ordinal);
        Assert.Equal(producerId, d.GetProperty("producer").GetProperty("id").GetString());
        Assert.Equal("469025", d.GetProperty("producer").GetProperty("region").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(d.GetProperty("producer").GetProperty("region").GetProperty("zh").GetString()));
        Assert.Equal("元门乡 1 号茶园", d.GetProperty("plot").GetProperty("name").GetString());
        // Public fields only: the plot is named, not located.
        Assert.Equal(["name", "region"], d.GetProperty("plot").EnumerateObject().Select(p => p.Name));
        Assert.Equal("包装破损 damaged packaging", d.GetProperty("recall").GetProperty("reason").GetString());

        // The credential as stored: its EIP-712 proof recovers the certifier, and its hash is the one the dossier names.
        var licence = d.GetProperty("licence");
        Assert.Equal((licenceId, Baisha, "valid"), (licence.GetProperty("id").GetString(), licence.GetProperty("brand").GetProperty("id").GetString(), licence.GetProperty("status").GetString()));
        var verified = LicenceProof.Verify(licence.GetProperty("credential").GetRawText());
        Assert.Equal(licence.GetProperty("credentialHash").GetString(), Hex.Encode(verified.DocumentHash));
        Assert.Equal(Address.Parse(licence.GetProperty("certifier").GetString()!), verified.Certifier);
        var standard = licence.GetProperty("standard");
        Assert.Equal(BaishaStandard, standard.GetProperty("id").GetString());
        Assert.Matches("^0x[0-9a-f]{64}$", standard.GetProperty("hash").GetString());
        Assert.False(string.IsNullOrEmpty(standard.GetProperty("version").GetString()));

        // The evaluation that led to the licence: every line passed, and its hash is the one the anchored decision record carries.
        var evaluation = licence.GetProperty("evaluation");
        Assert.Equal("pass", evaluation.GetProperty("overall").GetString());
        var criteria = evaluation.GetProperty("criteria").EnumerateArray().ToList();
        Assert.True(criteria.Count > 3, evaluation.ToString());
        Assert.All(criteria, c => Assert.Contains(c.GetProperty("outcome").GetString(), Passing));
        Assert.All(criteria, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("title").GetProperty("zh").GetString())));
        Assert.DoesNotContain(criteria, c => c.TryGetProperty("facts", out _));

        var proofs = d.GetProperty("proofs").EnumerateArray().ToList();
        Assert.Equal(["batch", "field-event", "lab-result", "licence", "brand-claim", "recall"], proofs.Select(p => p.GetProperty("role").GetString()));
        var chain = d.GetProperty("chain");
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        var registry = new EcoValue.Anchoring.Contracts.AnchorRegistryClient(fixture.Eth, Address.Parse(chain.GetProperty("contract").GetString()!));
        foreach (var p in proofs)
        {
            await Verification.ProofChecks.AnchoredAsync(p, registry, Ct);
            Assert.Matches("^0x[0-9a-f]{64}$", p.GetProperty("transactionHash").GetString());
            Assert.True(p.GetProperty("blockNumber").GetInt64() > 0);
        }

        // The licence record names its decision record; that anchored record's evaluation hash is the summary's report hash.
        var licenceRecord = JsonDocument.Parse(proofs.Single(p => p.GetProperty("role").GetString() == "licence").GetProperty("envelope").GetString()!).RootElement;
        var decisionId = licenceRecord.GetProperty("data").GetProperty("decision").GetString()!;
        var (found, decision) = await GetAsync(fixture.Host.Client, $"/api/v1/records/{decisionId}/proof");
        Assert.True(found == 200, decision.ToString());
        var decisionData = decision.GetProperty("envelope").GetProperty("data");
        Assert.Equal(decisionData.GetProperty("evaluation").GetProperty("hash").GetString(), evaluation.GetProperty("reportHash").GetString());
        Assert.Equal(licenceId, decisionData.GetProperty("licence").GetString());
    }

    [Fact]
    public async Task WhoMayFetchIt_farmerOfAnotherProducer404_anonymous401_certifier403_unknownFormat400()
    {
        var (farmer, _, _, batchId) = await LicensedBatchAsync();
        using var lease = farmer;
        var (_, other) = await fixture.NewProducerAsync("另一家茶叶合作社");
        using var otherLease = other;
        using var certifier = await fixture.Host.ClientForAsync(Roles.Certifier, ct: Ct);

        Assert.Equal(200, (await GetAsync(farmer, $"/api/v1/batches/{batchId}/dossier")).Status);
        Assert.Equal(200, (await GetAsync(fixture.Admin, $"/api/v1/batches/{batchId}/dossier")).Status);
        foreach (var format in new[] { "json", "epcis", "html", "pdf" })
        {
            var (status, problem) = await GetAsync(other, $"/api/v1/batches/{batchId}/dossier?format={format}");
            Assert.True(status == 404, $"{format}: {status}");
            Assert.Equal("https://ecovalue.dev/problems/not-found", problem.GetProperty("type").GetString());
        }

        using (var anonymous = await fixture.Host.Client.GetAsync($"/api/v1/batches/{batchId}/dossier?format=pdf", Ct))
        {
            Assert.Equal(401, (int)anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }

        using (var forbidden = await certifier.GetAsync($"/api/v1/batches/{batchId}/dossier", Ct))
        {
            Assert.Equal(403, (int)forbidden.StatusCode);
        }

        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        Assert.Equal(404, (await GetAsync(buyer, "/api/v1/batches/no-such-batch/dossier")).Status);
        var (bad, refused) = await PostlessGetAsync(buyer, $"/api/v1/batches/{batchId}/dossier?format=docx", "zh-CN");
        Assert.Equal(400, bad);
        Assert.Equal("dossier.format", refused.GetProperty("codes").GetProperty("format")[0].GetString());
        Assert.Contains("json", refused.GetProperty("errors").GetProperty("format")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task BuyersEpcisDossier_validatesAgainstTheGs1Schema_andCarriesOnlyPublicFields()
    {
        var (farmer, _, _, batchId) = await LicensedBatchAsync();
        using var lease = farmer;
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var response = await buyer.GetAsync($"/api/v1/batches/{batchId}/dossier?format=epcis", Ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/ld+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"batch-{batchId}.epcis.jsonld", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        var exported = EpcisDocumentParser.Parse(bytes);
        Assert.Equal(["input_applied"], exported.Events.Select(e => e.BizStep));
        // The input's details are the farmer's: in the farmer's own export, not in a buyer's.
        Assert.DoesNotContain("ecovalue:input", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        using var own = await farmer.GetAsync($"/api/v1/batches/{batchId}/dossier?format=epcis", Ct);
        Assert.Contains("ecovalue:input", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var folder = Directory.CreateTempSubdirectory("dossier-epcis-");
        try
        {
            var file = Path.Combine(folder.FullName, "dossier.jsonld");
            await File.WriteAllBytesAsync(file, bytes, Ct);
            var node = Requirements.Node();
            Requirements.TestToolPackage("ajv");
            var output = await ToolProcess.RunAsync(node, [Path.Combine(RepoPaths.Root, "tests", "js", "epcis-validate.mjs"), Requirements.Vector("epcis/EPCIS-JSON-Schema.json"), file], timeout: TimeSpan.FromMinutes(2), ct: Ct);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            using var result = JsonDocument.Parse(line);
            Assert.True(result.RootElement.GetProperty("valid").GetBoolean(), line);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Html_isBilingual_escapesAHostileProductName_andLoadsNothing()
    {
        var (producerId, farmer) = await fixture.NewProducerAsync("<b>粗体</b> 合作社");
        using var lease = farmer;
        var (s1, plot) = await PostAsync(farmer, $"/api/v1/producers/{producerId}/plots", new { name = "茶园 \"1\" & <i>", regionCode = "469025", areaMu = 3 });
        Assert.True(s1 == 201, plot.ToString());
        const string hostile = "<script>alert('x')</script>白沙绿茶\u202E";
        var (s2, batch) = await PostAsync(farmer, "/api/v1/batches", new { product = hostile, category = "tea", gtin = "6901234567892", lot = "HTML-" + Guid.NewGuid().ToString("N")[..8], plotId = plot.GetProperty("id").GetString(), harvestDate = Day(-1), quantity = 10, unit = "kg" });
        Assert.True(s2 == 201, batch.ToString());
        var batchId = batch.GetProperty("id").GetString()!;

        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var response = await buyer.GetAsync($"/api/v1/batches/{batchId}/dossier?format=html", Ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'sha256-", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync(Ct);

        // Both languages on every label, and print rules for A4.
        foreach (var (zh, en) in new[] { ("产品溯源档案", "Provenance dossier"), ("生产者与产地", "Producer and origin"), ("批号", "Lot"), ("溯源历程", "Journey"), ("存证证明", "Proofs") })
        {
            Assert.Contains($"<span lang=\"zh-CN\">{zh}</span> <span class=\"en\" lang=\"en\">{en}</span>", html, StringComparison.Ordinal);
        }

        Assert.Contains("@page{size:A4", html, StringComparison.Ordinal);
        // Nothing typed can become markup: no script element at all, the name shown encoded and isolated.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>", html, StringComparison.Ordinal);
        Assert.Contains("<bdi>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;白沙绿茶", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;粗体&lt;/b&gt; 合作社", html, StringComparison.Ordinal);
        Assert.DoesNotContain("src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_rendersPageOneToANonBlankImage_andReadsBackChineseAndEnglish()
    {
        var (farmer, _, _, batchId) = await LicensedBatchAsync();
        using var lease = farmer;
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var response = await buyer.GetAsync($"/api/v1/batches/{batchId}/dossier?format=pdf", Ct);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"dossier-{batchId}.pdf", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var pdf = await response.Content.ReadAsByteArrayAsync(Ct);
        var (pages, text, inkShare) = await PdfCheck.ReadAsync(pdf, Ct);
        Assert.True(pages >= 2, $"{pages} pages");
        Assert.True(inkShare > 0.01, $"page 1 is nearly blank: {inkShare:P2} of its pixels have ink");
        Assert.Contains("白沙绿茶", text, StringComparison.Ordinal);
        Assert.Contains("产品溯源档案", text, StringComparison.Ordinal);
        Assert.Contains("Provenance dossier", text, StringComparison.Ordinal);
        Assert.Contains("Producer and origin", text, StringComparison.Ordinal);
        Assert.Contains("白沙绿野茶叶专业合作社", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_buyerSignsIn_andDownloadsThePdf_anotherFarmerGets404()
    {
        var (farmer, _, _, batchId) = await LicensedBatchAsync();
        using var lease = farmer;
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var session = new PortalSession(fixture.Host.Client.BaseAddress!, "zh-CN");
        var signedIn = await session.SignInAsync(buyer.User.Username, buyer.Password);
        Assert.True(signedIn.Code == 302, $"sign-in answered {signedIn.Code}: {signedIn.Html}");

        var page = await session.GetAsync($"/portal/batches/{batchId}/dossier");
        Assert.True(page.Code == 200, page.Html);
        Assert.Contains("产品溯源档案", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/portal/batches/{batchId}/dossier?format=pdf\"", page.Html, StringComparison.Ordinal);

        var download = await session.GetAsync($"/portal/batches/{batchId}/dossier?format=pdf");
        Assert.Equal(200, download.Code);
        Assert.Equal("application/pdf", download.Response.Content.Headers.ContentType?.MediaType);
        var pdf = await download.Response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(pdf.AsSpan().StartsWith("%PDF-"u8));
        var (_, text, _) = await PdfCheck.ReadAsync(pdf, Ct);
        Assert.Contains("白沙绿茶", text, StringComparison.Ordinal);

        var bad = await session.GetAsync($"/portal/batches/{batchId}/dossier?format=docx");
        Assert.Equal(400, bad.Code);

        // The farmer's own batch page links to it; another producer's farmer finds nothing there.
        using var farmerSession = new PortalSession(fixture.Host.Client.BaseAddress!);
        Assert.Equal(302, (await farmerSession.SignInAsync(farmer.User.Username, farmer.Password)).Code);
        var batchPage = await farmerSession.GetAsync($"/portal/batches/{batchId}");
        Assert.Contains($"href=\"/portal/batches/{batchId}/dossier\"", batchPage.Html, StringComparison.Ordinal);
        var (_, other) = await fixture.NewProducerAsync("别家合作社");
        using var otherLease = other;
        using var otherSession = new PortalSession(fixture.Host.Client.BaseAddress!);
        Assert.Equal(302, (await otherSession.SignInAsync(other.User.Username, other.Password)).Code);
        Assert.Equal(404, (await otherSession.GetAsync($"/portal/batches/{batchId}/dossier?format=pdf")).Code);

        using var anonymous = new PortalSession(fixture.Host.Client.BaseAddress!);
        var redirected = await anonymous.GetAsync($"/portal/batches/{batchId}/dossier?format=pdf");
        Assert.Equal(302, redirected.Code);
        Assert.Contains("/portal/login", redirected.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonElement Body)> PostlessGetAsync(HttpClient client, string url, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptLanguage.ParseAdd(language);
        using var response = await client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
