using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// Reads label outputs back with independent tools (Debian packages scripts/test installs; outside CI a missing one
/// skips, with CI=true it fails): zbarimg for the QR codes, pdftoppm to rasterise PDF sheets, rsvg-convert for SVG;
/// the CSV by hand; and the GS1 Digital Link toolkit (npm digital-link.js in tests/js, through the Domain tests'
/// oracle script) for every link. Shared with the CLI tests (linked there).
/// </summary>
public static class LabelDecoding
{
    /// <summary>Every QR code in the output, decoded, one entry per symbol (so a duplicate would show as a count).</summary>
    public static async Task<List<string>> DecodeAsync(string format, byte[] output, CancellationToken ct)
    {
        var zbarimg = Requirements.Tool("zbarimg", "zbar-tools");
        var dir = Directory.CreateTempSubdirectory("ecovalue-label-decode-").FullName;
        try
        {
            var images = new List<string>();
            switch (format)
            {
                case "pdf":
                    var pdftoppm = Requirements.Tool("pdftoppm", "poppler-utils");
                    var pdf = Path.Combine(dir, "labels.pdf");
                    await File.WriteAllBytesAsync(pdf, output, ct);
                    await ToolProcess.RunAsync(pdftoppm, ["-r", "200", "-png", pdf, Path.Combine(dir, "page")], timeout: TimeSpan.FromMinutes(2), ct: ct);
                    images.AddRange(Directory.GetFiles(dir, "page-*.png").Order(StringComparer.Ordinal));
                    Assert.NotEmpty(images);
                    break;
                case "png":
                case "svg":
                    var rsvg = format == "svg" ? Requirements.Tool("rsvg-convert", "librsvg2-bin") : null;
                    using (var zip = new ZipArchive(new MemoryStream(output), ZipArchiveMode.Read))
                    {
                        var i = 0;
                        foreach (var entry in zip.Entries)
                        {
                            Assert.EndsWith("." + format, entry.Name, StringComparison.Ordinal);
                            var file = Path.Combine(dir, $"{i++:D5}.{format}");
                            entry.ExtractToFile(file);
                            if (rsvg is not null)
                            {
                                await ToolProcess.RunAsync(rsvg, ["-o", file + ".png", file], ct: ct);
                                file += ".png";
                            }

                            images.Add(file);
                        }
                    }

                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, null);
            }

            var decoded = new List<string>();
            // zbarimg per image for ZIP entries (each must hold exactly one code), in one call per page for PDF sheets.
            foreach (var image in images)
            {
                var stdout = await ToolProcess.RunAsync(zbarimg, ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", image], timeout: TimeSpan.FromMinutes(2), ct: ct);
                var found = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (format != "pdf")
                {
                    Assert.Single(found);
                }

                decoded.AddRange(found);
            }

            return decoded;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The CSV's rows (BOM and header checked) as (link, text, lot, product); the values carry no comma or quote here.</summary>
    public static List<string[]> CsvRows(byte[] output)
    {
        Assert.True(output.AsSpan().StartsWith("\uFEFF"u8.ToArray()), "CSV without a UTF-8 BOM");
        var text = Encoding.UTF8.GetString(output.AsSpan(3));
        var lines = text.Split("\r\n");
        Assert.Equal("link,text,lot,product", lines[0]);
        Assert.Equal(string.Empty, lines[^1]);
        return [.. lines[1..^1].Select(l => l.Split(','))];
    }

    /// <summary>
    /// Checks every link with digital-link.js 1.4.3 in one node process: valid (ABNF grammar and check digit) and read
    /// back as the given GTIN, lot and serial. Our serials never contain a double quote, the one character whose
    /// %22 spelling the toolkit refuses (docs/domain.md), so no link needs that exception.
    /// </summary>
    public static async Task AssertValidForToolkitAsync(IReadOnlyList<string> links, string gtin, string lot)
    {
        Requirements.TestToolPackage("digital-link.js");
        Assert.DoesNotContain(links, l => l.Contains("%22", StringComparison.Ordinal));
        var script = Path.Combine(RepoPaths.Root, "tests", "EcoValue.Domain.Tests", "js", "digital-link-lines.mjs");
        var answers = await NodeScript.RunLinesAsync(script, [.. links.Select(l => new JsonObject { ["link"] = l }.ToJsonString())], [RepoPaths.TestToolModules], TimeSpan.FromMinutes(3));
        Assert.Equal(links.Count, answers.Length);
        for (var i = 0; i < links.Count; i++)
        {
            var a = JsonDocument.Parse(answers[i]).RootElement;
            var context = links[i] + "\n" + answers[i];
            Assert.False(a.TryGetProperty("threw", out _), context);
            Assert.True(a.GetProperty("valid").GetBoolean(), context);
            Assert.True(a.GetProperty("checkDigit").GetBoolean(), context);
            Assert.Equal(gtin, a.GetProperty("gtin").GetString());
            Assert.Equal(lot, a.GetProperty("lot").GetString());
        }
    }
}
