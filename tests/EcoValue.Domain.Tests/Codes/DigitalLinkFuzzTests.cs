using System.Text;
using EcoValue.Domain.Codes;
using EcoValue.Domain.Tests.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Codes;

/// <summary>
/// 10,000 mutated links (docs/domain.md: identifiers are fuzzed with noise and near-misses of valid input): each is
/// accepted or refused with one bilingual <see cref="DomainValidationException"/>, never anything else; Parse, TryParse
/// and Check agree; and whatever is accepted formats to a canonical link that parses back to the same item.
/// </summary>
public class DigitalLinkFuzzTests
{
    private static readonly string[] Seeds =
    [
        "https://example.org/01/09506000134352/10/LOT1/21/ABC123",
        "https://id.gs1.org/01/9506000134352/10/A%2FB%25C/21/X7KQ2M9XA3HDP",
        "/01/96385074/10/%21%22%26/21/S",
        "http://example.org:8080/r/qr/01/614141123452/10/L?17=261231#f",
        "https://example.org/01/09506000134352/10/ABCDEFGHIJKLMNOPQRST/21/abcdefghijklmnopqrst",
    ];

    /// <summary>Tokens that hide crashes in URL parsers: escapes good and bad, separators, look-alikes, dots, AIs.</summary>
    private static readonly string[] Tokens =
    [
        "%", "%2F", "%2f", "%25", "%252F", "%G1", "%0", "%00", "%C0%AF", "%EF%BC%91", "%D0%90", "%FF", "%ED%A0%80", "%E2%82",
        "%2E", "%2E%2E", "/", "//", ".", "..", "/../", "/./", "?", "#", "&", "+", "=", "@", "\\", ":", " ", "\t", "\0", "\u0001",
        "\u00A0", "\u3000", "\uFEFF", "\u200B", "\u0301", "\uFF11", "\u0669", "\u0410", "\u0435", "中", "\uD800", "\uDC00",
        "\U0001F600", "01", "10", "21", "22", "17", "235", "/01/", "/10/", "/21/", "/22/", "0", "9", "A", "z", "~", "$", "\"",
        "https://", "http://", "HTTPS://",
    ];

    public static TheoryData<int> Seeds20 => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Seeds20))]
    public void Mutated_links_are_accepted_canonically_or_refused_with_domain_validation_only(int seed)
    {
        var rng = new Random(seed);
        var accepted = 0;
        for (var n = 0; n < 500; n++)
        {
            var input = n % 5 == 0 ? Noise(rng) : Mutate(rng, Seeds[rng.Next(Seeds.Length)]);
            var context = $"seed {seed}, case {n}: {LinkValues.Escape(input)}";
            DigitalLink parsed;
            try
            {
                parsed = DigitalLink.Parse(input);
            }
            catch (DomainValidationException e)
            {
                var error = Assert.Single(e.Errors);
                Assert.True(error.Code.Split('.')[0] is "link" or "gtin" or "lot" or "serial", $"{context}: code {error.Code}");
                Assert.Equal(string.Empty, error.Field);
                Assert.False(string.IsNullOrWhiteSpace(error.En), context);
                Assert.True(error.Zh.Any(Rejection.IsHan), $"{context}: {error.Zh}");
                Assert.False(DigitalLink.TryParse(input, out _), $"{context}: TryParse accepted what Parse refused");
                Assert.Equal(error, DigitalLink.Check(input, out _));
                continue;
            }
            catch (Exception e)
            {
                Assert.Fail($"{context}: threw {e.GetType().Name}: {e.Message}");
                throw;
            }

            accepted++;
            Assert.True(DigitalLink.TryParse(input, out var tried), $"{context}: TryParse refused what Parse accepted");
            Assert.Equal(parsed, tried);

            // Whatever is accepted is a real item: canonical form re-parses to it, under any base, and is idempotent.
            var canonical = parsed.ToUri("https://example.org");
            var again = DigitalLink.Parse(canonical);
            Assert.True(parsed == again, $"{context}\ncanonical {canonical}");
            Assert.Equal(canonical, again.ToUri("https://example.org"));
            Assert.Equal(14, parsed.Gtin.Value.Length);
            Assert.True(parsed.Lot is null || (parsed.Lot.Length is >= 1 and <= 20 && parsed.Lot.All(c => LinkValues.Cset82.Contains(c, StringComparison.Ordinal))), context);
            Assert.True(parsed.Serial is null || (parsed.Serial.Length is >= 1 and <= 20 && parsed.Serial.All(c => LinkValues.Cset82.Contains(c, StringComparison.Ordinal))), context);
        }

        // Near-misses must sometimes survive (an inserted "A" in a lot is still a lot), or the fuzzer tests nothing.
        Assert.InRange(accepted, 5, 450);
    }

    [Fact]
    public void Every_single_digit_typo_of_the_gtin_in_a_link_is_a_check_digit_error()
    {
        const string gtin = "09506000134352";
        foreach (var (position, digit) in Enumerable.Range(0, 14).SelectMany(p => "0123456789".Select(d => (p, d))))
        {
            if (gtin[position] == digit)
            {
                continue;
            }

            var typo = gtin[..position] + digit + gtin[(position + 1)..];
            Rejection.Of(() => DigitalLink.Parse($"https://example.org/01/{typo}/10/L"), "gtin.check_digit");
        }
    }

    private static string Noise(Random rng)
    {
        var sb = new StringBuilder();
        var count = rng.Next(0, 30);
        for (var i = 0; i < count; i++)
        {
            sb.Append(rng.Next(4) == 0 ? (char)rng.Next(0x10000) : Tokens[rng.Next(Tokens.Length)]);
        }

        return sb.ToString();
    }

    private static string Mutate(Random rng, string seed)
    {
        var sb = new StringBuilder(seed);
        var edits = 1 + rng.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var at = rng.Next(sb.Length + 1);
            switch (rng.Next(5))
            {
                case 0 when at < sb.Length:
                    sb.Remove(at, Math.Min(sb.Length - at, 1 + rng.Next(4)));
                    break;
                case 1:
                    sb.Insert(at, Tokens[rng.Next(Tokens.Length)]);
                    break;
                case 2 when at < sb.Length:
                    sb[at] = Tokens[rng.Next(Tokens.Length)][0];
                    break;
                case 3:
                    sb.Insert(at, (char)rng.Next(0x10000));
                    break;
                default:
                    sb.Insert(at, (char)rng.Next(0x20, 0x7F));
                    break;
            }
        }

        return sb.ToString();
    }
}
