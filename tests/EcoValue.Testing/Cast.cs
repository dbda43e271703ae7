namespace EcoValue.Testing;

/// <summary>The pinned <c>cast</c> binary, the reference implementation for differential tests.</summary>
public sealed class Cast
{
    private readonly string _path;

    private Cast(string path) => _path = path;

    /// <summary>The pinned cast, or skip/fail (CI) when it is not installed.</summary>
    public static Cast Require() => new(Requirements.Foundry("cast"));

    /// <summary>Runs <c>cast args...</c> and returns stdout without the trailing newline.</summary>
    public async Task<string> RunAsync(params string[] args) =>
        (await ToolProcess.RunAsync(_path, args).ConfigureAwait(false)).TrimEnd('\n', '\r');

    /// <summary>Runs cast once per input, a few at a time (cast starts fast; the machine has two cores).</summary>
    public async Task<string[]> RunManyAsync(IReadOnlyList<string[]> argLists, int parallelism = 4)
    {
        var results = new string[argLists.Count];
        await Parallel.ForAsync(0, argLists.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, _) =>
        {
            results[i] = await RunAsync(argLists[i]).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Runs cast once per input like <see cref="RunManyAsync"/>, but from a shell script per shard: starting a process
    /// from the (large) test host costs more than cast itself, so big differential runs go through a small bash instead.
    /// Returns each run's stdout without the trailing newline; any failing run throws with its arguments and stderr.
    /// </summary>
    public async Task<string[]> RunBatchAsync(IReadOnlyList<string[]> argLists, int shards = 2, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(argLists);
        var results = new string[argLists.Count];
        var directory = Directory.CreateTempSubdirectory("cast-batch-");
        try
        {
            await Parallel.ForAsync(0, shards, async (shard, ct) =>
            {
                var indexes = Enumerable.Range(0, argLists.Count).Where(i => i % shards == shard).ToArray();
                var script = new System.Text.StringBuilder("err=$(mktemp)\ntrap 'rm -f \"$err\"' EXIT\n");
                foreach (var i in indexes)
                {
                    // Each record: "0" and stdout, or "1" and stderr, NUL-terminated (NUL cannot occur in cast's text output).
                    script.Append("out=$(").Append(Quote(_path));
                    foreach (var arg in argLists[i])
                    {
                        script.Append(' ').Append(Quote(arg));
                    }

                    script.Append(" 2>\"$err\") && printf '0%s\\0' \"$out\" || printf '1%s\\0' \"$(cat \"$err\")\"\n");
                }

                var file = Path.Combine(directory.FullName, $"shard{shard}.sh");
                await File.WriteAllTextAsync(file, script.ToString(), new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
                var output = await ToolProcess.RunAsync("bash", [file], timeout: timeout ?? TimeSpan.FromMinutes(5), ct: ct).ConfigureAwait(false);
                var records = output.Split('\0');
                if (records.Length != indexes.Length + 1)
                {
                    throw new InvalidOperationException($"cast batch shard {shard}: expected {indexes.Length} results, got {records.Length - 1}");
                }

                for (var k = 0; k < indexes.Length; k++)
                {
                    var record = records[k];
                    if (record.Length == 0 || record[0] != '0')
                    {
                        throw new InvalidOperationException($"cast {string.Join(' ', argLists[indexes[k]])} failed: {record[1..].Trim()}");
                    }

                    results[indexes[k]] = record[1..].TrimEnd('\n', '\r');
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        return results;
    }

    /// <summary>POSIX single-quoting: the text verbatim, with each ' written as '\''.</summary>
    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
