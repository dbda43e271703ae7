using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EcoValue.Bench;

/// <summary>What one wrk run measured: throughput, latency percentiles (from wrk's own HdrHistogram) and failures.</summary>
public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Non2xx, long SocketErrors);

/// <summary>
/// Drives Debian's wrk (an external load generator on loopback, so the client is a separate native process and not
/// more work on the service's thread pool). Paths come from a file, one per line, picked at random per request by a
/// small Lua script, so a run touches items all over the database rather than one hot row.
/// </summary>
public static partial class Wrk
{
    public static bool Available => File.Exists("/usr/bin/wrk");

    public static async Task<WrkResult> RunAsync(Uri baseUrl, string pathsFile, IReadOnlyDictionary<string, string> headers, int connections, TimeSpan duration, int threads = 2)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(headers);
        var script = Path.Combine(Path.GetTempPath(), $"ecovalue-wrk-{Guid.NewGuid():N}.lua");
        var headerLines = string.Concat(headers.Select(h => $"wrk.headers[\"{h.Key}\"] = \"{h.Value}\"\n"));
        // Each wrk thread has its own Lua state: every one reads the list once, then requests random lines of it;
        // done() counts non-2xx answers, which wrk's summary lumps with nothing else.
        await File.WriteAllTextAsync(script, $$"""
            {{headerLines}}
            local paths = {}
            for line in io.lines("{{pathsFile}}") do paths[#paths + 1] = line end
            math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
            request = function()
              return wrk.format("GET", paths[math.random(#paths)])
            end
            """).ConfigureAwait(false);
        try
        {
            var psi = new ProcessStartInfo("/usr/bin/wrk") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", $"{(int)duration.TotalSeconds}s", "--latency", "--timeout", "5s", "-s", script, baseUrl.ToString() })
            {
                psi.ArgumentList.Add(a);
            }

            using var p = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync().ConfigureAwait(false);
            var text = await stdout.ConfigureAwait(false);
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited {p.ExitCode}: {await stderr.ConfigureAwait(false)}{text}");
            }

            return Parse(text);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Reads wrk's --latency summary (e.g. "50%  812.00us", "99%  4.31ms", "Requests/sec: 6123.45").</summary>
    public static WrkResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        double Percentile(string p)
        {
            var m = Regex.Match(text, $@"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success)
            {
                throw new FormatException($"wrk output has no {p}% line:\n{text}");
            }

            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }

        var rps = double.Parse(RpsLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsLine().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(text) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(text) is { Success: true } s
            ? s.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(rps, Percentile("50"), Percentile("99"), requests, non2xx, socket);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RpsLine();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();
}
