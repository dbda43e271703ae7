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

    /// <summary>Which database holds the records (docs/deploy.md); the embedded SQLite file unless configured.</summary>
    [Required]
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// Scheme, host and optional path prefix that item links (GS1 Digital Link URIs on labels) are issued under, e.g.
    /// <c>https://trace.example.cn</c>. Optional in the dev profile and tests (the service's own URL is used); production
    /// refuses to issue item codes without it, since a label cannot be reprinted.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }
}

/// <summary>
/// The database backend: <c>sqlite</c> (default: one file in the data folder, one instance) or <c>postgres</c> (one
/// PostgreSQL database shared by several instances, issue 9). The connection string is a secret when it carries a
/// password: give it by environment (<c>EcoValue__Database__ConnectionString</c>) or a secrets file, never in the repo.
/// </summary>
public sealed class DatabaseOptions
{
    public const string Sqlite = Data.SqliteDatabase.ProviderName;
    public const string Postgres = Data.PostgresDatabase.ProviderName;

    [RegularExpression("^(sqlite|postgres)$", ErrorMessage = "EcoValue:Database:Provider must be sqlite or postgres")]
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql connection string, required for <c>postgres</c> (Host, Port, Username, Password, Database).</summary>
    public string? ConnectionString { get; set; }
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
