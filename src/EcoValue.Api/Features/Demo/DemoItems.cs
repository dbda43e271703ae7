using System.Globalization;
using System.Text.Json.Nodes;
using EcoValue.Api.Features.Certification;
using EcoValue.Api.Features.Items;
using EcoValue.Data.Items;
using EcoValue.Data.Registry;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Records;

namespace EcoValue.Api.Features.Demo;

/// <summary>
/// The demo's item codes (issue 6): 20 tins of today's tea batch (the one that carries the Baisha Liangshi brand when
/// the chain was there to license it), 10 of the spring tea, and 8 boxes of the first orange batch, which the brand
/// operator then recalls — so a newcomer can scan a genuine code and a recalled one. Returns the links to print, and
/// every demo item's path: the demo shipment a buyer can check in bulk (docs/verification-report.md).
/// </summary>
public sealed record DemoCodes(IReadOnlyList<(string What, string Path)> Scans, IReadOnlyList<string> Shipment);

/// <summary>Issues the demo's item codes and recalls the orange batch (see <see cref="DemoCodes"/>).</summary>
public sealed class DemoItems(ItemIssuer issuer, ItemRepository items, RegistryRepository registry)
{
    public const string RecallReason = "演示：市场抽检发现农药残留超标，请停止食用并退货 Demo: a market spot check found pesticide residue over the limit; stop eating it and return it";

    public async Task<DemoCodes> SeedAsync(string farmerActor, string adminActor, DateTimeOffset now, CancellationToken ct)
    {
        var today = LicenceCalendar.Day(now).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var links = new List<(string, string)>();
        var shipment = new List<string>();
        if (await IssueAsync("06901234567892", "BS" + today, 20, 0.25, farmerActor, shipment, ct).ConfigureAwait(false) is { } branded)
        {
            links.Add(("genuine tea, carries the brand", branded.Item));
            links.Add(("its batch", branded.Batch));
        }

        await IssueAsync("06901234567892", "BS2026SPRING", 10, 0.5, farmerActor, shipment, ct).ConfigureAwait(false);
        if (await IssueAsync("06901234567908", "QZ2026W01", 8, 0.005, adminActor, shipment, ct).ConfigureAwait(false) is { } oranges)
        {
            var batch = (await registry.FindBatchAsync("06901234567908", "QZ2026W01", Scope.All, ct).ConfigureAwait(false))!;
            await items.RecallAsync(batch.Id, RecallReason, RecordEnvelope.Create(ItemKinds.Recall, "batch:" + batch.Id, adminActor, now, new JsonObject
            {
                ["batch"] = batch.Id, ["reason"] = RecallReason,
            }), ct).ConfigureAwait(false);
            links.Add(("recalled oranges", oranges.Item));
        }

        return new DemoCodes(links, shipment);
    }

    private async Task<(string Item, string Batch)?> IssueAsync(string gtin, string lot, int count, double itemQuantity, string actor, List<string> shipment, CancellationToken ct)
    {
        if (await registry.FindBatchAsync(gtin, lot, Scope.All, ct).ConfigureAwait(false) is not { } batch)
        {
            return null;
        }

        using var turn = await issuer.TurnAsync(batch.Id, ct).ConfigureAwait(false);
        await issuer.CheckAsync(batch, count, itemQuantity, ct).ConfigureAwait(false);
        string? first = null;
        var batchLink = DigitalLink.ForBatch(Gtin.Parse(gtin), lot);
        await issuer.IssueAsync(batch, count, itemQuantity, actor, chunk =>
        {
            first ??= chunk.Serials[0];
            shipment.AddRange(chunk.Serials.Select(serial => DigitalLink.ForItem(batchLink.Gtin, lot, serial).Path));
            return Task.CompletedTask;
        }, ct).ConfigureAwait(false);
        return (DigitalLink.ForItem(batchLink.Gtin, lot, first!).Path, batchLink.Path);
    }
}
