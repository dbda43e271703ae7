using System.Globalization;
using EcoValue.Api.Features.Certification;

namespace EcoValue.Api.Features.Catalogue;

/// <summary>
/// Dates as the catalogue pages write them: a calendar day in the reader's language, read where the producers are
/// (UTC+8, <see cref="LicenceCalendar"/>), since a licence's validity is stored as instants but granted in days.
/// </summary>
public static class CatalogueDates
{
    /// <summary>A date (yyyy-MM-dd, e.g. a harvest) or an instant (a licence's start) as its day; anything else as it is.</summary>
    public static string Day(string text, bool zh) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Format(day, zh)
        : TryInstant(text, out var at) ? Format(LicenceCalendar.Day(at), zh)
        : text;

    /// <summary>
    /// The last day of a validity that ends at <paramref name="end"/>: a licence's <c>validUntil</c> is the start
    /// (00:00 UTC+8) of the day after its last day (docs/certification-workflow.md), so that day is one earlier.
    /// </summary>
    public static string LastDay(string end, bool zh) =>
        TryInstant(end, out var at) ? Format(LicenceCalendar.Day(at.AddTicks(-1)), zh) : Day(end, zh);

    private static string Format(DateOnly day, bool zh) =>
        zh ? day.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) : day.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private static bool TryInstant(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
}
