using System.Globalization;

namespace EcoValue.Data;

/// <summary>Instants as stored: UTC ISO 8601 with milliseconds and Z, which also sorts as text.</summary>
internal static class DbTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static string? ToText(DateTimeOffset? at) => at is { } v ? ToText(v) : null;

    /// <summary>The current instant as stored (row timestamps, a record's commit time).</summary>
    public static string Now() => ToText(DateTimeOffset.UtcNow);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOrNull(string? text) => text is null ? null : Parse(text);
}
