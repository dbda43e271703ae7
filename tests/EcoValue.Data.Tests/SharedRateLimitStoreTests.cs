using Dapper;
using EcoValue.Data.RateLimits;
using EcoValue.Testing;
using Microsoft.Data.Sqlite;

namespace EcoValue.Data.Tests;

/// <summary>
/// <see cref="SharedRateLimitStore"/> on a real PostgreSQL database: a fixed window counts to its limit and opens a new
/// window when it ends; a token bucket refills at its rate up to its burst; refusals say how long to wait; the sweep
/// deletes only expired rows. (The API tests show two instances sharing it.)
/// </summary>
[Trait("Backend", "postgres")] // runs in scripts/test's PostgreSQL pass
public sealed class SharedRateLimitStoreTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecovalue-data-test-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await TestDatabases.DropAsync(_dir);
        Directory.Delete(_dir, recursive: true);
    }

    private SharedRateLimitStore Store()
    {
        TestDatabases.RequirePostgresBackend();
        return new SharedRateLimitStore(TestDatabases.ForDirectory(_dir));
    }

    [Fact]
    public async Task FixedWindow_countsToTheLimit_refusesWithTheTimeLeft_thenANewWindowOpens()
    {
        var store = Store();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((true, (TimeSpan?)null), await store.CountInWindowAsync("w|a", 3, TimeSpan.FromSeconds(1.5), Ct));
        }

        var (granted, retryAfter) = await store.CountInWindowAsync("w|a", 3, TimeSpan.FromSeconds(1.5), Ct);
        Assert.False(granted);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1.5));
        // Another key has its own window.
        Assert.True((await store.CountInWindowAsync("w|b", 3, TimeSpan.FromSeconds(1.5), Ct)).Granted);

        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(100), Ct);
        Assert.True((await store.CountInWindowAsync("w|a", 3, TimeSpan.FromSeconds(1.5), Ct)).Granted);
        Assert.True((await store.CountInWindowAsync("w|a", 3, TimeSpan.FromSeconds(1.5), Ct)).Granted);
    }

    [Fact]
    public async Task TokenBucket_startsFull_refillsAtItsRate_neverAboveTheBurst()
    {
        var store = Store();
        // 2 tokens, 4 per second: a token every 250 ms.
        Assert.True((await store.TakeTokenAsync("b|a", 2, 4, Ct)).Granted);
        Assert.True((await store.TakeTokenAsync("b|a", 2, 4, Ct)).Granted);
        var (granted, retryAfter) = await store.TakeTokenAsync("b|a", 2, 4, Ct);
        Assert.False(granted);
        Assert.InRange(retryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(250));

        await Task.Delay(retryAfter.Value + TimeSpan.FromMilliseconds(30), Ct);
        Assert.True((await store.TakeTokenAsync("b|a", 2, 4, Ct)).Granted);

        // A long pause fills the bucket to its burst, not beyond.
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct);
        var burst = 0;
        while ((await store.TakeTokenAsync("b|a", 2, 4, Ct)).Granted)
        {
            burst++;
        }

        Assert.Equal(2, burst);
    }

    [Fact]
    public async Task Sweep_deletesOnlyExpiredRows()
    {
        var store = Store();
        Assert.True((await store.CountInWindowAsync("w|short", 5, TimeSpan.FromMilliseconds(200), Ct)).Granted);
        Assert.True((await store.CountInWindowAsync("w|long", 5, TimeSpan.FromMinutes(10), Ct)).Granted);
        Assert.True((await store.TakeTokenAsync("b|full-soon", 1, 10, Ct)).Granted); // full again after 100 ms
        Assert.True((await store.TakeTokenAsync("b|full-late", 5, 0.01, Ct)).Granted); // after 100 s
        await Task.Delay(400, Ct);

        Assert.Equal(2, await store.SweepAsync(Ct));
        await using var c = await TestDatabases.ForDirectory(_dir).OpenAsync(Ct);
        Assert.Equal(["b|full-late", "w|long"], await c.QueryAsync<string>("SELECT key FROM rate_limits ORDER BY key"));
    }

    [Fact]
    public void OnSqlite_thereIsNoSharedStore()
    {
        var sqlite = new SqliteDatabase(_dir);
        Assert.Throws<ArgumentException>(() => new SharedRateLimitStore(sqlite));
    }
}
