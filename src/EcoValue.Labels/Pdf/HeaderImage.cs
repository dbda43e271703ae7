using SkiaSharp;

namespace EcoValue.Labels.Pdf;

/// <summary>
/// The part of every label that may be Chinese (brand, product, producer), drawn once per document into an 8-bit
/// grey bitmap at 300 dpi and placed on every label as one image XObject. An image avoids embedding and subsetting a
/// CJK font (megabytes, and text shaping) in the PDF, and costs a few kilobytes once.
/// </summary>
internal static class HeaderImage
{
    public const int Dpi = 300;

    /// <summary>The debian fonts-noto-cjk collection scripts/test installs; face 2 is Noto Sans CJK SC (simplified Chinese forms).</summary>
    internal const string DebianCjkPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
    internal const int DebianCjkScIndex = 2;

    /// <summary>Grey pixels, one byte each, top row first, 255 = white.</summary>
    public sealed record Bitmap(int Width, int Height, byte[] Pixels);

    public static Bitmap Render(LabelSheetHeader header, double widthMm, double heightMm, LabelWriterOptions options)
    {
        var w = Math.Max(1, (int)Math.Round(widthMm / 25.4 * Dpi));
        var h = Math.Max(1, (int)Math.Round(heightMm / 25.4 * Dpi));
        var lines = new List<(string Text, double MaxPt)>();
        if (!string.IsNullOrWhiteSpace(header.BrandName))
        {
            lines.Add((header.BrandName.Trim(), 10));
        }

        lines.Add((header.Product.Trim(), 8.5));
        if (!string.IsNullOrWhiteSpace(header.Producer))
        {
            lines.Add((header.Producer.Trim(), 6.5));
        }

        using var typeface = ChooseTypeface(string.Concat(lines.Select(l => l.Text)), options);
        using var bitmap = new SKBitmap(new SKImageInfo(w, h, SKColorType.Gray8, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true })
        {
            canvas.Clear(SKColors.White);
            var pxPerPt = Dpi / 72.0;

            // The lines share the height in proportion to their largest sizes, then each shrinks to fit the width.
            var scale = Math.Min(1, h / pxPerPt / lines.Sum(l => l.MaxPt * 1.25));
            var y = 0.0;
            foreach (var (text, maxPt) in lines)
            {
                var lineHeight = maxPt * scale * 1.25 * pxPerPt;
                using var font = new SKFont(typeface, (float)(maxPt * scale * pxPerPt)) { Edging = SKFontEdging.Antialias, Subpixel = true };

                // A long line first shrinks, down to 70 % of its size; only what is still too wide is cut.
                var measured = font.MeasureText(text);
                if (measured > w)
                {
                    font.Size = (float)Math.Max(font.Size * 0.7, font.Size * w / measured);
                }

                var fitted = Fit(text, font, w);
                var metrics = font.Metrics;

                // Centre the glyphs' ascent+descent in the line box.
                var baseline = y + ((lineHeight - (metrics.Descent - metrics.Ascent)) / 2) - metrics.Ascent;
                canvas.DrawText(fitted, 0, (float)baseline, SKTextAlign.Left, font, paint);
                y += lineHeight;
            }
        }

        var pixels = new byte[w * h];
        var span = bitmap.GetPixelSpan();
        for (var row = 0; row < h; row++)
        {
            span.Slice(row * bitmap.RowBytes, w).CopyTo(pixels.AsSpan(row * w));
        }

        return new Bitmap(w, h, pixels);
    }

    /// <summary>
    /// The first face that has a glyph for every character: the configured font, Noto Sans CJK SC from Debian's
    /// package, what fontconfig calls Noto Sans CJK SC, then whatever face fontconfig offers for the first character
    /// the others lack. Without any, the default face draws what it can (missing glyphs show as boxes).
    /// </summary>
    internal static SKTypeface ChooseTypeface(string text, LabelWriterOptions options)
    {
        var candidates = new List<Func<SKTypeface?>>();
        if (options.HeaderFontPath is { Length: > 0 } path)
        {
            candidates.Add(() => File.Exists(path) ? SKTypeface.FromFile(path, options.HeaderFontIndex) : null);
        }

        candidates.Add(() => File.Exists(DebianCjkPath) ? SKTypeface.FromFile(DebianCjkPath, DebianCjkScIndex) : null);
        candidates.Add(() => SKFontManager.Default.MatchFamily("Noto Sans CJK SC"));
        candidates.Add(() => FirstMissing(text, SKTypeface.Default) is { } c ? SKFontManager.Default.MatchCharacter(c) : null);
        foreach (var candidate in candidates)
        {
            var face = candidate();
            if (face is null)
            {
                continue;
            }

            if (FirstMissing(text, face) is null)
            {
                return face;
            }

            face.Dispose();
        }

        return SKTypeface.CreateDefault();
    }

    /// <summary>The first character (code point) of <paramref name="text"/> that <paramref name="face"/> has no glyph for, or null.</summary>
    internal static int? FirstMissing(string text, SKTypeface face)
    {
        using var font = new SKFont(face);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            var cp = char.ConvertToUtf32(text, i);
            if (!char.IsWhiteSpace(text, i) && font.GetGlyph(cp) == 0)
            {
                return cp;
            }
        }

        return null;
    }

    private static string Fit(string text, SKFont font, int width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        // Too long even after the vertical scale: cut at a character boundary and mark the cut.
        var end = text.Length;
        while (end > 1)
        {
            end--;
            if (char.IsLowSurrogate(text[end]))
            {
                end--;
            }

            var candidate = text[..end].TrimEnd() + "…";
            if (font.MeasureText(candidate) <= width)
            {
                return candidate;
            }
        }

        return "…";
    }
}
