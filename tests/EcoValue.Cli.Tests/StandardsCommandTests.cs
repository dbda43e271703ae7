using EcoValue.Certification;
using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

/// <summary>`ecovalue standards`: validates the shipped standards, prints their hashes, and locates errors in a bad file.</summary>
public sealed class StandardsCommandTests
{
    private static string Rules => Path.Combine(RepoPaths.Root, "certification-rules");

    [Fact]
    public async Task Validate_prints_each_shipped_standard_with_its_hash()
    {
        var output = await CliProcess.RunAsync("standards", "validate", Rules);

        var catalog = StandardCatalog.LoadFolder(Rules);
        foreach (var s in catalog.All)
        {
            Assert.Contains($"ok  {s.Id} {s.Version} {s.Hash}", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Hash_prints_only_the_hash()
    {
        var file = Path.Combine(Rules, "baisha-liangshi-tea.yaml");

        var output = await CliProcess.RunAsync("standards", "hash", file);

        Assert.Equal(StandardLoader.LoadFile(file).Hash, output.Trim());
    }

    [Fact]
    public async Task Validate_exits_non_zero_naming_file_line_and_field()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"bad-standard-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(bad, "id: x\nversion: 1\n", TestContext.Current.CancellationToken);
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => CliProcess.RunAsync("standards", "validate", bad));

            Assert.Contains("exited 1", e.Message, StringComparison.Ordinal);
            Assert.Contains($"{bad}:2:10: version: must be a string", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
