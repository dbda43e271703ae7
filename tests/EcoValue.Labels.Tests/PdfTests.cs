using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EcoValue.Labels.Pdf;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

/// <summary>
/// The hand-written PDF writer checked against the spec's structure and against poppler: the cross-reference table
/// points at every object, the QR codes are crisp 1-bit masks, the header is one image shared by every label, and
/// the text (including characters PDF strings must escape) reads back.
/// </summary>
public sealed partial class PdfTests
{
    [Fact]
    public async Task Every_xref_entry_points_at_its_object_and_startxref_at_the_table()
    {
        var pdf = await Write.AllAsync(LabelFormat.Pdf, Codes.Varied(50));
        var text = Encoding.Latin1.GetString(pdf);
        Assert.StartsWith("%PDF-1.7\n", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);

        var startxref = long.Parse(StartXref().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n", text[(int)startxref..], StringComparison.Ordinal);
        var header = XrefHeader().Match(text, (int)startxref);
        var size = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        var entries = (int)startxref + header.Length;
        var objects = ObjectStart().Count(text);
        Assert.Equal(objects + 1, size);
        for (var n = 1; n < size; n++)
        {
            var entry = text.Substring(entries + (n * 20), 20);
            Assert.Matches(@"^\d{10} 00000 n\r\n$", entry);
            var offset = int.Parse(entry[..10], CultureInfo.InvariantCulture);
            Assert.StartsWith($"{n} 0 obj\n", text[offset..], StringComparison.Ordinal);
        }

        Assert.Contains($"/Size {size} ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poppler_reports_the_pages_and_no_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var pdfinfo = Tools.Poppler("pdfinfo");
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir.File("l.pdf"), await Write.AllAsync(LabelFormat.Pdf, Codes.Varied(49)), ct);
        var (stdout, stderr) = await Tools.RunAsync(pdfinfo, [dir.File("l.pdf")], ct);
        Assert.Equal(string.Empty, stderr.Trim());
        Assert.Matches(@"(?m)^Pages:\s+3$", stdout); // 24 + 24 + 1
        Assert.Matches(@"(?m)^Page size:\s+595\.27\d* x 841\.89 pts \(A4\)$", stdout);
        Assert.Matches(@"(?m)^PDF version:\s+1\.7$", stdout);
        Assert.Contains("白沙绿茶 · LOT-2025-07", stdout, StringComparison.Ordinal); // the UTF-16 title
    }

    [Fact]
    public async Task Qr_codes_are_uninterpolated_one_bit_masks_and_the_header_is_one_shared_image()
    {
        var ct = TestContext.Current.CancellationToken;
        var codes = Codes.Varied(30);
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir.File("l.pdf"), await Write.AllAsync(LabelFormat.Pdf, codes), ct);
        var (stdout, _) = await Tools.RunAsync(Tools.Poppler("pdfimages"), ["-list", dir.File("l.pdf")], ct);

        // page num type width height color comp bpc enc interp object ID ...
        var rows = stdout.Split('\n').Skip(2).Where(l => l.Trim().Length > 0).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var masks = rows.Where(r => r[2] == "stencil").ToList();
        var images = rows.Where(r => r[2] == "image").ToList();
        Assert.Equal(codes.Count, masks.Count);
        Assert.All(masks, r => Assert.Equal(("1", "no"), (r[7], r[9])));
        Assert.Equal(codes.Count, masks.Select(r => r[10]).Distinct().Count()); // one mask object per code
        Assert.All(masks, r => Assert.Equal(r[3], r[4]));
        Assert.Equal(codes.Count, images.Count); // the header on every label ...
        Assert.Single(images.Select(r => r[10]).Distinct()); // ... is one object
        Assert.All(images, r => Assert.Equal("gray", r[5]));
        Assert.Equal(rows.Count, masks.Count + images.Count);
    }

    [Fact]
    public async Task Short_codes_and_lot_read_back_as_text_including_characters_pdf_strings_escape()
    {
        var ct = TestContext.Current.CancellationToken;
        var codes = Codes.Varied(10);
        codes[2] = codes[2] with { Text = @"A(B)\C)" };
        var header = Codes.ChineseHeader with { Lot = "LOT(7)" };
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir.File("l.pdf"), await Write.AllAsync(LabelFormat.Pdf, codes, header), ct);
        var (text, _) = await Tools.RunAsync(Tools.Poppler("pdftotext"), ["-layout", dir.File("l.pdf"), "-"], ct);
        foreach (var code in codes)
        {
            Assert.Contains(code.Text, text, StringComparison.Ordinal);
        }

        Assert.Equal(codes.Count, Regex.Count(text, @"LOT LOT\(7\)"));
    }

    [Fact]
    public async Task No_codes_still_make_a_valid_one_page_document()
    {
        var ct = TestContext.Current.CancellationToken;
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir.File("l.pdf"), await Write.AllAsync(LabelFormat.Pdf, []), ct);
        var (stdout, stderr) = await Tools.RunAsync(Tools.Poppler("pdfinfo"), [dir.File("l.pdf")], ct);
        Assert.Equal(string.Empty, stderr.Trim());
        Assert.Matches(@"(?m)^Pages:\s+1$", stdout);
    }

    [Fact]
    public void The_header_typeface_has_a_glyph_for_every_chinese_character()
    {
        // Without a CJK face the header would print as empty boxes; scripts/test installs fonts-noto-cjk.
        Testing.Requirements.PackageFile(HeaderImage.DebianCjkPath, "fonts-noto-cjk");
        var text = "热带雨林国家公园白沙绿茶白沙黎族自治县茶叶合作社";
        using var face = HeaderImage.ChooseTypeface(text, LabelWriterOptions.Default);
        Assert.Null(HeaderImage.FirstMissing(text, face));
        Assert.Equal("Noto Sans CJK SC", face.FamilyName); // simplified Chinese glyph forms, not the JP face of the collection
    }

    [Fact]
    public void The_header_image_has_ink_in_each_line_and_only_there()
    {
        var header = HeaderImage.Render(Codes.ChineseHeader, 28, 14, LabelWriterOptions.Default);
        Assert.Equal((331, 165), (header.Width, header.Height)); // 28 x 14 mm at 300 dpi
        var inkRows = Enumerable.Range(0, header.Height).Where(y => header.Pixels.AsSpan(y * header.Width, header.Width).ContainsAnyExcept((byte)255)).ToList();

        // Three lines of text: three separate bands of rows with ink.
        var bands = inkRows.Zip(inkRows.Skip(1)).Count(p => p.Second != p.First + 1) + 1;
        Assert.Equal(3, bands);
        Assert.Contains(header.Pixels, p => p < 64); // real black strokes, not faint boxes
    }

    [Fact]
    public void Mask_bits_are_zero_exactly_where_modules_are_dark()
    {
        var m = QrMatrix.Encode("https://ev.example/01/06901234567892/10/LOT-1/21/X7KQ2M9XA3HDP");
        var bits = PdfLabelWriter.MaskBits(m);
        var rowBytes = (m.Size + 7) / 8;
        for (var y = 0; y < m.Size; y++)
        {
            for (var x = 0; x < m.Size; x++)
            {
                var bit = (bits[(y * rowBytes) + (x >> 3)] >> (7 - (x & 7))) & 1;
                Assert.Equal(m.IsDark(x, y) ? 0 : 1, bit);
            }
        }

        // The quiet zone is light all round.
        for (var i = 0; i < m.Size; i++)
        {
            Assert.False(m.IsDark(i, 0) || m.IsDark(0, i) || m.IsDark(i, m.Size - 1) || m.IsDark(m.Size - 1, i));
        }
    }

    [Theory]
    [InlineData("plain", "(plain)")]
    [InlineData(@"a(b)c\d", @"(a\(b\)c\\d)")]
    [InlineData("中x", "(?x)")]
    public void Pdf_literal_strings_escape_delimiters_and_replace_what_helvetica_cannot_show(string text, string literal) =>
        Assert.Equal(literal, Helvetica.Literal(text));

    [Fact]
    public void Helvetica_widths_fit_a_13_character_code_into_the_default_column()
    {
        var width = LabelSheetLayout.Default.TextWidthMm * 72 / 25.4;
        Assert.Equal(9, Helvetica.FitSize("X7KQ2M9XA3HDP", width, 9));
        var shrunk = Helvetica.FitSize(new string('W', 20), width, 9);
        Assert.True(shrunk < 9);
        Assert.Equal(width, Helvetica.Width(new string('W', 20), shrunk), 3);
    }

    [GeneratedRegex(@"startxref\n(\d+)\n%%EOF\n$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"\Gxref\n0 (\d+)\n")]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"(?m)^\d+ 0 obj\n")]
    private static partial Regex ObjectStart();
}
