using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using System.Text.Unicode;
using EcoValue.Api.Features.Auth;
using EcoValue.Api.Infrastructure;
using EcoValue.Data.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.WebEncoders;

namespace EcoValue.Api.Features.Portal;

/// <summary>
/// The portal: server-rendered Razor Pages under /portal (docs/portal.md). Cookie sign-in on
/// <see cref="AuthSetup.PortalScheme"/>; the farmer pages need a farmer or admin, the certification pages (folder
/// <c>Certification</c>) a certifier or admin, the brand pages (folder <c>Admin</c>) an admin, the buyer pages (folder
/// <c>Buyer</c>) and the bulk verification pages (folder <c>Reports</c>) a buyer or admin, a batch's dossier download an
/// admin, farmer or buyer, the home page any of the four; every POST is checked against its antiforgery token (Razor
/// Pages validate them on every unsafe method).
/// </summary>
public static class PortalSetup
{
    /// <summary>Authorisation policy of the farmer pages: the portal cookie, role farmer or admin.</summary>
    public const string Policy = "portal";

    /// <summary>The home page: farmer, admin, certifier (sent on to its queue) or buyer (its own landing).</summary>
    public const string HomePolicy = "portal-home";

    /// <summary>The certifier's pages (applications, licences): certifier or admin (an admin reads; only an accredited certifier decides).</summary>
    public const string CertifierPolicy = "portal-certifier";

    /// <summary>A batch's dossier download: admin, farmer (its own batches) or buyer (any batch; public fields only).</summary>
    public const string DossierPolicy = "portal-dossier";

    /// <summary>Bulk verification and the saved reports (folder <c>Reports</c>): buyer or admin, each seeing only its own reports.</summary>
    public const string ReportsPolicy = "portal-reports";

    /// <summary>Brands and accreditation: admin.</summary>
    public const string AdminPolicy = "portal-admin";

    /// <summary>The buyer's pages (catalogue): buyer or admin.</summary>
    public const string BuyerPolicy = "portal-buyer";

    private static readonly string[] AnonymousPages = ["/Login", "/LoginAttempt", "/Logout", "/Signup", "/SignupSubmit", "/Forbidden"];

    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Features/Portal/Pages";
            // One policy per page by its folder (conventions add up, so each page gets exactly one, never two).
            o.Conventions.AddFolderApplicationModelConvention("/", m =>
            {
                if (!AnonymousPages.Contains(m.ViewEnginePath, StringComparer.Ordinal))
                {
                    m.EndpointMetadata.Add(new AuthorizeAttribute(PolicyOf(m.ViewEnginePath)));
                }
            });
            foreach (var page in AnonymousPages)
            {
                o.Conventions.AllowAnonymousToPage(page);
            }
        }).ConfigureApplicationPartManager(AddPagesOfThisAssembly);
        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Farmer))
            .AddPolicy(HomePolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Farmer, Roles.Certifier, Roles.Buyer))
            .AddPolicy(CertifierPolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Certifier))
            .AddPolicy(DossierPolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Farmer, Roles.Buyer))
            .AddPolicy(ReportsPolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Buyer))
            .AddPolicy(AdminPolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin))
            .AddPolicy(BuyerPolicy, p => p
            .AddAuthenticationSchemes(AuthSetup.PortalScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(EcoValueClaims.Role, Roles.Admin, Roles.Buyer));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "EcoValue.Antiforgery";
            o.Cookie.Path = "/portal";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        // Razor encodes everything it writes; by default it also turns every non-ASCII letter into &#x…; which makes a
        // Chinese page three times larger. Letters of every script may stay as they are; markup characters never do.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // A browser that hits the sign-in limit gets a page in its language, not problem+json (the API keeps that).
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var api = o.OnRejected;
            o.OnRejected = (context, ct) => context.HttpContext.Request.Path.StartsWithSegments("/portal", StringComparison.OrdinalIgnoreCase)
                ? TooManyAsync(context, ct)
                : api?.Invoke(context, ct) ?? ValueTask.CompletedTask;
        });
        return services;
    }

    /// <summary>The policy of a page by its path under the pages folder (<c>/Certifier/Licence</c>).</summary>
    public static string PolicyOf(string viewEnginePath) =>
        viewEnginePath == "/Index" ? HomePolicy
        : viewEnginePath.StartsWith("/Certifier/", StringComparison.Ordinal) ? CertifierPolicy
        : viewEnginePath.StartsWith("/Admin/", StringComparison.Ordinal) ? AdminPolicy
        : viewEnginePath == "/Dossier" ? DossierPolicy
        : viewEnginePath.StartsWith("/Buyer/", StringComparison.Ordinal) ? BuyerPolicy
        : viewEnginePath.StartsWith("/Reports/", StringComparison.Ordinal) ? ReportsPolicy
        : Policy;

    /// <summary>
    /// MVC finds pages in the entry assembly; when another program hosts the app (the tests do), that is not this one,
    /// so the pages compiled into this assembly are added unless they are there already.
    /// </summary>
    private static void AddPagesOfThisAssembly(ApplicationPartManager manager)
    {
        var assembly = typeof(PortalSetup).Assembly;
        if (manager.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            manager.ApplicationParts.Add(part);
        }
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder app)
    {
        // Pages, not API: they stay out of the OpenAPI document.
        app.MapRazorPages().ExcludeFromDescription();
        PortalAssets.Map(app);
        return app;
    }

    private static async ValueTask TooManyAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var zh = RequestLanguage.IsChinese(http);
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        http.Response.ContentType = "text/html; charset=utf-8";
        var title = WebUtility.HtmlEncode(PortalText.TooManyTitle.In(zh));
        var text = WebUtility.HtmlEncode(PortalText.TooManyText.Format(zh, seconds));
        var back = WebUtility.HtmlEncode(PortalText.TryAgain.In(zh));
        await http.Response.WriteAsync(
            $"""
            <!doctype html><html lang="{(zh ? "zh-CN" : "en")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title></head><body><main><h1>{title}</h1><p>{text}</p><p><a href="/portal/login">{back}</a></p></main></body></html>
            """, ct).ConfigureAwait(false);
    }
}
