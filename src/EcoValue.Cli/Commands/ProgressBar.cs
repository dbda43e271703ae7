using System.Diagnostics;
using System.Globalization;

namespace EcoValue.Cli.Commands;

/// <summary>
/// Codes written / total, percent and rate on stderr. On a terminal one line redrawn in place with '\r', at most
/// ten times a second (redrawing on every report would cost more than the work on a slow terminal); when stderr is
/// a file or pipe (CI logs, scripts) plain lines, at most one a second, so a log is readable and not flooded.
/// Reports arrive from the label writer's loop, one at a time; the lock keeps a late report from tearing a line.
/// </summary>
internal sealed class ProgressBar(long total, TextWriter writer, bool terminal) : IProgress<int>
{
    private const int Width = 30;

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastDraw = TimeSpan.MinValue;
    private long _lastCount = -1;
    private bool _drawnInPlace;

    public void Report(int value)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            var interval = terminal ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromSeconds(1);
            if (value < total && now - _lastDraw < interval)
            {
                return;
            }

            Draw(value, now);
        }
    }

    /// <summary>Ends the in-place line (so what follows starts on its own line).</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_drawnInPlace)
            {
                writer.WriteLine();
                _drawnInPlace = false;
            }

            writer.Flush();
        }
    }

    private void Draw(long count, TimeSpan now)
    {
        if (count == _lastCount)
        {
            return;
        }

        _lastDraw = now;
        _lastCount = count;
        var fraction = total == 0 ? 1 : Math.Min(1, (double)count / total);
        var rate = count / Math.Max(now.TotalSeconds, 0.001);
        var numbers = string.Create(CultureInfo.InvariantCulture, $"{count:N0}/{total:N0} codes {fraction * 100,3:0}% {rate:N0} codes/s");
        if (terminal)
        {
            var filled = (int)Math.Round(fraction * Width);
            writer.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {numbers}   ");
            _drawnInPlace = true;
        }
        else
        {
            writer.WriteLine(numbers);
        }

        writer.Flush();
    }
}
