using System.Diagnostics;
using System.Text;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Registry;
using EcoValue.Domain.Tests.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Codes;

/// <summary>
/// <see cref="DigitalLink"/> against GS1 Digital Link URI Syntax: published example links, GTIN normalisation, qualifier
/// order, percent-encoding (formatted as <see cref="Uri.EscapeDataString(string)"/> would, parsed once), and random
/// round trips over every character of set 82.
/// </summary>
public class DigitalLinkTests
{
    private const int Seed = 1_4_2024;

    /// <summary>Published links (with where they were published) and what they name: GTIN (14 digits), lot, serial.</summary>
    public static TheoryData<string, string, string?, string?> Published => new()
    {
        // GS1's example GTIN, as GS1 writes it on id.gs1.org.
        { "https://id.gs1.org/01/09506000134352", "09506000134352", null, null },
        // BWIPP wiki "GS1 Digital Link URIs" (after GS1 Digital Link URI Syntax): GTIN; GTIN + batch + serial; batch with
        // an expiry date as a data attribute in the query; a brand's own domain and path prefix.
        { "https://id.gs1.org/01/09521234543213", "09521234543213", null, null },
        { "https://id.gs1.org/01/09521234543213/10/ABC123/21/12345", "09521234543213", "ABC123", "12345" },
        { "https://id.gs1.org/01/09521234543213/10/ABC123?17=261231", "09521234543213", "ABC123", null },
        { "https://example.com/products/01/09521234543213", "09521234543213", null, null },
        // GS1's Digital Link library for .NET, feature "AdditionalUriContent": non-GS1 key-value pairs in the query.
        { "https://id.gs1.org/01/05412345000013/10/ABC123?17=290331&arv=true&donor=bmgf", "05412345000013", "ABC123", null },
        // digital-link.js README: a link with a linkType in the query.
        { "https://dlnkd.tn.gg/01/00860080001300/10/12345/21/43786?linkType=gs1:allergenInfo", "00860080001300", "12345", "43786" },
        // dpp-digital-link (Rust) documentation: GTIN + serial without a lot, and under a path prefix.
        { "https://id.odal-node.io/01/09506000134352/21/ABC123", "09506000134352", null, "ABC123" },
        { "https://example.com/resolve/01/09506000134352/21/SN001", "09506000134352", null, "SN001" },
        { "https://id.odal-node.io/01/09506000134352/10/BATCH01/21/SN001", "09506000134352", "BATCH01", "SN001" },
        // The same GTIN as GTIN-13 (the standard allows 8/12/13 digits in a link; we normalise to 14).
        { "https://id.gs1.org/01/9506000134352/10/ABC123", "09506000134352", "ABC123", null },
        // GTIN-12 (UPC-A, GS1 US example 614141123452) and GTIN-8 (96385074, Wikipedia "EAN-8").
        { "https://example.com/01/614141123452/21/1", "00614141123452", null, "1" },
        { "https://example.com/01/96385074", "00000096385074", null, null },
        // The resolver is also given bare paths (the request target).
        { "/01/09506000134352/10/LOT1/21/ABC123", "09506000134352", "LOT1", "ABC123" },
        // Scheme in upper case (allowed), http as well as https, a port, a trailing slash, a fragment.
        { "HTTPS://EXAMPLE.ORG/01/09506000134352/10/A", "09506000134352", "A", null },
        { "http://example.org:8080/01/09506000134352/10/A/", "09506000134352", "A", null },
        { "https://example.org/01/09506000134352/10/A#top", "09506000134352", "A", null },
    };

    [Theory]
    [MemberData(nameof(Published))]
    public void Parse_published_links(string text, string gtin, string? lot, string? serial)
    {
        var link = DigitalLink.Parse(text);

        Assert.Equal(gtin, link.Gtin.Value);
        Assert.Equal(lot, link.Lot);
        Assert.Equal(serial, link.Serial);
        Assert.Equal(serial is not null, link.IsItem);
        Assert.Null(DigitalLink.Check(text, out var checkedLink));
        Assert.Equal(link, checkedLink);
        Assert.True(DigitalLink.TryParse(text, out var tried));
        Assert.Equal(link, tried);
    }

    [Fact]
    public void Published_links_gs1_does_not_use_here_are_refused_with_a_reason()
    {
        // GS1's Digital Link library for .NET, feature "Gs1DigitalLinkToElementStrings": a consumer product variant.
        Rejection.Of(() => DigitalLink.Parse("https://id.gs1.org/01/05412345000013/22/AJY3095721P49/10/ABC123"), "link.cpv");
        // BWIPP wiki: an SSCC is a Digital Link, but not of a product.
        Rejection.Of(() => DigitalLink.Parse("https://id.gs1.org/00/106141411234567897"), "link.no_gtin");
        // digital-link.js README: its invalid example (a stray 'x' after the GTIN).
        Rejection.Of(() => DigitalLink.Parse("https://gs1.evrythng.com/01/9780345418913x"), "gtin.character");
    }

    [Fact]
    public void Formats_canonical_paths()
    {
        var gtin = Gtin.Parse("9506000134352");

        Assert.Equal("/01/09506000134352/10/LOT1", DigitalLink.ForBatch(gtin, "LOT1").Path);
        Assert.Equal("/01/09506000134352/10/LOT%2F7/21/X7KQ2M9XA3HDP", DigitalLink.ForItem(gtin, "LOT/7", "X7KQ2M9XA3HDP").Path);
        Assert.Equal("/01/09506000134352/10/A%25B%3FC%2A/21/1", DigitalLink.ForItem(gtin, "A%B?C*", "1").Path);
        Assert.Equal("/01/00000096385074/21/S", DigitalLink.Parse("/01/96385074/21/S").Path);
    }

    [Fact]
    public void Formats_full_links_under_a_base_with_or_without_trailing_slash()
    {
        var link = DigitalLink.ForItem(Gtin.Parse("09506000134352"), "L1", "S+1");

        Assert.Equal("https://id.example.org/01/09506000134352/10/L1/21/S%2B1", link.ToUri("https://id.example.org"));
        Assert.Equal("https://id.example.org/r/01/09506000134352/10/L1/21/S%2B1", link.ToUri("https://id.example.org/r/"));
        Assert.Equal(link.Path, link.ToString());
        Assert.Equal(DigitalLink.ForBatch(link.Gtin, "L1"), link.BatchLink);
        Assert.False(link.BatchLink.IsItem);
        Assert.True(link.IsItem);
    }

    /// <summary>Every character of set 82 is encoded as RFC 3986 <c>Uri.EscapeDataString</c> encodes it (our oracle), and only those.</summary>
    [Fact]
    public void Encodes_every_set82_character_as_rfc3986_escape_data_string()
    {
        var gtin = Gtin.Parse("09506000134352");
        foreach (var c in LinkValues.Cset82)
        {
            var value = "A" + c;
            var link = DigitalLink.ForItem(gtin, value, value);
            var expected = "A" + Uri.EscapeDataString(c.ToString());

            Assert.Equal($"/01/09506000134352/10/{expected}/21/{expected}", link.Path);
            Assert.Equal(value, DigitalLink.Parse(link.Path).Lot);
        }

        // Unreserved characters stay as they are, reserved ones are escaped with upper-case hex.
        Assert.Equal("/01/09506000134352/10/aZ09-._", DigitalLink.ForBatch(gtin, "aZ09-._").Path);
        Assert.Equal("/01/09506000134352/10/%21%22%25%26%27%28%29%2A%2B%2C%2F%3A%3B%3C%3D%3E%3F", DigitalLink.ForBatch(gtin, "!\"%&'()*+,/:;<=>?").Path);
    }

    [Fact]
    public void Set82_is_exactly_the_82_characters_of_the_gs1_table()
    {
        Assert.Equal(82, LinkValues.Cset82.Length);
        Assert.Equal(82, LinkValues.Cset82.Distinct().Count());
        for (var c = 0; c <= char.MaxValue; c++)
        {
            Assert.True(BatchFacts.IsCset82((char)c) == LinkValues.Cset82.Contains((char)c, StringComparison.Ordinal), $"U+{c:X4}");
        }
    }

    /// <summary>format → parse gives the same values, for 3,000 random links over all of set 82, under several bases.</summary>
    [Fact]
    public void Random_links_round_trip_exactly()
    {
        var rng = new Random(Seed);
        string[] bases = ["https://example.org", "http://id.example.org:8443/", "https://brand.example/r/qr", string.Empty];
        var values = LinkValues.EveryCharacter().Concat(Enumerable.Range(0, 3000).Select(_ => LinkValues.RandomValue(rng))).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            var gtinText = LinkValues.RandomGtin(rng);
            var gtin = Gtin.Parse(gtinText);
            var lot = values[i];
            var serial = i % 3 == 0 ? ItemSerial.New() : values[rng.Next(values.Length)];
            var link = i % 4 == 0 ? DigitalLink.ForBatch(gtin, lot) : DigitalLink.ForItem(gtin, lot, serial);
            var baseUri = bases[i % bases.Length];
            var text = link.ToUri(baseUri);
            var context = $"seed {Seed}, case {i}: {LinkValues.Escape(text)}";

            var parsed = DigitalLink.Parse(text);

            Assert.True(link == parsed, context);
            Assert.Equal(gtinText.PadLeft(14, '0'), parsed.Gtin.Value);
            Assert.Equal(lot, parsed.Lot);
            Assert.Equal(link.Serial, parsed.Serial);
            Assert.Equal(link.Path, parsed.Path);

            // The canonical form is plain: only unreserved characters, '/' between segments and %XX with upper-case hex.
            Assert.True(link.Path.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '/' or '%'), context);
            Assert.True(CanonicalEscapes(link.Path), context);

            // The same link typed differently names the same item: the GTIN as given, escapes in lower case, every
            // character escaped, a query and a fragment added.
            var variant = "/01/" + gtinText + "/10/" + Lower(LotSegment(link.Path)) + (link.Serial is null ? string.Empty : "/21/" + EscapeAll(link.Serial));
            Assert.True(link == DigitalLink.Parse(variant + "?linkType=gs1:pip&17=261231#x"), $"{context}\nvariant {variant}");
        }
    }

    [Fact]
    public void Percent_2F_is_one_character_of_the_value_and_never_a_new_segment()
    {
        var link = DigitalLink.Parse("/01/09506000134352/10/A%2F21%2FB/21/X");

        Assert.Equal("A/21/B", link.Lot);
        Assert.Equal("X", link.Serial);
        Assert.Equal("/01/09506000134352/10/A%2F21%2FB/21/X", link.Path);

        // Decoded exactly once: %252F is the three characters "%2F", not '/'.
        var twice = DigitalLink.Parse("/01/09506000134352/10/%252F/21/%2525");
        Assert.Equal("%2F", twice.Lot);
        Assert.Equal("%25", twice.Serial);
        Assert.Equal("/01/09506000134352/10/%252F/21/%2525", twice.Path);
    }

    [Fact]
    public void Twenty_characters_count_after_decoding()
    {
        var twentySlashes = string.Concat(Enumerable.Repeat("%2F", 20));

        Assert.Equal(new string('/', 20), DigitalLink.Parse("/01/09506000134352/10/" + twentySlashes).Lot);
        Rejection.Of(() => DigitalLink.Parse("/01/09506000134352/10/" + twentySlashes + "%2F"), "lot.too_long");
    }

    [Fact]
    public void Raw_set82_characters_that_a_browser_would_escape_are_read_as_themselves()
    {
        // GS1's own toolkits write '"' and '!' raw; RFC 3986 allows sub-delims such as '!' and '+' raw in a path.
        var link = DigitalLink.Parse("/01/09506000134352/10/A\"B!C+D/21/E%21");

        Assert.Equal("A\"B!C+D", link.Lot);
        Assert.Equal("E!", link.Serial);
        Assert.Equal("/01/09506000134352/10/A%22B%21C%2BD/21/E%21", link.Path);
    }

    public static TheoryData<string, string> Hostile => new()
    {
        // Check digit, lengths, empty and missing values.
        { "https://example.org/01/09506000134353/10/LOT1", "gtin.check_digit" },
        { "https://example.org/01/09506000134/10/LOT1", "gtin.length" },
        { "https://example.org/01/095060001343520/10/LOT1", "gtin.length" },
        { "https://example.org/01/00000000/10/LOT1", "gtin.zero" },
        { "https://example.org/01/09506000134352/10/123456789012345678901", "lot.too_long" },
        { "https://example.org/01/09506000134352/10/L/21/ABCDEFGHIJKLMNOPQRSTU", "serial.too_long" },
        { "https://example.org/01/09506000134352/10//21/X", "lot.required" },
        { "https://example.org/01/09506000134352/10/L/21//", "serial.required" },
        { "https://example.org/01//10/L", "gtin.required" },
        { "https://example.org/01/09506000134352/10", "link.missing_value" },
        { "https://example.org/01/09506000134352/10/L/21", "link.missing_value" },
        { "https://example.org/01/09506000134352/10/L/21/", "link.missing_value" },
        { "https://example.org/01", "link.missing_value" },

        // Escapes: malformed, decoded once, NUL and controls, non-ASCII look-alikes raw and escaped, bad UTF-8.
        { "https://example.org/01/09506000134352/10/%G1", "link.escape" },
        { "https://example.org/01/09506000134352/10/%", "link.escape" },
        { "https://example.org/01/09506000134352/10/A%2", "link.escape" },
        { "https://example.org/01/09506000134352/10/%%2F", "link.escape" },
        { "https://example.org/01/09506000134352/10/A%00B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A%0AB", "lot.character" },
        { "https://example.org/01/09506000134352/10/A\u0001B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A\tB", "lot.character" },
        { "https://example.org/01/09506000134352/10/A%20B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A%7FB", "lot.character" },
        { "https://example.org/01/09506000134352/10/A%23B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A~B", "lot.character" },
        { "https://example.org/01/09506000134352/10/A$B", "lot.character" },
        { "https://example.org/01/%EF%BC%90%EF%BC%99506000134352/10/L", "gtin.character" },
        { "https://example.org/01/\uFF10\uFF19506000134352/10/L", "gtin.character" },
        { "https://example.org/01/0\u0669506000134352/10/L", "gtin.character" },
        { "https://example.org/01/09506000134352/10/L/21/%D0%90%D0%92%D0%A1123", "serial.character" },
        { "https://example.org/01/09506000134352/10/L/21/\u0410\u0412\u0421123", "serial.character" },
        { "https://example.org/01/09506000134352/10/L/21/A%CC%81", "serial.character" },
        { "https://example.org/01/09506000134352/10/L/21/%E2%80%8BX", "serial.character" },
        { "https://example.org/01/09506000134352/10/L/21/%F0%9F%98%80", "serial.character" },
        { "https://example.org/01/09506000134352/10/%C0%AF", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%C0%AE%C0%AE", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%E0%80%AF", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%FF", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%E2%82", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%ED%A0%80", "link.utf8" },
        { "https://example.org/01/09506000134352/10/%80", "link.utf8" },

        // Dot segments (which browsers remove before sending) and empty segments, anywhere in the path.
        { "https://example.org/01/09506000134352/10/../21/X", "link.dot_segment" },
        { "https://example.org/01/09506000134352/10/./21/X", "link.dot_segment" },
        { "https://example.org/01/09506000134352/10/%2E%2E/21/X", "link.dot_segment" },
        { "https://example.org/01/09506000134352/10/.%2e", "link.dot_segment" },
        { "https://example.org/01/09506000134352/10/L/21/%2e", "link.dot_segment" },
        { "https://example.org/a/../01/09506000134352/10/L", "link.dot_segment" },
        { "https://example.org/01/09506000134352/../10/L", "link.dot_segment" },
        { "/../../etc/passwd", "link.dot_segment" },
        { "https://example.org//01/09506000134352/10/L", "link.empty_segment" },
        { "//evil.example/01/09506000134352/10/L", "link.empty_segment" },
        { "https://example.org/01/09506000134352//10/L", "link.empty_segment" },

        // Keys and qualifiers: unknown, out of order, repeated, the consumer product variant.
        { "https://example.org/01/09506000134352/17/261231", "link.unknown_ai" },
        { "https://example.org/01/09506000134352/10/L/235/X", "link.unknown_ai" },
        { "https://example.org/01/09506000134352/10/L/21/S/x", "link.missing_value" },
        { "https://example.org/01/09506000134352/21/S/10/L", "link.qualifier_order" },
        { "https://example.org/01/09506000134352/10/A/10/B", "link.qualifier_order" },
        { "https://example.org/01/09506000134352/21/A/21/B", "link.qualifier_order" },
        { "https://example.org/01/09506000134352/01/09506000134352", "link.qualifier_order" },
        { "https://example.org/01/09506000134352/10/L/22/V", "link.qualifier_order" },
        { "https://example.org/01/09506000134352/22/V/10/L", "link.cpv" },
        { "https://example.org/01/09506000134352/22/V", "link.cpv" },
        { "https://example.org/gtin/09506000134352/10/L", "link.no_gtin" },
        { "https://example.org/%30%31/09506000134352", "link.no_gtin" },
        { "https://example.org/10/L/21/S", "link.no_gtin" },
        { "https://example.org/", "link.no_gtin" },
        { "https://example.org", "link.no_gtin" },

        // Scheme and host.
        { "ftp://example.org/01/09506000134352", "link.scheme" },
        { "javascript:alert(1)//01/09506000134352", "link.scheme" },
        { "https:/01/09506000134352", "link.scheme" },
        { "example.org/01/09506000134352", "link.scheme" },
        { "01/09506000134352", "link.scheme" },
        { " https://example.org/01/09506000134352", "link.scheme" },
        { "https://good.example@evil.example/01/09506000134352/10/L", "link.host" },
        { "https://evil.example\\good.example/01/09506000134352/10/L", "link.host" },
        { "https://evil.example\\@good.example/01/09506000134352", "link.host" },
        { "https:///01/09506000134352", "link.host" },
        { "https://exa mple.org/01/09506000134352", "link.host" },
        { "https://\u0435xample.org/01/09506000134352", "link.host" },
        { "https://example.org%2F@evil/01/09506000134352", "link.host" },
        { "https://?/01/09506000134352", "link.host" },

        // Path prefix and query string.
        { "https://example.org/a b/01/09506000134352", "link.prefix" },
        { "https://example.org/a%ZZ/01/09506000134352", "link.prefix" },
        { "https://example.org/a%C0%AF/01/09506000134352", "link.prefix" },
        { "https://example.org/\u4E2D/01/09506000134352", "link.prefix" },
        { "https://example.org/a\"b/01/09506000134352", "link.prefix" },
        { "https://example.org/01/09506000134352/10/L?x=%G1", "link.query" },
        { "https://example.org/01/09506000134352/10/L?x=%", "link.query" },
        { "https://example.org/01/09506000134352/10/L?x=a b", "link.query" },
        { "https://example.org/01/09506000134352/10/L?x=\u4E2D", "link.query" },
        { "https://example.org/01/09506000134352/10/L#\u0000", "link.query" },
        // The authority ends at '?': everything after it is query, so there is no path and no GTIN.
        { "https://example.org?/01/09506000134352/10/L", "link.no_gtin" },
        { "https://example.org#/01/09506000134352/10/L", "link.no_gtin" },

        // Empty and absent input.
        { "", "link.required" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_links_are_refused_with_a_specific_bilingual_error(string text, string code)
    {
        var error = Rejection.Of(() => DigitalLink.Parse(text), code);

        Assert.False(DigitalLink.TryParse(text, out var link));
        Assert.Null(link);
        Assert.Equal(error, DigitalLink.Check(text, out var checkedLink));
        Assert.Null(checkedLink);
        Assert.False(string.IsNullOrWhiteSpace(error.Zh));
    }

    [Fact]
    public void Null_is_link_required()
    {
        Rejection.Of(() => DigitalLink.Parse(null), "link.required");
        Assert.False(DigitalLink.TryParse(null, out _));
    }

    [Fact]
    public void Character_errors_name_the_character_and_what_it_imitates()
    {
        var fullWidth = Rejection.Of(() => DigitalLink.Parse("/01/%EF%BC%910950600013435/10/L"), "gtin.character");
        Assert.Contains("U+FF11", fullWidth.En, StringComparison.Ordinal);
        Assert.Contains("full-width", fullWidth.En, StringComparison.Ordinal);
        Assert.Contains("全角", fullWidth.Zh, StringComparison.Ordinal);

        var cyrillic = Rejection.Of(() => DigitalLink.Parse("/01/09506000134352/10/L/21/AB%D0%A1"), "serial.character");
        Assert.Contains("Character 3 of the serial", cyrillic.En, StringComparison.Ordinal);
        Assert.Contains("U+0421", cyrillic.En, StringComparison.Ordinal);
        Assert.Contains("其他文字的字母", cyrillic.Zh, StringComparison.Ordinal);

        var nul = Rejection.Of(() => DigitalLink.Parse("/01/09506000134352/10/%00"), "lot.character");
        Assert.Contains("U+0000", nul.En, StringComparison.Ordinal);

        var tooLong = Rejection.Of(() => DigitalLink.Parse("/01/09506000134352/10/L/21/" + new string('S', 21)), "serial.too_long");
        Assert.Contains("21 characters", tooLong.En, StringComparison.Ordinal);
        Assert.Contains("21 个字符", tooLong.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_megabyte_is_refused_on_its_length_before_it_is_read()
    {
        var huge = "https://example.org/01/09506000134352/10/" + new string('A', 1 << 20);
        _ = DigitalLink.Check(huge, out _); // JIT

        var stopwatch = Stopwatch.StartNew();
        var error = Rejection.Of(() => DigitalLink.Parse(huge), "link.too_long");
        stopwatch.Stop();

        Assert.Contains("2048", error.En, StringComparison.Ordinal);
        // A scan of the string would still be fast; the bound only catches quadratic or per-segment work.
        Assert.True(stopwatch.ElapsedMilliseconds < 50, $"{stopwatch.ElapsedMilliseconds} ms");

        // The limit itself: a path prefix may bring a link up to 2,048 characters, one more is refused.
        var canonical = "/01/09506000134352/10/L";
        var longest = "https://example.org/" + new string('p', DigitalLink.MaxLength - 20 - canonical.Length) + canonical;
        Assert.Equal(DigitalLink.MaxLength, longest.Length);
        Assert.Equal("L", DigitalLink.Parse(longest).Lot);
        Rejection.Of(() => DigitalLink.Parse(longest.Replace("/p", "/pp", StringComparison.Ordinal)), "link.too_long");
    }

    [Fact]
    public void Http_and_https_and_any_host_name_the_same_item()
    {
        var expected = DigitalLink.Parse("/01/09506000134352/10/L/21/S");

        Assert.Equal(expected, DigitalLink.Parse("https://example.org/01/09506000134352/10/L/21/S"));
        Assert.Equal(expected, DigitalLink.Parse("http://example.org/01/09506000134352/10/L/21/S"));
        Assert.Equal(expected, DigitalLink.Parse("https://[::1]:8443/01/09506000134352/10/L/21/S"));
        Assert.Equal(expected, DigitalLink.Parse("https://127.0.0.1/x/y%20z/01/09506000134352/10/L/21/S"));
    }

    /// <summary>What <see cref="DigitalLink.ForBatch"/> and <see cref="DigitalLink.ForItem"/> refuse: what Parse would refuse.</summary>
    public static TheoryData<string, string?, string, string> BadValues => new()
    {
        { string.Empty, null, "lot", "lot.required" },
        { new string('L', 21), null, "lot", "lot.too_long" },
        { "L#1", null, "lot", "lot.character" },
        { "L 1", null, "lot", "lot.character" },
        { "L\u00E9", null, "lot", "lot.character" },
        { "..", null, "lot", "lot.dot_segment" },
        { ".", null, "lot", "lot.dot_segment" },
        { "L", string.Empty, "serial", "serial.required" },
        { "L", new string('S', 21), "serial", "serial.too_long" },
        { "L", "S\u0410", "serial", "serial.character" },
        { "L", "..", "serial", "serial.dot_segment" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void ForBatch_and_ForItem_refuse_values_no_link_can_carry(string lot, string? serial, string field, string code)
    {
        var gtin = Gtin.Parse("09506000134352");
        var e = Assert.Throws<DomainValidationException>(() => serial is null ? DigitalLink.ForBatch(gtin, lot) : DigitalLink.ForItem(gtin, lot, serial));

        var error = Assert.Single(e.Errors);
        Assert.Equal(field, error.Field);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.En));
        Assert.Contains(error.Zh, Rejection.IsHan);
    }

    [Fact]
    public void Dot_like_values_that_are_not_dot_segments_round_trip()
    {
        var gtin = Gtin.Parse("09506000134352");
        foreach (var value in new[] { "...", ".a", "a.", "..a", "%2E", "%2E%2E" })
        {
            var link = DigitalLink.ForItem(gtin, value, value);
            Assert.Equal(link, DigitalLink.Parse(link.Path));
        }
    }

    private static bool CanonicalEscapes(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (path[i] == '%' && !(i + 2 < path.Length && IsUpperHex(path[i + 1]) && IsUpperHex(path[i + 2])))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUpperHex(char c) => char.IsAsciiDigit(c) || c is >= 'A' and <= 'F';

    /// <summary>The lot segment of a canonical path <c>/01/{gtin}/10/{lot}…</c>, still escaped.</summary>
    private static string LotSegment(string path) => path.Split('/')[4];

    private static string Lower(string escaped)
    {
        var sb = new StringBuilder(escaped);
        for (var i = 0; i < sb.Length; i++)
        {
            if (sb[i] == '%')
            {
                sb[i + 1] = char.ToLowerInvariant(sb[i + 1]);
                sb[i + 2] = char.ToLowerInvariant(sb[i + 2]);
            }
        }

        return sb.ToString();
    }

    private static string EscapeAll(string value) =>
        string.Concat(Encoding.UTF8.GetBytes(value).Select(b => $"%{b:X2}"));
}
