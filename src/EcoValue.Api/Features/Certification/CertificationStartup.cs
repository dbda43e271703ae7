using EcoValue.Anchoring.Keys;
using EcoValue.Api.Configuration;
using EcoValue.Certification;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Certification;

/// <summary>
/// The standards and the certifier key vault, made once at start: the catalog of <c>certification-rules/</c> (a bad
/// standard file stops the start with its located errors, <c>file:line:column: field: message</c>) and the vault
/// over the master key (production must configure it; the dev profile creates <c>&lt;data&gt;/keys/master.key</c>).
/// </summary>
public sealed class CertificationResources(IOptions<CertificationOptions> options, IOptions<LicenceKeyOptions> keys, IOptions<EcoValueOptions> service, IHostEnvironment environment)
{
    private readonly Lazy<(StandardCatalog Catalog, string Folder)> _catalog = new(() =>
    {
        var folder = CertificationOptionsValidator.ResolveRulesPath(options.Value, environment);
        return (StandardCatalog.LoadFolder(folder), folder);
    });

    // Testing behaves as Development here (a key file under the test's data folder); production never creates one.
    private readonly Lazy<(CertifierKeyVault Vault, MasterKey Key)> _vault = new(() =>
    {
        var key = MasterKey.Resolve(keys.Value, service.Value.DataDirectory, development: environment.IsDevelopment() || environment.IsEnvironment(Auth.AuthOptionsValidator.TestingEnvironment));
        return (new CertifierKeyVault(key), key);
    });

    public StandardCatalog Catalog => _catalog.Value.Catalog;

    /// <summary>The folder the standards were loaded from.</summary>
    public string RulesFolder => _catalog.Value.Folder;

    public CertifierKeyVault Vault => _vault.Value.Vault;

    /// <summary>A key for <paramref name="purpose"/> derived from the master key (HKDF), e.g. the scan log's address hashing key.</summary>
    public byte[] DeriveKey(string purpose) => _vault.Value.Key.Derive(purpose);

    /// <summary>The master key's id (a fingerprint, never key material), for the start log.</summary>
    public string MasterKeyId => Convert.ToHexStringLower(_vault.Value.Key.KeyId);
}

/// <summary>Loads the standards and opens the master key before the server accepts requests, so either failing stops the start.</summary>
public sealed partial class CertificationStartup(CertificationResources resources, ILogger<CertificationStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var catalog = resources.Catalog;
        _ = resources.Vault;
        if (logger.IsEnabled(LogLevel.Information))
        {
            var standards = string.Join(", ", catalog.All.Select(s => $"{s.Id} {s.Version}"));
            LogLoaded(logger, catalog.All.Count, resources.RulesFolder, standards, resources.MasterKeyId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} brand standard(s) from {Folder}: {Standards}; certifier keys under master key {MasterKeyId}")]
    private static partial void LogLoaded(ILogger logger, int count, string folder, string standards, string masterKeyId);
}
