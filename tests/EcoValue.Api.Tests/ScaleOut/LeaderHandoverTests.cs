using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Data;
using EcoValue.Data.Accounts;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Api.Tests.ScaleOut;

/// <summary>
/// Issue 9: two service instances (separate processes) on one PostgreSQL database and one anvil. Records are written
/// through both; the instance leading anchoring is killed (SIGKILL) while its anchoring transaction is in flight; the
/// other takes the lead and every record ends up anchored exactly once: in one batch, whose root is anchored once.
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed class LeaderHandoverTests(AnvilNode anvil) : IClassFixture<AnvilNode>, IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("ecovalue-scaleout-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await TestDatabases.DropAsync(_data);
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task KillingTheLeaderMidAnchoring_theSurvivorAnchorsEveryRecordExactlyOnce()
    {
        _ = TestDatabases.PostgresServer();
        Assert.SkipUnless(TestDatabases.IsPostgres, $"runs in the PostgreSQL pass ({TestDatabases.BackendVariable}=postgres)");
        var db = (PostgresDatabase)TestDatabases.ForDirectory(_data);

        // What an operator provisions before starting instances: contracts recorded in the database (the service key
        // is the anchorer), and one admin account. Both instances share the data folder's keys.
        var serviceKey = ServiceKeyFile.LoadOrCreate(Path.Combine(_data, "keys", "service.key"));
        var (deployments, _, _) = await DevDeployment.DeployWithRelayerAsync(anvil.RpcUrl, _data, Ct, serviceKey);
        var registry = new AnchorRegistryClient(Eth(), Address.Parse(deployments.Single(d => d.Contract == "AnchorRegistry").Address));
        var accounts = new UserAccounts(new UserRepository(db), new RefreshTokenRepository(db), new PasswordHasher(iterations: 1000), LockoutPolicy.Default, TimeProvider.System);
        const string Password = "scale-out-admin-pw";
        await accounts.CreateAsync(new NewUser("scaleout-admin", Password, Roles.Admin), Ct);

        var settings = new Dictionary<string, string?>(ApiHost.WithCertification())
        {
            ["EcoValue:DataDirectory"] = _data,
            ["EcoValue:Database:Provider"] = "postgres",
            ["EcoValue:Database:ConnectionString"] = TestDatabases.ConnectionString(db.DatabaseName),
            ["EcoValue:Chain:RpcUrl"] = anvil.RpcUrl.ToString(),
            ["EcoValue:Chain:ExpectedChainId"] = "31337",
            ["EcoValue:Auth:Pbkdf2Iterations"] = ApiHost.TestPbkdf2Iterations,
            ["EcoValue:Anchoring:WindowRecords"] = "1000",
            ["EcoValue:Anchoring:WindowTime"] = "00:00:01",
            ["EcoValue:Anchoring:PollInterval"] = "00:00:00.200",
        };

        // A first, so it creates the shared keys and takes the lead; then B, which stands by.
        await using var a = await ServiceProcess.StartAsync(settings, Ct);
        await WaitForAsync(() => a.Output.Contains("This instance now leads anchoring", StringComparison.Ordinal), "A leads anchoring", a);
        await using var b = await ServiceProcess.StartAsync(settings, Ct);
        await WaitForAsync(() => b.Output.Contains("Another instance leads anchoring; this one stands by", StringComparison.Ordinal), "B stands by", b);
        Assert.Contains("anchoring", await LeadsAsync(a));
        Assert.DoesNotContain("anchoring", await LeadsAsync(b));

        // Blocks stop being mined: A's anchoring transaction will stay in flight.
        var node = new AnvilClient(Eth().Rpc);
        await node.SetAutomineAsync(false, Ct);

        using var viaA = await SignedInAsync(a.BaseAddress, Password);
        using var viaB = await SignedInAsync(b.BaseAddress, Password);
        for (var i = 0; i < 30; i++)
        {
            await RegisterProducerAsync(i % 2 == 0 ? viaA : viaB, $"合作社 A/B {i}");
        }

        // A cuts a window and sends its root; the transaction waits in the mempool. Then A dies without a word.
        var sent = await WaitForValueAsync(async () =>
        {
            await using var c = await db.OpenAsync(Ct);
            return await c.QuerySingleOrDefaultAsync<SentBatch>(
                "SELECT b.id AS Id, b.root AS Root FROM anchor_batches b WHERE b.status = 'sent' AND EXISTS (SELECT 1 FROM anchor_transactions t WHERE t.batch_id = b.id)");
        }, "A sends an anchoring transaction", a);
        List<byte[]> sentByA;
        await using (var c = await db.OpenAsync(Ct))
        {
            sentByA = [.. await c.QueryAsync<byte[]>("SELECT tx_hash FROM anchor_transactions WHERE batch_id = @id", new { id = sent.Id })];
        }

        await a.KillAsync();

        // Writes go on through B alone; then the chain mines again.
        for (var i = 0; i < 20; i++)
        {
            await RegisterProducerAsync(viaB, $"合作社 B {i}");
        }

        await node.SetAutomineAsync(true, Ct);
        await node.MineAsync(Ct);

        await WaitForAsync(() => b.Output.Contains("This instance now leads anchoring", StringComparison.Ordinal), "B takes the lead", b);
        Assert.Contains("anchoring", await LeadsAsync(b));
        var batches = await WaitForValueAsync(async () =>
        {
            await using var c = await db.OpenAsync(Ct);
            var open = await c.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM records r LEFT JOIN anchor_batches b ON b.id = r.batch_id WHERE b.status IS DISTINCT FROM 'anchored'");
            return open == 0 ? (await c.QueryAsync<AnchoredBatch>(
                "SELECT id AS Id, root AS Root, leaf_count AS LeafCount, tx_hash AS TxHash FROM anchor_batches ORDER BY id")).ToList() : null;
        }, "every record anchored", b, TimeSpan.FromSeconds(120));

        await using (var c = await db.OpenAsync(Ct))
        {
            // Both instances' writes are there: 50 producer records at least, each in exactly one batch.
            var records = await c.ExecuteScalarAsync<long>("SELECT count(*) FROM records");
            Assert.True(records >= 50, $"{records} records");
            Assert.Equal(records, batches.Sum(x => x.LeafCount));
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT count(*) FROM records WHERE batch_id IS NULL"));

            // The batch in flight when A died was anchored by A's own transaction, not a second root.
            Assert.Contains(batches.Single(x => x.Id == sent.Id).TxHash, sentByA, ByteArrayComparer.Instance);
            Assert.True(batches.Count >= 2, "B anchored the records written after A died in a batch of its own");

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{records} records in {batches.Count} batches ({string.Join(", ", batches.Select(x => x.LeafCount))} leaves); batch {sent.Id} was in flight when A died");
            foreach (var batch in batches)
            {
                var leaves = (await c.QueryAsync<byte[]>("SELECT record_hash FROM records WHERE batch_id = @id ORDER BY leaf_index", new { id = batch.Id })).ToList();
                Assert.Equal(batch.LeafCount, leaves.Count);
                Assert.Equal(batch.Root, StandardMerkleTree.Build(leaves).Root);
                var onChain = await registry.AnchoredAtAsync(batch.Root, ct: Ct);
                Assert.True(onChain.IsAnchored);
                Assert.Equal((uint)batch.LeafCount, onChain.LeafCount);
            }
        }

        // On chain: one Anchored event per batch, no root twice.
        var events = await Eth().GetEventsAsync(AnchorRegistryClient.AnchoredEventDefinition, new LogFilter
        {
            FromBlock = 0UL,
            ToBlock = BlockParameter.Latest,
            Addresses = [registry.Contract],
        }, Ct);
        Assert.Equal(batches.Count, events.Count);
        Assert.Equal(
            batches.Select(x => Convert.ToHexString(x.Root)).Order(StringComparer.Ordinal),
            events.Select(e => Convert.ToHexString(e.Event.Get<byte[]>("root"))).Order(StringComparer.Ordinal));
    }

    private EthClient Eth() => new(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = anvil.RpcUrl }));

    private static async Task<HttpClient> SignedInAsync(Uri baseAddress, string password)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var token = await client.SignInAsync("scaleout-admin", password, Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    // What /healthz says this instance leads.
    private static async Task<List<string?>> LeadsAsync(ServiceProcess service)
    {
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/healthz", UriKind.Relative), Ct)).RootElement;
        return [.. health.GetProperty("leads").EnumerateArray().Select(r => r.GetString())];
    }

    private static async Task RegisterProducerAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/producers", new { name, creditCode = Registry.RegistryHost.NewCreditCode(), regionCode = "469025" }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{client.BaseAddress}: {(int)response.StatusCode} {body}");
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(body).RootElement.GetProperty("id").ValueKind);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ServiceProcess service) =>
        await WaitForValueAsync(() => Task.FromResult(condition() ? what : null), what, service);

    private static async Task<T> WaitForValueAsync<T>(Func<Task<T?>> probe, string what, ServiceProcess service, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}\n--- {service.BaseAddress} printed:\n{service.Output}");
            await Task.Delay(200, Ct);
        }
    }

    private sealed record SentBatch(long Id, byte[] Root);

    private sealed record AnchoredBatch(long Id, byte[] Root, long LeafCount, byte[] TxHash);

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : obj[0];
    }
}
