using System.ComponentModel.DataAnnotations;
using EcoValue.Data.Accounts;
using Microsoft.Extensions.Options;

namespace EcoValue.Api.Features.Auth;

/// <summary>Accounts and tokens, bound from "EcoValue:Auth" and validated at start (<see cref="AuthOptionsValidator"/>).</summary>
public sealed class AuthOptions
{
    public const string Section = "EcoValue:Auth";

    /// <summary>
    /// HS256 key for access tokens, base64, at least 32 bytes. Required outside Development and Testing, which
    /// otherwise create <c>{DataDirectory}/keys/jwt-signing.key</c> once (mode 0600).
    /// </summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "ecovalue";

    [Required]
    public string Audience { get; set; } = "ecovalue-api";

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>PBKDF2 cost of new hashes. Lower than 600,000 is refused outside the Testing environment.</summary>
    [Range(1, 10_000_000)]
    public int Pbkdf2Iterations { get; set; } = PasswordHasher.DefaultIterations;

    [Range(1, 100)]
    public int LockoutThreshold { get; set; } = LockoutPolicy.Default.Threshold;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = LockoutPolicy.Default.Duration;

    /// <summary>Sign-in and refresh requests per client IP per <see cref="LoginWindow"/>; more answer 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int LoginPermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long one process may reuse its answer to "is this token's user still enabled, with this stamp?". Changes
    /// made in this process evict at once; a change made elsewhere (the CLI, another instance) shows within this time.
    /// Zero asks the database on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan UserCheckCacheTime { get; set; } = TimeSpan.FromSeconds(5);

    public const int MinSigningKeyBytes = 32;

    /// <summary>The configured key's bytes, or null when none is set or it is not base64 of at least 32 bytes.</summary>
    internal byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        try
        {
            var bytes = Convert.FromBase64String(SigningKey.Trim());
            return bytes.Length >= MinSigningKeyBytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The rules that depend on the environment: production needs its key and the full password cost.</summary>
public sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public const string TestingEnvironment = "Testing";

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var devOrTest = environment.IsDevelopment() || environment.IsEnvironment(TestingEnvironment);
        if (!string.IsNullOrWhiteSpace(options.SigningKey) && options.SigningKeyBytes() is null)
        {
            failures.Add($"{AuthOptions.Section}:SigningKey must be base64 of at least {AuthOptions.MinSigningKeyBytes} random bytes (e.g. openssl rand -base64 32)");
        }
        else if (string.IsNullOrWhiteSpace(options.SigningKey) && !devOrTest)
        {
            failures.Add($"{AuthOptions.Section}:SigningKey is required outside Development (base64 of at least {AuthOptions.MinSigningKeyBytes} random bytes, e.g. openssl rand -base64 32); the service does not make up production secrets");
        }

        if (options.Pbkdf2Iterations < PasswordHasher.DefaultIterations && !environment.IsEnvironment(TestingEnvironment))
        {
            failures.Add($"{AuthOptions.Section}:Pbkdf2Iterations below {PasswordHasher.DefaultIterations} is for tests only (environment Testing)");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
