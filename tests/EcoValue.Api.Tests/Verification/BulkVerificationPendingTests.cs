using System.Net;
using System.Text;
using System.Text.Json;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Verification.Reports;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// Bulk verification before anything is anchored (a host without a chain): codes answer PENDING, the report lists
/// their records as pending with no proofs and no anchors, and it still checks out; a withdrawn code is SUSPICIOUS.
/// </summary>
public sealed class BulkVerificationPendingTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CodesNotYetAnchored_arePending_andTheReportClaimsNoProof()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync();
        using var lease = farmer;
        var issued = await ItemsHost.IssueAsync(farmer, batchId, 3);
        var links = issued.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!).ToList();
        var serial = new Uri(links[2]).Segments[^1];
        using (var withdraw = await farmer.PostAsync($"/api/v1/batches/{batchId}/items/withdraw",
            new StringContent(JsonSerializer.Serialize(new { serials = new[] { serial }, reason = "标签损坏 damaged label" }), Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(withdraw.IsSuccessStatusCode, await withdraw.Content.ReadAsStringAsync(Ct));
        }

        using var buyer = await fixture.Host.ClientForAsync(Roles.Buyer, ct: Ct);
        using var response = await buyer.PostAsync("/api/v1/verify/bulk",
            new StringContent(string.Join("\n", links), Encoding.UTF8, "text/plain"), Ct);
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, Encoding.UTF8.GetString(body));

        using var doc = JsonDocument.Parse(body);
        var report = doc.RootElement.GetProperty("report");
        Assert.Equal(["PENDING", "PENDING", "SUSPICIOUS"], report.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Contains(report.GetProperty("results")[2].GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "item.withdrawn");
        Assert.Empty(report.GetProperty("anchors").EnumerateArray());
        Assert.Empty(report.GetProperty("serialTrees").EnumerateArray());
        Assert.All(report.GetProperty("records").EnumerateArray(), r =>
        {
            Assert.Equal("pending", r.GetProperty("status").GetString());
            Assert.False(r.TryGetProperty("envelope", out _));
        });
        Assert.True(ReportVerifier.Check(body).Valid);
    }
}
