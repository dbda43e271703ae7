using EcoValue.Labels.Pdf;

namespace EcoValue.Labels;

/// <summary>
/// Writes labels for a stream of codes to a stream in one of the <see cref="LabelFormat"/>s, as the codes arrive:
/// the source is read lazily (at most <see cref="LabelWriterOptions.LookAhead"/> codes ahead of the output), the
/// output is written asynchronously as it goes and never seeks, so an HTTP response body works, and memory does not
/// grow with the number of codes (beyond a ZIP's central directory and a PDF's offset table: bytes per code).
/// </summary>
public static class LabelWriter
{
    /// <summary>Progress is reported every this many codes (and once at the end), often enough for a progress bar, rarely enough to cost nothing.</summary>
    public const int ProgressInterval = 100;

    /// <summary>
    /// Writes every code of <paramref name="codes"/> and returns how many. <paramref name="progress"/> receives the
    /// number of codes written so far. A link or short code that is not printable ASCII is an <see cref="ArgumentException"/>
    /// naming its position. On cancellation or failure the output is left unfinished (no PDF trailer, no ZIP central
    /// directory), so a broken download cannot pass for a complete one.
    /// </summary>
    public static Task<int> WriteAsync(
        LabelFormat format,
        LabelSheetHeader header,
        IAsyncEnumerable<LabelCode> codes,
        Stream output,
        IProgress<int>? progress = null,
        LabelWriterOptions? options = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(header.Product, "header.Product");
        ArgumentNullException.ThrowIfNull(header.Lot, "header.Lot");
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(output);
        options ??= LabelWriterOptions.Default;
        options.Validate();
        return format switch
        {
            LabelFormat.Svg or LabelFormat.Png => ZipLabelWriter.WriteAsync(format, codes, output, options, progress, ct),
            LabelFormat.Pdf => PdfLabelWriter.WriteAsync(header, codes, output, options, progress, ct),
            LabelFormat.Csv => CsvLabelWriter.WriteAsync(header, codes, output, progress, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
    }

    internal static void Report(IProgress<int>? progress, int count)
    {
        if (count % ProgressInterval == 0)
        {
            progress?.Report(count);
        }
    }

    internal static void ReportDone(IProgress<int>? progress, int count)
    {
        if (count % ProgressInterval != 0 || count == 0)
        {
            progress?.Report(count);
        }
    }
}
