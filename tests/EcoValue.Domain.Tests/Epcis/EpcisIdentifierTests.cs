using EcoValue.Domain.Identifiers;
using System.Text;
using EcoValue.Domain.Epcis;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Epcis;

public class EpcisIdentifierTests
{
    [Theory]
    // GS1 General Specifications check digit example and GTINs from the GS1 EPCIS 2.0 examples.
    [InlineData("629104150021", '3')]
    [InlineData("0061414177777", '8')]
    [InlineData("0401234566666", '3')]
    [InlineData("7061414112345", '1')]
    [InlineData("061414100777", '6')]
    public void CheckDigit_matches_gs1_mod10(string key, char expected)
    {
        Assert.Equal(expected, Gs1CheckDigit.Compute(key));
        Assert.True(Gs1CheckDigit.IsValid(key + expected));
        Assert.False(Gs1CheckDigit.IsValid(key + (char)('0' + ((expected - '0' + 1) % 10))));
    }

    [Theory]
    // GS1 EPC Tag Data Standard SGTIN example: (01) 80614141123458 (21) 6789.
    [InlineData("urn:epc:id:sgtin:0614141.812345.6789", "80614141123458", null, "6789")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.2017", "10614141073464", null, "2017")]
    [InlineData("urn:epc:class:lgtin:4012345.012345.998877", "04012345123456", "998877", null)]
    [InlineData("urn:epc:idpat:sgtin:4012345.066666.*", "04012345666663", null, null)]
    [InlineData("urn:epc:id:sgtin:061414112.0345.A%2FB%25C", "00614141123452", null, "A/B%C")]
    [InlineData("urn:epc:id:sgtin:123456789012.0.x.y.z", "01234567890128", null, "x.y.z")]
    [InlineData("https://id.gs1.org/01/70614141123451/21/2017", "70614141123451", null, "2017")]
    [InlineData("https://id.gs1.org/01/00614141777778/10/987", "00614141777778", "987", null)]
    [InlineData("https://id.gs1.org/01/04012345666663", "04012345666663", null, null)]
    [InlineData("https://example.com/some/prefix/01/9506000134352/10/AB%2F12/21/%E7%99%BD%E6%B2%99?17=260101", "09506000134352", "AB/12", "白沙")]
    [InlineData("HTTP://id.example.org/01/96385074/21/1", "00000096385074", null, "1")]
    public void Parse_product_identifiers(string uri, string gtin, string? lot, string? serial)
    {
        var id = EpcisIdentifier.Parse(uri);

        Assert.Equal((gtin, lot, serial), (id.Gtin!, id.Lot, id.Serial));
        Assert.Equal(serial is null ? EpcisIdentifierKind.ProductClass : EpcisIdentifierKind.Item, id.Kind);
        Assert.Null(id.Gln);
    }

    [Theory]
    [InlineData("urn:epc:id:sgln:0614141.07346.1234", "0614141073467", "1234")]
    [InlineData("urn:epc:id:sgln:0614141.00777.0", "0614141007776", null)]
    [InlineData("urn:epc:id:sgln:061414100777...", "0614141007776", ".")]
    [InlineData("https://id.gs1.org/414/0614141007776", "0614141007776", null)]
    [InlineData("https://id.gs1.org/414/0614141073467/254/1234", "0614141073467", "1234")]
    public void Parse_locations(string uri, string gln, string? extension)
    {
        var id = EpcisIdentifier.Parse(uri);

        Assert.Equal((EpcisIdentifierKind.Location, gln, extension), (id.Kind, id.Gln!, id.GlnExtension));
    }

    [Theory]
    [InlineData("https://id.gs1.org/01/70614141123452/21/2017", "epcis.identifier.check_digit")]
    [InlineData("https://id.gs1.org/01/706141411234/21/2017", "epcis.identifier.check_digit")]
    [InlineData("https://id.gs1.org/01/7061414112345/21/1", "epcis.identifier.check_digit")]
    [InlineData("https://id.gs1.org/01/123456789/21/1", "epcis.identifier.gtin_format")]
    [InlineData("https://id.gs1.org/01/70614141123451/21/1/10/2", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/22/A/10/2", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/10/A/10/B", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/10", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/10/%ZZ", "epcis.uri.invalid")]
    [InlineData("https://id.gs1.org/01/70614141123451/10/%C3%28", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/10/", "epcis.identifier.text_length")]
    [InlineData("https://id.gs1.org/01/70614141123451/21/1#x", "epcis.identifier.digital_link")]
    [InlineData("https://id.gs1.org/01/70614141123451/10/a b", "epcis.uri.invalid")]
    [InlineData("https://id.gs1.org/414/061414100777", "epcis.identifier.gln_format")]
    [InlineData("https://id.gs1.org/414/0614141007777", "epcis.identifier.check_digit")]
    [InlineData("https://id.gs1.org/414/0614141007776/10/1", "epcis.identifier.digital_link")]
    [InlineData("urn:epc:id:sgtin:06141.4107346.2017", "epcis.identifier.urn_digits")]
    [InlineData("urn:epc:id:sgtin:0614141.10734.2017", "epcis.identifier.urn_digits")]
    [InlineData("urn:epc:id:sgtin:0614141.1O7346.2017", "epcis.identifier.urn_digits")]
    [InlineData("urn:epc:id:sgtin:0614141.107346", "epcis.identifier.urn_syntax")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.", "epcis.identifier.urn_text")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.123456789012345678901", "epcis.identifier.urn_text")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.%E7%99%BD", "epcis.identifier.urn_text")]
    [InlineData("urn:epc:id:sgtin:0614141.107346.%4", "epcis.identifier.urn_text")]
    [InlineData("urn:epc:idpat:sgtin:0614141.*.*", "epcis.identifier.pattern_unsupported")]
    [InlineData("urn:epc:idpat:sgtin:0614141.107346.12", "epcis.identifier.pattern_unsupported")]
    [InlineData("urn:epc:id:sgln:0614141.0734.1234", "epcis.identifier.urn_digits")]
    public void Parse_broken_gs1_identifier_names_the_problem(string uri, string code)
    {
        var e = Assert.Throws<DomainValidationException>(() => EpcisIdentifier.Parse(uri));

        var error = Assert.Single(e.Errors);
        Assert.Equal(code, error.Code);
        Assert.NotEmpty(error.En);
        Assert.NotEmpty(error.Zh);
    }

    [Theory]
    [InlineData("urn:epc:id:sscc:0614141.1234567890")]
    [InlineData("urn:epc:id:giai:4000001.111")]
    [InlineData("geo:19.2,109.5")]
    [InlineData("https://example.org/8004/401234599999")]
    [InlineData("https://example.org/01/abc")]
    [InlineData("https://example.org")]
    public void TryRecognize_other_uris_are_not_errors(string uri)
    {
        Assert.False(EpcisIdentifier.TryRecognize(uri, out var id, out var error));
        Assert.Null(id);
        Assert.Null(error);
        Assert.Throws<DomainValidationException>(() => EpcisIdentifier.Parse(uri));
    }

    [Fact]
    public void Product_normalises_short_gtins_and_checks_digits()
    {
        Assert.Equal("00000096385074", EpcisIdentifier.Product("96385074").Gtin);
        Assert.Equal("00614141123452", EpcisIdentifier.Product("614141123452").Gtin);
        Assert.Equal("09506000134352", EpcisIdentifier.Product("9506000134352").Gtin);

        var e = Assert.Throws<DomainValidationException>(() => EpcisIdentifier.Product("9506000134353", lot: "", serial: "a\uD800"));
        Assert.Equal(
            [("gtin", "epcis.identifier.check_digit"), ("lot", "epcis.identifier.text_length"), ("serial", "epcis.identifier.text_utf16")],
            e.Errors.Select(x => (x.Field, x.Code)));
        Assert.Contains("expected 2", e.Errors[0].En, StringComparison.Ordinal);
    }

    [Fact]
    public void ToDigitalLink_is_canonical_and_percent_encodes_utf8()
    {
        var id = EpcisIdentifier.Product("9506000134352", "L 2025/03", "白沙-1");

        Assert.Equal("https://id.gs1.org/01/09506000134352/10/L%202025%2F03/21/%E7%99%BD%E6%B2%99-1", id.ToDigitalLink());
        Assert.Equal("https://trace.example.cn/01/09506000134352/10/L%202025%2F03/21/%E7%99%BD%E6%B2%99-1", id.ToDigitalLink("https://trace.example.cn/"));
        Assert.Equal("https://id.gs1.org/414/0614141073467/254/12%2F4", EpcisIdentifier.Location("0614141073467", "12/4").ToDigitalLink());
        Assert.Throws<ArgumentException>(() => id.ToDigitalLink("ftp://x"));
        Assert.Throws<ArgumentException>(() => id.ToDigitalLink("https://x/?a=1"));
    }

    [Theory]
    [InlineData("80614141123458", null, "6789", 7, "urn:epc:id:sgtin:0614141.812345.6789")]
    [InlineData("04012345123456", "998877", null, 7, "urn:epc:class:lgtin:4012345.012345.998877")]
    [InlineData("04012345666663", null, null, 7, "urn:epc:idpat:sgtin:4012345.066666.*")]
    [InlineData("00614141123452", null, "A/B%C?", 9, "urn:epc:id:sgtin:061414112.0345.A%2FB%25C%3F")]
    [InlineData("01234567890128", "L1", "S1", 12, "urn:epc:id:sgtin:123456789012.0.S1")]
    public void ToEpcUrn_splits_by_company_prefix_and_escapes(string gtin, string? lot, string? serial, int prefixLength, string expected)
    {
        var id = EpcisIdentifier.Product(gtin, lot, serial);

        Assert.Equal(expected, id.ToEpcUrn(prefixLength));
        var back = EpcisIdentifier.Parse(expected);
        Assert.Equal((id.Gtin, id.Serial), (back.Gtin, back.Serial));
    }

    [Fact]
    public void ToEpcUrn_refuses_what_a_urn_cannot_carry()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EpcisIdentifier.Product("80614141123458").ToEpcUrn(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpcisIdentifier.Product("80614141123458").ToEpcUrn(13));
        var e = Assert.Throws<DomainValidationException>(() => EpcisIdentifier.Product("80614141123458", "批次").ToEpcUrn(7));
        Assert.Equal("epcis.identifier.urn_charset", Assert.Single(e.Errors).Code);
        Assert.Equal("urn:epc:id:sgln:0614141.07346.0", EpcisIdentifier.Location("0614141073467").ToEpcUrn(7));
        Assert.Equal("urn:epc:id:sgln:061414107346...", EpcisIdentifier.Location("0614141073467", ".").ToEpcUrn(12));
    }

    [Fact]
    public void Digital_link_and_urn_of_the_same_keys_are_equal()
    {
        var byUrn = EpcisIdentifier.Parse("urn:epc:id:sgtin:0614141.812345.6789");
        var byLink = EpcisIdentifier.Parse("https://id.gs1.org/01/80614141123458/21/6789");

        Assert.Equal(byUrn, byLink);
        Assert.Equal(byUrn.GetHashCode(), byLink.GetHashCode());
        Assert.NotEqual(byUrn.Syntax, byLink.Syntax);
        Assert.Equal(EpcisIdentifier.Parse("urn:epc:id:sgln:0614141.07346.1234"), EpcisIdentifier.Parse("https://id.gs1.org/414/0614141073467/254/1234"));
    }

    [Fact]
    public void Random_keys_round_trip_through_digital_link_and_urn()
    {
        const int seed = 20250301;
        var rng = new Random(seed);
        const string cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        for (var i = 0; i < 2000; i++)
        {
            var body = new StringBuilder();
            for (var d = 0; d < 13; d++)
            {
                body.Append((char)('0' + rng.Next(10)));
            }

            var gtin = body + Gs1CheckDigit.Compute(body.ToString()).ToString();
            var lot = rng.Next(3) == 0 ? null : RandomText(rng, cset82, unicode: i % 2 == 0);
            var serial = rng.Next(3) == 0 ? null : RandomText(rng, cset82, unicode: i % 3 == 0);
            var id = EpcisIdentifier.Product(gtin, lot, serial);
            var context = $"seed {seed} case {i}: {gtin} / {lot} / {serial}";

            var link = id.ToDigitalLink("https://trace.example.cn/p");
            Assert.True(EpcisUri.IsValid(link), context);
            var viaLink = EpcisIdentifier.Parse(link);
            Assert.True((id.Gtin, id.Lot, id.Serial) == (viaLink.Gtin, viaLink.Lot, viaLink.Serial), $"{context} -> {link}");

            if (id.IsGs1Conformant)
            {
                var urn = id.ToEpcUrn(rng.Next(6, 13));
                Assert.True(EpcisUri.IsValid(urn), $"{context} -> {urn}");
                var viaUrn = EpcisIdentifier.Parse(urn);
                Assert.True((id.Gtin, serial is null ? id.Lot : null, id.Serial) == (viaUrn.Gtin, viaUrn.Lot, viaUrn.Serial), $"{context} -> {urn}");
            }
        }
    }

    private static string RandomText(Random rng, string cset82, bool unicode)
    {
        var length = rng.Next(1, unicode ? 40 : 21);
        var sb = new StringBuilder();
        while (sb.Length < length)
        {
            if (!unicode)
            {
                sb.Append(cset82[rng.Next(cset82.Length)]);
                continue;
            }

            // Any scalar value: ASCII, CJK, astral, controls; never a lone surrogate.
            var v = rng.Next(4) switch
            {
                0 => rng.Next(0x20, 0x7F),
                1 => rng.Next(0x4E00, 0x9FFF),
                2 => rng.Next(0x10000, 0x10FFFF),
                _ => rng.Next(0, 0xD7FF),
            };
            sb.Append(char.ConvertFromUtf32(v));
        }

        return sb.ToString();
    }
}
