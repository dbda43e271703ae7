using System.IO.Compression;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

/// <summary>
/// Issue 6's acceptance: every generated QR decodes, with zbarimg, to exactly the link it was made for. The codes
/// span link lengths (QR versions 3 to 5), percent-escapes, '-', '.', '_', batch and item links, and the PDF spans
/// several pages, so a fault in one version's layout, in escaping, or on a later page shows.
/// </summary>
public sealed class QrDecodeTests
{
    private static readonly List<LabelCode> Sample = Codes.Varied(60);

    [Fact]
    public async Task Every_png_in_the_zip_decodes_to_its_own_link()
    {
        var ct = TestContext.Current.CancellationToken;
        var zip = await Write.AllAsync(LabelFormat.Png, Sample);
        using var dir = new TempDir();
        var byFile = Extract(zip, dir);
        foreach (var (file, code) in byFile)
        {
            var decoded = await Tools.DecodeQrAsync([file], ct);
            Assert.Equal([code.Link], decoded);
        }
    }

    [Fact]
    public async Task Every_svg_in_the_zip_rasterised_by_librsvg_decodes_to_its_own_link()
    {
        var ct = TestContext.Current.CancellationToken;
        var rsvg = Tools.RsvgConvert;
        var zip = await Write.AllAsync(LabelFormat.Svg, Sample);
        using var dir = new TempDir();
        foreach (var (file, code) in Extract(zip, dir))
        {
            var png = file + ".png";
            await Tools.RunAsync(rsvg, ["-o", png, file], ct);
            var decoded = await Tools.DecodeQrAsync([png], ct);
            Assert.Equal([code.Link], decoded);
        }
    }

    [Fact]
    public async Task Every_qr_on_every_pdf_page_rasterised_by_poppler_decodes_and_the_pages_hold_the_codes_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var perPage = LabelSheetLayout.Default.LabelsPerPage;
        var pdf = await Write.AllAsync(LabelFormat.Pdf, Sample);
        using var dir = new TempDir();
        await File.WriteAllBytesAsync(dir.File("labels.pdf"), pdf, ct);
        var (_, stderr) = await Tools.RunAsync(Tools.Poppler("pdftoppm"), ["-r", "200", "-png", dir.File("labels.pdf"), dir.File("page")], ct);
        Assert.Equal(string.Empty, stderr.Trim()); // poppler reports repaired cross-references and syntax errors here

        var pages = Directory.GetFiles(dir.Path, "page-*.png").Order(StringComparer.Ordinal).ToList();
        Assert.Equal((Sample.Count + perPage - 1) / perPage, pages.Count);
        var all = new List<string>();
        for (var p = 0; p < pages.Count; p++)
        {
            var decoded = await Tools.DecodeQrAsync([pages[p]], ct);
            var expected = Sample.Skip(p * perPage).Take(perPage).Select(c => c.Link);
            Assert.Equal(expected.Order(StringComparer.Ordinal), decoded.Order(StringComparer.Ordinal));
            all.AddRange(decoded);
        }

        Assert.Equal(Sample.Count, all.Count);
        Assert.Equal(Sample.Select(c => c.Link).ToHashSet(), all.ToHashSet());
    }

    [Fact]
    public void The_sample_spans_qr_versions_and_link_shapes()
    {
        // Guards the tests above: they prove little if every link happened to be the same length or plain.
        var versions = Sample.Select(c => QrMatrix.Encode(c.Link).Version).ToHashSet();
        Assert.True(versions.Count >= 2, $"versions: {string.Join(',', versions)}");
        Assert.Contains(Sample, c => c.Link.Contains("%2F", StringComparison.Ordinal));
        Assert.Contains(Sample, c => c.Link.Contains('_', StringComparison.Ordinal));
        Assert.Contains(Sample, c => c.Link.Contains('.', StringComparison.Ordinal) && c.Link.LastIndexOf('.') > 30);
        Assert.Contains(Sample, c => !c.Link.Contains("/21/", StringComparison.Ordinal));
        Assert.True(Sample.Count > LabelSheetLayout.Default.LabelsPerPage * 2);
    }

    private static List<(string File, LabelCode Code)> Extract(byte[] zip, TempDir dir)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        Assert.Equal(Sample.Count, archive.Entries.Count);
        var result = new List<(string, LabelCode)>();
        for (var i = 0; i < archive.Entries.Count; i++)
        {
            var entry = archive.Entries[i];
            var file = dir.File($"{i:D3}-{entry.Name}");
            entry.ExtractToFile(file);
            result.Add((file, Sample[i]));
        }

        return result;
    }
}
