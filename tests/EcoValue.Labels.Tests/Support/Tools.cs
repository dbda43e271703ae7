using System.Diagnostics;
using EcoValue.Testing;

namespace EcoValue.Labels.Tests.Support;

/// <summary>
/// The independent readers the labels are checked with, all Debian packages that scripts/test installs:
/// zbarimg (zbar-tools) decodes QR codes from images, rsvg-convert (librsvg2-bin) rasterises SVG, and poppler-utils
/// rasterises (pdftoppm), lists images (pdfimages), extracts text (pdftotext) and reports (pdfinfo) PDF files.
/// Outside CI a missing tool skips the test; with CI=true it fails.
/// </summary>
public static class Tools
{
    public static string Zbarimg => Requirements.Tool("zbarimg", "zbar-tools");

    public static string RsvgConvert => Requirements.Tool("rsvg-convert", "librsvg2-bin");

    public static string Poppler(string name) => Requirements.Tool(name, "poppler-utils");

    /// <summary>Every QR code zbarimg finds in the images, one entry per symbol (its data, byte for byte).</summary>
    public static async Task<List<string>> DecodeQrAsync(IEnumerable<string> images, CancellationToken ct)
    {
        var files = images.ToList();
        var (stdout, _) = await RunAsync(Zbarimg, ["-q", "--raw", "-Sdisable", "-Sqrcode.enable", .. files], ct);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Runs a tool to completion; a non-zero exit fails with its stderr. Returns stdout and stderr.</summary>
    public static async Task<(string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> args, CancellationToken ct, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} did not finish in 2 minutes");
        }

        var (o, e) = (await stdout, await stderr);
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(file)} {string.Join(' ', psi.ArgumentList)} exited {p.ExitCode}: {e.Trim()}");
        return (o, e);
    }
}

/// <summary>A temporary folder deleted with the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ecovalue-labels-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Write
{
    /// <summary>Writes <paramref name="codes"/> in <paramref name="format"/> through a response-like sink and returns the bytes.</summary>
    public static async Task<byte[]> AllAsync(LabelFormat format, IEnumerable<LabelCode> codes, LabelSheetHeader? header = null, LabelWriterOptions? options = null)
    {
        using var sink = new SinkStream();
        var list = codes.ToList();
        var n = await LabelWriter.WriteAsync(format, header ?? Codes.ChineseHeader, AsyncSource.From(list), sink, options: options, ct: TestContext.Current.CancellationToken);
        Assert.Equal(list.Count, n);
        return sink.ToArray();
    }
}
