using System.Text;
using EcoValue.Domain.Identifiers;
using EcoValue.Domain.Validation;

namespace EcoValue.Domain.Tests.Identifiers;

/// <summary>Any string at all: each parser either accepts it or throws DomainValidationException, nothing else.</summary>
public class IdentifierFuzzTests
{
    // Near-misses of valid inputs are where crashes hide, so mutate real codes as well as generating noise.
    private static readonly string[] Seeds = ["09506000134352", "9506000134352", "96385074", "614141123452", "91460000MA5TKFKY8F", "93469025MA5TB00103", "469025", "460000"];

    private static readonly string[] Alphabet =
    [
        "0", "1", "5", "9", "A", "X", "Y", "Z", "I", "O", "a", "y", " ", "-", "+", ".", "\0", "\t", "\n", "\u00A0", "\u3000",
        "\uFEFF", "\u200B", "\u0301", "\uFF11", "\uFF21", "\u0661", "\u0966", "\u041C", "中", "\uD800", "\uDC00", "\U0001F600",
        "\U0001D7D0", "\uFFFF", "\u202E",
    ];

    public static TheoryData<int> Seeds20 => new(Enumerable.Range(1, 20));

    [Theory]
    [MemberData(nameof(Seeds20))]
    public void Every_parser_accepts_or_throws_domain_validation_only(int seed)
    {
        var random = new Random(seed);
        for (var n = 0; n < 500; n++)
        {
            var input = n % 2 == 0 ? Noise(random) : Mutate(random, Seeds[random.Next(Seeds.Length)]);

            Check(seed, n, input, () => Gtin.Parse(input), Gtin.TryParse(input, out var g), g);
            Check(seed, n, input, () => CreditCode.Parse(input), CreditCode.TryParse(input, out var c), c);
            Check(seed, n, input, () => RegionCode.Parse(input), RegionCode.TryParse(input, out var r), r);
            _ = Gs1CheckDigit.IsValid(input);
            try
            {
                _ = Gs1CheckDigit.Compute(input);
            }
            catch (DomainValidationException)
            {
            }
        }
    }

    private static void Check<T>(int seed, int n, string input, Func<T> parse, bool tried, T? triedResult)
        where T : class
    {
        try
        {
            var parsed = parse();
            Assert.True(tried, $"seed {seed}, case {n}: Parse accepted but TryParse refused {Escape(input)}");
            Assert.Equal(parsed, triedResult);
            Assert.Equal(parsed, parse());
        }
        catch (DomainValidationException e)
        {
            Assert.False(tried, $"seed {seed}, case {n}: TryParse accepted but Parse refused {Escape(input)}");
            Assert.Single(e.Errors);
        }
        catch (Exception e)
        {
            Assert.Fail($"seed {seed}, case {n}: {typeof(T).Name} threw {e.GetType().Name} for {Escape(input)}: {e.Message}");
        }
    }

    private static string Noise(Random random)
    {
        var builder = new StringBuilder();
        var length = random.Next(0, 24);
        for (var i = 0; i < length; i++)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string Mutate(Random random, string seed)
    {
        var builder = new StringBuilder(seed);
        var edits = 1 + random.Next(3);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(4))
            {
                case 0 when at < builder.Length:
                    builder.Remove(at, 1);
                    break;
                case 1:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2 when at < builder.Length:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)][0];
                    break;
                default:
                    builder.Insert(at, (char)random.Next(0x10000));
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Escape(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}"));
}
