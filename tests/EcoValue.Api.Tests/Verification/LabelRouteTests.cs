using System.Globalization;
using System.Net;
using System.Text.Json;
using EcoValue.Api.Tests.Registry;
using EcoValue.Domain.Codes;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// GET /api/v1/batches/{id}/labels through HTTP (issue 6 acceptance): every QR of every format decodes (zbarimg) to
/// exactly the links the issuance answered, no more, no fewer; the CSV rows are the same links; every link is valid for
/// the GS1 Digital Link toolkit; ownership, bad input, withdrawn codes and the batch scope.
/// </summary>
public sealed class LabelRouteTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private static CancellationToken Ct => ItemsHost.Ct;

    private static int _lots;

    /// <summary>A lot with '/' so every link carries %2F (and the file name must be made safe).</summary>
    private static string SlashLot() => "LB/" + Interlocked.Increment(ref _lots).ToString(CultureInfo.InvariantCulture) + "-" + Random.Shared.Next(10_000, 99_999).ToString(CultureInfo.InvariantCulture);

    private static async Task<(HttpResponseMessage Response, byte[] Body)> LabelsAsync(HttpClient client, string batchId, string query)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/batches/{batchId}/labels?{query}", UriKind.Relative), Ct);
        return (response, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    private static List<string> IssuedLinks(JsonElement issuance) =>
        [.. issuance.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("link").GetString()!)];

    [Theory]
    [InlineData("pdf", "application/pdf", ".pdf")]
    [InlineData("png", "application/zip", ".zip")]
    [InlineData("svg", "application/zip", ".zip")]
    public async Task Every_qr_decodes_to_exactly_the_issued_links_and_every_link_is_valid_for_the_toolkit(string format, string contentType, string extension)
    {
        var lot = SlashLot();
        var (_, farmer, batchId, gtin, _) = await fixture.NewBatchAsync(lot: lot);
        var issued = IssuedLinks(await ItemsHost.IssueAsync(farmer, batchId, 30));
        Assert.All(issued, l => Assert.Contains("/10/" + lot.Replace("/", "%2F", StringComparison.Ordinal) + "/21/", l, StringComparison.Ordinal));

        var (response, body) = await LabelsAsync(farmer, batchId, "format=" + format);
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal($"attachment; filename=\"labels-{lot.Replace('/', '_')}{extension}\"", response.Content.Headers.ContentDisposition!.ToString());
        }

        var decoded = await LabelDecoding.DecodeAsync(format, body, Ct);
        Assert.Equal(issued.Count, decoded.Count);
        Assert.Equal(issued.Order(StringComparer.Ordinal), decoded.Order(StringComparer.Ordinal));
        await LabelDecoding.AssertValidForToolkitAsync(decoded, gtin, lot);
    }

    [Fact]
    public async Task Csv_rows_are_the_issued_links_in_issue_order_with_grouped_serials()
    {
        var lot = SlashLot();
        var (_, farmer, batchId, gtin, _) = await fixture.NewBatchAsync(lot: lot);
        var issuance = await ItemsHost.IssueAsync(farmer, batchId, 30);
        var issued = IssuedLinks(issuance);
        var serials = issuance.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!).ToList();

        var (response, body) = await LabelsAsync(farmer, batchId, "format=CSV");
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
            Assert.EndsWith(".csv\"", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        }

        var rows = LabelDecoding.CsvRows(body);
        Assert.Equal(issued, rows.Select(r => r[0]));
        Assert.Equal(serials.Select(ItemSerial.Grouped), rows.Select(r => r[1]));
        Assert.All(rows, r => Assert.Equal((lot, "白沙绿茶"), (r[2], r[3])));
        await LabelDecoding.AssertValidForToolkitAsync([.. rows.Select(r => r[0])], gtin, lot);
    }

    [Fact]
    public async Task Withdrawn_items_are_left_out()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync(lot: SlashLot());
        var issuance = await ItemsHost.IssueAsync(farmer, batchId, 8);
        var serials = issuance.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serial").GetString()!).ToList();
        var (status, _) = await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items/withdraw", new { serials = new[] { serials[0], serials[5] }, reason = "label misprinted" });
        Assert.Equal(200, status);

        var (response, body) = await LabelsAsync(farmer, batchId, "format=csv");
        response.Dispose();
        var kept = IssuedLinks(issuance).Where((_, i) => i is not 0 and not 5);
        Assert.Equal(kept, LabelDecoding.CsvRows(body).Select(r => r[0]));
        var (pdfResponse, pdf) = await LabelsAsync(farmer, batchId, "format=pdf");
        pdfResponse.Dispose();
        Assert.Equal(kept.Order(StringComparer.Ordinal), (await LabelDecoding.DecodeAsync("pdf", pdf, Ct)).Order(StringComparer.Ordinal));

        // All withdrawn: nothing to print is a 409 that points at the batch code, not an empty sheet.
        Assert.Equal(200, (await RegistryHost.PostAsync(farmer, $"/api/v1/batches/{batchId}/items/withdraw", new { serials, reason = "lot relabelled" })).Status);
        var (none, noneBody) = await LabelsAsync(farmer, batchId, "format=csv");
        using (none)
        {
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
            Assert.Contains("scope=batch", JsonDocument.Parse(noneBody).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Batch_scope_gives_one_code_decoding_to_the_batch_link_and_is_the_default_before_issuance()
    {
        var lot = SlashLot();
        var (_, farmer, batchId, gtin, _) = await fixture.NewBatchAsync(lot: lot);
        var batchLink = fixture.Host.Client.BaseAddress!.ToString().TrimEnd('/') + DigitalLink.ForBatch(EcoValue.Domain.Identifiers.Gtin.Parse(gtin), lot).Path;

        // No item issued yet: the default is the batch's own code.
        var (before, png) = await LabelsAsync(farmer, batchId, "format=png");
        before.Dispose();
        Assert.Equal([batchLink], await LabelDecoding.DecodeAsync("png", png, Ct));

        await ItemsHost.IssueAsync(farmer, batchId, 5);
        var (after, pdf) = await LabelsAsync(farmer, batchId, "format=pdf&scope=batch");
        after.Dispose();
        Assert.Equal([batchLink], await LabelDecoding.DecodeAsync("pdf", pdf, Ct));
        var (csvResponse, csv) = await LabelsAsync(farmer, batchId, "format=csv&scope=batch");
        csvResponse.Dispose();
        var row = Assert.Single(LabelDecoding.CsvRows(csv));
        Assert.Equal(batchLink, row[0]);
        Assert.Equal($"(01){gtin}(10){lot}", row[1]);
        await LabelDecoding.AssertValidForToolkitAsync([batchLink], gtin, lot);

        // Explicit items before any issuance: nothing to print.
        var (_, other, fresh, _, _) = await fixture.NewBatchAsync(lot: SlashLot());
        var (empty, _) = await LabelsAsync(other, fresh, "format=pdf&scope=items");
        using (empty)
        {
            Assert.Equal(HttpStatusCode.Conflict, empty.StatusCode);
        }
    }

    [Fact]
    public async Task Another_producers_farmer_gets_404_and_an_admin_gets_the_labels()
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync(lot: SlashLot());
        await ItemsHost.IssueAsync(farmer, batchId, 3);
        var (_, stranger, _, _, _) = await fixture.NewBatchAsync(lot: SlashLot());

        var (theirs, _) = await LabelsAsync(stranger, batchId, "format=csv");
        using (theirs)
        {
            Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        }

        var (unknown, _) = await LabelsAsync(farmer, "0199a1b2-0000-7000-8000-00000000dead", "format=csv");
        using (unknown)
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var (admin, body) = await LabelsAsync(fixture.Admin, batchId, "format=csv");
        using (admin)
        {
            Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
            Assert.Equal(3, LabelDecoding.CsvRows(body).Count);
        }

        using var anonymous = await fixture.Host.Client.GetAsync(new Uri($"/api/v1/batches/{batchId}/labels?format=csv", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("format=gif", "format", "en", "svg, png, pdf, csv")]
    [InlineData("", "format", "zh", "svg、png、pdf、csv")]
    [InlineData("format=1", "format", "en", "svg, png, pdf, csv")]
    [InlineData("format=pdf&scope=all", "scope", "en", "items or batch")]
    public async Task Bad_format_or_scope_is_400_naming_the_allowed_values(string query, string field, string language, string named)
    {
        var (_, farmer, batchId, _, _) = await fixture.NewBatchAsync(lot: SlashLot());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/batches/{batchId}/labels?{query}");
        request.Headers.TryAddWithoutValidation("Accept-Language", language);
        using var response = await farmer.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        var message = Assert.Single(problem.GetProperty("errors").GetProperty(field).EnumerateArray()).GetString();
        Assert.Contains(named, message, StringComparison.Ordinal);
    }
}
