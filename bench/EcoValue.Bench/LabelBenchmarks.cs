using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using EcoValue.Labels;
using QRCoder;

namespace EcoValue.Bench;

/// <summary>
/// Issue 6's label figures: 100,000 codes per format (PDF sheets, ZIP of SVG, ZIP of PNG, CSV) written to a counting
/// null stream, each in its own child process so its peak memory (VmHWM, the peak resident set) is that format's
/// alone. Beside them: QRCoder's raw encode rate for the same links on all cores, the ceiling for any QR renderer on
/// this machine. Targets: 100,000 codes in at most 30 s and at most 200 MB peak.
/// </summary>
public static class LabelBenchmarks
{
    /// <summary>Hidden argument: the bench re-invokes itself with it to measure one format in a fresh process.</summary>
    public const string WorkerFlag = "--labels-worker";

    private const double TargetSeconds = 30;
    private const double TargetMegabytes = 200;

    private static readonly (LabelFormat Format, string Name)[] Formats =
        [(LabelFormat.Pdf, "pdf"), (LabelFormat.Svg, "svg-zip"), (LabelFormat.Png, "png-zip"), (LabelFormat.Csv, "csv")];

    private sealed record WorkerResult(int Codes, double Seconds, double CpuSeconds, long Bytes, long PeakBytes, long StartBytes);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(int count)
    {
        var rows = new List<BenchRow>();
        var encodeRate = RawEncodeRate();
        foreach (var (format, name) in Formats)
        {
            var r = await RunWorkerAsync(format, count);
            var rate = r.Codes / r.Seconds;
            var peakMb = r.PeakBytes / 1e6;
            // A CSV holds links, no QR code: QRCoder's encode rate is no peer for it; its rate stands beside the
            // target's (100,000 codes in 30 s) instead.
            rows.Add(format == LabelFormat.Csv
                ? new BenchRow("labels", $"{name}: {count:N0} codes, rate", "codes/s", rate, "target rate (100,000 codes in 30 s)", count / TargetSeconds,
                    $"{r.Bytes / 1e6:F1} MB written; one text line per code (link, printed text, lot, product): no QR encoding, so no QRCoder peer, in order, to a counting null stream")
                : new BenchRow("labels", $"{name}: {count:N0} codes, rate", "codes/s", rate, "QRCoder encode only (all cores)", encodeRate,
                    $"{r.Bytes / 1e6:F1} MB written; QR encode + render + write, in order, to a counting null stream"));
            rows.Add(new BenchRow("labels", $"{name}: {count:N0} codes, wall time", "s", r.Seconds, "target", TargetSeconds,
                $"{r.CpuSeconds:F1} CPU-seconds over {Environment.ProcessorCount} cores; ratio = ours / target (lower is better here)"));
            rows.Add(new BenchRow("labels", $"{name}: {count:N0} codes, peak memory (child VmHWM)", "MB", peakMb, "target", TargetMegabytes,
                $"whole process, runtime included ({r.StartBytes / 1e6:F0} MB before writing); ratio = ours / target (lower is better here)"));
        }

        return rows;
    }

    /// <summary>In the child process: writes <paramref name="count"/> codes in one format and prints the figures as one JSON line.</summary>
    public static async Task<int> WorkerAsync(string formatName, int count)
    {
        var format = Formats.Single(f => f.Name == formatName).Format;
        var start = PeakResidentBytes(current: true);
        await using var sink = new CountingNullStream();
        var header = new LabelSheetHeader("热带雨林国家公园", "白沙绿茶", "LOT-2025-07-A", "白沙黎族自治县茶叶合作社");
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var n = await LabelWriter.WriteAsync(format, header, Codes(count), sink);
        sw.Stop();
        self.Refresh();
        var cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new WorkerResult(n, sw.Elapsed.TotalSeconds, cpuSeconds, sink.Written, PeakResidentBytes(current: false), start)));
        return 0;
    }

    /// <summary>Links as the issuer makes them: about 75 characters, random 13-character serials.</summary>
    private static async IAsyncEnumerable<LabelCode> Codes(int count)
    {
        foreach (var link in Links(count, seed: 6))
        {
            yield return new LabelCode(link, link[^13..]);
        }

        await Task.CompletedTask;
    }

    private static IEnumerable<string> Links(int count, int seed)
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789";
        var random = new Random(seed);
        var serial = new char[13];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < serial.Length; j++)
            {
                serial[j] = alphabet[random.Next(alphabet.Length)];
            }

            yield return "https://id.ecovalue.cn/01/06901234567892/10/LOT-2025-07-A/21/" + new string(serial);
        }
    }

    /// <summary>QRCoder's CreateQrCode on the same kind of links, no rendering, spread over all cores as our writer spreads its encoding.</summary>
    private static double RawEncodeRate()
    {
        var payloads = Links(2_000, seed: 7).ToArray();
        return Harness.OpsPerSecond(() => Parallel.For(0, payloads.Length, i =>
        {
            using var data = QRCodeGenerator.GenerateQrCode(payloads[i], QRCodeGenerator.ECCLevel.M, forceUtf8: false, utf8BOM: false, QRCodeGenerator.EciMode.Default, requestedVersion: -1);
        }), opsPerCall: payloads.Length);
    }

    private static async Task<WorkerResult> RunWorkerAsync(LabelFormat format, int count)
    {
        var name = Formats.Single(f => f.Format == format).Name;
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            psi.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        foreach (var a in new[] { WorkerFlag, name, "--labels-count", count.ToString(CultureInfo.InvariantCulture) })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start the label worker");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        var output = await stdout;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"label worker {name} exited {p.ExitCode}: {await stderr}\n{output}");
        }

        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        return JsonSerializer.Deserialize<WorkerResult>(last) ?? throw new InvalidOperationException($"label worker {name} printed no result: {output}");
    }

    /// <summary>VmHWM (peak) or VmRSS (now) from /proc/self/status, in bytes; elsewhere the runtime's peak working set.</summary>
    private static long PeakResidentBytes(bool current)
    {
        var key = current ? "VmRSS:" : "VmHWM:";
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        using var self = Process.GetCurrentProcess();
        return current ? self.WorkingSet64 : self.PeakWorkingSet64;
    }

    /// <summary>Discards what it is given and counts it: stands in for a client that reads as fast as we write.</summary>
    private sealed class CountingNullStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Written += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
