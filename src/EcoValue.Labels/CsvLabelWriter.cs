using System.Text;

namespace EcoValue.Labels;

/// <summary>
/// CSV for label printers (BarTender, NiceLabel, Zebra tools): a header row <c>link,text,lot,product</c>, then one row
/// per code, RFC 4180 (CRLF, fields with a comma, quote or line break quoted, quotes doubled), UTF-8 with a byte
/// order mark, because Excel and most Windows label tools otherwise read Chinese product names as the local code page.
/// </summary>
internal static class CsvLabelWriter
{
    public static async Task<int> WriteAsync(LabelSheetHeader header, IAsyncEnumerable<LabelCode> codes, Stream output, IProgress<int>? progress, CancellationToken ct)
    {
        using var o = new BufferedOutput(output);
        o.Write(Encoding.UTF8.Preamble);
        o.WriteAscii("link,text,lot,product\r\n");

        // Same on every row: escaped once.
        var tail = "," + Csv.Field(Csv.Guard(header.Lot)) + "," + Csv.Field(Csv.Guard(header.Product)) + "\r\n";
        var count = 0;
        await foreach (var code in codes.WithCancellation(ct).ConfigureAwait(false))
        {
            ct.ThrowIfCancellationRequested(); // a source that ignores the token must not keep the loop going
            QrMatrix.RequirePrintableAscii(code.Link, "link", count, allowSpace: false);
            QrMatrix.RequirePrintableAscii(code.Text, "short code", count, allowSpace: true);
            o.WriteUtf8(Csv.Field(code.Link) + "," + Csv.Field(code.Text) + tail);
            count++;
            await o.FlushIfFullAsync(ct).ConfigureAwait(false);
            LabelWriter.Report(progress, count);
        }

        await o.CompleteAsync(ct).ConfigureAwait(false);
        LabelWriter.ReportDone(progress, count);
        return count;
    }
}
