using System.Security.Cryptography;
using System.Text;
using EcoValue.Api.Infrastructure;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The consumer page's two static files (<c>wwwroot/consumer/</c>), embedded in this assembly (<see cref="EmbeddedAsset"/>).
/// The script is served at <c>/consumer/verify.js?v={hash}</c>, immutable for a year and pre-compressed (brotli,
/// gzip); the style sheet is inlined into each page under a CSP hash (<see cref="StyleHash"/>).
/// </summary>
public static class ConsumerAssets
{
    public const string ScriptPath = "/consumer/verify.js";
    public const string StylePath = "/consumer/consumer.css";

    private static readonly EmbeddedAsset ScriptAsset = EmbeddedAsset.Load(typeof(ConsumerAssets).Assembly, "consumer/verify.js", ScriptPath, "text/javascript; charset=utf-8");
    private static readonly EmbeddedAsset StyleAsset = EmbeddedAsset.Load(typeof(ConsumerAssets).Assembly, "consumer/consumer.css", StylePath, "text/css; charset=utf-8");

    /// <summary>The script's URL with its content version, so a changed script is fetched again and an unchanged one never.</summary>
    public static string ScriptUrl { get; } = ScriptAsset.Url;

    /// <summary>The style sheet's text, inlined into every page.</summary>
    public static string Style { get; } = Encoding.UTF8.GetString(StyleAsset.Identity);

    /// <summary>CSP source of the inlined style element: <c>'sha256-…'</c> of its exact text, computed once.</summary>
    public static string StyleHash { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>The script's bytes as served (tests run it under node).</summary>
    public static ReadOnlySpan<byte> Script => ScriptAsset.Identity;

    /// <summary>GET/HEAD <see cref="ScriptPath"/> and <see cref="StylePath"/>: anonymous, out of the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapConsumerAssets(this IEndpointRouteBuilder app)
    {
        ScriptAsset.Map(app);
        StyleAsset.Map(app);
        return app;
    }
}
