namespace EcoValue.Labels;

/// <summary>
/// Geometry of the PDF label sheets, in millimetres. The defaults match the common A4 3 x 8 sheet of 63.5 x 33.9 mm
/// labels (24 per page, 7.25 mm side and 12.9 mm top margins, 2.5 mm between columns), so the PDF prints straight
/// onto stock labels. Each label holds the QR code in a square on its left (the square includes the 4-module quiet
/// zone) and, on its right, the header image above the short code and the lot.
/// </summary>
public sealed record LabelSheetLayout
{
    /// <summary>The smallest printed QR symbol (without its quiet zone) the layout must guarantee: below about 20 mm, phone cameras struggle on curved produce.</summary>
    public const double MinimumSymbolMm = 20;

    public static LabelSheetLayout Default { get; } = new();

    public double PageWidthMm { get; init; } = 210;

    public double PageHeightMm { get; init; } = 297;

    public int Columns { get; init; } = 3;

    public int Rows { get; init; } = 8;

    public double LabelWidthMm { get; init; } = 63.5;

    public double LabelHeightMm { get; init; } = 33.9;

    public double MarginLeftMm { get; init; } = 7.25;

    public double MarginTopMm { get; init; } = 12.9;

    public double ColumnGapMm { get; init; } = 2.5;

    public double RowGapMm { get; init; }

    /// <summary>Blank border inside each label (printers rarely hit die-cut labels exactly).</summary>
    public double PaddingMm { get; init; } = 2;

    /// <summary>Space between the QR square and the text column.</summary>
    public double TextGapMm { get; init; } = 1.5;

    /// <summary>Height of the header image (brand, product, producer) at the top of the text column.</summary>
    public double HeaderHeightMm { get; init; } = 14;

    public int LabelsPerPage => Columns * Rows;

    /// <summary>Side of the QR square: the label height less the padding. It includes the quiet zone.</summary>
    public double QrBoxMm => LabelHeightMm - (2 * PaddingMm);

    /// <summary>
    /// The smallest symbol this layout can print: a version-1 code (21 modules) plus 4 quiet modules on each side
    /// fills the box with 29 modules, so its symbol is 21/29 of the box. Longer links use more, smaller modules and
    /// so a larger share of the box.
    /// </summary>
    public double SmallestSymbolMm => QrBoxMm * 21 / 29;

    /// <summary>Width of the text column right of the QR square.</summary>
    public double TextWidthMm => LabelWidthMm - (2 * PaddingMm) - QrBoxMm - TextGapMm;

    /// <summary>Throws when the labels do not fit on the page or the QR symbol would be smaller than <see cref="MinimumSymbolMm"/>.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (Columns < 1 || Rows < 1)
        {
            problems.Add("at least one column and one row are needed");
        }

        if (MarginLeftMm < 0 || MarginTopMm < 0 || ColumnGapMm < 0 || RowGapMm < 0 || PaddingMm < 0 || TextGapMm < 0)
        {
            problems.Add("margins, gaps and padding cannot be negative");
        }

        if (MarginLeftMm + (Columns * LabelWidthMm) + ((Columns - 1) * ColumnGapMm) > PageWidthMm + 0.001)
        {
            problems.Add($"{Columns} columns of {LabelWidthMm} mm do not fit across {PageWidthMm} mm");
        }

        if (MarginTopMm + (Rows * LabelHeightMm) + ((Rows - 1) * RowGapMm) > PageHeightMm + 0.001)
        {
            problems.Add($"{Rows} rows of {LabelHeightMm} mm do not fit down {PageHeightMm} mm");
        }

        if (SmallestSymbolMm < MinimumSymbolMm)
        {
            problems.Add($"the QR square of {QrBoxMm:0.#} mm leaves a symbol of {SmallestSymbolMm:0.#} mm, under the {MinimumSymbolMm} mm minimum");
        }

        if (TextWidthMm < 15)
        {
            problems.Add($"the text column is {TextWidthMm:0.#} mm wide; at least 15 mm are needed for the short code");
        }

        if (HeaderHeightMm <= 0 || HeaderHeightMm > QrBoxMm - 8)
        {
            problems.Add($"the header must be between 0 and {QrBoxMm - 8:0.#} mm high, leaving 8 mm for the code and lot lines");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("label sheet layout: " + string.Join("; ", problems));
        }
    }
}
