using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace EcoValue.Api.Infrastructure;

/// <summary>
/// A static file embedded in this assembly (<c>wwwroot/…</c>, see EcoValue.Api.csproj), served from memory: found
/// however the host is started (tests host the app from their own folder) and never drifting from the page that names
/// it. URLs carry the content's version (<see cref="Url"/>), so a versioned response is immutable for a year; brotli
/// and gzip copies are made on first request (a large vendored script costs nothing until someone asks for it).
/// </summary>
public sealed class EmbeddedAsset
{
    private readonly Lazy<byte[]> _brotli;
    private readonly Lazy<byte[]> _gzip;

    private EmbeddedAsset(string path, string contentType, byte[] identity)
    {
        Path = path;
        ContentType = contentType;
        Identity = identity;
        Version = Convert.ToHexStringLower(SHA256.HashData(identity).AsSpan(0, 8));
        ETag = $"\"{Version}\"";
        _brotli = new(() => Compress(identity, s => new BrotliStream(s, CompressionLevel.SmallestSize)));
        _gzip = new(() => Compress(identity, s => new GZipStream(s, CompressionLevel.SmallestSize)));
    }

    /// <summary>Where the file is served (without its version).</summary>
    public string Path { get; }

    public string ContentType { get; }

    /// <summary>The file's bytes, uncompressed.</summary>
    public byte[] Identity { get; }

    /// <summary>First 8 bytes of the content's SHA-256, hex.</summary>
    public string Version { get; }

    public string ETag { get; }

    /// <summary>The URL pages name: the path with <c>?v=</c> the content version.</summary>
    public string Url => $"{Path}?v={Version}";

    /// <summary>Reads the embedded resource <paramref name="resource"/> (its LogicalName in the csproj) of <paramref name="assembly"/>.</summary>
    public static EmbeddedAsset Load(Assembly assembly, string resource, string path, string contentType)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded resource {resource} is missing (see the EmbeddedResource items of EcoValue.Api.csproj)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new EmbeddedAsset(path, contentType, copy.ToArray());
    }

    /// <summary>Maps GET/HEAD of <see cref="Path"/>: anonymous, out of the OpenAPI document.</summary>
    public void Map(IEndpointRouteBuilder app) =>
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], ServeAsync).ExcludeFromDescription().AllowAnonymous();

    private async Task ServeAsync(HttpContext http)
    {
        var request = http.Request;
        var response = http.Response;
        var headers = response.Headers;
        headers.ContentType = ContentType;
        headers.ETag = ETag;
        headers.Vary = "Accept-Encoding";
        headers.XContentTypeOptions = "nosniff";
        // Versioned URLs never change; an unversioned one (someone typed it) is revalidated after five minutes.
        headers.CacheControl = request.Query["v"] == Version ? "public, max-age=31536000, immutable" : "public, max-age=300";
        if (request.Headers.IfNoneMatch.ToString().Contains(ETag, StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        var (body, encoding) = Pick(request);
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

    private (byte[] Body, string? Encoding) Pick(HttpRequest request)
    {
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var accepted))
        {
            return (Identity, null);
        }

        bool Accepts(string coding) => accepted.Any(a => (a.Quality ?? 1) > 0 && a.Value.Equals(coding, StringComparison.OrdinalIgnoreCase));
        return Accepts("br") ? (_brotli.Value, "br") : Accepts("gzip") ? (_gzip.Value, "gzip") : (Identity, null);
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
