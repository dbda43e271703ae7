using System.Text;
using System.Text.Json;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Verification.Reports;
using EcoValue.Testing;
using QRCoder;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// Issue 7's acceptance: in a real headless Chromium (Debian's, driven by playwright-core from tests/js), a buyer signs
/// in through the portal's login form, uploads a CSV of genuine codes (anchored on anvil by the service's own worker)
/// and an unknown one, sees GENUINE and UNKNOWN on the report page and downloads the signed JSON, which then checks
/// offline against the host's service key. And the camera scan: Chromium's fake camera plays a QR code of a genuine
/// link and the page's scan puts that link into the paste box, once. Screenshots: artifacts/test/screenshots/buyer-bulk-*.png.
/// </summary>
public sealed class PortalBuyerBrowserTests(BuyerPortalHost fixture) : IClassFixture<BuyerPortalHost>
{
    private const string Unknown = "ZZZZZZZZZZZZZ";

    private static readonly string[] Decoders = ["jsQR", "BarcodeDetector"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Screenshots
    {
        get
        {
            var dir = Path.Combine(RepoPaths.Root, "artifacts", "test", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private async Task<(string Username, string Password)> NewBuyerAsync()
    {
        var username = "buyer-" + Guid.NewGuid().ToString("N")[..8];
        const string Password = "Expo-Buyer-2026";
        await fixture.Host.CreateUserAsync(Roles.Buyer, username: username, password: Password, ct: Ct);
        return (username, Password);
    }

    [Fact]
    public async Task Buyer_inChromium_uploadsACsv_seesTheReport_andDownloadsTheSignedJson()
    {
        Requirements.TestToolPackage("playwright-core");
        Requirements.Chromium();
        var node = Requirements.Node();
        var links = await fixture.GenuineLinksAsync(3);
        var (username, password) = await NewBuyerAsync();

        var work = Directory.CreateTempSubdirectory("ecovalue-buyer-").FullName;
        try
        {
            var csv = Path.Combine(work, "shipment.csv");
            await File.WriteAllTextAsync(csv, $"code,carton\r\n{links[0]},1\r\n{links[1]},1\r\n{Unknown},2\r\n{links[2]},2\r\n", new UTF8Encoding(false), Ct);
            var download = Path.Combine(work, "downloaded-report.json");
            var output = await ToolProcess.RunAsync(node,
                [Path.Combine(RepoPaths.Root, "tests", "js", "portal-buyer.mjs"), "upload", fixture.Host.Client.BaseAddress!.ToString(), username, password, csv, download, Screenshots],
                timeout: TimeSpan.FromSeconds(120), ct: Ct);

            var lines = Lines(output);
            Assert.Equal(["sign-in", "upload", "download-json", "done"], lines.Select(l => l.GetProperty("step").GetString()));
            Assert.All(lines, l => Assert.True(l.GetProperty("ok").GetBoolean(), l.ToString()));
            Assert.Empty(lines[^1].GetProperty("errors").EnumerateArray());
            var upload = lines[1];
            // Problems first on the page, then the genuine codes.
            Assert.Equal(["UNKNOWN", "GENUINE", "GENUINE", "GENUINE"], upload.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()));
            Assert.Equal(["Unknown code", "Genuine", "Genuine", "Genuine"], upload.GetProperty("badges").EnumerateArray().Select(s => s.GetString()!.Trim()));
            var id = upload.GetProperty("report").GetString()!;
            Assert.EndsWith($"/portal/reports/{id}", upload.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.Equal($"verification-report-{id}.json", lines[2].GetProperty("name").GetString());

            // The file the browser saved is the evidence: signed by the service key, every proof intact.
            var bytes = await File.ReadAllBytesAsync(download, Ct);
            var check = ReportVerifier.Check(bytes, fixture.ServiceAddress);
            Assert.True(check.Valid, string.Join("; ", check.Problems));
            Assert.NotEmpty(check.Anchors);
            using var doc = JsonDocument.Parse(bytes);
            var report = doc.RootElement.GetProperty("report");
            Assert.Equal(id, report.GetProperty("id").GetString());
            Assert.Equal(fixture.ServiceAddress.ToLowerInvariant(), report.GetProperty("signer").GetString());
            Assert.Equal(upload.GetProperty("signer").GetString(), report.GetProperty("signer").GetString());
            Assert.Equal([links[0], links[1], Unknown, links[2]], report.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("input").GetString()));
            Assert.Equal(3, report.GetProperty("summary").GetProperty("byStatus").GetProperty("GENUINE").GetInt32());

            foreach (var name in new[] { "buyer-bulk-verify-en.png", "buyer-bulk-report-en.png" })
            {
                var png = await File.ReadAllBytesAsync(Path.Combine(Screenshots, name), Ct);
                Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', $"{name} is not a PNG screenshot");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Buyer_inChromium_scansAQrCodeWithTheCamera_andItsLinkIsAddedOnce()
    {
        Requirements.TestToolPackage("playwright-core");
        Requirements.Chromium();
        var node = Requirements.Node();
        var link = (await fixture.GenuineLinksAsync(1))[0];
        var (username, password) = await NewBuyerAsync();

        var work = Directory.CreateTempSubdirectory("ecovalue-camera-").FullName;
        try
        {
            var video = Path.Combine(work, "camera.y4m");
            await File.WriteAllBytesAsync(video, QrVideo(link, 640, 480, frames: 5), Ct);
            var output = await ToolProcess.RunAsync(node,
                [Path.Combine(RepoPaths.Root, "tests", "js", "portal-buyer.mjs"), "camera", fixture.Host.Client.BaseAddress!.ToString(), username, password, video, link, Screenshots],
                timeout: TimeSpan.FromSeconds(120), ct: Ct);

            var lines = Lines(output);
            Assert.Equal(["sign-in", "camera", "done"], lines.Select(l => l.GetProperty("step").GetString()));
            Assert.All(lines, l => Assert.True(l.GetProperty("ok").GetBoolean(), l.ToString()));
            Assert.Empty(lines[^1].GetProperty("errors").EnumerateArray());
            var camera = lines[1];
            Assert.Equal(link, camera.GetProperty("value").GetString()); // the link, exactly once, though the camera saw it many times
            Assert.Equal("1", camera.GetProperty("count").GetString());
            Assert.Contains(camera.GetProperty("decoder").GetString(), Decoders);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// A YUV4MPEG2 (4:2:0) video Chromium can play as its fake camera: <paramref name="frames"/> frames of a QR code of
    /// <paramref name="text"/> (quiet zone included) centred on white; luminance is the symbol, chroma neutral (128).
    /// </summary>
    private static byte[] QrVideo(string text, int width, int height, int frames)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var modules = data.ModuleMatrix;
        var n = modules.Count;
        var scale = Math.Min(width, height) * 9 / 10 / n;
        var (left, top) = ((width - (n * scale)) / 2, (height - (n * scale)) / 2);
        var luma = new byte[width * height];
        Array.Fill(luma, (byte)235);
        for (var y = 0; y < n * scale; y++)
        {
            for (var x = 0; x < n * scale; x++)
            {
                if (modules[y / scale][x / scale])
                {
                    luma[((top + y) * width) + left + x] = 16;
                }
            }
        }

        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128);
        using var video = new MemoryStream();
        video.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var f = 0; f < frames; f++)
        {
            video.Write("FRAME\n"u8);
            video.Write(luma);
            video.Write(chroma);
            video.Write(chroma);
        }

        return video.ToArray();
    }
}
