using EcoValue.Api.Infrastructure;

namespace EcoValue.Api.Features.Portal;

/// <summary>
/// The portal's only scripts, embedded (<see cref="EmbeddedAsset"/>): the bulk verify page's camera scan
/// (<c>wwwroot/portal/scan-codes.js</c>) and the QR decoder it loads when the browser has no <c>BarcodeDetector</c>,
/// jsQR 1.4.0 vendored unchanged (<c>wwwroot/vendor/jsqr-1.4.0/</c>, Apache-2.0; a test checks its bytes against
/// the pinned npm package). Anonymous, like any static file; the pages that use them allow <c>script-src 'self'</c>.
/// </summary>
public static class PortalAssets
{
    public static EmbeddedAsset ScanScript { get; } =
        EmbeddedAsset.Load(typeof(PortalAssets).Assembly, "portal/scan-codes.js", "/portal/assets/scan-codes.js", "text/javascript; charset=utf-8");

    public static EmbeddedAsset JsQr { get; } =
        EmbeddedAsset.Load(typeof(PortalAssets).Assembly, "vendor/jsqr-1.4.0/jsQR.js", "/portal/assets/jsqr-1.4.0/jsQR.js", "text/javascript; charset=utf-8");

    public static void Map(IEndpointRouteBuilder app)
    {
        ScanScript.Map(app);
        JsQr.Map(app);
    }
}
