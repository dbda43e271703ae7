using System.Net;
using System.Text.Json;
using EcoValue.Testing;

namespace EcoValue.Api.Tests;

public class HealthTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_withRunningChainAndContracts_reportsDatabaseChainAndContracts()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        var deployed = await DevDeployment.DeployAsync(anvil.RpcUrl, host.DataDirectory, Ct);
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Ok", body.GetProperty("database").GetProperty("status").GetString());
        // SQLite's library version (3.x) or the PostgreSQL server's (e.g. 15.18).
        Assert.Matches(EcoValue.Testing.TestDatabases.IsPostgres ? @"^1[5-9]\.\d+" : @"^3\.\d+\.\d+$", body.GetProperty("database").GetProperty("version").GetString());
        Assert.Equal(EcoValue.Testing.TestDatabases.ForDirectory(host.DataDirectory).Schema.Count, body.GetProperty("database").GetProperty("schemaVersion").GetInt32());
        Assert.Equal(EcoValue.Testing.TestDatabases.Backend, body.GetProperty("database").GetProperty("provider").GetString());
        var chain = body.GetProperty("chain");
        Assert.Equal("Ok", chain.GetProperty("status").GetString());
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        Assert.Equal(await AnvilBlockNumberAsync(), chain.GetProperty("latestBlock").GetUInt64());
        Assert.Equal(EcoValue.Testing.TestDatabases.IsPostgres, !File.Exists(Path.Combine(host.DataDirectory, "ecovalue.db"))); // the SQLite file only on SQLite
        var contracts = chain.GetProperty("contracts").EnumerateArray().ToList();
        Assert.Equal(["AnchorRegistry", "LicenceRegistry"], contracts.Select(c => c.GetProperty("name").GetString()));
        Assert.All(contracts, c => Assert.Equal("Ok", c.GetProperty("status").GetString()));
        Assert.Equal(deployed[0].Address, contracts[0].GetProperty("address").GetString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task Healthz_noContractsRecorded_reportsNotDeployedWith503()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var chain = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("chain");
        Assert.Equal("NotDeployed", chain.GetProperty("status").GetString());
        Assert.Contains("ecovalue deploy", chain.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_recordedContractGone_reportsReset()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        var deployed = await DevDeployment.DeployAsync(anvil.RpcUrl, host.DataDirectory, Ct);
        // As if the chain had been reset: the recorded address now holds nothing.
        await new EcoValue.Data.Chain.ChainDeploymentRepository(EcoValue.Testing.TestDatabases.ForDirectory(host.DataDirectory))
            .SaveAsync(deployed[0] with { Address = "0x00000000000000000000000000000000000000aa" }, Ct);
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var chain = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("chain");
        Assert.Equal("Reset", chain.GetProperty("status").GetString());
        Assert.Contains("AnchorRegistry", chain.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_latestBlock_followsTheChain()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        await DevDeployment.DeployAsync(anvil.RpcUrl, host.DataDirectory, Ct);
        var before = await LatestBlockAsync(host);
        await RawRpcAsync("anvil_mine", "\"0x3\"");
        Assert.Equal(before + 3, await LatestBlockAsync(host));
    }

    [Fact]
    public async Task Healthz_wrongChainId_reportsForeignChainWith503()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl, expectedChainId: 1);
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        var chain = body.GetProperty("chain");
        Assert.Equal("ForeignChain", chain.GetProperty("status").GetString());
        Assert.Equal(31337, chain.GetProperty("chainId").GetInt64());
        Assert.Contains("31337", chain.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_chainDown_reportsUnavailableQuickly_databaseStillOk()
    {
        var nothingListens = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var host = await ApiHost.StartAsync(nothingListens);
        using var response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("Unavailable", body.GetProperty("chain").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("chain").GetProperty("chainId").ValueKind);
        Assert.Equal("Ok", body.GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Root_servesBilingualIndexLinkingHealth()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        using var response = await host.Client.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/healthz\"", html, StringComparison.Ordinal);
        Assert.Contains("信息可查询", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_answersProblemJson()
    {
        await using var host = await ApiHost.StartAsync(anvil.RpcUrl);
        using var response = await host.Client.GetAsync(new Uri("/no-such-route", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Straight to the node, bypassing our RPC layer, so the test does not check our code with itself.
    private async Task<JsonElement> RawRpcAsync(string method, string paramsJson = "")
    {
        using var http = new HttpClient();
        using var content = new StringContent($$"""{"jsonrpc":"2.0","id":1,"method":"{{method}}","params":[{{paramsJson}}]}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(anvil.RpcUrl, content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("result").Clone();
    }

    private async Task<ulong> AnvilBlockNumberAsync() =>
        Convert.ToUInt64((await RawRpcAsync("eth_blockNumber")).GetString(), 16);

    private static async Task<ulong> LatestBlockAsync(ApiHost host)
    {
        var json = await host.Client.GetStringAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        return JsonDocument.Parse(json).RootElement.GetProperty("chain").GetProperty("latestBlock").GetUInt64();
    }
}
