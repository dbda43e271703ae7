using System.ComponentModel.DataAnnotations;

namespace EcoValue.Api.Features.Verification;

/// <summary>How scans are answered (<c>EcoValue:Verification</c>; docs/verification.md).</summary>
public sealed class VerificationOptions
{
    public const string Section = "EcoValue:Verification";

    /// <summary>
    /// Seconds the batch-level part of an answer (everything but the item and its scans) is reused; 0 rebuilds it on
    /// every request. Recalls, withdrawals and issuances through this service drop it at once; other changes (a
    /// licence revoked, a correction) show within this many seconds.
    /// </summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 5;

    /// <summary>A JSON-RPC URL browsers may call to read anchored roots themselves (the consumer page's "check it yourself"); none by default.</summary>
    public Uri? PublicRpcUrl { get; set; }

    /// <summary>A block explorer's transaction URL with <c>{tx}</c> for the hash, e.g. <c>https://explorer.example/tx/{tx}</c>; none by default.</summary>
    public string? ExplorerTxUrl { get; set; }

    /// <summary>Leaves of serial trees kept in memory (≈ 100 bytes each): 2,000,000 covers two million items' proofs.</summary>
    [Range(10_000, 100_000_000)]
    public long MaxCachedSerialLeaves { get; set; } = 2_000_000;
}

/// <summary>The scan log (<c>EcoValue:Scans</c>): what is kept of each consumer scan, and how it is written.</summary>
public sealed class ScanOptions
{
    public const string Section = "EcoValue:Scans";

    /// <summary>
    /// Read a coarse location from the headers below. Only true behind a proxy that sets them itself and strips them
    /// from clients (anyone can send a header). Unset: true in the dev profile and tests, false otherwise.
    /// </summary>
    public bool? TrustLocationHeaders { get; set; }

    [Required]
    public string LatitudeHeader { get; set; } = "X-Geo-Latitude";

    [Required]
    public string LongitudeHeader { get; set; } = "X-Geo-Longitude";

    [Required]
    public string PlaceHeader { get; set; } = "X-Geo-Place";

    /// <summary>
    /// Newest scans of an item the clone rules read (with those still in the buffer and the current one). Each code's
    /// scan_totals row keeps this many (migration 12); after raising it, rows fill up as their codes are scanned again.
    /// </summary>
    [Range(10, 10_000)]
    public int HistoryLimit { get; set; } = 200;

    /// <summary>
    /// The buffered writer writes at least this often… Every write makes each pooled SQLite reader drop its page cache,
    /// so fewer, larger writes keep scan answers reading from memory (docs/benchmarks.md, scan); this service's own
    /// answers see buffered scans at once, another instance's after at most this long.
    /// </summary>
    [Range(10, 60_000)]
    public int FlushMilliseconds { get; set; } = 500;

    /// <summary>…or as soon as this many scans wait, in one write (≈10 ms of the write queue at 2,000).</summary>
    [Range(1, 10_000)]
    public int FlushCount { get; set; } = 2_000;

    /// <summary>
    /// SQLite: logged scans are counted in their codes' totals (scan_totals) at least this often… Each code's row is a
    /// random page, rewritten once per count for all its scans since the last, so rarer counts write far less
    /// (docs/verification.md, "Scan log"). Until counted, this service's answers see them as pending (in memory); a
    /// crash loses nothing, the next start counts them from the log. PostgreSQL counts each scan as it logs it.
    /// </summary>
    [Range(100, 600_000)]
    public int TotalsMilliseconds { get; set; } = 10_000;

    /// <summary>…or as soon as this many logged scans wait to be counted (each held in memory until then).</summary>
    [Range(1, 10_000_000)]
    public int TotalsCount { get; set; } = 100_000;

    /// <summary>Scans the buffer holds before new ones are dropped (and counted in the log) rather than slow the answers down.</summary>
    [Range(100, 1_000_000)]
    public int BufferCapacity { get; set; } = 20_000;
}

/// <summary>Rate limits of the public endpoints (<c>EcoValue:RateLimits</c>): resolver, verify, licence verify.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "EcoValue:RateLimits";

    /// <summary>Requests per minute per client address, sustained; 0 turns the limit off (the benchmark does).</summary>
    [Range(0, 10_000_000)]
    public int PublicPerMinute { get; set; } = 120;

    /// <summary>Requests a client may make at once before the per-minute rate applies (a shop assistant scanning a shelf).</summary>
    [Range(1, 10_000_000)]
    public int PublicBurst { get; set; } = 60;
}
