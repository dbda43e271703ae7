using System.Buffers;
using System.Globalization;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Records;

/// <summary>
/// The text forms of the envelope's fields. Each field has exactly one accepted spelling, so parsing an envelope and
/// writing it back always yields the bytes it was hashed as.
/// </summary>
public static class RecordFields
{
    public const int MaxKindLength = 32;
    public const int MaxReferenceLength = 256;
    public const int SaltLength = 16;

    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly SearchValues<char> LowerHexDigits = SearchValues.Create("0123456789abcdef");

    /// <summary>Lower-case ASCII words joined by single hyphens, starting with a letter: "batch", "lab-result", "item-codes".</summary>
    public static string CheckKind(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var valid = kind.Length is > 0 and <= MaxKindLength && kind[0] is >= 'a' and <= 'z' && kind[^1] != '-';
        for (var i = 1; valid && i < kind.Length; i++)
        {
            var c = kind[i];
            valid = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') || (c == '-' && kind[i - 1] != '-');
        }

        return valid ? kind : throw new RecordException($"kind \"{Preview(kind)}\" must be lower-case words joined by hyphens (a-z, 0-9, '-'), at most {MaxKindLength} characters");
    }

    /// <summary>A UUID in RFC 9562's lower-case 8-4-4-4-12 form; the nil UUID is not an id.</summary>
    public static string CheckId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Guid.TryParseExact(id, "D", out var guid) || guid == Guid.Empty || !string.Equals(guid.ToString("D"), id, StringComparison.Ordinal))
        {
            throw new RecordException($"id \"{Preview(id)}\" must be a non-nil UUID in lower-case 8-4-4-4-12 form");
        }

        return id;
    }

    /// <summary>
    /// A subject or actor reference ("batch:…", "user:…", a certifier address): 1..256 UTF-16 units of well-formed
    /// Unicode, no control characters, no leading or trailing white space (they would print invisibly on the public page).
    /// </summary>
    public static string CheckReference(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        string? problem = null;
        if (value.Length is 0 or > MaxReferenceLength)
        {
            problem = $"must be 1..{MaxReferenceLength} characters";
        }
        else if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            problem = "must not start or end with white space";
        }
        else
        {
            for (var i = 0; i < value.Length && problem is null; i++)
            {
                if (char.IsControl(value[i]))
                {
                    problem = $"must not contain control character U+{(int)value[i]:X4}";
                }
                else if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                }
                else if (char.IsSurrogate(value[i]))
                {
                    problem = "must be valid Unicode (lone surrogate)";
                }
            }
        }

        return problem is null ? value : throw new RecordException($"{field} \"{Preview(value)}\" {problem}");
    }

    /// <summary>RFC 3339 in UTC with exactly millisecond precision: "2025-03-01T08:30:00.000Z".</summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        TruncateToMilliseconds(at).UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses only the exact form <see cref="FormatTimestamp"/> writes.</summary>
    public static DateTimeOffset ParseTimestamp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 24
            || !DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            || !string.Equals(parsed.ToString(TimestampFormat, CultureInfo.InvariantCulture), text, StringComparison.Ordinal))
        {
            throw new RecordException($"at \"{Preview(text)}\" must be an RFC 3339 UTC timestamp with milliseconds, e.g. 2025-03-01T08:30:00.000Z");
        }

        return new DateTimeOffset(parsed, TimeSpan.Zero);
    }

    /// <summary>The instant in UTC with sub-millisecond ticks dropped (the precision the envelope records).</summary>
    public static DateTimeOffset TruncateToMilliseconds(DateTimeOffset at)
    {
        var utc = at.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>"0x" + 32 lower-case hex digits.</summary>
    public static string FormatSalt(ReadOnlySpan<byte> salt) => Hex.Encode(CheckSaltLength(salt));

    public static byte[] ParseSalt(string text, string field = "salt")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsLowerHex(text, SaltLength))
        {
            throw new RecordException($"{field} \"{Preview(text)}\" must be 0x followed by {2 * SaltLength} lower-case hex digits ({SaltLength} bytes)");
        }

        return Hex.Decode(text);
    }

    /// <summary>16 bytes from the operating system's CSPRNG.</summary>
    public static byte[] NewSalt() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(SaltLength);

    /// <summary>True for exactly "0x" + 2·<paramref name="bytes"/> lower-case hex digits, the one spelling records accept.</summary>
    internal static bool IsLowerHex(string text, int bytes) =>
        text.Length == 2 + (2 * bytes) && text.StartsWith("0x", StringComparison.Ordinal) && !text.AsSpan(2).ContainsAnyExcept(LowerHexDigits);

    internal static ReadOnlySpan<byte> CheckSaltLength(ReadOnlySpan<byte> salt) =>
        salt.Length == SaltLength ? salt : throw new RecordException($"salt must be {SaltLength} bytes, got {salt.Length}");

    internal static string Preview(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "...");
}
