using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using EcoValue.Domain.Canonical;
using EcoValue.Testing;

namespace EcoValue.Domain.Tests.Canonical;

/// <summary>
/// Our JCS against the pinned npm <c>canonicalize</c> 5.1.0 (the RFC 8785 reference implementation, via
/// <c>canonicalize(JSON.parse(text))</c>) on random documents, byte for byte, all through one node process.
/// </summary>
public class JcsDifferentialTests
{
    private const int Seed = 8785;

    [Fact]
    public async Task Canonicalize_random_documents_match_reference_implementation()
    {
        Requirements.NodePackage("canonicalize");
        var rng = new Random(Seed);
        var generator = new RandomJsonText(rng);
        var lines = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            lines.Add(generator.Document());
        }

        for (var i = 0; i < 200; i++)
        {
            lines.Add(generator.DoubleArray(50)); // 10,000 random bit patterns through Number::toString
        }

        // Both sides must refuse these: a lone surrogate and a number that overflows to Infinity.
        lines.AddRange(["\"\\ud800\"", "{\"a\":[\"x\\udfff\"]}", "[1e999]", "{\"k\":-2e308}"]);

        var stopwatch = Stopwatch.StartNew();
        var reference = await NodeScript.RunLinesAsync(OracleScripts.Path("jcs-lines.mjs"), lines, [RepoPaths.NodeModules]);
        var nodeTime = stopwatch.Elapsed;

        stopwatch.Restart();
        var rejected = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var context = $"seed {Seed}, line {i}: {lines[i]}";
            byte[] ours;
            try
            {
                ours = Jcs.Canonicalize(Encoding.UTF8.GetBytes(lines[i]));
            }
            catch (JcsException e)
            {
                Assert.True(reference[i].StartsWith("ERR ", StringComparison.Ordinal), $"{context}\nwe rejected it ({e.Message}), the reference gave {reference[i]}");
                rejected++;
                continue;
            }

            Assert.False(reference[i].StartsWith("ERR ", StringComparison.Ordinal), $"{context}\nthe reference rejected it ({reference[i]}), we gave {Encoding.UTF8.GetString(ours)}");
            Assert.True(Encoding.UTF8.GetBytes(reference[i]).AsSpan().SequenceEqual(ours), $"{context}\nreference: {reference[i]}\nours:      {Encoding.UTF8.GetString(ours)}");
            Assert.Equal(ours, Jcs.Canonicalize(JsonNode.Parse(lines[i])));
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{lines.Count} documents ({rejected} rejected by both); node {nodeTime.TotalMilliseconds:F0} ms, ours {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.InRange(rejected, 4, lines.Count / 10);
    }
}
