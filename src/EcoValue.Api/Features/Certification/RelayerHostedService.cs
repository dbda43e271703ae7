using EcoValue.Anchoring.Chain;
using EcoValue.Anchoring.Contracts;
using EcoValue.Anchoring.Keys;
using EcoValue.Api.Configuration;
using EcoValue.Api.Features.Chain;
using EcoValue.Api.Infrastructure;
using EcoValue.Data;
using EcoValue.Data.Certification;
using EcoValue.Data.Chain;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Rpc;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// Wakes the relayer: a decision that queued a chain operation calls <see cref="Wake"/> after its commit, so the
/// operation is on its way within milliseconds instead of at the next poll.
/// </summary>
public sealed class RelayerSignal
{
    private TaskCompletionSource _woken = NewSource();

    public void Wake() => Volatile.Read(ref _woken).TrySetResult();

    /// <summary>Returns when woken (also by a wake that came since the last wait) or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var current = Volatile.Read(ref _woken);
        try
        {
            await current.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        // Consume the wake: the next wait blocks until the next one.
        Interlocked.CompareExchange(ref _woken, NewSource(), current);
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Runs <see cref="LicenceRelayer.RunOnceAsync"/> in a loop while there is work. It sets the relayer up only when an
/// operation is waiting (a host without licence work needs no relayer key), and only on the configured chain with
/// our recorded LicenceRegistry intact, as the anchoring worker does; it backs off while the node is unreachable.
/// The relayer key is <c>&lt;data&gt;/keys/relayer.key</c> (<c>EcoValue:Licences:RelayerKeyFile</c>): created in the
/// dev profile, required in production; <c>ecovalue deploy</c> funds it and grants it OPERATOR_ROLE. Of several
/// instances sharing a database only the one leading the "relayer" role relays (<see cref="Leadership"/>).
/// </summary>
public sealed partial class RelayerHostedService(
    EthClient eth,
    CertificationRepository repo,
    ChainDeploymentRepository deployments,
    Database database,
    InstanceRoles roles,
    RelayerSignal signal,
    IOptions<CertificationOptions> options,
    IOptions<LicenceKeyOptions> keys,
    IOptions<EcoValueOptions> service,
    IHostEnvironment environment,
    ILogger<RelayerHostedService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RelayerEnabled)
        {
            return;
        }

        LicenceRelayer? relayer = null;
        var backoff = TimeSpan.FromMilliseconds(500);
        await using var leadership = new Leadership(database, "relayer", roles, logger);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leadership.HoldAsync(stoppingToken).ConfigureAwait(false))
                {
                    // Another instance relays (a decision taken here reaches it at its next poll).
                    relayer = null;
                    await Task.Delay(Leadership.StandbyInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                if (await repo.NextOpenOperationAsync(stoppingToken).ConfigureAwait(false) is null)
                {
                    await signal.WaitAsync(settings.RelayerPollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                relayer ??= await CreateAsync(stoppingToken).ConfigureAwait(false);
                if (relayer is null)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var step = await relayer.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromMilliseconds(500);
                if (step is RelayStep.Confirmed or RelayStep.Failed)
                {
                    LogStep(logger, step);
                }

                if (step is RelayStep.Waiting)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The node is down or refused the call, the receipt did not come in time, the database is busy: the
                // operation keeps its state (pending, or sent with its hash); wait, re-check the chain, try again.
                LogPassFailed(logger, e, backoff.TotalSeconds);
                relayer = null;
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private async Task<LicenceRelayer?> CreateAsync(CancellationToken ct)
    {
        var config = service.Value;
        var (chainId, row, problem) = await OurDeployment.FindAsync(eth, deployments, config.Chain.ExpectedChainId, LicenceRegistryClient.ContractName, ct).ConfigureAwait(false);
        if (row is null)
        {
            LogNotReady(logger, problem!);
            return null;
        }

        var keyFile = keys.Value.RelayerKeyFile ?? RelayerKeyFile.DefaultPath(config.DataDirectory);
        var key = environment.IsDevelopment() ? RelayerKeyFile.LoadOrCreate(keyFile) : RelayerKeyFile.Load(keyFile);
        var sender = new TransactionSender(new ChainAccount(eth, key, chainId), new FeeEstimator(eth), options.Value.ReceiptTimeout);
        var contract = Address.Parse(row.Address);
        LogReady(logger, key.Address, contract, chainId);
        return new LicenceRelayer(repo, eth, new LicenceRegistryClient(eth, contract, sender));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Relayer step: {Step}")]
    private static partial void LogStep(ILogger logger, RelayStep step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayer pass failed; retrying in {Seconds} s")]
    private static partial void LogPassFailed(ILogger logger, Exception e, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Relayer paused: {Reason}")]
    private static partial void LogNotReady(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Relaying from {Account} to LicenceRegistry {Contract} on chain {ChainId}")]
    private static partial void LogReady(ILogger logger, Address account, Address contract, ulong chainId);
}
