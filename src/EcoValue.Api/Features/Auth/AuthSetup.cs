using System.Globalization;
using System.Threading.RateLimiting;
using EcoValue.Api.Configuration;
using EcoValue.Api.Hosting;
using EcoValue.Data.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace EcoValue.Api.Features.Auth;

/// <summary>
/// Accounts, authentication and authorization for the host, in one call: bearer JWT for the API, a cookie scheme for
/// the portal (chosen by path), role policies named after <see cref="Roles"/>, the sign-in rate limit, and
/// problem+json for 401, 403 and 429.
/// </summary>
public static class AuthSetup
{
    /// <summary>Rate-limiter policy of sign-in and refresh (per client IP); sign-up should use it too.</summary>
    public const string SignInRateLimit = "auth-sign-in";

    /// <summary>The default scheme: forwards to <see cref="PortalScheme"/> under /portal and to <see cref="BearerScheme"/> elsewhere.</summary>
    public const string DefaultScheme = "EcoValue";

    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    public const string PortalScheme = "EcoValue.Portal";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static IServiceCollection AddEcoValueAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>>(new AuthOptionsValidator(environment));

        services.AddSingleton<UserRepository>();
        services.AddSingleton<RefreshTokenRepository>();
        services.AddSingleton(sp => new PasswordHasher(sp.GetRequiredService<IOptions<AuthOptions>>().Value.Pbkdf2Iterations));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthOptions>>().Value;
            return new LockoutPolicy(o.LockoutThreshold, o.LockoutDuration);
        });
        services.AddSingleton(sp => new UserAccounts(
            sp.GetRequiredService<UserRepository>(), sp.GetRequiredService<RefreshTokenRepository>(), sp.GetRequiredService<PasswordHasher>(),
            sp.GetRequiredService<LockoutPolicy>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<IProducerDirectory>()));
        services.AddSingleton<JwtSigningKey>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<RefreshTokenService>();
        services.AddSingleton<ActiveUsers>();

        services.AddAuthentication(DefaultScheme)
            .AddPolicyScheme(DefaultScheme, "Bearer for the API, cookie for the portal", o =>
                o.ForwardDefaultSelector = http => http.Request.Path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase) ? PortalScheme : BearerScheme)
            .AddJwtBearer(BearerScheme, o =>
            {
                o.MapInboundClaims = false;
                o.IncludeErrorDetails = false;
                o.Events = BearerEvents();
            })
            .AddCookie(PortalScheme, o =>
            {
                o.Cookie.Name = "EcoValue.Portal";
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = "/portal/login";
                o.LogoutPath = "/portal/logout";
                o.AccessDeniedPath = "/portal/forbidden";
                o.Events = new CookieAuthenticationEvents { OnValidatePrincipal = ValidatePortalPrincipalAsync };
            });

        // Needs services (the key, the clock), so it is configured when the options are first built: at start (ValidateOnStart).
        services.AddOptions<JwtBearerOptions>(BearerScheme)
            .Configure<JwtSigningKey, IOptions<AuthOptions>, TimeProvider>((o, key, auth, time) =>
            {
                o.TimeProvider = time;
                o.TokenValidationParameters = ValidationParameters(key.Key, auth.Value, time);
            })
            .ValidateOnStart();
        services.AddOptions<CookieAuthenticationOptions>(PortalScheme).Configure<TimeProvider>((o, time) => o.TimeProvider = time);

        // Cookies and antiforgery tokens must survive a restart: keep the data-protection key ring with the other keys.
        services.AddDataProtection().SetApplicationName("EcoValue");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<EcoValueOptions>, ILoggerFactory>((o, eco, loggers) =>
            o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(eco.Value.DataDirectory, "keys", "data-protection")), loggers));

        var authorization = services.AddAuthorizationBuilder();
        foreach (var role in Roles.All)
        {
            authorization.AddPolicy(role, p => p.RequireAuthenticatedUser().RequireClaim(EcoValueClaims.Role, role));
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = OnRejectedAsync;
        });
        services.TryAddSingleton<SharedRateLimits>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>, SharedRateLimits>((o, auth, shared) =>
        {
            var (limit, window) = (auth.Value.LoginPermitLimit, auth.Value.LoginWindow);
            // In memory on SQLite, shared by every instance on PostgreSQL. Fails closed: a limit that cannot be checked
            // must not open the door to password guessing, and sign-in needs the same database anyway (docs/auth.md).
            o.AddPolicy(SignInRateLimit, http => shared.FixedWindow(SignInRateLimit, ClientAddress(http), limit, window, failOpen: false));
        });
        return services;
    }

    /// <summary>
    /// Only HS256 with our key, only our issuer and audience, only access tokens (typ at+jwt), exp required, 30 s skew,
    /// all on the host's clock. Nothing in a token's header (kid, jku, jwk, x5u) can pick another key or algorithm.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(SecurityKey key, AuthOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TokenValidationParameters
        {
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = key,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            ValidIssuer = options.Issuer,
            ValidateIssuer = true,
            ValidAudience = options.Audience,
            ValidateAudience = true,
            RequireAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = ClockSkew,
            ValidTypes = [AccessTokenIssuer.TokenType],
            NameClaimType = EcoValueClaims.Name,
            RoleClaimType = EcoValueClaims.Role,
            // The library's own lifetime check reads the wall clock; this one reads the host's TimeProvider (tests move it).
            LifetimeValidator = (notBefore, expires, _, parameters) => IsWithinLifetime(notBefore, expires, time.GetUtcNow().UtcDateTime, parameters.ClockSkew),
        };
    }

    /// <summary>RFC 7519 §4.1.4/§4.1.5 with skew: exp required and not passed, nbf (when present) reached, nbf before exp.</summary>
    internal static bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan skew) =>
        expires is { } exp
        && (notBefore is not { } nbf || (nbf <= exp && nbf <= now + skew))
        && exp >= now - skew;

    private static JwtBearerEvents BearerEvents() => new()
    {
        OnTokenValidated = async context =>
        {
            var users = context.HttpContext.RequestServices.GetRequiredService<ActiveUsers>();
            if (context.Principal is null || !await users.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted).ConfigureAwait(false))
            {
                context.Fail("the account is disabled, gone, or its credentials changed since the token was issued");
            }
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            // RFC 6750 §3: the scheme always, and error="invalid_token" when a token was sent but refused.
            context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            await AuthProblems.WriteAsync(context.HttpContext, AuthProblems.Unauthenticated).ConfigureAwait(false);
        },
        OnForbidden = context => AuthProblems.WriteAsync(context.HttpContext, AuthProblems.Forbidden),
    };

    private static async Task ValidatePortalPrincipalAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<ActiveUsers>();
        if (context.Principal is null || !await users.IsCurrentAsync(context.Principal, context.HttpContext.RequestAborted).ConfigureAwait(false))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalScheme).ConfigureAwait(false);
        }
    }

    private static async ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken ct)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await AuthProblems.WriteAsync(context.HttpContext, AuthProblems.TooManyRequests).ConfigureAwait(false);
    }

    /// <summary>The partition key of per-client limits. Behind a reverse proxy, the host must apply forwarded headers first or every client shares the proxy's address.</summary>
    internal static string ClientAddress(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : "unknown";
}
