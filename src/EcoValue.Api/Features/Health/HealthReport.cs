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

    /// <summary>The right chain, but no deployment of our contracts is recorded for it (run `ecovalue deploy`).</summary>
    NotDeployed,

    /// <summary>A recorded deployment is gone or changed: the chain was reset or is not the one we deployed to.</summary>
    Reset,
}

/// <summary>
/// The /healthz body. Field names are part of the public interface (DESIGN.md): keep them stable. <c>Leads</c> names the
/// single-leader roles this instance holds now ("anchoring", "relayer"; docs/deploy.md): with several instances on one
/// database exactly one of them leads each role; it does not affect the status.
/// </summary>
public sealed record HealthReport(DatabaseHealth Database, ChainHealth Chain, IReadOnlyList<string> Leads)
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
    string? Error,
    IReadOnlyList<ContractHealth> Contracts);

/// <summary>One of our contracts on this chain: where it is and whether it is still there.</summary>
public sealed record ContractHealth(string Name, string Address, ulong DeployBlock, ComponentStatus Status, string? Error);
