using EcoValue.Labels.Tests.Support;
using QRCoder;

namespace EcoValue.Labels.Tests;

public sealed class QrMatrixTests
{
    [Theory]
    [InlineData("https://ev.example/01/06901234567892/10/1")]
    [InlineData("https://id.ecovalue.cn/01/06901234567892/10/LOT-2025-07-A/21/X7KQ2M9XA3HDP")]
    public void Codes_are_made_at_error_correction_level_m(string link)
    {
        var ours = QrMatrix.Encode(link);
        foreach (var level in new[] { QRCodeGenerator.ECCLevel.L, QRCodeGenerator.ECCLevel.M, QRCodeGenerator.ECCLevel.Q, QRCodeGenerator.ECCLevel.H })
        {
            using var reference = QRCodeGenerator.GenerateQrCode(link, level);
            var same = reference.ModuleMatrix.Count == ours.Size
                && Enumerable.Range(0, ours.Size).All(y => Enumerable.Range(0, ours.Size).All(x => reference.ModuleMatrix[y][x] == ours.IsDark(x, y)));
            Assert.Equal(level == QRCodeGenerator.ECCLevel.M, same);
        }
    }

    [Fact]
    public void The_quiet_zone_is_four_light_modules_on_every_side()
    {
        var m = QrMatrix.Encode("https://ev.example/01/06901234567892/10/LOT-1/21/X7KQ2M9XA3HDP");
        Assert.Equal(17 + (4 * m.Version) + 8, m.Size);
        for (var i = 0; i < m.Size; i++)
        {
            for (var q = 0; q < QrMatrix.QuietZone; q++)
            {
                Assert.False(m.IsDark(i, q) || m.IsDark(q, i) || m.IsDark(i, m.Size - 1 - q) || m.IsDark(m.Size - 1 - q, i));
            }
        }

        // The finder pattern's dark corner starts right inside the quiet zone.
        Assert.True(m.IsDark(QrMatrix.QuietZone, QrMatrix.QuietZone));
    }

    [Theory]
    [InlineData(LabelFormat.Pdf)]
    [InlineData(LabelFormat.Png)]
    [InlineData(LabelFormat.Svg)]
    public async Task A_link_that_is_not_printable_ascii_is_refused_with_its_position(LabelFormat format)
    {
        var codes = Codes.Varied(5);
        codes[3] = codes[3] with { Link = "https://ev.example/01/06901234567892/10/ＬＯＴ" }; // full-width look-alikes
        using var sink = new SinkStream();
        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            LabelWriter.WriteAsync(format, Codes.ChineseHeader, AsyncSource.From(codes), sink, ct: TestContext.Current.CancellationToken));
        Assert.Contains("label 3", e.Message, StringComparison.Ordinal);
    }
}
