using System.Numerics;
using System.Text.Json;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Api.Tests.Registry;
using EcoValue.Data.Accounts;
using EcoValue.Data.Chain;
using EcoValue.Data.Migrations;
using EcoValue.Data.Registry;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EcoValue.Api.Tests.Portal;

/// <summary>
/// Issue 4's acceptance: a farmer, in a real headless Chromium (Debian's, driven by playwright-core from tests/js),
/// signs in, registers a batch with a field event and a lab result, and sees every entry anchored — on a real anvil,
/// by the service's own anchoring worker. The page's word is then checked against the database and the proof API.
/// Screenshots (zh and en, 360 px wide) land in artifacts/test/screenshots/.
/// </summary>
public sealed class PortalBrowserTests(AnvilNode anvil) : IClassFixture<AnvilNode>
{
    private static readonly string[] Steps = ["sign-in", "add-plot", "add-batch", "add-field-event", "add-lab-result", "wait-anchored", "screenshot-zh", "screenshot-en", "done"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Short windows so the whole day's work is anchored within seconds (the defaults suit production: 10 s windows).
    private static Dictionary<string, string?> Settings => new()
    {
        ["EcoValue:Anchoring:WindowTime"] = "00:00:00.500",
        ["EcoValue:Anchoring:PollInterval"] = "00:00:00.100",
        ["EcoValue:Anchoring:Confirmations"] = "1",
    };

    [Fact]
    public async Task Farmer_inChromium_registersABatchWithEventAndLabResult_andSeesEveryEntryAnchored()
    {
        Requirements.TestToolPackage("playwright-core");
        Requirements.Chromium();
        var node = Requirements.Node();

        await using var host = await ApiHost.StartAsync(anvil.RpcUrl, settings: Settings, prepare: DeployAsync);
        using var admin = await host.ClientForAsync(Roles.Admin, ct: Ct);
        var (status, producer) = await RegistryHost.PostAsync(admin, "/api/v1/producers", new { name = "白沙绿茶专业合作社", creditCode = RegistryHost.NewCreditCode(), regionCode = "469025" });
        Assert.True(status == 201, producer.ToString());
        var producerId = producer.GetProperty("id").GetString()!;
        var username = "farmer-" + Guid.NewGuid().ToString("N")[..8];
        const string Password = "Baisha-Tea-2026";
        await host.CreateUserAsync(Roles.Farmer, producerId, username, Password, Ct);

        var screenshots = Path.Combine(RepoPaths.Root, "artifacts", "test", "screenshots");
        Directory.CreateDirectory(screenshots);
        var script = Path.Combine(RepoPaths.Root, "tests", "js", "portal-farmer.mjs");
        var output = await ToolProcess.RunAsync(node, [script, host.Client.BaseAddress!.ToString(), username, Password, screenshots],
            timeout: TimeSpan.FromSeconds(120), ct: Ct);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(Steps, lines.Select(l => l.GetProperty("step").GetString()));
        Assert.All(lines, l => Assert.True(l.GetProperty("ok").GetBoolean(), l.ToString()));
        var pendingAfterWrites = lines.Single(l => l.GetProperty("step").GetString() == "add-lab-result").GetProperty("states");
        Assert.Equal(3, pendingAfterWrites.GetArrayLength());

        // What the page said, the database and the proof API say too.
        var done = lines[^1];
        var batchId = done.GetProperty("batch").GetString()!;
        var records = done.GetProperty("records").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Equal(3, records.Distinct().Count());
        var repo = host.Services.GetRequiredService<RegistryRepository>();
        var batch = await repo.GetBatchAsync(batchId, Scope.Producer(producerId), Ct);
        Assert.NotNull(batch);
        Assert.Equal("anchored", batch.AnchoringStatus);
        var events = await repo.ListEventsAsync(batchId, null, null, null, null, 10, Ct);
        var labs = await repo.ListLabResultsAsync(batchId, null, null, null, 10, Ct);
        Assert.Equal("input-applied", Assert.Single(events.Items).Kind);
        Assert.Equal("anchored", events.Items[0].AnchoringStatus);
        Assert.Equal("anchored", Assert.Single(labs.Items).AnchoringStatus);
        Assert.Equal(new[] { batch.RecordId, events.Items[0].RecordId, labs.Items[0].RecordId }.Order(), records.Order());
        foreach (var record in records)
        {
            var (code, proof) = await RegistryHost.GetAsync(host.Client, $"/api/v1/records/{record}/proof");
            Assert.Equal(200, code);
            Assert.Equal("anchored", proof.GetProperty("status").GetString());
            Assert.Equal(31337, proof.GetProperty("chainId").GetInt64());
        }

        foreach (var name in new[] { "portal-home-zh.png", "portal-event-form-zh.png", "portal-batch-zh.png", "portal-batch-en.png" })
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(screenshots, name), Ct);
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{name} is not a PNG screenshot");
        }
    }

    /// <summary>Deploys AnchorRegistry from the host's own service key (so its worker may anchor) and records it, as `ecovalue deploy --dev` does.</summary>
    private async Task DeployAsync(string data)
    {
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = anvil.RpcUrl }));
        var db = EcoValue.Testing.TestDatabases.ForDirectory(data);
        await Migrator.MigrateAsync(db, db.Schema, Ct);
        var key = ServiceKeyFile.LoadOrCreate(Path.Combine(data, "keys", "service.key"));
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 20), Ct);
        var deployment = await new ContractDeployer(new ChainAccount(eth, key, 31337), new FeeEstimator(eth))
            .DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], Ct);
        await new ChainDeploymentRepository(db).SaveAsync(deployment.ToRow(DateTimeOffset.UtcNow), Ct);
    }
}
