namespace EcoValue.Data.RateLimits;

/// <summary>
/// Per-client rate limits that every service instance on one PostgreSQL database shares (issue 9,
/// docs/auth.md "Rate limits across instances"): one row per limited key in <c>rate_limits</c>, changed by one atomic
/// upsert per request, timed by the database server's clock (so the instances' clocks do not matter). Each call is an
/// autocommit statement on a pooled connection, never a <see cref="Database.WriteAsync"/>: a limit check must not
/// queue behind every other write of the deployment, and the upsert's row lock is all the ordering it needs.
/// PostgreSQL only: the embedded SQLite backend is one process, whose in-memory limiters are already exact.
/// </summary>
public sealed class SharedRateLimitStore
{
    private readonly Database _database;

    public SharedRateLimitStore(Database database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Provider != PostgresDatabase.ProviderName)
        {
            throw new ArgumentException("shared rate limits live in a PostgreSQL database; SQLite keeps them in memory", nameof(database));
        }

        _database = database;
    }

    // Times are seconds since the Unix epoch as the server's statement_timestamp() reads them (a double keeps
    // microseconds at today's epoch). `expires` is when the row means nothing any more (a bucket full again, a window
    // over): a row past it acts exactly as no row, so the sweep may delete it at any time.
    private const string Now = "SELECT EXTRACT(EPOCH FROM statement_timestamp())::double precision AS t";

    // Token bucket: amount = tokens left at `at`; refills continuously at @rate tokens per second up to @burst. Taken
    // only when at least one whole token is there; a refused request changes nothing. The second column reads the row
    // as the statement found it (a data-modifying CTE's change is invisible to the rest of its statement): when the
    // request was refused, how long until a token is there.
    private const string TakeTokenSql = $"""
        WITH now AS ({Now}),
        taken AS (
            INSERT INTO rate_limits AS b (key, amount, at, expires)
            SELECT @key, @burst - 1, t, t + 1 / @rate FROM now
            ON CONFLICT (key) DO UPDATE
                SET amount = LEAST(@burst, b.amount + (excluded.at - b.at) * @rate) - 1,
                    at = excluded.at,
                    expires = excluded.at + (@burst - LEAST(@burst, b.amount + (excluded.at - b.at) * @rate) + 1) / @rate
                WHERE LEAST(@burst, b.amount + (excluded.at - b.at) * @rate) >= 1
            RETURNING 1)
        SELECT EXISTS (SELECT FROM taken),
            (SELECT (1 - LEAST(@burst, r.amount + (now.t - r.at) * @rate)) / @rate FROM rate_limits r, now WHERE r.key = @key)
        """;

    // Fixed window: amount = requests counted in the window that began at `at` and ends at `expires`. The first
    // request after the end opens a new window. Refused requests are not counted (nor were they in memory).
    private const string CountInWindowSql = $"""
        WITH now AS ({Now}),
        counted AS (
            INSERT INTO rate_limits AS w (key, amount, at, expires)
            SELECT @key, 1, t, t + @window FROM now
            ON CONFLICT (key) DO UPDATE
                SET amount = CASE WHEN w.expires <= excluded.at THEN 1 ELSE w.amount + 1 END,
                    at = CASE WHEN w.expires <= excluded.at THEN excluded.at ELSE w.at END,
                    expires = CASE WHEN w.expires <= excluded.at THEN excluded.expires ELSE w.expires END
                WHERE w.expires <= excluded.at OR w.amount < @limit
            RETURNING 1)
        SELECT EXISTS (SELECT FROM counted),
            (SELECT r.expires - now.t FROM rate_limits r, now WHERE r.key = @key)
        """;

    /// <summary>
    /// Takes one token from <paramref name="key"/>'s bucket (<paramref name="burst"/> tokens when full, refilled at
    /// <paramref name="tokensPerSecond"/>). Refused: how long until the next token, when known.
    /// </summary>
    public Task<(bool Granted, TimeSpan? RetryAfter)> TakeTokenAsync(string key, int burst, double tokensPerSecond, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokensPerSecond);
        return RunAsync(TakeTokenSql, key, ("burst", (double)burst), ("rate", tokensPerSecond), ct);
    }

    /// <summary>
    /// Counts one request in <paramref name="key"/>'s current window of <paramref name="window"/> if fewer than
    /// <paramref name="limit"/> were counted in it. Refused: how long until the window ends, when known.
    /// </summary>
    public Task<(bool Granted, TimeSpan? RetryAfter)> CountInWindowAsync(string key, int limit, TimeSpan window, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        return RunAsync(CountInWindowSql, key, ("limit", (double)limit), ("window", window.TotalSeconds), ct);
    }

    /// <summary>Deletes the rows past their expiry (each acts as no row): keys of clients gone quiet do not pile up. Returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        await using var c = await _database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = c.CreateCommand();
        command.CommandText = "DELETE FROM rate_limits WHERE expires < EXTRACT(EPOCH FROM statement_timestamp())";
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<(bool Granted, TimeSpan? RetryAfter)> RunAsync(string sql, string key, (string Name, double Value) a, (string Name, double Value) b, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var c = await _database.OpenAsync(ct).ConfigureAwait(false);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("key", key);
        command.AddParameter(a.Name, a.Value);
        command.AddParameter(b.Name, b.Value);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            throw new InvalidOperationException("the rate-limit statement returned no row");
        }

        var granted = reader.GetBoolean(0);
        TimeSpan? retryAfter = granted || reader.IsDBNull(1) ? null : TimeSpan.FromSeconds(Math.Max(0, reader.GetDouble(1)));
        return (granted, retryAfter);
    }
}
