using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Anchoring.Worker;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Chain;
using EcoValue.Api.Infrastructure;
using EcoValue.Data;
using EcoValue.Data.Anchoring;
using EcoValue.Data.Chain;
using EcoValue.Data.Records;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Anchoring;

/// <summary>
/// Runs <see cref="AnchoringWorker.RunOnceAsync"/> in a loop (the work itself is a plain method tests call directly).
/// It starts anchoring only on the configured chain with our recorded contracts intact, backs off while the node is
/// unreachable, and re-checks the chain after every failure, so a reset dev chain pauses anchoring instead of
/// sending to a contract that is not ours. Several instances may share one database: only the one leading the
/// "anchoring" role (<see cref="Leadership"/>) runs the worker, and it checks it still leads before every pass.
/// </summary>
public sealed partial class AnchoringHostedService(
    EthClient eth,
    AnchorBatchRepository batches,
    RecordRepository records,
    ChainDeploymentRepository deployments,
    Database database,
    InstanceRoles roles,
    IOptions<AnchoringOptions> anchoring,
    IOptions<EcoValueOptions> service,
    IHostEnvironment environment,
    ILogger<AnchoringHostedService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = anchoring.Value;
        if (!options.Enabled)
        {
            return;
        }

        AnchoringWorker? worker = null;
        var backoff = TimeSpan.FromSeconds(1);
        await using var leadership = new Leadership(database, "anchoring", roles, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leadership.HoldAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Another instance anchors. When this one takes over, it starts from the database's state.
                    worker = null;
                    await Task.Delay(Leadership.StandbyInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                worker ??= await CreateWorkerAsync(stoppingToken).ConfigureAwait(false);
                if (worker is null)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var step = await worker.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromSeconds(1);
                if (step is AnchoringStep.Anchored or AnchoringStep.Reorged)
                {
                    LogStep(logger, step);
                }

                if (step is AnchoringStep.Idle or AnchoringStep.Waiting or AnchoringStep.Mined)
                {
                    await Task.Delay(options.PollInterval, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Transport errors, node refusals, a database hiccup: nothing is lost (the state is in the database
                // and on chain); wait, re-check the chain, and try again.
                LogPassFailed(logger, e, backoff.TotalSeconds);
                worker = null;
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task<AnchoringWorker?> CreateWorkerAsync(CancellationToken ct)
    {
        var config = service.Value;
        var (chainId, row, problem) = await OurDeployment.FindAsync(eth, deployments, config.Chain.ExpectedChainId, "AnchorRegistry", ct).ConfigureAwait(false);
        if (row is null)
        {
            LogNotReady(logger, problem!);
            return null;
        }

        var keyFile = anchoring.Value.KeyFile ?? Path.Combine(config.DataDirectory, "keys", "service.key");
        var key = environment.IsDevelopment() ? ServiceKeyFile.LoadOrCreate(keyFile) : ServiceKeyFile.Load(keyFile);
        LogReady(logger, key.Address, row.Address, chainId);
        var account = new ChainAccount(eth, key, chainId);
        return new AnchoringWorker(batches, records, account, new AnchorRegistryClient(eth, Address.Parse(row.Address)),
            new FeeEstimator(eth), anchoring.Value, TimeProvider.System);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchoring step: {Step}")]
    private static partial void LogStep(ILogger logger, AnchoringStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring pass failed; retrying in {Seconds} s")]
    private static partial void LogPassFailed(ILogger logger, Exception e, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring paused: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchoring from {Account} to AnchorRegistry {Contract} on chain {ChainId}")]
    private static partial void LogReady(ILogger logger, Address account, string contract, ulong chainId);
}
