using System.Globalization;
using EcoValue.Testing;
using SkiaSharp;

namespace EcoValue.Api.Tests.Dossier;

/// <summary>
/// Reads a PDF back with poppler (Debian's poppler-utils, which scripts/test installs; outside CI a missing tool
/// skips, with CI=true it fails): the page count (pdfinfo), page 1 rasterised at 50 dpi (pdftoppm) and the share
/// of its pixels that are not white, and the text (pdftotext), which shows whether the characters drawn read back.
/// </summary>
internal static class PdfCheck
{
    public static async Task<(int Pages, string Text, double InkShare)> ReadAsync(byte[] pdf, CancellationToken ct)
    {
        var pdfinfo = Requirements.Tool("pdfinfo", "poppler-utils");
        var pdftoppm = Requirements.Tool("pdftoppm", "poppler-utils");
        var pdftotext = Requirements.Tool("pdftotext", "poppler-utils");
        var dir = Directory.CreateTempSubdirectory("ecovalue-dossier-pdf-").FullName;
        try
        {
            var file = Path.Combine(dir, "dossier.pdf");
            await File.WriteAllBytesAsync(file, pdf, ct);
            var info = await ToolProcess.RunAsync(pdfinfo, [file], ct: ct);
            var pagesLine = info.Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal));
            var pages = int.Parse(pagesLine["Pages:".Length..].Trim(), CultureInfo.InvariantCulture);

            await ToolProcess.RunAsync(pdftoppm, ["-png", "-r", "50", "-f", "1", "-l", "1", file, Path.Combine(dir, "page")], timeout: TimeSpan.FromMinutes(1), ct: ct);
            var png = Assert.Single(Directory.GetFiles(dir, "page-*.png"));
            using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidOperationException("pdftoppm wrote no readable PNG");
            Assert.InRange(bitmap.Width, 400, 420); // A4 at 50 dpi: 413 x 585
            var ink = 0;
            for (var y = 0; y < bitmap.Height; y++)
            {
                for (var x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                    {
                        ink++;
                    }
                }
            }

            var text = await ToolProcess.RunAsync(pdftotext, ["-enc", "UTF-8", file, "-"], ct: ct);
            return (pages, text, ink / (double)(bitmap.Width * bitmap.Height));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
