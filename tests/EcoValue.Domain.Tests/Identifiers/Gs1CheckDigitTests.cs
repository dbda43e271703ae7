using EcoValue.Domain.Identifiers;

namespace EcoValue.Domain.Tests.Identifiers;

public class Gs1CheckDigitTests
{
    /// <summary>
    /// The check digit as GS1 General Specifications §7.9.1 tabulates it, written independently of the library: pad to
    /// 17 digits + check (the SSCC layout), then weights 3,1,3,1,… from the left.
    /// </summary>
    internal static char Oracle(string body)
    {
        var padded = body.PadLeft(17, '0');
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (padded[i] - '0') * (i % 2 == 0 ? 3 : 1);
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    // Published keys with their check digits:
    //  950600013435|2  GS1's example GTIN (GS1 Digital Link examples, https://id.gs1.org/01/09506000134352)
    //  890400021003|7  GS1 India's worked example, http://www.gs1india.org/SERV/checkdgt.htm ("890 4000 21003 7")
    //  03600029145|2   Wikipedia "Universal Product Code", check digit calculation example
    //  03600024145|7   Wikipedia "Check digit", UPC-A example "036000241457" (a box of tissues)
    //  400638133393|1  Wikipedia "International Article Number", EAN-13 example 4006381333931
    //  10614141123456789|7  GS1's SSCC example (00)106141411234567897 (GS1-128 logistic label examples)
    [Theory]
    [InlineData("950600013435", '2')]
    [InlineData("0950600013435", '2')]
    [InlineData("890400021003", '7')]
    [InlineData("03600029145", '2')]
    [InlineData("03600024145", '7')]
    [InlineData("400638133393", '1')]
    [InlineData("10614141123456789", '7')]
    public void Compute_published_key_gives_its_check_digit(string body, char expected)
    {
        Assert.Equal(expected, Gs1CheckDigit.Compute(body));
        Assert.True(Gs1CheckDigit.IsValid(body + expected));
    }

    [Fact]
    public void Compute_random_bodies_of_every_length_match_independent_oracle()
    {
        const int Seed = 20250301;
        var random = new Random(Seed);
        for (var n = 0; n < 3000; n++)
        {
            var length = 1 + (n % 17);
            var body = new string([.. Enumerable.Range(0, length).Select(_ => (char)('0' + random.Next(10)))]);

            var actual = Gs1CheckDigit.Compute(body);

            Assert.True(Oracle(body) == actual, $"seed {Seed}, case {n}: body {body} gave {actual}, oracle {Oracle(body)}");
            Assert.True(Gs1CheckDigit.IsValid(body + actual), $"seed {Seed}, case {n}: {body}{actual} not valid");
            if (body.Length < 17)
            {
                // Weights start at the right, so a leading zero (GTIN-13 -> GTIN-14) never changes the check digit.
                Assert.True(actual == Gs1CheckDigit.Compute("0" + body), $"seed {Seed}, case {n}: padding {body} changed its check digit");
            }
        }
    }

    [Theory]
    [InlineData("", "gs1.length")]
    [InlineData("123456789012345678", "gs1.length")]
    [InlineData("95060001343a", "gs1.character")]
    [InlineData(" 950600013435", "gs1.character")]
    [InlineData("９５０６", "gs1.character")]
    [InlineData("-1", "gs1.character")]
    public void Compute_malformed_body_throws_domain_validation(string body, string code)
    {
        Rejection.Of(() => Gs1CheckDigit.Compute(body), code);
    }

    [Fact]
    public void Compute_huge_body_is_rejected_on_length()
    {
        var error = Rejection.Of(() => Gs1CheckDigit.Compute(new string('7', 1 << 20)), "gs1.length");

        Assert.Contains("1048576", error.En, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("09506000134352")]
    [InlineData("9506000134352")]
    [InlineData("106141411234567897")]
    [InlineData("96385074")]
    [InlineData("00")]
    public void IsValid_correct_key_is_true(string key)
    {
        Assert.True(Gs1CheckDigit.IsValid(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("09506000134353")]
    [InlineData("0106141411234567897")] // 19 digits: longer than any GS1 key
    [InlineData("950600013435２")]
    [InlineData("9506000134352 ")]
    [InlineData("+9506000134352")]
    public void IsValid_wrong_or_malformed_key_is_false(string? key)
    {
        Assert.False(Gs1CheckDigit.IsValid(key));
    }
}
