using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The consumer page's two static files (<c>wwwroot/consumer/</c>), embedded in this assembly so they are found
/// however the host is started (tests host the app from their own folder) and can never drift from the page that
/// names them. The script is served at <c>/consumer/verify.js?v={hash}</c>, immutable for a year and pre-compressed
/// (brotli, gzip); the style sheet is inlined into each page under a CSP hash (<see cref="StyleHash"/>).
/// </summary>
public static class ConsumerAssets
{
    public const string ScriptPath = "/consumer/verify.js";
    public const string StylePath = "/consumer/consumer.css";

    private static readonly FrozenDictionary<string, Asset> Assets = new Dictionary<string, Asset>
    {
        [ScriptPath] = Asset.Load("consumer/verify.js", "text/javascript; charset=utf-8"),
        [StylePath] = Asset.Load("consumer/consumer.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The script's URL with its content version, so a changed script is fetched again and an unchanged one never.</summary>
    public static string ScriptUrl { get; } = $"{ScriptPath}?v={Assets[ScriptPath].Version}";

    /// <summary>The style sheet's text, inlined into every page.</summary>
    public static string Style { get; } = Encoding.UTF8.GetString(Assets[StylePath].Identity);

    /// <summary>CSP source of the inlined style element: <c>'sha256-…'</c> of its exact text, computed once.</summary>
    public static string StyleHash { get; } = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>The script's bytes as served (tests run it under node).</summary>
    public static ReadOnlySpan<byte> Script => Assets[ScriptPath].Identity;

    /// <summary>GET/HEAD <see cref="ScriptPath"/> and <see cref="StylePath"/>: anonymous, out of the OpenAPI document.</summary>
    public static IEndpointRouteBuilder MapConsumerAssets(this IEndpointRouteBuilder app)
    {
        foreach (var path in Assets.Keys)
        {
            app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], (HttpContext http) => ServeAsync(http, Assets[path]))
                .ExcludeFromDescription()
                .AllowAnonymous();
        }

        return app;
    }

    private static async Task ServeAsync(HttpContext http, Asset asset)
    {
        var request = http.Request;
        var response = http.Response;
        var headers = response.Headers;
        headers.ContentType = asset.ContentType;
        headers.ETag = asset.ETag;
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        // Versioned URLs never change; an unversioned one (someone typed it) is revalidated after five minutes.
        headers.CacheControl = request.Query["v"] == asset.Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        if (request.Headers.IfNoneMatch.ToString().Contains(asset.ETag, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (body, encoding) = Pick(request, asset);
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }

        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private static (byte[] Body, string? Encoding) Pick(HttpRequest request, Asset asset)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            return (asset.Identity, null);
        }

        bool Accepts(string coding) => accepted.Any(a => (a.Quality ?? 1) > 0 && a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase));
        return Accepts("br") ? (asset.Brotli, "br") : Accepts("gzip") ? (asset.Gzip, "gzip") : (asset.Identity, null);
    }

    private sealed record Asset(string ContentType, byte[] Identity, byte[] Brotli, byte[] Gzip, string Version, string ETag)
    {
        public static Asset Load(string name, string contentType)
        {
            using var stream = typeof(ConsumerAssets).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"embedded resource {name} is missing (EcoValue.Api.csproj embeds wwwroot/consumer)");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var identity = copy.ToArray();
            var version = Convert.ToHexStringLower(SHA256.HashData(identity).AsSpan(0, 8));
            return new Asset(contentType, identity, Compress(identity, s => new BrotliStream(s, CompressionLevel.SmallestSize)),
                Compress(identity, s => new GZipStream(s, CompressionLevel.SmallestSize)), version, $"\"{version}\"");
        }

        private static byte[] Compress(byte[] data, Func<Stream, Stream> wrap)
        {
            using var output = new MemoryStream();
            using (var compressor = wrap(output))
            {
                compressor.Write(data);
            }

            return output.ToArray();
        }
    }
}
