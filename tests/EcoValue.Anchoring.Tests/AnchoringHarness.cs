using System.Numerics;
using System.Text.Json.Nodes;
using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Worker;
using EcoValue.Data;
using EcoValue.Data.Anchoring;
using EcoValue.Data.Migrations;
using EcoValue.Data.Records;
using EcoValue.Domain.Records;
using EcoValue.Ethereum.Rpc;
using EcoValue.Ethereum.Signing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Anchoring.Tests;

/// <summary>A clock the test moves by hand (no sleeping to make a transaction "stuck").</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>
/// A real SQLite file, a fresh AnchorRegistry on a real anvil, a funded service key, and a factory for worker
/// instances over them: a "restart" is a new worker over the same file and chain, which is all a process has.
/// </summary>
internal sealed class AnchoringHarness : IAsyncDisposable
{
    private readonly string _dir;

    private AnchoringHarness(string dir, SqliteDatabase db, EthClient eth, ChainAccount account, AnchorRegistryClient registry)
    {
        _dir = dir;
        Database = db;
        Eth = eth;
        Account = account;
        Registry = registry;
    }

    public SqliteDatabase Database { get; }

    public EthClient Eth { get; }

    public ChainAccount Account { get; }

    public AnchorRegistryClient Registry { get; }

    public ManualTimeProvider Clock { get; } = new();

    public AnchorBatchRepository Batches => new(Database);

    public RecordRepository Records => new(Database);

    public AnvilClient Anvil => new(Eth.Rpc);

    public static async Task<AnchoringHarness> StartAsync(Uri rpcUrl, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("ecovalue-anchoring-test-").FullName;
        var db = new SqliteDatabase(dir);
        await Migrator.MigrateAsync(db, SqliteSchema.Migrations, ct);
        var eth = new EthClient(new JsonRpcClient(new HttpClient(), new JsonRpcClientOptions { Endpoint = rpcUrl, MaxRetries = 1 }));
        var key = EthECKey.Generate();
        await new AnvilClient(eth.Rpc).SetBalanceAsync(key.Address, BigInteger.Pow(10, 21), ct);
        var account = new ChainAccount(eth, key, await eth.ChainIdAsync(ct));
        var deployment = await new ContractDeployer(account, new FeeEstimator(eth)).DeployAsync(ContractArtifact.Load("AnchorRegistry"), "address,address", [key.Address, key.Address], ct);
        return new AnchoringHarness(dir, db, eth, account, new AnchorRegistryClient(eth, deployment.Address));
    }

    public AnchoringWorker Worker(AnchoringOptions options, IAnchoringFaults? faults = null) =>
        new(Batches, Records, Account, Registry, new FeeEstimator(Eth), options, Clock, faults);

    /// <summary>Commits <paramref name="count"/> real record envelopes (the outbox's commit point).</summary>
    public async Task<IReadOnlyList<RecordEnvelope>> AppendRecordsAsync(int count, CancellationToken ct)
    {
        var envelopes = Enumerable.Range(0, count).Select(i => RecordEnvelope.Create("event", $"batch:{i % 7}", "user:farmer",
            DateTimeOffset.UtcNow, new JsonObject { ["type"] = "harvest", ["n"] = i, ["place"] = "白沙黎族自治县" })).ToList();
        await Records.AppendAsync([.. envelopes.Select(RecordRow.From)], ct);
        return envelopes;
    }

    /// <summary>Runs passes until no batch is open and nothing is pending, failing after <paramref name="maxPasses"/>.</summary>
    public async Task<List<AnchoringStep>> RunToCompletionAsync(AnchoringWorker worker, CancellationToken ct, int maxPasses = 200)
    {
        var steps = new List<AnchoringStep>();
        for (var i = 0; i < maxPasses; i++)
        {
            var step = await worker.RunOnceAsync(ct);
            steps.Add(step);
            if (step == AnchoringStep.Idle && (await Batches.PendingAsync(ct)).Count == 0 && await Batches.GetOpenBatchAsync(ct) is null)
            {
                return steps;
            }

            if (step is AnchoringStep.Mined or AnchoringStep.Waiting)
            {
                await Anvil.MineAsync(ct); // confirmations come from new blocks; the test chain mines on demand
            }

            if (step == AnchoringStep.Idle)
            {
                Clock.Advance(TimeSpan.FromSeconds(1)); // let a partial window come due
            }
        }

        throw new TimeoutException($"anchoring did not finish in {maxPasses} passes: {string.Join(", ", steps.TakeLast(20))}");
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }

        await Task.CompletedTask;
    }
}
