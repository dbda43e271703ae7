using System.ComponentModel.DataAnnotations;

namespace EcoValue.Api.Configuration;

/// <summary>Top-level settings, bound from the "EcoValue" section and validated at start.</summary>
public sealed class EcoValueOptions
{
    public const string Section = "EcoValue";

    /// <summary>Folder for the SQLite file, chain state and keys; ECOVALUE_DATA overrides, default ./data.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    [Required]
    public ChainOptions Chain { get; set; } = new();
}

/// <summary>The EVM node the service anchors to.</summary>
public sealed class ChainOptions
{
    [Required]
    public Uri RpcUrl { get; set; } = new("http://127.0.0.1:8545");

    /// <summary>The chain id the node must report; a different one is a foreign or misconfigured chain.</summary>
    [Range(1, long.MaxValue)]
    public long ExpectedChainId { get; set; } = 31337;

    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 5;
}
