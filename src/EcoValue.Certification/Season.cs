using System.Globalization;

namespace EcoValue.Certification;

/// <summary>The month and day a standard's quota season starts (<c>quota.season_start</c>, "MM-DD"; never 02-29).</summary>
public readonly record struct SeasonStart(int Month, int Day)
{
    public static SeasonStart Parse(string monthDay)
    {
        ArgumentNullException.ThrowIfNull(monthDay);
        if (monthDay.Length == 5 && monthDay[2] == '-'
            && int.TryParse(monthDay.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(monthDay.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2023, month))
        {
            // 2023 is not a leap year, so 02-29 is refused: a season must start on a day every year has.
            return new SeasonStart(month, day);
        }

        throw new FormatException($"'{monthDay}' is not a month-day MM-DD that every year has");
    }

    public override string ToString() => $"{Month:00}-{Day:00}";
}

/// <summary>
/// One quota season: the twelve months from a standard's season start. A licence's certified quantity is per
/// category per season (DESIGN.md "Quota"). <see cref="Id"/> names it: <c>2025</c> when seasons are calendar years,
/// else <c>2025/26</c> for the season starting in 2025.
/// </summary>
public readonly record struct Season(DateOnly Start, DateOnly End)
{
    public string Id => Start is { Month: 1, Day: 1 }
        ? Start.Year.ToString(CultureInfo.InvariantCulture)
        : $"{Start.Year.ToString(CultureInfo.InvariantCulture)}/{(End.Year % 100).ToString("00", CultureInfo.InvariantCulture)}";

    public bool Contains(DateOnly date) => date >= Start && date <= End;

    public static Season Containing(SeasonStart start, DateOnly date)
    {
        var thisYear = new DateOnly(date.Year, start.Month, start.Day);
        var from = date >= thisYear ? thisYear : thisYear.AddYears(-1);
        return new Season(from, from.AddYears(1).AddDays(-1));
    }

    public override string ToString() => Id;
}
