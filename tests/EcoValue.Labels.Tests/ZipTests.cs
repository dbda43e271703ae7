using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using EcoValue.Labels.Tests.Support;

namespace EcoValue.Labels.Tests;

public sealed class ZipTests
{
    [Theory]
    [InlineData(LabelFormat.Png, ".png")]
    [InlineData(LabelFormat.Svg, ".svg")]
    public async Task One_entry_per_code_named_after_its_short_code_and_nothing_else(LabelFormat format, string extension)
    {
        var codes = new List<LabelCode>
        {
            new("https://ev.example/01/06901234567892/10/L1/21/X7KQ2M9XA3HDP", "X7KQ2M9XA3HDP"),
            new("https://ev.example/01/06901234567892/10/L1/21/ab%2Fc", "ab/c"),
            new("https://ev.example/01/06901234567892/10/L1/21/ab_2Fc", "ab_2Fc"),
            new("https://ev.example/01/06901234567892/10/L1/21/..x", "..x"),
            new("https://ev.example/01/06901234567892/10/L1/21/ABCDEF1", "abcdef1"),
            new("https://ev.example/01/06901234567892/10/L1/21/abcdef1", "ABCDEF1"),
            new("https://ev.example/01/06901234567892/10/L1", "X7KQ2M9XA3HDP"),
        };
        var zip = await Write.AllAsync(format, codes);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        Assert.Equal(
            [
                "X7KQ2M9XA3HDP" + extension,
                "ab_2Fc" + extension, // '/' escaped: no folders, no path traversal
                "ab_5F2Fc" + extension, // '_' escaped too, so the two cannot meet
                "_2E.x" + extension, // no hidden file
                "abcdef1" + extension,
                "ABCDEF1~6" + extension, // would overwrite the one above on Windows and macOS
                "X7KQ2M9XA3HDP~7" + extension, // the same short code twice: kept apart by position
            ],
            archive.Entries.Select(e => e.FullName));
        Assert.All(archive.Entries, e => Assert.True(e.Length > 0));
    }

    [Fact]
    public async Task Png_entries_are_one_bit_images_with_a_four_module_quiet_zone()
    {
        var link = "https://id.ecovalue.cn/01/06901234567892/10/LOT-2025-07-A/21/X7KQ2M9XA3HDP";
        var zip = await Write.AllAsync(LabelFormat.Png, [new LabelCode(link, "X")], options: new LabelWriterOptions { PngPixelsPerModule = 7 });
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entry = Assert.Single(archive.Entries);
        Assert.Equal(entry.Length, entry.CompressedLength); // stored: PNG is compressed already
        using var ms = new MemoryStream();
        await using (var s = await entry.OpenAsync(TestContext.Current.CancellationToken))
        {
            await s.CopyToAsync(ms, TestContext.Current.CancellationToken);
        }

        var png = ms.ToArray();
        var modules = QrMatrix.Encode(link).Size;
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        Assert.Equal(modules * 7, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16))); // IHDR width
        Assert.Equal((byte)1, png[24]); // bit depth
        Assert.Equal(33 + 8, modules); // a 74-character link fits version 4 at level M (digits numeric, capitals alphanumeric): 33 modules and the quiet zone
    }

    [Fact]
    public async Task Svg_entries_are_one_path_of_horizontal_runs_in_module_units_without_raster()
    {
        var link = "https://ev.example/01/06901234567892/10/LOT-1/21/X7KQ2M9XA3HDP";
        var zip = await Write.AllAsync(LabelFormat.Svg, [new LabelCode(link, "X")]);
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        await using var s = await Assert.Single(archive.Entries).OpenAsync(TestContext.Current.CancellationToken);
        var svg = XDocument.Load(s);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var m = QrMatrix.Encode(link);
        Assert.Equal($"0 0 {m.Size} {m.Size}", svg.Root!.Attribute("viewBox")!.Value);
        Assert.Empty(svg.Descendants(ns + "image"));
        var path = Assert.Single(svg.Descendants(ns + "path"));

        // Replay the path: every h segment must cover exactly one maximal run of dark modules.
        var dark = new bool[m.Size, m.Size];
        double x = 0, y = 0;
        var d = path.Attribute("d")!.Value;
        var tokens = System.Text.RegularExpressions.Regex.Matches(d, @"([Mmh])([-\d.]+)(?: ([-\d.]+))?");
        var runs = 0;
        foreach (System.Text.RegularExpressions.Match t in tokens)
        {
            var a = double.Parse(t.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            switch (t.Groups[1].Value)
            {
                case "M":
                    (x, y) = (a, double.Parse(t.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "m":
                    x += a;
                    break;
                default:
                    for (var i = 0; i < a; i++)
                    {
                        dark[(int)x + i, (int)y] = true;
                    }

                    Assert.True(x == 0 || !m.IsDark((int)x - 1, (int)y), "a run must start where the dark modules start");
                    x += a;
                    Assert.True((int)x == m.Size || !m.IsDark((int)x, (int)y), "a run must end where the dark modules end");
                    runs++;
                    break;
            }
        }

        Assert.Equal(d.Length, string.Concat(tokens.Select(t => t.Value)).Length); // nothing but M, m and h
        for (var row = 0; row < m.Size; row++)
        {
            for (var col = 0; col < m.Size; col++)
            {
                Assert.Equal(m.IsDark(col, row), dark[col, row]);
            }
        }

        Assert.True(runs > m.Size);
    }

    [Fact]
    public void Escaped_names_keep_safe_characters_and_are_one_to_one()
    {
        Assert.Equal("Ab-9.x", SafeFileName.Escape("Ab-9.x"));
        Assert.Equal("a_20b_2A_3F_E4_B8_AD", SafeFileName.Escape("a b*?中"));
        Assert.Equal("_2E._2Fetc", SafeFileName.Escape("../etc")); // no folder, no leading dot
        var texts = new[] { "a/b", "a_2Fb", "a_b", "a_5Fb", "a.b", "_2E", ".x", "x." };
        Assert.Equal(texts.Length, texts.Select(SafeFileName.Escape).Distinct().Count());
        Assert.All(texts.Select(SafeFileName.Escape), n => Assert.DoesNotContain('~', n));
        Assert.Equal(Encoding.ASCII.GetByteCount(SafeFileName.Escape("中")), SafeFileName.Escape("中").Length);
    }
}
