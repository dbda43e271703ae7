using System.Globalization;
using EcoValue.Anchoring.Worker;
using EcoValue.Data.Anchoring;
using EcoValue.Ethereum.Rpc;
using EcoValue.Testing;

namespace EcoValue.Anchoring.Tests;

/// <summary>
/// The node goes away for a minute (ECOVALUE_TEST_NODE_DOWNTIME_SECONDS, default 60) with an anchoring transaction
/// in its pool, and comes back from its state file without that pool. Nothing is lost, nothing is anchored twice.
/// </summary>
public sealed class AnchoringNodeDownTests : IAsyncLifetime
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("ecovalue-anvil-state-").FullName;
    private AnvilNode _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TimeSpan Downtime => TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("ECOVALUE_TEST_NODE_DOWNTIME_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 60);

    public async ValueTask InitializeAsync()
    {
        _node = new AnvilNode().WithArgs("--state", Path.Combine(_stateDir, "state.json"));
        await _node.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }

    [Fact]
    public async Task NodeStoppedWithTransactionInPool_thenRestartedFromState_everyRecordAnchoredOnce()
    {
        await using var h = await AnchoringHarness.StartAsync(_node.RpcUrl, Ct);
        await h.AppendRecordsAsync(9, Ct);
        var options = new AnchoringOptions { WindowRecords = 100, WindowTime = TimeSpan.FromSeconds(5), Confirmations = 2 };
        var worker = h.Worker(options);
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        await h.Anvil.SetAutomineAsync(false, Ct);
        Assert.Equal(AnchoringStep.BatchBuilt, await worker.RunOnceAsync(Ct));
        Assert.Equal(AnchoringStep.Sent, await worker.RunOnceAsync(Ct));

        await _node.StopAsync();
        var until = DateTime.UtcNow + Downtime;
        var failures = 0;
        while (DateTime.UtcNow < until)
        {
            // Every pass fails on the transport and changes nothing; the hosted loop backs off between passes.
            await Assert.ThrowsAsync<RpcTransportException>(() => worker.RunOnceAsync(Ct));
            failures++;
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(5, Downtime.TotalSeconds)), Ct);
        }

        var open = (await h.Batches.GetOpenBatchAsync(Ct))!;
        Assert.Equal(BatchStatus.Sent, open.Status);
        Assert.True(failures >= 1);

        await _node.RestartAsync(); // state reloaded (contract, balances), pool empty, mining automatic again
        Assert.True((await h.Eth.GetCodeAsync(h.Registry.Contract, ct: Ct)).Length > 0, "the contract survived the restart");
        await h.RunToCompletionAsync(worker, Ct);
        await AnchoringWorkerTests.AssertEveryRecordAnchoredExactlyOnceAsync(h, 9, 1, transactionsPerBatch: 1);
    }
}
