using System.Numerics;
using System.Text.RegularExpressions;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Cli.Tests;

public sealed partial class DeployCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("ecovalue-cli-test-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [GeneratedRegex(@"^(AnchorRegistry|LicenceRegistry)\s+(0x[0-9a-fA-F]{40}) \((deployed|kept)", RegexOptions.Multiline)]
    private static partial Regex ContractLine();

    [GeneratedRegex(@"^relayer\s+(0x[0-9a-fA-F]{40}) \(OPERATOR_ROLE (granted|already held)", RegexOptions.Multiline)]
    private static partial Regex RelayerLine();

    private static Dictionary<string, (string Address, string How)> Parse(string output) =>
        ContractLine().Matches(output).ToDictionary(m => m.Groups[1].Value, m => (m.Groups[2].Value, m.Groups[3].Value));

    private static (string Address, string How) Relayer(string output)
    {
        var m = RelayerLine().Match(output);
        Assert.True(m.Success, output);
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static async Task<bool> IsOperatorAsync(Uri rpcUrl, string registry, string account)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl }));
        return await new LicenceRegistryClient(eth, Address.Parse(registry)).HasRoleAsync(LicenceRegistryClient.OperatorRole, Address.Parse(account), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Deploy_dev_thenIfMissingKeeps_andAResetChainGetsANewDeployment()
    {
        await using (var anvil = new AnvilNode())
        {
            await anvil.InitializeAsync();
            var firstOutput = await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data);
            var first = Parse(firstOutput);
            Assert.Equal("deployed", first["AnchorRegistry"].How);
            Assert.Equal("deployed", first["LicenceRegistry"].How);
            Assert.True(File.Exists(Path.Combine(_data, "keys", "service.key")));

            // The relayer is its own account, created and funded on the dev chain, and made an operator.
            Assert.True(File.Exists(Path.Combine(_data, "keys", "relayer.key")));
            var relayer = Relayer(firstOutput);
            Assert.Equal("granted", relayer.How);
            Assert.Equal(RelayerKeyFile.Load(Path.Combine(_data, "keys", "relayer.key")).Address.ToString(), relayer.Address);
            Assert.NotEqual(ServiceKeyFile.Load(Path.Combine(_data, "keys", "service.key")).Address.ToString(), relayer.Address);
            Assert.True(await IsOperatorAsync(anvil.RpcUrl, first["LicenceRegistry"].Address, relayer.Address));

            var secondOutput = await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data);
            var second = Parse(secondOutput);
            Assert.Equal(("kept", first["AnchorRegistry"].Address), (second["AnchorRegistry"].How, second["AnchorRegistry"].Address));
            Assert.Equal("kept", second["LicenceRegistry"].How);
            Assert.Equal((relayer.Address, "already held"), Relayer(secondOutput));
        }

        // A brand-new chain (as after deleting anvil's state): the recorded deployment is reported gone and replaced.
        await using var fresh = new AnvilNode();
        await fresh.InitializeAsync();
        var output = await CliProcess.RunAsync("deploy", "--dev", "--if-missing", "--rpc-url", fresh.RpcUrl.ToString(), "--data", _data);
        Assert.Contains("is gone", output, StringComparison.Ordinal);
        Assert.Equal("deployed", Parse(output)["AnchorRegistry"].How);
        var regranted = Relayer(output);
        Assert.Equal("granted", regranted.How);
        Assert.True(await IsOperatorAsync(fresh.RpcUrl, Parse(output)["LicenceRegistry"].Address, regranted.Address));
    }

    [Fact]
    public async Task Deploy_withoutDev_andNoRelayerKey_deploys_andSaysTheGrantWaits()
    {
        await using var anvil = new AnvilNode();
        await anvil.InitializeAsync();
        var service = ServiceKeyFile.LoadOrCreate(Path.Combine(_data, "keys", "service.key"));
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = anvil.RpcUrl }));
        await new AnvilClient(eth.Rpc).SetBalanceAsync(service.Address, BigInteger.Pow(10, 20), TestContext.Current.CancellationToken);

        var output = await CliProcess.RunAsync("deploy", "--rpc-url", anvil.RpcUrl.ToString(), "--data", _data);
        Assert.Equal("deployed", Parse(output)["LicenceRegistry"].How);
        Assert.Contains("relayer.key does not exist", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "keys", "relayer.key")), "production mode never creates a key");
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
