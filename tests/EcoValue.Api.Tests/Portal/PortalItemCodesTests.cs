using System.Net;
using EcoValue.Api.Tests.Registry;
using EcoValue.Api.Tests.Verification;
using EcoValue.Domain.Codes;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// /portal/batches/{id}/codes: a farmer issues item codes through the form and downloads the labels; the quantity
/// bound answers beside the field; another producer's farmer sees "not found".
/// </summary>
public sealed class PortalItemCodesTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Farmer_issuesCodesThroughTheForm_thenDownloadsTheirCsvLabels()
    {
        var (_, farmer, batchId, gtin, lot) = await fixture.NewBatchAsync(quantity: 40, unit: "piece");
        using var session = await SignedInAsync(farmer);
        var path = $"/portal/batches/{batchId}/codes";

        var issued = await session.SubmitAsync(path, PortalSession.Fields(("count", "25")));
        Assert.Equal($"{path}?issued=25", issued.Location!.OriginalString);
        var page = await session.GetAsync(issued.Location.OriginalString);
        Assert.Contains("25 codes issued", page.Html, StringComparison.Ordinal);
        Assert.Contains("data-field=\"issued\">25<", page.Html, StringComparison.Ordinal);

        // The codes the API lists are the ones the label file carries, link for link.
        var (status, list) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items?limit=100");
        Assert.Equal(200, status);
        var links = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!).ToList();
        Assert.Equal(25, links.Count);
        var csv = await session.GetAsync($"{path}?handler=labels&format=csv");
        Assert.Equal(HttpStatusCode.OK, csv.Status);
        Assert.Equal("text/csv", csv.Response.Content.Headers.ContentType?.MediaType);
        var rows = csv.Html.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(r => r.Split(',')[0]).ToList();
        Assert.Equal(links, rows);
        Assert.All(rows, l => Assert.Equal((gtin, lot), (DigitalLink.Parse(l).Gtin.Value, DigitalLink.Parse(l).Lot)));

        var pdf = await session.GetAsync($"{path}?handler=labels&format=pdf");
        Assert.Equal("application/pdf", pdf.Response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", pdf.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreCodesThanTheBatchHolds_areRefusedBesideTheField_andNothingIsIssued()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync(quantity: 10, unit: "piece");
        using var session = await SignedInAsync(farmer, "zh-CN");
        var path = $"/portal/batches/{batchId}/codes";
        var refused = await session.SubmitAsync(path, PortalSession.Fields(("count", "11")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("超出批次数量", refused.Html, StringComparison.Ordinal);
        Assert.Contains("最多还能签发 10 个", refused.Html, StringComparison.Ordinal);
        var zero = await session.SubmitAsync(path, PortalSession.Fields(("count", "0")));
        Assert.Equal(HttpStatusCode.BadRequest, zero.Status);
        var (_, list) = await RegistryHost.GetAsync(farmer, $"/api/v1/batches/{batchId}/items");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task AnotherProducersFarmer_seesNotFound_forThePageAndItsLabels()
    {
        var (_, _, batchId, _, _) = await fixture.NewBatchAsync();
        var (_, other, _, _, _) = await fixture.NewBatchAsync();
        using var session = await SignedInAsync(other);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/portal/batches/{batchId}/codes")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync($"/portal/batches/{batchId}/codes?handler=labels&format=csv&scope=batch")).Status);
    }

    private async Task<PortalSession> SignedInAsync(UserClient user, string language = "en")
    {
        var session = new PortalSession(fixture.Host.Client.BaseAddress!, language);
        var page = await session.SignInAsync(user.User.Username, user.Password);
        Assert.True(page.Code == 302, $"sign-in answered {page.Code}: {page.Html}");
        return session;
    }
}
