using System.Runtime.CompilerServices;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;

namespace EcoValue.Data.Items;

/// <summary>What a label run prints: the batch's item codes, or the one code of the batch itself.</summary>
public enum LabelScope
{
    Items,
    Batch,
}

/// <summary>One code to print: the exact Digital Link its QR carries and the short text printed beside it.</summary>
public sealed record PrintedCode(string Link, string Text);

/// <summary>
/// One label run of a batch, as the API route and the CLI <c>labels</c> command both print it (docs/labels.md): the
/// scope (items when any item code was issued, else the batch), how many codes, and the codes themselves, streamed.
/// It lives here, beside the reads it plans, because the two callers share nothing else below their own layer and
/// EcoValue.Labels knows no database or link rules by design.
/// </summary>
public sealed class LabelRun
{
    private LabelRun(LabelBatchRow batch, LabelScope scope, long count)
    {
        Batch = batch;
        Scope = scope;
        Count = count;
    }

    public LabelBatchRow Batch { get; }

    public LabelScope Scope { get; }

    /// <summary>Codes the run prints as counted when the batch was read (a withdrawal during the run can make it fewer).</summary>
    public long Count { get; }

    /// <summary><c>items</c> or <c>batch</c>, in any case; null or empty is the default (<paramref name="scope"/> null).</summary>
    public static bool TryParseScope(string? value, out LabelScope? scope)
    {
        scope = null;
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        if (string.Equals(value, "items", StringComparison.OrdinalIgnoreCase))
        {
            scope = LabelScope.Items;
        }
        else if (string.Equals(value, "batch", StringComparison.OrdinalIgnoreCase))
        {
            scope = LabelScope.Batch;
        }

        return scope is not null;
    }

    /// <summary>
    /// The run for <paramref name="requested"/> (null: items once any code was issued, else the batch). Items with every
    /// code withdrawn, or none issued, is a run of zero codes; callers refuse it rather than print an empty sheet.
    /// </summary>
    public static LabelRun Plan(LabelBatchRow batch, LabelScope? requested)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var scope = requested ?? (batch.Issued > 0 ? LabelScope.Items : LabelScope.Batch);
        return new LabelRun(batch, scope, scope == LabelScope.Batch ? 1 : batch.Printable);
    }

    /// <summary>The batch's short text: GS1's human-readable interpretation of its key, e.g. <c>(01)06901234567892(10)LOT/7</c>.</summary>
    public static string BatchText(string gtin, string lot) => $"(01){gtin}(10){lot}";

    /// <summary>
    /// The codes in print order under <paramref name="baseUrl"/> (which must be the base the codes were issued under,
    /// or the printed links are not the issued ones): the batch link, or every printable item's link with its serial
    /// grouped for reading aloud (<see cref="ItemSerial.Grouped"/>), read page by page.
    /// </summary>
    public async IAsyncEnumerable<PrintedCode> CodesAsync(ItemRepository items, string baseUrl, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var gtin = Gtin.Parse(Batch.Gtin);
        var batchLink = DigitalLink.ForBatch(gtin, Batch.Lot).ToUri(baseUrl);
        if (Scope == LabelScope.Batch)
        {
            yield return new PrintedCode(batchLink, BatchText(gtin.Value, Batch.Lot));
            yield break;
        }

        await foreach (var serial in items.PrintableSerialsAsync(Batch, ct).ConfigureAwait(false))
        {
            // Issued serials are Crockford base-32 and need no escaping; anything else goes through the full encoder.
            var link = ItemSerial.IsIssuedShape(serial) ? batchLink + "/21/" + serial : DigitalLink.ForItem(gtin, Batch.Lot, serial).ToUri(baseUrl);
            yield return new PrintedCode(link, ItemSerial.Grouped(serial));
        }
    }

    /// <summary>A file name for the run's output: <c>labels-{lot}{extension}</c> with every character of the lot but letters, digits, '-' and '.' made '_'.</summary>
    public string FileName(string extension)
    {
        var safe = new string([.. Batch.Lot.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '.' ? ch : '_')]);
        return "labels-" + safe + extension;
    }
}
