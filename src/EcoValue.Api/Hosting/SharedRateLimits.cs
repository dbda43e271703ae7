using System.Diagnostics;
using System.Threading.RateLimiting;
using EcoValue.Api.Infrastructure;
using EcoValue.Data;
using EcoValue.Data.RateLimits;

namespace EcoValue.Api.Hosting;

/// <summary>
/// The partitions of the per-client rate limits (sign-in, public endpoints), wherever their counts live
/// (docs/auth.md "Rate limits across instances"). On SQLite the service is one process: the framework's in-memory
/// limiters, exactly as before. On PostgreSQL several instances sit behind one load balancer and each would count
/// alone, letting a client N times the limit; there every partition asks <see cref="SharedRateLimitStore"/>, one atomic
/// statement on the shared database per request, so the limit holds for the deployment as a whole.
/// </summary>
public sealed partial class SharedRateLimits
{
    /// <summary>How often one instance deletes expired rows (each expired row acts as no row, so this only bounds the table).</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    // A database outage must not become a warning per request.
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(30);

    private readonly SharedRateLimitStore? _store;
    private readonly ILogger<SharedRateLimits> _logger;
    private long _nextSweep;
    private long _nextWarning;

    public SharedRateLimits(Database database, ILogger<SharedRateLimits> logger)
    {
        ArgumentNullException.ThrowIfNull(database);
        _store = database.Provider == PostgresDatabase.ProviderName ? new SharedRateLimitStore(database) : null;
        _logger = logger;
    }

    /// <summary>Whether the limits are shared through the database (PostgreSQL) rather than kept in this process.</summary>
    public bool IsShared => _store is not null;

    /// <summary>
    /// A fixed window of <paramref name="limit"/> requests per <paramref name="window"/> for <paramref name="client"/>
    /// under <paramref name="policy"/>. When the shared store cannot be asked, <paramref name="failOpen"/> lets the
    /// request through (logged); otherwise the request is refused with 503.
    /// </summary>
    public RateLimitPartition<string> FixedWindow(string policy, string client, int limit, TimeSpan window, bool failOpen)
    {
        if (_store is not { } store)
        {
            return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        var key = policy + "|" + client;
        return RateLimitPartition.Get(client, _ => new DatabaseLimiter(this, policy, failOpen, ct => store.CountInWindowAsync(key, limit, window, ct)));
    }

    /// <summary>
    /// A token bucket for <paramref name="client"/> under <paramref name="policy"/>: <paramref name="options"/> as the
    /// in-memory limiter takes them (queue 0). Shared, it refills continuously at the same average rate
    /// (TokensPerPeriod per ReplenishmentPeriod) rather than in steps.
    /// </summary>
    public RateLimitPartition<string> TokenBucket(string policy, string client, TokenBucketRateLimiterOptions options, bool failOpen)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (_store is not { } store)
        {
            return RateLimitPartition.GetTokenBucketLimiter(client, _ => options);
        }

        var key = policy + "|" + client;
        var (burst, rate) = (options.TokenLimit, options.TokensPerPeriod / options.ReplenishmentPeriod.TotalSeconds);
        return RateLimitPartition.Get(client, _ => new DatabaseLimiter(this, policy, failOpen, ct => store.TakeTokenAsync(key, burst, rate, ct)));
    }

    private void AfterCheck()
    {
        var now = Stopwatch.GetTimestamp();
        var next = Interlocked.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + (long)(SweepInterval.TotalSeconds * Stopwatch.Frequency), next) != next)
        {
            return;
        }

        // In the background: the request that happens to be the minute's first does not wait for it.
        _ = Task.Run(async () =>
        {
            try
            {
                await _store!.SweepAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
            {
                // Only the table's size depends on it; the next minute tries again.
                LogSweepFailed(_logger, e);
            }
        });
    }

    private void StoreFailed(string policy, bool failOpen, Exception e)
    {
        var now = Stopwatch.GetTimestamp();
        var next = Interlocked.Read(ref _nextWarning);
        if (now >= next && Interlocked.CompareExchange(ref _nextWarning, now + (long)(WarningInterval.TotalSeconds * Stopwatch.Frequency), next) == next)
        {
            LogStoreFailed(_logger, e, policy, failOpen ? "let through" : "refused");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared rate limit {Policy}: the database could not be asked; requests are {Outcome} until it answers")]
    private static partial void LogStoreFailed(ILogger logger, Exception e, string policy, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared rate limits: deleting expired rows failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception e);

    /// <summary>
    /// One client's limiter under one policy. ASP.NET Core's middleware first calls <see cref="RateLimiter.AttemptAcquire(int)"/>
    /// and only when that refuses awaits <see cref="RateLimiter.AcquireAsync(int, CancellationToken)"/>; a synchronous
    /// database round trip has no place on the request thread, so the synchronous attempt always defers (refuses
    /// without metadata) and the asynchronous one asks the database.
    /// </summary>
    private sealed class DatabaseLimiter(SharedRateLimits owner, string policy, bool failOpen, Func<CancellationToken, Task<(bool Granted, TimeSpan? RetryAfter)>> check) : RateLimiter
    {
        private static readonly RateLimitLease Deferred = new Lease(false, null);
        private static readonly RateLimitLease Granted = new Lease(true, null);

        private long _lastUsed = Stopwatch.GetTimestamp();

        // The partitioned limiter drops (and disposes) a partition idle for a while, so clients gone quiet cost no memory.
        public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => Deferred;

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(permitCount, 1);
            Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
            (bool Granted, TimeSpan? RetryAfter) answer;
            try
            {
                answer = await check(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                owner.StoreFailed(policy, failOpen, e);
                return failOpen
                    ? Granted
                    : throw new ProblemException(StatusCodes.Status503ServiceUnavailable, "rate-limit-unavailable",
                        "The service cannot check the request rate right now", "服务暂时无法检查请求频率",
                        "Try again in a moment.", "请稍后再试。");
            }

            owner.AfterCheck();
            return answer.Granted ? Granted : new Lease(false, answer.RetryAfter);
        }
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
