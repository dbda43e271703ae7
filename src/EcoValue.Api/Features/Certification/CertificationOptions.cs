using System.ComponentModel.DataAnnotations;
using EcoValue.Anchoring.Keys;
using EcoValue.Api.Features.Auth;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Certification;

/// <summary>The certification workflow's settings, bound from "EcoValue:Certification" and validated at start.</summary>
public sealed class CertificationOptions
{
    public const string Section = "EcoValue:Certification";

    /// <summary>The folder of brand standards (certification-rules/). Required in production; Development and
    /// Testing find the repository's folder from the content root when it is not set. Relative to the content root.</summary>
    public string? RulesPath { get; set; }

    /// <summary>How long a certifier's EIP-712 signature may be relayed (the message's deadline); the relayer sends within seconds unless the chain is down.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SignatureLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The certification body named as the licence's issuer (with the certifier's user name).</summary>
    [Required]
    [StringLength(150, MinimumLength = 1)]
    public string IssuerName { get; set; } = "EcoValue 认证机构 EcoValue certification body";

    /// <summary>Whether the relayer sends queued chain operations (off: they wait, e.g. on a read-only replica).</summary>
    public bool RelayerEnabled { get; set; } = true;

    /// <summary>How often the relayer looks for work when nobody wakes it (decisions wake it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan RelayerPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the relayer waits for one transaction's receipt before it settles it later from the chain.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Production must name its standards folder and its master key (DESIGN.md: production refuses to start without its
/// secrets and never generates them); Development and Testing find the repository's folder and create a dev master key.
/// </summary>
public sealed class CertificationOptionsValidator(IHostEnvironment environment) : IValidateOptions<CertificationOptions>, IValidateOptions<LicenceKeyOptions>
{
    public const string LicencesSection = "EcoValue:Licences";

    private bool DevOrTest => environment.IsDevelopment() || environment.IsEnvironment(AuthOptionsValidator.TestingEnvironment);

    public ValidateOptionsResult Validate(string? name, CertificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.RulesPath) && !DevOrTest
            ? ValidateOptionsResult.Fail($"{CertificationOptions.Section}:RulesPath is required outside Development: the folder of brand standards (certification-rules/)")
            : ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, LicenceKeyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = !string.IsNullOrWhiteSpace(options.MasterKey);
        var file = !string.IsNullOrWhiteSpace(options.MasterKeyFile);
        if (value && file)
        {
            return ValidateOptionsResult.Fail($"set one of {LicencesSection}:MasterKey and {LicencesSection}:MasterKeyFile, not both");
        }

        return !value && !file && !DevOrTest
            ? ValidateOptionsResult.Fail($"{LicencesSection}:MasterKey (base64 of 32 random bytes, e.g. openssl rand -base64 32) or {LicencesSection}:MasterKeyFile is required outside Development: it encrypts certifiers' signing keys, and the service does not make up production secrets")
            : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// The standards folder: the configured path (relative to the content root), or in Development and Testing the
    /// first <c>certification-rules</c> folder holding <c>standard.schema.json</c> above the content root or the
    /// application's own folder (the repository's, for <c>scripts/run</c> and the tests).
    /// </summary>
    public static string ResolveRulesPath(CertificationOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrWhiteSpace(options.RulesPath))
        {
            return Path.GetFullPath(options.RulesPath, environment.ContentRootPath);
        }

        foreach (var start in new[] { environment.ContentRootPath, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "certification-rules");
                if (File.Exists(Path.Combine(candidate, "standard.schema.json")))
                {
                    return candidate;
                }
            }
        }

        throw new InvalidOperationException($"no certification-rules folder found above {environment.ContentRootPath}; set {CertificationOptions.Section}:RulesPath");
    }
}
