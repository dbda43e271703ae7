using System.Text.RegularExpressions;
using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

public sealed partial class DeployCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ecovalue-cli-test-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [GeneratedRegex(@"^(AnchorRegistry|LicenceRegistry)\s+(0x[0-9a-fA-F]{40}) \((deployed|kept)", RegexOptions.Multiline)]
    private static partial Regex ContractLine();

    private static Dictionary<string, (string Address, string How)> Parse(string output) =>
        ContractLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));

    [Fact]
    public async Task Deploy_dev_thenIfMissingKeeps_andAResetChainGetsANewDeployment()
    {
        await using (var anvil = new AnvilNode())
        {
            await anvil.InitializeAsync();
            var first = Parse(await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data));
            Assert.Equal("deployed", first["AnchorRegistry"].How);
            Assert.Equal("deployed", first["LicenceRegistry"].How);
            Assert.True(File.Exists(Path.Combine(_data, "keys", "service.key")));

            var second = Parse(await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data));
            Assert.Equal(("kept", first["AnchorRegistry"].Address), (second["AnchorRegistry"].How, second["AnchorRegistry"].Address));
            Assert.Equal("kept", second["LicenceRegistry"].How);
        }

        // A brand-new chain (as after deleting anvil's state): the recorded deployment is reported gone and replaced.
        await using var fresh = new AnvilNode();
        await fresh.InitializeAsync();
        var output = await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", fresh.RpcUrl.ToString(), "--data", _data);
        Assert.Contains("is gone", output, StringComparison.Ordinal);
        Assert.Equal("deployed", Parse(output)["AnchorRegistry"].How);
    }

    [Fact]
    public async Task Deploy_withoutDev_andNoKeyFile_failsWithAClearMessage()
    {
        await using var anvil = new AnvilNode();
        await anvil.InitializeAsync();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => CliProcess.RunAsync("deploy", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data));
        Assert.Contains("service key file", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "keys", "service.key")), "production mode never creates a key");
    }
}
