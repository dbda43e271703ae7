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
}
