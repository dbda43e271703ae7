using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EcoValue.Api.Tests.Verification;

/// <summary>
/// Malformed and hostile links sent byte for byte over a raw socket (an HttpClient would escape or normalise them
/// first): each answers 400 or 404 (414 for a request line over Kestrel's limit) with a clear message, never a 500.
/// </summary>
public sealed class HostileLinkTests(ItemsHost fixture) : IClassFixture<ItemsHost>
{
    private const string Gtin = "06901234567892";

    private static CancellationToken Ct => ItemsHost.Ct;

    public static TheoryData<string, string, int[], string?> Links => new()
    {
        { "bad check digit", $"/01/06901234567893/10/LOT1/21/ABC", [400], "gtin.check_digit" },
        { "letters for a GTIN", "/01/ABCDEFGHIJKLMN/10/LOT1", [400], null },
        { "over-long serial", $"/01/{Gtin}/10/LOT1/21/{new string('A', 21)}", [400], "serial.too_long" },
        { "over-long lot", $"/01/{Gtin}/10/{new string('L', 21)}/21/ABC", [400], "lot.too_long" },
        { "%2F makes no new segment", $"/01/{Gtin}/10/LOT%2F21%2FABC", [404], null },
        { "%2F inside the AI", $"/01%2F{Gtin}/10/LOT1", [400, 404], null },
        { "double-encoded %252F", $"/01/{Gtin}/10/LOT%252F1/21/ABC", [404], null },
        { "NUL escape", $"/01/{Gtin}/10/LOT%00/21/ABC", [400], null },
        { "raw NUL-like control escape", $"/01/{Gtin}/10/LOT%0A/21/ABC", [400], "lot.character" },
        { "bad escape %GG", $"/01/{Gtin}/10/LOT%GG/21/ABC", [400], null },
        { "truncated escape", $"/01/{Gtin}/10/LOT%4", [400], null },
        { "overlong UTF-8 for '/'", $"/01/{Gtin}/10/LOT%C0%AF", [400], "link.utf8" },
        { "full-width look-alike, encoded", $"/01/{Gtin}/10/%EF%BC%AC%EF%BC%AF%EF%BC%B4", [400], "lot.character" },
        { "Cyrillic O look-alike, encoded", $"/01/{Gtin}/10/L%D0%9ET1", [400], "lot.character" },
        { "full-width look-alike, raw", $"/01/{Gtin}/10/ＬＯＴ", [400], null },
        { "Cyrillic O look-alike, raw", $"/01/{Gtin}/10/LОT1/21/ABC", [400], null },
        { "full-width digits in the GTIN, raw", "/01/０６９０１２３４５６７８９２/10/LOT1", [400], null },
        { "qualifiers out of order", $"/01/{Gtin}/21/ABC/10/LOT1", [400], "link.qualifier_order" },
        { "qualifier repeated", $"/01/{Gtin}/10/LOT1/10/LOT2", [400], "link.qualifier_order" },
        { "unknown AI", $"/01/{Gtin}/99/X", [400], "link.unknown_ai" },
        { "consumer product variant", $"/01/{Gtin}/22/V1/10/LOT1", [400], "link.cpv" },
        { "value missing", $"/01/{Gtin}/10/LOT1/21/", [400], "link.missing_value" },
        { "dot-dot as a lot", $"/01/{Gtin}/10/../21/ABC", [400, 404], null },
        { "dot-dot before the key", $"/01/../01/{Gtin}/10/LOT1", [400, 404], null },
        { "encoded dot-dot", $"/01/{Gtin}/10/%2E%2E/21/ABC", [400, 404], null },
        { "query with spaces", $"/01/{Gtin}/10/LOT1?x=a%20b c", [400], null },
        { "over 2,048 characters", $"/01/{Gtin}/10/LOT1?pad={new string('a', 3000)}", [400], "link.too_long" },
        { "over Kestrel's request line limit", $"/01/{Gtin}/10/{new string('L', 10_000)}", [400, 414], null },
    };

    [Theory]
    [MemberData(nameof(Links))]
    public async Task HostileLink_is400Or404_neverA500(string what, string target, int[] expected, string? code)
    {
        foreach (var accept in new[] { "application/json", "text/html" })
        {
            var (status, contentType, body) = await RawGetAsync(target, accept);
            Assert.True(expected.Contains(status), $"{what} ({accept}): {status} {body[..Math.Min(body.Length, 300)]}");
            if (status == 400 && code is not null && accept == "application/json")
            {
                Assert.Equal("application/problem+json", contentType);
                using var problem = JsonDocument.Parse(body);
                Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
                Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
            }

            if (status == 400 && code is not null && accept == "text/html")
            {
                // The consumer page, saying the link is no product code.
                Assert.Equal("text/html", contentType);
                Assert.Contains("This link is not a valid product code", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task HostileLinks_throughTheVerifyApi_are400_withTheLinkErrorCode()
    {
        foreach (var (link, code) in new[] { ($"/01/06901234567893/10/LOT1", "gtin.check_digit"), ("https://ex ample.org/01/x", "link.host"), ("ftp://example.org/01/x", "link.scheme"), ($"https://example.org/01/{Gtin}/10/L%D0%9ET1", "lot.character") })
        {
            var (status, _, body) = await RawGetAsync("/api/v1/verify?link=" + Uri.EscapeDataString(link), "application/json");
            Assert.True(status == 400, $"{link}: {status} {body}");
            using var problem = JsonDocument.Parse(body);
            Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        }
    }

    /// <summary>Sends <c>GET target</c> exactly as given (UTF-8 bytes for non-ASCII) and reads status, content type and body.</summary>
    private async Task<(int Status, string? ContentType, string Body)> RawGetAsync(string target, string accept)
    {
        var address = fixture.Host.Client.BaseAddress!;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, Ct);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {address.Authority}\r\nAccept: {accept}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), Ct);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, Ct);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = headEnd < 0 ? text : text[..headEnd];
        var body = headEnd < 0 ? string.Empty : text[(headEnd + 4)..];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Split(';')[0].Trim();
        if (head.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Unchunk(body);
        }

        return (status, contentType, body);
    }

    private static string Unchunk(string chunked)
    {
        var sb = new StringBuilder();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[at..lineEnd], 16);
            if (size == 0)
            {
                break;
            }

            // Sizes count bytes; the test bodies are read back through UTF-8, so count bytes while copying.
            var bytes = Encoding.UTF8.GetBytes(chunked[(lineEnd + 2)..]);
            var piece = Encoding.UTF8.GetString(bytes, 0, size);
            sb.Append(piece);
            at = lineEnd + 2 + piece.Length + 2;
        }

        return sb.ToString();
    }
}
