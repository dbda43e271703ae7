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

    /// <summary>
    /// Scheme, host and optional path prefix that item links (GS1 Digital Link URIs on labels) are issued under, e.g.
    /// <c>https://trace.example.cn</c>. Optional in the dev profile and tests (the service's own URL is used); production
    /// refuses to issue item codes without it, since a label cannot be reprinted.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
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
