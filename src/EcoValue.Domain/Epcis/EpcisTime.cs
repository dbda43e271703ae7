using System.Globalization;

namespace EcoValue.Domain.Epcis;

/// <summary>
/// EPCIS time stamps: RFC 3339 date-times with an explicit offset (the schema's <c>format: date-time</c>), and the
/// <c>eventTimeZoneOffset</c> pattern <c>^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$</c> (EPCIS 2.0 JSON schema).
/// Parsing is stricter than ajv (offset only as Z or ±HH:MM, no leap second, year ≥ 1) so whatever we keep is valid on export.
/// </summary>
internal static class EpcisTime
{
    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>; digits beyond 100 ns are dropped.</summary>
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] is not ('T' or 't')) || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s[..4], out var year) || !Digits(s.Slice(5, 2), out var month) || !Digits(s.Slice(8, 2), out var day)
            || !Digits(s.Slice(11, 2), out var hour) || !Digits(s.Slice(14, 2), out var minute) || !Digits(s.Slice(17, 2), out var second))
        {
            return false;
        }

        var i = 19;
        long ticks = 0;
        if (s[i] == '.')
        {
            i++;
            var start = i;
            var scale = TimeSpan.TicksPerSecond;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                scale /= 10;
                ticks += (s[i] - '0') * scale;
                i++;
            }

            if (i == start)
            {
                return false;
            }
        }

        if (i >= s.Length || !TryParseZone(s[i..], allowZ: true, out var offset))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(ticks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // 0001-01-01T00:00:00+01:00 and the like fall outside DateTimeOffset's UTC range.
            return false;
        }
    }

    /// <summary>Parses an <c>eventTimeZoneOffset</c>: ±HH:MM from -14:00 to +14:00 as the schema's pattern allows.</summary>
    public static bool TryParseOffset(string text, out TimeSpan offset) => TryParseZone(text, allowZ: false, out offset);

    /// <summary>RFC 3339 with as many fraction digits as needed (none when whole seconds), Z for UTC.</summary>
    public static string Format(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string FormatOffset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var abs = offset.Duration();
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs.Hours:00}:{abs.Minutes:00}");
    }

    /// <summary>True when <paramref name="offset"/> is a whole number of minutes within ±14:00 (what both the schema and DateTimeOffset allow).</summary>
    public static bool IsValidOffset(TimeSpan offset) =>
        offset.Ticks % TimeSpan.TicksPerMinute == 0 && offset.Duration() <= TimeSpan.FromHours(14);

    private static bool TryParseZone(ReadOnlySpan<char> s, bool allowZ, out TimeSpan offset)
    {
        offset = default;
        if (allowZ && s.Length == 1 && s[0] is 'Z' or 'z')
        {
            return true;
        }

        if (s.Length != 6 || s[0] is not ('+' or '-') || s[3] != ':' || !Digits(s.Slice(1, 2), out var h) || !Digits(s.Slice(4, 2), out var m))
        {
            return false;
        }

        if (m > 59 || h > 14 || (h == 14 && m != 0))
        {
            return false;
        }

        offset = new TimeSpan(h, m, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }

        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
