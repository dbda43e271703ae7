namespace EcoValue.Labels.Tests.Support;

/// <summary>Label codes for tests: links of many lengths and characters, and a source that records how it is read.</summary>
public static class Codes
{
    public static readonly LabelSheetHeader ChineseHeader = new("热带雨林国家公园", "白沙绿茶", "LOT-2025-07", "白沙黎族自治县茶叶合作社");

    // GS1 AI 21 / AI 10 characters (GS1 General Specifications, figure 7.11-1, the 82-character set) that matter
    // in URLs: '-', '.', '_' as they are, and characters the Digital Link percent-encodes ('/' as %2F, '#' as %23, '%' as %25).
    private const string SerialAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789-._";

    /// <summary>
    /// <paramref name="count"/> item codes with varied links: two hosts, short and long lots, serials from 1 to 20
    /// characters, percent-escapes in lots and serials, some batch links without a serial. Deterministic per seed.
    /// Links are unique; <c>Text</c> is the serial (or the lot for a batch link).
    /// </summary>
    public static List<LabelCode> Varied(int count, int seed = 7)
    {
        var random = new Random(seed);
        var hosts = new[] { "https://ev.example", "https://id.ecovalue.cn" };
        var gtins = new[] { "06901234567892", "09506000134352", "00012345678905" };
        var lots = new[] { "1", "LOT-1", "2025.07_A", "L%2FX-9", "HAINAN-BAISHA-2025-7", "A%25B", "x" };
        var list = new List<LabelCode>(count);
        var seen = new HashSet<string>();
        while (list.Count < count)
        {
            var i = list.Count;
            var host = hosts[i % hosts.Length];
            var gtin = gtins[i % gtins.Length];
            var lot = lots[i % lots.Length];
            if (i % 11 == 5)
            {
                var batchLink = $"{host}/01/{gtin}/10/{lot}";
                if (seen.Add(batchLink))
                {
                    list.Add(new LabelCode(batchLink, lot.Replace("%2F", "/", StringComparison.Ordinal)));
                }

                continue;
            }

            var length = (i % 5) switch { 0 => 1 + random.Next(4), 1 => 20, _ => 13 };
            var serial = new string([.. Enumerable.Range(0, length).Select(_ => SerialAlphabet[random.Next(SerialAlphabet.Length)])]);
            if (i % 9 == 3)
            {
                serial = serial[..Math.Min(serial.Length, 8)] + "%2F" + "Q";
            }

            var link = $"{host}/01/{gtin}/10/{lot}/21/{serial}";
            if (seen.Add(link))
            {
                list.Add(new LabelCode(link, serial.Replace("%2F", "/", StringComparison.Ordinal)));
            }
        }

        return list;
    }

    /// <summary>Realistic item codes of one batch (about 75-character links, random 13-character serials).</summary>
    public static IEnumerable<LabelCode> Batch(int count, int seed = 1)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var serial = new string([.. Enumerable.Range(0, 13).Select(_ => SerialAlphabet[random.Next(SerialAlphabet.Length - 3)])]);
            yield return new LabelCode($"https://id.ecovalue.cn/01/06901234567892/10/LOT-2025-07-A/21/{serial}", serial);
        }
    }
}

/// <summary>
/// An async source over a list that records, for each code handed out, how many bytes the output had received at
/// that moment, calls a hook, and notes whether the consumer disposed it (a database reader must be released).
/// </summary>
public sealed class RecordingSource(IEnumerable<LabelCode> codes, SinkStream? output = null, Action<int>? onPull = null) : IAsyncEnumerable<LabelCode>
{
    private readonly List<long> _bytesAtPull = [];

    public int Pulled => _bytesAtPull.Count;

    public IReadOnlyList<long> BytesAtPull => _bytesAtPull;

    public bool Disposed { get; private set; }

    public async IAsyncEnumerator<LabelCode> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var code in codes)
            {
                _bytesAtPull.Add(output?.Written ?? 0);
                onPull?.Invoke(_bytesAtPull.Count);
                yield return code;
            }
        }
        finally
        {
            Disposed = true;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}

public static class AsyncSource
{
    public static async IAsyncEnumerable<T> From<T>(IEnumerable<T> items)
    {
        foreach (var item in items)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
