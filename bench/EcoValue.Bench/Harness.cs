using System.Diagnostics;

namespace EcoValue.Bench;

/// <summary>One measured figure: ours, and the peer or limit it stands beside (measured in the same run).</summary>
public sealed record BenchRow(string Group, string Figure, string Unit, double Ours, string? Peer, double? PeerValue, string Note)
{
    /// <summary>ours / peer for throughput figures (higher is better for both).</summary>
    public double? Ratio => PeerValue is > 0 ? Ours / PeerValue : null;
}

/// <summary>
/// A plain, honest harness: warm up, then repeat timed batches and keep the median rate. The machine is shared and
/// noisy, so absolute numbers drift; rows that compare two things measure both back to back in the same process.
/// </summary>
public static class Harness
{
    /// <summary>Operations per second of <paramref name="op"/> (which performs <paramref name="opsPerCall"/> operations per call).</summary>
    public static double OpsPerSecond(Action op, int opsPerCall = 1, double secondsPerRepeat = 0.4, int repeats = 5)
    {
        ArgumentNullException.ThrowIfNull(op);
        // Warm-up until the JIT has settled (tiered compilation) and estimate a batch size.
        var calls = 1L;
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 0.3)
        {
            for (var i = 0; i < calls; i++)
            {
                op();
            }

            calls *= 2;
        }

        var perCall = sw.Elapsed.TotalSeconds / ((calls * 2) - 1);
        var batch = Math.Max(1, (long)(secondsPerRepeat / Math.Max(perCall, 1e-9)));
        var rates = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            sw.Restart();
            for (var i = 0; i < batch; i++)
            {
                op();
            }

            rates[r] = batch * opsPerCall / sw.Elapsed.TotalSeconds;
        }

        Array.Sort(rates);
        return rates[repeats / 2];
    }
}
