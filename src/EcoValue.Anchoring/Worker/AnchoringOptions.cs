using System.ComponentModel.DataAnnotations;

namespace EcoValue.Anchoring.Worker;

/// <summary>Anchoring window and transaction policy (bound from "EcoValue:Anchoring").</summary>
public sealed class AnchoringOptions
{
    public const string Section = "EcoValue:Anchoring";

    /// <summary>Cut a window when this many records are pending (N).</summary>
    [Range(1, 1_000_000)]
    public int WindowRecords { get; set; } = 10_000;

    /// <summary>…or when the oldest pending record is this old (T), whichever comes first.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan WindowTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Records whose batch membership is written per transaction when a window is cut: small enough that request
    /// writes waiting behind it see only milliseconds of delay (docs/architecture.md, "Write path").
    /// </summary>
    [Range(1, 1_000_000)]
    public int BatchWriteChunk { get; set; } = 100;

    /// <summary>
    /// Pause after each chunk of <see cref="BatchWriteChunk"/> records while other writes are waiting. Writing a
    /// 10,000-record window costs ~60 ms of one core when idle and ~200 ms under load; done in one go on a 2-core host
    /// it starved the request path and doubled the p99 of single writes. Spread out (100 chunks, 2 ms apart) it adds
    /// ~0.2 s to the window's anchoring latency instead (docs/architecture.md, "Write path"). With nobody else
    /// writing there is no pause. Zero never pauses.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWritePause { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Blocks on top of (and including) the anchoring block before its records count as anchored.</summary>
    [Range(1, 1000)]
    public int Confirmations { get; set; } = 1;

    /// <summary>An unmined transaction older than this is replaced with higher fees (same nonce).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether this instance runs the worker at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between passes when there is nothing to do.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The service key file; default &lt;data&gt;/keys/service.key.</summary>
    public string? KeyFile { get; set; }
}
