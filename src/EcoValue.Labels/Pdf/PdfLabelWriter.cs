using System.IO.Compression;
using System.Text;
using static EcoValue.Labels.Pdf.PdfObjectWriter;

namespace EcoValue.Labels.Pdf;

/// <summary>
/// Print-ready A4 label sheets, streamed. Per document: catalog, Helvetica, and the header image once. Per code: its
/// QR as a 1-bit image mask (<c>/ImageMask true</c>: dark modules paint in the fill colour, light ones leave the paper;
/// one sample per module, scaled up without interpolation so module edges stay sharp at any resolution), written as
/// soon as it is encoded. Per page: the content stream (placing QR, header, short code and lot on each label) and the
/// page object. At the end: the page tree, the cross-reference table and the trailer. Memory holds one page of
/// drawing commands and a list of offsets, however many codes.
/// </summary>
internal static class PdfLabelWriter
{

    public static async Task<int> WriteAsync(LabelSheetHeader header, IAsyncEnumerable<LabelCode> codes, Stream output, LabelWriterOptions options, IProgress<int>? progress, CancellationToken ct)
    {
        var layout = options.Layout;
        using var o = new BufferedOutput(output);
        var pdf = new PdfObjectWriter(o);
        pdf.WriteHeader();

        var pages = pdf.Reserve();
        var catalog = pdf.WriteObject($"<</Type /Catalog /Pages {pages} 0 R /ViewerPreferences <</PrintScaling /None>>>>"); // no "fit to page": labels must land on the die cuts
        var info = pdf.WriteObject($"<</Producer (EcoValue labels) /Title {TextString($"{header.Product} · {header.Lot}")}>>");
        var font = pdf.WriteObject("<</Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding>>");
        var headerImage = WriteHeaderImage(pdf, header, layout, options);
        await o.FlushIfFullAsync(ct).ConfigureAwait(false);

        var geometry = new Geometry(layout, header.Lot);
        var kids = new List<int>();
        var page = new PageBuilder(layout.LabelsPerPage);
        var count = 0;

        var encoded = OrderedPipeline.SelectAsync(codes, (code, i) =>
        {
            QrMatrix.RequirePrintableAscii(code.Link, "link", i, allowSpace: false);
            QrMatrix.RequirePrintableAscii(code.Text, "short code", i, allowSpace: true);
            var m = QrMatrix.Encode(code.Link);
            return (code.Text, Modules: m.Size, Mask: MaskBits(m));
        }, options.LookAhead, ct);
        await foreach (var (text, modules, mask) in encoded.ConfigureAwait(false))
        {
            var image = pdf.WriteStream($"/Type /XObject /Subtype /Image /Width {modules} /Height {modules} /ImageMask true /BitsPerComponent 1 /Interpolate false", mask);
            geometry.DrawLabel(page.Content, page.Count, page.Name(image), text);
            count++;
            if (page.Count == layout.LabelsPerPage)
            {
                kids.Add(page.Write(pdf, geometry.MediaBox, pages, font, headerImage));
                page = new PageBuilder(layout.LabelsPerPage);
            }

            await o.FlushIfFullAsync(ct).ConfigureAwait(false);
            LabelWriter.Report(progress, count);
        }

        if (page.Count > 0 || kids.Count == 0)
        {
            // The last, partly filled sheet; or one blank page, since a PDF without pages is not a valid document.
            kids.Add(page.Write(pdf, geometry.MediaBox, pages, font, headerImage));
        }

        var kidRefs = new StringBuilder();
        foreach (var kid in kids)
        {
            kidRefs.Append(kid).Append(" 0 R ");
        }

        pdf.WriteObject($"<</Type /Pages /Kids [{kidRefs}] /Count {kids.Count}>>", pages);
        await pdf.WriteTrailerAsync(catalog, info, ct).ConfigureAwait(false);
        await o.CompleteAsync(ct).ConfigureAwait(false);
        LabelWriter.ReportDone(progress, count);
        return count;
    }

    /// <summary>
    /// One bit per module, rows padded to whole bytes, 0 where the module is dark (the mask paints 0 samples). Left
    /// unfiltered: a QR symbol is close to random by design (its mask pattern sees to that), so Flate saved 7 % of
    /// about 250 bytes in a trial while costing a zlib stream per code.
    /// </summary>
    internal static byte[] MaskBits(QrMatrix m)
    {
        var rowBytes = (m.Size + 7) / 8;
        var bits = new byte[rowBytes * m.Size];
        Array.Fill(bits, (byte)0xFF);
        for (var y = 0; y < m.Size; y++)
        {
            for (var x = 0; x < m.Size; x++)
            {
                if (m.IsDark(x, y))
                {
                    bits[(y * rowBytes) + (x >> 3)] &= (byte)~(0x80 >> (x & 7));
                }
            }
        }

        return bits;
    }

    private static int WriteHeaderImage(PdfObjectWriter pdf, LabelSheetHeader header, LabelSheetLayout layout, LabelWriterOptions options)
    {
        var bitmap = HeaderImage.Render(header, layout.TextWidthMm, layout.HeaderHeightMm, options);
        return pdf.WriteStream(
            $"/Type /XObject /Subtype /Image /Width {bitmap.Width} /Height {bitmap.Height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
            Deflate(bitmap.Pixels, CompressionLevel.Optimal));
    }

    /// <summary>The drawing commands and image names of the page being filled.</summary>
    private sealed class PageBuilder(int capacity)
    {
        private readonly List<int> _images = new(capacity);

        public StringBuilder Content { get; } = new(capacity * 256);

        public int Count => _images.Count;

        public string Name(int imageObject)
        {
            _images.Add(imageObject);
            return "Q" + (_images.Count - 1);
        }

        public int Write(PdfObjectWriter pdf, string mediaBox, int pages, int font, int headerImage)
        {
            var content = pdf.WriteStream(" /Filter /FlateDecode", Deflate(Encoding.ASCII.GetBytes(Content.ToString()), CompressionLevel.Fastest));
            var xobjects = new StringBuilder($"/H {headerImage} 0 R");
            for (var i = 0; i < _images.Count; i++)
            {
                xobjects.Append(" /Q").Append(i).Append(' ').Append(_images[i]).Append(" 0 R");
            }

            return pdf.WriteObject(
                $"<</Type /Page /Parent {pages} 0 R /MediaBox {mediaBox} /Resources <</Font <</F1 {font} 0 R>> /XObject <<{xobjects}>>>> /Contents {content} 0 R>>");
        }
    }
}
