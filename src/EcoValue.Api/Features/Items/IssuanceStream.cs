using System.Text;
using System.Text.Json;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;

namespace EcoValue.Api.Features.Items;

/// <summary>
/// The answer to an issuance, written while the chunks are issued: each chunk's codes go out as soon as its write
/// commits, through the response's pipe, so memory stays flat for 100,000 codes. JSON (default) is
/// <c>{"batch":{…}, "itemQuantity", "unit", "items":[{"serial","link"},…], "issued":n, "records":[…]}</c>; with
/// <c>Accept: text/csv</c> it is <c>serial,link</c> lines for label printers. Should a later chunk be refused after
/// the status was sent (another process took the quantity meanwhile), the JSON ends with <c>"error"</c> (a problem
/// object) and <c>issued</c> counts what was committed; a CSV response is cut off instead, so a printer never takes a
/// short list for a complete one.
/// </summary>
internal sealed class IssuanceStream(BatchRow batch, int count, double itemQuantity, string actor, string baseUrl, bool csv, ItemIssuer issuer, IDisposable turn, Action afterChunk) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using (turn)
        {
            var response = httpContext.Response;
            var ct = httpContext.RequestAborted;
            response.StatusCode = StatusCodes.Status201Created;
            response.Headers.Location = $"/api/v1/batches/{batch.Id}/items";
            response.Headers.CacheControl = "no-store";
            response.ContentType = csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
            // Issued serials are Crockford base-32 (no escaping in a link): one prefix serves every item.
            var prefix = DigitalLink.ForBatch(Gtin.Parse(batch.Gtin), batch.Lot).ToUri(baseUrl) + "/21/";
            if (csv)
            {
                await WriteCsvAsync(httpContext, prefix, ct).ConfigureAwait(false);
            }
            else
            {
                await WriteJsonAsync(httpContext, prefix, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task WriteJsonAsync(HttpContext httpContext, string prefix, CancellationToken ct)
    {
        var body = httpContext.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartObject();
        json.WriteStartObject("batch");
        json.WriteString("id", batch.Id);
        json.WriteString("gtin", batch.Gtin);
        json.WriteString("lot", batch.Lot);
        json.WriteString("product", batch.Product);
        json.WriteString("link", DigitalLink.ForBatch(Gtin.Parse(batch.Gtin), batch.Lot).ToUri(baseUrl));
        json.WriteEndObject();
        json.WriteNumber("itemQuantity", itemQuantity);
        json.WriteString("unit", batch.Unit);
        json.WriteStartArray("items");
        var records = new List<IssuedSerials>();
        var issued = 0;
        ProblemException? refused = null;
        try
        {
            await issuer.IssueAsync(batch, count, itemQuantity, actor, async chunk =>
            {
                records.Add(chunk with { Serials = [] });
                issued += chunk.Serials.Count;
                afterChunk();
                foreach (var serial in chunk.Serials)
                {
                    json.WriteStartObject();
                    json.WriteString("serial", serial);
                    json.WriteString("link", Link(prefix, serial));
                    json.WriteEndObject();
                }

                json.Flush();
                await body.FlushAsync(ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (ProblemException e)
        {
            refused = e;
        }

        json.WriteEndArray();
        json.WriteNumber("issued", issued);
        json.WriteStartArray("records");
        foreach (var r in records)
        {
            json.WriteStartObject();
            json.WriteString("recordId", r.RecordId);
            json.WriteNumber("firstPosition", r.FirstPosition);
            json.WriteString("serialsRoot", r.SerialsRoot);
            json.WriteString("proof", $"/api/v1/records/{r.RecordId}/proof");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (refused is not null)
        {
            json.WritePropertyName("error");
            JsonSerializer.Serialize(json, refused.ToProblem(httpContext), ProblemJson);
        }

        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(ct).ConfigureAwait(false);
    }

    private async Task WriteCsvAsync(HttpContext httpContext, string prefix, CancellationToken ct)
    {
        var body = httpContext.Response.BodyWriter;
        await body.WriteAsync("serial,link\n"u8.ToArray(), ct).ConfigureAwait(false);
        try
        {
            await issuer.IssueAsync(batch, count, itemQuantity, actor, async chunk =>
            {
                afterChunk();
                var lines = new StringBuilder(chunk.Serials.Count * (prefix.Length + 32));
                foreach (var serial in chunk.Serials)
                {
                    lines.Append(serial).Append(',').Append(Link(prefix, serial)).Append('\n');
                }

                await body.WriteAsync(Encoding.UTF8.GetBytes(lines.ToString()), ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
        }
        catch (ProblemException)
        {
            // The status line is out: cut the response off rather than end a CSV that looks complete.
            httpContext.Abort();
        }
    }

    private string Link(string prefix, string serial) =>
        ItemSerial.IsIssuedShape(serial) ? prefix + serial : PublicLinks.Item(baseUrl, Gtin.Parse(batch.Gtin), batch.Lot, serial);

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web);
}
