using System.Globalization;
using System.Text;
using EcoValue.Api.Features.Verification;
using EcoValue.Labels;
using SkiaSharp;

namespace EcoValue.Api.Features.Dossier;

/// <summary>
/// The dossier as an A4 PDF (Skia's PDF backend): the same outline as the HTML page, drawn with a CJK typeface that
/// Skia subsets into the file, text wrapped to the column and continued on the next page. Text goes in as text runs
/// that carry their characters, so Skia writes ActualText where a glyph's own mapping would read back wrong (Noto's
/// 白 shares a glyph with the Kangxi radical ⽩): copying or searching the PDF gives the characters that were drawn.
/// A dossier is a few pages: built in memory.
/// </summary>
internal sealed class DossierPdf : IDisposable
{
    public const string ContentType = "application/pdf";

    // A4 in points, 15 mm margins.
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 42.5f;
    private const float Bottom = PageHeight - Margin - 14;
    private const float Width = PageWidth - (2 * Margin);
    private const float LabelWidth = 150;
    private const float Gap = 8;

    private static readonly SKColor Ink = new(0x11, 0x11, 0x11);
    private static readonly SKColor Grey = new(0x3d, 0x4a, 0x3d);
    private static readonly SKColor Green = new(0x0b, 0x4f, 0x1b);
    private static readonly SKColor Rule = new(0xb8, 0xc4, 0xb8);
    private static readonly SKColor Shade = new(0xee, 0xf3, 0xee);

    private readonly SKDocument _document;
    private readonly SKTypeface _typeface;
    private readonly SKFont _title;
    private readonly SKFont _heading;
    private readonly SKFont _body;
    private readonly SKFont _small;
    private readonly SKFont _mono;
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private readonly string _footer;
    private SKCanvas? _canvas;
    private int _page;
    private float _y;

    private DossierPdf(Stream output, BatchDossier dossier)
    {
        // Chosen for the document's own words (Chinese and Latin), not the data: one odd character in a product name
        // (an emoji, a rare ideograph) must not send the whole document to a face without Chinese. Such a character
        // draws as the face's missing-glyph box.
        _typeface = CjkTypeface.Choose(DossierText.Intro.Zh + DossierText.Intro.En);
        _title = Font(17);
        _heading = Font(12);
        _body = Font(8.8f);
        _small = Font(7.6f);
        _mono = Font(6.8f);
        _footer = DossierText.Both(DossierText.Title) + " · " + dossier.Batch.Product + " · " + dossier.BatchId;
        _document = SKDocument.CreatePdf(output, new SKDocumentPdfMetadata
        {
            Title = Clean(DossierText.Both(DossierText.Title) + " · " + dossier.Batch.Product + " · " + dossier.Batch.Lot),
            Creator = "EcoValue",
            Producer = "EcoValue (Skia PDF)",
            RasterDpi = 300,
        });
    }

    /// <summary>The PDF of <paramref name="dossier"/>.</summary>
    public static byte[] Render(BatchDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        var outline = DossierOutline.Of(dossier);
        using var output = new MemoryStream(64 * 1024);
        using (var pdf = new DossierPdf(output, dossier))
        {
            pdf.Write(dossier, outline);
        }

        return output.ToArray();
    }

    public void Dispose()
    {
        _document.Dispose();
        _paint.Dispose();
        _title.Dispose();
        _heading.Dispose();
        _body.Dispose();
        _small.Dispose();
        _mono.Dispose();
        _typeface.Dispose();
    }

    private void Write(BatchDossier d, IReadOnlyList<DossierSection> outline)
    {
        NewPage();
        Paragraph(DossierText.Both(DossierText.Title), _title, Ink, 0, Width);
        _y += 2;
        Paragraph(d.Batch.Product + " · " + d.Batch.Lot + " · " + d.Producer.Name, _heading, Ink, 0, Width);
        Paragraph(DossierText.Both(DossierText.GeneratedAt) + ": " + d.GeneratedAt, _small, Grey, 0, Width);
        Paragraph(DossierText.Intro.Zh, _small, Grey, 0, Width);
        Paragraph(DossierText.Intro.En, _small, Grey, 0, Width);
        foreach (var section in outline)
        {
            Heading(section.Title);
            foreach (var block in section.Blocks)
            {
                Block(block);
            }
        }

        EndPage();
        _document.Close();
    }

    private void Block(DossierBlock block)
    {
        switch (block)
        {
            case FieldsBlock fields:
                foreach (var f in fields.Fields)
                {
                    var valueFont = f.Mono ? _mono : _body;
                    Row(
                        [(Wrap(DossierText.Both(f.Label), _small, LabelWidth), _small, Grey, 0f), (Wrap(f.Value, valueFont, Width - LabelWidth - Gap), valueFont, Ink, LabelWidth + Gap)],
                        LineHeight(_body));
                }

                _y += 4;
                break;
            case TableBlock table:
                var total = table.Widths.Sum();
                var xs = new float[table.Widths.Count];
                var ws = new float[table.Widths.Count];
                var x = 0f;
                for (var i = 0; i < xs.Length; i++)
                {
                    xs[i] = x;
                    ws[i] = (float)(table.Widths[i] / total * Width) - 4;
                    x += (float)(table.Widths[i] / total * Width);
                }

                var header = table.Headers.Select((h, i) => (Wrap(DossierText.Both(h), _small, ws[i]), _small, Grey, xs[i])).ToList();
                Row(header, LineHeight(_small), shade: true);
                foreach (var row in table.Rows)
                {
                    Row([.. row.Select((cell, i) => (Wrap(cell, _body, ws[i]), _body, Ink, xs[i]))], LineHeight(_body), rule: true);
                }

                _y += 6;
                break;
            case NoteBlock note:
                Paragraph(note.Text.Zh, _small, Grey, 0, Width);
                Paragraph(note.Text.En, _small, Grey, 0, Width);
                _y += 3;
                break;
            case CodeBlock code:
                if (code.Caption is { } caption)
                {
                    Paragraph(DossierText.Both(caption), _small, Grey, 0, Width);
                }

                Paragraph(code.Text, _mono, Ink, 6, Width - 6);
                _y += 4;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(block), block.GetType().Name, "no rendering for this block");
        }
    }

    private void Heading(Bilingual title)
    {
        // A heading never ends a page: it needs room for itself and a few lines after it.
        var height = LineHeight(_heading) + 8;
        if (_y + height + (4 * LineHeight(_body)) > Bottom)
        {
            EndPage();
            NewPage();
        }
        else
        {
            _y += 8;
        }

        Paragraph(DossierText.Both(title), _heading, Green, 0, Width);
        _paint.Color = Green;
        _paint.StrokeWidth = 0.8f;
        _canvas!.DrawLine(Margin, _y, Margin + Width, _y, _paint);
        _y += 5;
    }

    /// <summary>Wrapped text in one column, continued on the next page when it runs past the bottom.</summary>
    private void Paragraph(string text, SKFont font, SKColor color, float x, float width) =>
        Row([(Wrap(text, font, width), font, color, x)], LineHeight(font));

    /// <summary>Columns of wrapped lines drawn side by side, line by line, breaking the page between lines.</summary>
    private void Row(IReadOnlyList<(List<string> Lines, SKFont Font, SKColor Color, float X)> columns, float lineHeight, bool shade = false, bool rule = false)
    {
        var count = Math.Max(1, columns.Max(c => c.Lines.Count));
        if (_y + Math.Min(count, 3) * lineHeight > Bottom)
        {
            EndPage();
            NewPage();
        }

        for (var i = 0; i < count; i++)
        {
            if (_y + lineHeight > Bottom)
            {
                EndPage();
                NewPage();
            }

            if (shade)
            {
                _paint.Color = Shade;
                _paint.Style = SKPaintStyle.Fill;
                _canvas!.DrawRect(Margin, _y, Width, lineHeight, _paint);
            }

            foreach (var (lines, font, color, x) in columns)
            {
                if (i < lines.Count)
                {
                    DrawText(lines[i], Margin + x, _y + lineHeight - (lineHeight - font.Size) / 2 - font.Size * 0.18f, font, color);
                }
            }

            _y += lineHeight;
        }

        if (rule)
        {
            _paint.Color = Rule;
            _paint.StrokeWidth = 0.4f;
            _canvas!.DrawLine(Margin, _y + 1, Margin + Width, _y + 1, _paint);
            _y += 2;
        }
    }

    /// <summary>
    /// A text run with its UTF-8 text and clusters (one glyph per code point, no shaping needed for Chinese and
    /// Latin), so the PDF knows which characters each glyph stands for.
    /// </summary>
    private void DrawText(string text, float x, float baseline, SKFont font, SKColor color)
    {
        if (text.Length == 0)
        {
            return;
        }

        var glyphs = font.GetGlyphs(text);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var clusters = new uint[glyphs.Length];
        var (g, offset) = (0, 0);
        for (var i = 0; i < text.Length && g < clusters.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            clusters[g++] = (uint)offset;
            offset += Encoding.UTF8.GetByteCount(text.AsSpan(i, char.IsSurrogatePair(text, i) ? 2 : 1));
        }

        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocateTextRun(font, glyphs.Length, x, baseline, utf8.Length);
        run.SetGlyphs(glyphs);
        run.SetText(utf8);
        run.SetClusters(clusters);
        using var blob = builder.Build();
        if (blob is null)
        {
            return;
        }

        _paint.Color = color;
        _paint.Style = SKPaintStyle.Fill;
        _canvas!.DrawText(blob, 0, 0, _paint);
    }

    /// <summary>
    /// Lines no wider than <paramref name="width"/>: breaks after spaces and punctuation, around Chinese characters,
    /// and anywhere in a run too long for a line (hashes, URLs). Line breaks in the text are kept.
    /// </summary>
    internal static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Clean(text).Split('\n'))
        {
            var points = CodePoints(paragraph);
            if (points.Count == 0)
            {
                lines.Add(string.Empty);
                continue;
            }

            var widths = font.GetGlyphWidths(string.Concat(points));
            var start = 0;
            var used = 0f;
            var lastBreak = -1;
            for (var i = 0; i < points.Count; i++)
            {
                var w = i < widths.Length ? widths[i] : font.Size;
                if (used + w > width && i > start)
                {
                    var end = lastBreak > start ? lastBreak : i;
                    lines.Add(string.Concat(points.Skip(start).Take(end - start)).TrimEnd());
                    start = end;
                    while (start < points.Count && points[start] == " ")
                    {
                        start++;
                    }

                    used = 0;
                    for (var k = start; k < i; k++)
                    {
                        used += k < widths.Length ? widths[k] : font.Size;
                    }

                    lastBreak = -1;
                }

                used += w;
                var cp = char.ConvertToUtf32(points[i], 0);
                if (Wide(cp) && i > start)
                {
                    lastBreak = i;
                }

                if (points[i] == " " || Wide(cp) || points[i] is "-" or "/" or "," or "，" or "、" or ";" or "。" or "：")
                {
                    lastBreak = i + 1;
                }
            }

            if (start < points.Count)
            {
                lines.Add(string.Concat(points.Skip(start)).TrimEnd());
            }
        }

        return lines;
    }

    /// <summary>Ideographs and full-width forms: a line may break before or after each.</summary>
    private static bool Wide(int cp) => cp is (>= 0x2E80 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3FFFF);

    private static List<string> CodePoints(string text)
    {
        var list = new List<string>(text.Length);
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            list.Add(text.Substring(i, char.IsSurrogatePair(text, i) ? 2 : 1));
        }

        return list;
    }

    /// <summary>
    /// Text as it may be drawn: controls and format characters (bidi overrides, zero-width joiners) dropped, a lone
    /// surrogate replaced; tabs become spaces and CR LF a line break.
    /// </summary>
    internal static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                sb.Append('\uFFFD');
            }
            else if (c == '\n')
            {
                sb.Append('\n');
            }
            else if (c == '\t')
            {
                sb.Append(' ');
            }
            else if (char.GetUnicodeCategory(c) is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private void NewPage()
    {
        _canvas = _document.BeginPage(PageWidth, PageHeight);
        _page++;
        _y = Margin;
    }

    private void EndPage()
    {
        var page = string.Format(CultureInfo.InvariantCulture, DossierText.Page.Zh, _page) + " " + string.Format(CultureInfo.InvariantCulture, DossierText.Page.En, _page);
        var footer = Wrap(_footer, _small, Width - 80);
        DrawText(footer.Count > 0 ? footer[0] : string.Empty, Margin, PageHeight - Margin + 4, _small, Grey);
        DrawText(page, Margin + Width - _small.MeasureText(page), PageHeight - Margin + 4, _small, Grey);
        _document.EndPage();
        _canvas = null;
    }

    private SKFont Font(float size) => new(_typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };

    private static float LineHeight(SKFont font) => font.Size * 1.45f;
}
