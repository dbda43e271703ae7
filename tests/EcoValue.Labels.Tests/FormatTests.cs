namespace EcoValue.Labels.Tests;

public sealed class FormatTests
{
    [Theory]
    [InlineData("svg", LabelFormat.Svg)]
    [InlineData("PNG", LabelFormat.Png)]
    [InlineData("Pdf", LabelFormat.Pdf)]
    [InlineData("csv", LabelFormat.Csv)]
    public void The_four_names_parse_in_any_case(string value, LabelFormat expected)
    {
        Assert.True(LabelFormats.TryParse(value, out var format));
        Assert.Equal(expected, format);
        Assert.Equal(value.ToLowerInvariant(), LabelFormats.Name(format));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1")] // Enum.TryParse would take this as Png
    [InlineData(" svg")]
    [InlineData("svg,png")]
    [InlineData("zip")]
    [InlineData("jpeg")]
    public void Anything_else_does_not(string? value) => Assert.False(LabelFormats.TryParse(value, out _));

    [Fact]
    public void Content_types_and_extensions_say_what_is_sent()
    {
        Assert.Equal(("application/zip", ".zip"), (LabelFormats.ContentType(LabelFormat.Svg), LabelFormats.FileExtension(LabelFormat.Svg)));
        Assert.Equal(("application/zip", ".zip"), (LabelFormats.ContentType(LabelFormat.Png), LabelFormats.FileExtension(LabelFormat.Png)));
        Assert.Equal(("application/pdf", ".pdf"), (LabelFormats.ContentType(LabelFormat.Pdf), LabelFormats.FileExtension(LabelFormat.Pdf)));
        Assert.Equal(("text/csv; charset=utf-8", ".csv"), (LabelFormats.ContentType(LabelFormat.Csv), LabelFormats.FileExtension(LabelFormat.Csv)));
    }

    [Fact]
    public void The_default_layout_fits_a4_and_prints_qr_symbols_of_at_least_20_mm()
    {
        var l = LabelSheetLayout.Default;
        l.Validate();
        Assert.Equal(24, l.LabelsPerPage);
        Assert.True(l.SmallestSymbolMm >= 20, $"{l.SmallestSymbolMm} mm");
    }

    [Theory]
    [InlineData(4, 8, 63.5, 33.9)] // four columns of 63.5 mm do not fit across A4
    [InlineData(3, 9, 63.5, 33.9)] // nine rows of 33.9 mm do not fit down A4
    [InlineData(4, 10, 45, 27)] // fits, but the QR square would leave symbols under 20 mm
    public void Layouts_that_do_not_fit_or_shrink_the_qr_below_20_mm_are_refused(int columns, int rows, double width, double height)
    {
        var layout = LabelSheetLayout.Default with { Columns = columns, Rows = rows, LabelWidthMm = width, LabelHeightMm = height, MarginLeftMm = 5, MarginTopMm = 5, HeaderHeightMm = 8 };
        Assert.Throws<ArgumentException>(layout.Validate);
    }
}
