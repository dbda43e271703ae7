namespace EcoValue.Testing;

/// <summary>
/// A node script used as a differential oracle: it reads one request per line on stdin and, after end of input,
/// prints one answer per line. One process serves a whole batch, so thousands of cases cost one node start.
/// </summary>
public static class NodeScript
{
    /// <summary>Runs <c>node script args...</c> over <paramref name="lines"/> (which must not contain '\n') and returns its answer lines.</summary>
    public static async Task<string[]> RunLinesAsync(string script, IReadOnlyList<string> lines, IEnumerable<string>? args = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var node = Requirements.Node();
        var input = new System.Text.StringBuilder();
        foreach (var line in lines)
        {
            if (line.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException("a request line contains a newline", nameof(lines));
            }

            input.Append(line).Append('\n');
        }

        var output = await ToolProcess.RunAsync(node, new[] { script }.Concat(args ?? []), input.ToString(), timeout ?? TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        var answers = output.Split('\n');
        if (answers.Length != lines.Count + 1 || answers[^1].Length != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(script)}: {lines.Count} requests, {answers.Length - 1} answers");
        }

        return answers[..^1];
    }
}
