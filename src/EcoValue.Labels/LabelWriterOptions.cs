namespace EcoValue.Labels;

/// <summary>Tuning for <see cref="LabelWriter"/>; the defaults are what the API and CLI use.</summary>
public sealed record LabelWriterOptions
{
    public static LabelWriterOptions Default { get; } = new();

    /// <summary>Geometry of the PDF sheets.</summary>
    public LabelSheetLayout Layout { get; init; } = LabelSheetLayout.Default;

    /// <summary>
    /// Pixels per QR module in the PNG files. 10 gives about 370-450 px for a typical link, i.e. a symbol of about
    /// 30 mm at 300 dpi, which designers can scale down without resampling artefacts.
    /// </summary>
    public int PngPixelsPerModule { get; init; } = 10;

    /// <summary>
    /// A font file (TTF, OTF or TTC) for the PDF header, when the defaults (Noto Sans CJK SC from Debian's
    /// fonts-noto-cjk, then whatever fontconfig offers for the text) will not do; <see cref="HeaderFontIndex"/> picks the face in a collection.
    /// </summary>
    public string? HeaderFontPath { get; init; }

    public int HeaderFontIndex { get; init; }

    /// <summary>
    /// How many codes may be encoded ahead of the one being written. Encoding runs on all cores; this bound is what
    /// keeps memory flat when the output (an HTTP client, a disk) is slower than the encoders.
    /// </summary>
    public int LookAhead { get; init; } = Math.Clamp(Environment.ProcessorCount * 8, 16, 128);

    internal void Validate()
    {
        Layout.Validate();
        if (PngPixelsPerModule is < 1 or > 100)
        {
            throw new ArgumentException($"PngPixelsPerModule must be 1..100, not {PngPixelsPerModule}");
        }

        if (LookAhead is < 1 or > 10_000)
        {
            throw new ArgumentException($"LookAhead must be 1..10000, not {LookAhead}");
        }
    }
}
