using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using EcoValue.Api.Features.Verification;

namespace EcoValue.Api.Tests.Verification;

/// <summary>The page's script as the real host serves it: versioned and immutable, compressed, revalidated by ETag.</summary>
public sealed class ConsumerAssetsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ApiHost.StartAsync(new Uri("http://127.0.0.1:9"));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Script_versionedUrl_isImmutable_brotliOrGzipOrPlain_andTheSameBytes()
    {
        var expected = ConsumerAssets.Script.ToArray();
        foreach (var (encoding, decode) in new (string?, Func<Stream, Stream>)[]
        {
            ("br", s => new BrotliStream(s, CompressionMode.Decompress)),
            ("gzip", s => new GZipStream(s, CompressionMode.Decompress)),
            (null, s => s),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, ConsumerAssets.ScriptUrl);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            }

            using var response = await _host.Client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/javascript", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl!.ToString());
            Assert.Equal(encoding is null ? [] : [encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("nosniff", response.Headers.GetValues("X-Content-Type-Options"));
            var raw = await response.Content.ReadAsByteArrayAsync(Ct);
            Assert.Equal(raw.Length, response.Content.Headers.ContentLength);
            await using var body = decode(new MemoryStream(raw));
            using var plain = new MemoryStream();
            await body.CopyToAsync(plain, Ct);
            Assert.Equal(expected, plain.ToArray());
            if (encoding == "br")
            {
                Assert.True(raw.Length < 8 * 1024, $"verify.js is {raw.Length} bytes with brotli");
            }
        }
    }

    [Fact]
    public async Task Script_etag_answers304_andAnUnversionedUrlIsRevalidated()
    {
        using var first = await _host.Client.GetAsync(new Uri(ConsumerAssets.ScriptPath, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("public, max-age=300", first.Headers.CacheControl!.ToString());
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, ConsumerAssets.ScriptPath);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _host.Client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(Ct));

        using var css = await _host.Client.GetAsync(new Uri(ConsumerAssets.StylePath, UriKind.Relative), Ct);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Equal(ConsumerAssets.Style, await css.Content.ReadAsStringAsync(Ct));
    }
}
