namespace EcoValue.Labels;

/// <summary>CSV cells as every CSV this service writes them (labels, verification reports): RFC 4180 quoting and a formula guard.</summary>
public static class Csv
{
    /// <summary>
    /// Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a formula (CSV injection,
    /// OWASP). Product and lot are typed by people, so such a value gets a leading apostrophe, which spreadsheets hide
    /// and print as text. Links and short codes are issued by us and must print exactly, so they are left alone.
    /// </summary>
    public static string Guard(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>RFC 4180 section 2: quote a field holding a comma, a double quote or a line break; double inner quotes.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
