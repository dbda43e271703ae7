using System.Text.Json.Serialization;

namespace EcoValue.Api.Features.Health;

[JsonConverter(typeof(JsonStringEnumConverter<HealthStatus>))]
public enum HealthStatus
{
    Healthy,
    Degraded,
}

[JsonConverter(typeof(JsonStringEnumConverter<ComponentStatus>))]
public enum ComponentStatus
{
    /// <summary>Answering as expected.</summary>
    Ok,

    /// <summary>Not answering (down, timed out, unreadable).</summary>
    Unavailable,

    /// <summary>Answering, but it is not the chain we are configured for (wrong chain id).</summary>
    ForeignChain,
}

/// <summary>The /healthz body. Field names are part of the public interface (DESIGN.md): keep them stable.</summary>
public sealed record HealthReport(DatabaseHealth Database, ChainHealth Chain)
{
    public HealthStatus Status => Database.Status == ComponentStatus.Ok && Chain.Status == ComponentStatus.Ok
        ? HealthStatus.Healthy
        : HealthStatus.Degraded;
}

public sealed record DatabaseHealth(ComponentStatus Status, string Provider, string? Version, int? SchemaVersion, long LatencyMs, string? Error);

public sealed record ChainHealth(
    ComponentStatus Status,
    long ExpectedChainId,
    long? ChainId,
    ulong? LatestBlock,
    long LatencyMs,
    string? Error);
