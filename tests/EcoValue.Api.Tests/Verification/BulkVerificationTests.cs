using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dapper;
using EcoValue.Anchoring.Keys;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Testing;
using static EcoValue.Api.Tests.Certification.CertificationHost;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// POST /api/v1/verify/bulk on a real anvil with records anchored by the host's own worker: a buyer's mixed list
/// (genuine links and typed serials, a batch link, unknown and malformed codes, a revoked licence's codes, a
/// tampered batch) answers each code as a scan would; the signed report re-checks offline (our checker, the CLI,
/// OpenZeppelin's merkle-tree in Node) and against the chain; renderings, saved reports, roles and limits.
/// </summary>
public sealed class BulkVerificationTests(AnchoringCertificationHost fixture) : IClassFixture<AnchoringCertificationHost>
{
    private static readonly string[] Unknown = ["ZZZZZZZZZZZZZ"];

    private static readonly object[] NotText = [1];

    private sealed record Licensed(UserClient Farmer, UserClient Certifier, string LicenceId, string BatchId, List<string> Links);

    private async Task<Licensed> LicensedItemsAsync(int count)
    {
        var l = await fixture.LicensedBatchAsync();
        var issued = await ItemsHost.IssueAsync(l.Farmer, l.BatchId, count, 0.5);
        return new Licensed(l.Farmer, l.Certifier, l.LicenceId, l.BatchId, [.. issued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!)]);
    }

    private static Task WaitGenuineAsync(HttpClient client, string link) => ItemsHost.WaitForStatusAsync(client, ItemsHost.PathOf(link), "GENUINE");

    private static async Task<(HttpStatusCode Status, byte[] Body, HttpResponseMessage Response)> BulkAsync(HttpClient client, HttpContent content, string query = "")
    {
        var response = await client.PostAsync("/api/v1/verify/bulk" + query, content, Ct);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(Ct), response);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Fact]
    public async Task AMixedList_isAnsweredCodeByCode_andTheSignedReportChecksOutOfflineAndOnChain()
    {
        var genuine = await LicensedItemsAsync(4);
        var revoked = await LicensedItemsAsync(2);
        var tampered = await LicensedItemsAsync(2);
        using var l1 = genuine.Farmer;
        using var l2 = genuine.Certifier;
        using var l3 = revoked.Farmer;
        using var l4 = revoked.Certifier;
        using var l5 = tampered.Farmer;
        using var l6 = tampered.Certifier;
        foreach (var link in new[] { genuine.Links[^1], revoked.Links[^1], tampered.Links[^1] })
        {
            await WaitGenuineAsync(genuine.Farmer, link);
        }

        var (revokedStatus, revokedBody) = await PostAsync(revoked.Certifier, $"/api/v1/licences/{revoked.LicenceId}/revoke", new { reason = "抽检铅超标 lead over the limit" });
        Assert.True(revokedStatus == 200, revokedBody.ToString());
        await WaitForChainAsync(revoked.Certifier, $"/api/v1/licences/{revoked.LicenceId}", d => d.GetProperty("licence").GetProperty("chain"));

        // Someone with the file edits the tampered batch's record.
        string batchRecord;
        await using (var c = await EcoValue.Testing.TestDatabases.ForDirectory(fixture.Host.DataDirectory).OpenAsync(Ct))
        {
            batchRecord = await c.QuerySingleAsync<string>("SELECT record_id FROM batches WHERE id = @id", new { id = tampered.BatchId });
            await c.ExecuteAsync(EcoValue.Testing.TestDatabases.DropTriggerSql("records_content_is_append_only", "records"));
            var envelope = System.Text.Encoding.UTF8.GetString(await c.QuerySingleAsync<byte[]>("SELECT envelope FROM records WHERE id = @id", new { id = batchRecord }));
            var forged = envelope.Replace("\"quantity\":300", "\"quantity\":3000", StringComparison.Ordinal);
            Assert.NotEqual(envelope, forged);
            Assert.Equal(1, await c.ExecuteAsync("UPDATE records SET envelope = @e WHERE id = @id", new { e = System.Text.Encoding.UTF8.GetBytes(forged), id = batchRecord }));
        }

        var typed = ItemSerial.Grouped(new Uri(genuine.Links[1]).Segments[^1]).ToLowerInvariant(); // as a person types it
        string[] codes =
        [
            genuine.Links[0],
            typed,
            ItemsHost.PathOf(genuine.Links[2]),
            genuine.Links[0][..genuine.Links[0].IndexOf("/21/", StringComparison.Ordinal)], // the batch link
            revoked.Links[0],
            revoked.Links[1],
            tampered.Links[0],
            "ZZZZZZZZZZZZZ",                                            // our shape, never issued
            "https://trace.example.cn/01/09506000134352/10/NOPE/21/ABC", // a well-formed link of no batch of ours
            "https://trace.example.cn/01/09506000134353/10/L1",        // bad check digit
            "=HYPERLINK(\"https://evil.example\")",                     // not a code at all
            "https://evil.example" + ItemsHost.PathOf(genuine.Links[3]), // a real code on a label pointing elsewhere
        ];

        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        var (status, body, response) = await BulkAsync(buyer, Json(new { codes, label = "冬交会 2026 booth 12" }));
        using var r0 = response;
        Assert.True(status == HttpStatusCode.Created, Encoding.UTF8.GetString(body));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);

        using var doc = JsonDocument.Parse(body);
        var report = doc.RootElement.GetProperty("report");
        var statuses = report.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(["GENUINE", "GENUINE", "GENUINE", "GENUINE", "REVOKED", "REVOKED", "TAMPERED", "UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN", "SUSPICIOUS"], statuses);
        var results = report.GetProperty("results");
        Assert.Equal(typed, results[1].GetProperty("input").GetString());
        Assert.Equal(genuine.Links[1], results[1].GetProperty("link").GetString());
        Assert.Equal("licence.revoked", results[4].GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Contains(batchRecord, results[6].GetProperty("reasons")[0].GetProperty("en").GetString(), StringComparison.Ordinal);
        Assert.Equal(["unknown", "unknown", "code.malformed", "code.unreadable"], Enumerable.Range(7, 4).Select(i => results[i].GetProperty("reasons")[0].GetProperty("code").GetString()));
        Assert.Equal("link.foreign_host", results[11].GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(12, report.GetProperty("summary").GetProperty("total").GetInt32());
        Assert.Equal("冬交会 2026 booth 12", report.GetProperty("label").GetString());
        Assert.Equal(4, report.GetProperty("summary").GetProperty("byStatus").GetProperty("GENUINE").GetInt32());
        Assert.Equal(response.Headers.Location!.ToString(), "/api/v1/verify/reports/" + report.GetProperty("id").GetString());

        // Offline: signed by the service key (the anchorer), proofs intact; one changed byte breaks it.
        var serviceKey = ServiceKeyFile.Load(Path.Combine(fixture.Host.DataDirectory, "keys", "service.key"));
        var check = ReportVerifier.Check(body, serviceKey.Address.ToString());
        Assert.True(check.Valid, string.Join("; ", check.Problems));
        Assert.NotEmpty(check.Anchors);
        var tamperedRecord = report.GetProperty("records").EnumerateArray().Single(r => r.GetProperty("id").GetString() == batchRecord);
        Assert.Equal("tampered", tamperedRecord.GetProperty("status").GetString());
        Assert.False(tamperedRecord.TryGetProperty("envelope", out _));
        var edited = (byte[])body.Clone();
        var at = Encoding.UTF8.GetString(body).IndexOf("\"GENUINE\"", StringComparison.Ordinal) + 1;
        edited[at] = (byte)'X';
        Assert.False(ReportVerifier.Check(edited).Valid);

        // The CLI, as a buyer runs it: offline, then against the chain (roots anchored, signer holds ANCHORER_ROLE).
        var file = Path.Combine(fixture.Host.DataDirectory, "report.json");
        await File.WriteAllBytesAsync(file, body, Ct);
        var cli = Path.Combine(AppContext.BaseDirectory, "ecovalue.dll");
        var offline = await ToolProcess.RunAsync("dotnet", [cli, "verify-report", file, "--signer", serviceKey.Address.ToString()], timeout: TimeSpan.FromMinutes(2), ct: Ct);
        Assert.Contains("VERIFIED: the report is as the service signed it", offline, StringComparison.Ordinal);
        Assert.Contains("GENUINE 4", offline, StringComparison.Ordinal);
        var online = await ToolProcess.RunAsync("dotnet", [cli, "verify-report", file, "--rpc-url", fixture.Node.RpcUrl.ToString()], timeout: TimeSpan.FromMinutes(2), ct: Ct);
        Assert.Contains("holds ANCHORER_ROLE", online, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL", online, StringComparison.Ordinal);
        var editedFile = Path.Combine(fixture.Host.DataDirectory, "report-edited.json");
        await File.WriteAllBytesAsync(editedFile, edited, Ct);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ToolProcess.RunAsync("dotnet", [cli, "verify-report", editedFile], timeout: TimeSpan.FromMinutes(2), ct: Ct));
        Assert.Contains("NOT VERIFIED", refused.Message, StringComparison.Ordinal);

        // OpenZeppelin's own tooling accepts every multiproof.
        var oz = await ToolProcess.RunAsync(Requirements.Node(), [Path.Combine(RepoPaths.Root, "tests", "js", "report-multiproof.mjs"), file, RepoPaths.NodeModules], timeout: TimeSpan.FromMinutes(1), ct: Ct);
        Assert.Contains($"ok {check.Anchors.Count} anchor multiproof(s)", oz, StringComparison.Ordinal);

        // Saved: listed for its owner, the same bytes again, renderings; another buyer sees nothing.
        var id = report.GetProperty("id").GetString()!;
        var (listed, list) = await GetAsync(buyer, "/api/v1/verify/reports");
        Assert.Equal(200, listed);
        var item = list.GetProperty("items")[0];
        Assert.Equal((id, 12, "冬交会 2026 booth 12"), (item.GetProperty("id").GetString(), item.GetProperty("total").GetInt32(), item.GetProperty("label").GetString()));
        Assert.Equal(body, await buyer.GetByteArrayAsync($"/api/v1/verify/reports/{id}", Ct));

        using var csv = await buyer.GetAsync($"/api/v1/verify/reports/{id}?format=csv", Ct);
        var csvText = await csv.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var lines = csvText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(13, lines.Length);
        Assert.StartsWith("index,input,status", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("10,\"'=HYPERLINK(\"\"https://evil.example\"\")\",UNKNOWN", lines[11], StringComparison.Ordinal);

        using var html = await buyer.GetAsync($"/api/v1/verify/reports/{id}?format=html", Ct);
        var page = await html.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("批量核验报告", page, StringComparison.Ordinal);
        Assert.Contains("Bulk verification report", page, StringComparison.Ordinal);
        Assert.Contains("正品", page, StringComparison.Ordinal);
        Assert.DoesNotContain("=HYPERLINK(\"https", page, StringComparison.Ordinal);

        using var other = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var hidden = await other.GetAsync($"/api/v1/verify/reports/{id}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        var (_, otherList) = await GetAsync(other, "/api/v1/verify/reports");
        Assert.Empty(otherList.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ACsvUpload_withAHeaderQuotedFieldsAndOtherColumns_isRead_andCanAnswerAsCsv()
    {
        var genuine = await LicensedItemsAsync(2);
        using var l1 = genuine.Farmer;
        using var l2 = genuine.Certifier;
        await WaitGenuineAsync(genuine.Farmer, genuine.Links[^1]);
        var csv = $"code,carton\r\n\"{genuine.Links[0]}\",A-1\r\n\r\n{genuine.Links[1]},\"A,2\"\n";
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        var (status, body, response) = await BulkAsync(buyer, content, "?format=csv");
        using var r0 = response;
        Assert.Equal(HttpStatusCode.Created, status);
        var lines = Encoding.UTF8.GetString(body).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",GENUINE,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RolesLimitsAndBadInput_getClearAnswers_andNothingIsSaved()
    {
        using var farmer = await fixture.Host.ClientForAsync(Roles.Farmer, ct: Ct);
        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        var one = Json(new { codes = Unknown });

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Host.Client.PostAsync("/api/v1/verify/bulk", one, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await farmer.PostAsync("/api/v1/verify/bulk", Json(new { codes = Unknown }), Ct)).StatusCode);

        var tooMany = Enumerable.Repeat("ZZZZZZZZZZZZZ", 10_001).ToArray();
        foreach (var (content, code) in new (HttpContent, string)[]
        {
            (Json(new { codes = tooMany }), "bulk.too_many"),
            (new StringContent(string.Join("\n", tooMany), Encoding.UTF8, "text/csv"), "bulk.too_many"),
            (Json(new { codes = Array.Empty<string>() }), "bulk.empty"),
            (new StringContent("code\r\n\r\n", Encoding.UTF8, "text/csv"), "bulk.empty"),
            (Json(new { codes = NotText }), "bulk.code_type"),
            (new StringContent("{\"codes\":", Encoding.UTF8, "application/json"), "bulk.json"),
            (new ByteArrayContent([0xff, 0xfe, 0x41]) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "bulk.encoding"),
            (Json(new { codes = Unknown, label = new string('名', 201) }), "bulk.label_length"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/verify/bulk") { Content = content };
            request.Headers.AcceptLanguage.ParseAdd("zh-CN");
            using var answer = await buyer.SendAsync(request, Ct);
            var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(Ct)).RootElement;
            Assert.True(answer.StatusCode == HttpStatusCode.BadRequest, $"{code}: {problem}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
            Assert.Contains(code, problem.ToString(), StringComparison.Ordinal);
        }

        using (var xml = await buyer.PostAsync("/api/v1/verify/bulk", new StringContent("<codes/>", Encoding.UTF8, "application/xml"), Ct))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
            Assert.Equal("application/problem+json", xml.Content.Headers.ContentType!.MediaType);
        }

        // A body over the limit is refused from its Content-Length, before it is read (raw socket: a client still
        // sending would see the connection closed under it).
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            var address = fixture.Host.Client.BaseAddress!;
            await tcp.ConnectAsync(address.Host, address.Port, Ct);
            var stream = tcp.GetStream();
            var head = $"POST /api/v1/verify/bulk HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: Bearer {buyer.AccessToken}\r\nContent-Type: text/csv\r\nContent-Length: {9 * 1024 * 1024}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
            var buffer = new byte[512];
            var read = await stream.ReadAsync(buffer, Ct);
            Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.PostAsync("/api/v1/verify/bulk?format=xml", Json(new { codes = Unknown }), Ct)).StatusCode);

        var (_, list) = await GetAsync(buyer, "/api/v1/verify/reports");
        Assert.Empty(list.GetProperty("items").EnumerateArray());

        // A list over the service's 1 MiB default body limit is read (10,000 long links: about 1.6 MB).
        var longLinks = Enumerable.Range(0, 10_000).Select(i => $"https://trace.example.cn/01/09506000134352/10/{i:D20}/21/{new string('Z', 20)}?scanned-at-booth-{i:D40}").ToArray();
        using (var large = await buyer.PostAsync("/api/v1/verify/bulk", new StringContent(string.Join("\n", longLinks), Encoding.UTF8, "text/csv"), Ct))
        {
            Assert.True(large.StatusCode == HttpStatusCode.Created, await large.Content.ReadAsStringAsync(Ct));
            Assert.True(large.RequestMessage!.Content!.Headers.ContentLength > 1024 * 1024);
        }

        // Exactly the limit is fine: 10,000 unknown codes in one report.
        var (status, body, response) = await BulkAsync(buyer, Json(new { codes = tooMany[..10_000] }));
        using var r0 = response;
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.True(ReportVerifier.Check(body).Valid);
        using var doc = JsonDocument.Parse(body);
        Assert.Equal(10_000, doc.RootElement.GetProperty("report").GetProperty("summary").GetProperty("byStatus").GetProperty("UNKNOWN").GetInt32());
    }
}
