namespace EcoValue.Labels;

/// <summary>The label outputs: SVG and PNG come as a ZIP of one file per code, PDF as A4 label sheets, CSV for label printers.</summary>
public enum LabelFormat
{
    Svg,
    Png,
    Pdf,
    Csv,
}

/// <summary>Parsing of the <c>format</c> query value and what to send with each format (content type, file extension).</summary>
public static class LabelFormats
{
    /// <summary>
    /// <c>svg</c>, <c>png</c>, <c>pdf</c> or <c>csv</c>, in any case. Nothing else parses: unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>
    /// this refuses numbers ("1") and padded or combined values, so a typo never silently picks a format.
    /// </summary>
    public static bool TryParse(string? value, out LabelFormat format)
    {
        foreach (var candidate in Enum.GetValues<LabelFormat>())
        {
            if (string.Equals(value, Name(candidate), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }

        format = default;
        return false;
    }

    /// <summary>The lower-case name used in URLs and on the command line.</summary>
    public static string Name(LabelFormat format) => format switch
    {
        LabelFormat.Svg => "svg",
        LabelFormat.Png => "png",
        LabelFormat.Pdf => "pdf",
        LabelFormat.Csv => "csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The HTTP content type of what <see cref="LabelWriter"/> writes for <paramref name="format"/>.</summary>
    public static string ContentType(LabelFormat format) => format switch
    {
        LabelFormat.Svg or LabelFormat.Png => "application/zip",
        LabelFormat.Pdf => "application/pdf",
        LabelFormat.Csv => "text/csv; charset=utf-8",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The file extension (with its dot) of the whole output: <c>.zip</c> for SVG and PNG, which are one file per code.</summary>
    public static string FileExtension(LabelFormat format) => format switch
    {
        LabelFormat.Svg or LabelFormat.Png => ".zip",
        LabelFormat.Pdf => ".pdf",
        LabelFormat.Csv => ".csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
