using System.Text;
using static EcoValue.Labels.Pdf.PdfObjectWriter;

namespace EcoValue.Labels.Pdf;

/// <summary>
/// Where things go on a label, in PDF points from the page's bottom-left corner: the QR square on the left, the header
/// image at the top of the text column, the short code (Helvetica, shrunk to the column's width) and the lot below it.
/// </summary>
internal sealed class Geometry
{
    private const double PtPerMm = 72 / 25.4;
    private const double CodeMaxPt = 9;
    private const double LotMaxPt = 6.5;

    private readonly LabelSheetLayout _layout;
    private readonly string _lotLine;
    private readonly double _lotSize;

    public Geometry(LabelSheetLayout layout, string lot)
    {
        _layout = layout;
        var lotText = "LOT " + lot;
        _lotSize = Helvetica.FitSize(lotText, TextWidth, LotMaxPt);
        _lotLine = Helvetica.Literal(lotText);
        MediaBox = $"[0 0 {Num(layout.PageWidthMm * PtPerMm)} {Num(layout.PageHeightMm * PtPerMm)}]";
    }

    public string MediaBox { get; }

    private double TextWidth => _layout.TextWidthMm * PtPerMm;

    /// <summary>Appends the drawing of label <paramref name="slot"/> (row by row from the top left) to a page's content.</summary>
    public void DrawLabel(StringBuilder content, int slot, string qrImage, string text)
    {
        var l = _layout;
        var column = slot % l.Columns;
        var row = slot / l.Columns;
        var x = (l.MarginLeftMm + (column * (l.LabelWidthMm + l.ColumnGapMm))) * PtPerMm;
        var top = (l.MarginTopMm + (row * (l.LabelHeightMm + l.RowGapMm))) * PtPerMm;
        var y = (l.PageHeightMm * PtPerMm) - top - (l.LabelHeightMm * PtPerMm);
        var pad = l.PaddingMm * PtPerMm;
        var box = l.QrBoxMm * PtPerMm;

        // The QR image includes its quiet zone, so it fills the whole square. 0 g: dark modules print black.
        content.Append("q 0 g ").Append(Num(box)).Append(" 0 0 ").Append(Num(box)).Append(' ')
            .Append(Num(x + pad)).Append(' ').Append(Num(y + pad)).Append(" cm /").Append(qrImage).Append(" Do Q\n");

        var textX = x + pad + box + (l.TextGapMm * PtPerMm);
        var headerH = l.HeaderHeightMm * PtPerMm;
        var headerY = y + (l.LabelHeightMm * PtPerMm) - pad - headerH;
        content.Append("q ").Append(Num(TextWidth)).Append(" 0 0 ").Append(Num(headerH)).Append(' ')
            .Append(Num(textX)).Append(' ').Append(Num(headerY)).Append(" cm /H Do Q\n");

        // Below the header: the short code in the upper part of the band, the lot near the bottom.
        var band = headerY - (y + pad);
        var codeSize = Helvetica.FitSize(text, TextWidth, CodeMaxPt);
        content.Append("BT /F1 ").Append(Num(codeSize)).Append(" Tf ").Append(Num(textX)).Append(' ').Append(Num(y + pad + (band * 0.55)))
            .Append(" Td ").Append(Helvetica.Literal(text)).Append(" Tj ET\n");
        content.Append("BT /F1 ").Append(Num(_lotSize)).Append(" Tf ").Append(Num(textX)).Append(' ').Append(Num(y + pad + (band * 0.15)))
            .Append(" Td ").Append(_lotLine).Append(" Tj ET\n");
    }
}
