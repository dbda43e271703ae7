using EcoValue.Labels.Pdf;
using SkiaSharp;

namespace EcoValue.Labels;

/// <summary>
/// The typeface for printing Chinese with English: the one the label sheets' header uses (Noto Sans CJK SC from
/// Debian's fonts-noto-cjk, or fontconfig's choice for the text), shared so every printed document finds it alike.
/// </summary>
public static class CjkTypeface
{
    /// <summary>
    /// The first face with a glyph for every character of <paramref name="text"/>: <paramref name="fontPath"/>
    /// (face <paramref name="faceIndex"/>) when given, then Noto Sans CJK SC, then fontconfig's match. The caller disposes it.
    /// </summary>
    public static SKTypeface Choose(string text, string? fontPath = null, int faceIndex = 0) =>
        HeaderImage.ChooseTypeface(text ?? string.Empty, new LabelWriterOptions { HeaderFontPath = fontPath, HeaderFontIndex = faceIndex });
}
