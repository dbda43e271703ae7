using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace EcoValue.Api.Features.Verification;

/// <summary>
/// The consumer page's writer: literal markup goes in with <see cref="Raw"/>, everything else through
/// <see cref="Text"/> (HTML-encoded: <c>&lt; &gt; &amp; " '</c> and more). Letters of every script stay as they are
/// (a Chinese page would triple in size as <c>&amp;#x…;</c>), markup characters never do. Values a user typed are
/// written with <see cref="User"/>, inside <c>&lt;bdi&gt;</c>, so right-to-left or override characters in them cannot
/// reorder the page around them. Encoding goes span to span and the builder's buffer is reused by the next page on
/// the thread: a page allocates little besides its output.
/// </summary>
internal sealed class HtmlBuilder
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    [ThreadStatic]
    private static StringBuilder? _cached;

    private readonly StringBuilder _sb;

    private HtmlBuilder(StringBuilder sb) => _sb = sb;

    /// <summary>A builder on this thread's reused buffer; <see cref="WriteTo"/> gives the buffer back. Build synchronously (no await in between).</summary>
    public static HtmlBuilder Rent()
    {
        var sb = _cached ?? new StringBuilder(32 * 1024);
        _cached = null;
        return new HtmlBuilder(sb);
    }

    /// <summary>Trusted markup, written as is: only literals of this feature, never data.</summary>
    public HtmlBuilder Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Text or an attribute value, HTML-encoded (attributes are always double-quoted here).</summary>
    public HtmlBuilder Text(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return this;
        }

        Span<char> buffer = stackalloc char[256];
        var rest = text.AsSpan();
        while (true)
        {
            var status = Encoder.Encode(rest, buffer, out var consumed, out var written, isFinalBlock: true);
            _sb.Append(buffer[..written]);
            rest = rest[consumed..];
            if (status == OperationStatus.Done)
            {
                return this;
            }
        }
    }

    /// <summary>Text someone typed (names, places, reasons), isolated in <c>&lt;bdi&gt;</c>.</summary>
    public HtmlBuilder User(string? text) => Raw("<bdi>").Text(text).Raw("</bdi>");

    /// <summary>A number in invariant form (mg/kg values, counts).</summary>
    public HtmlBuilder Number(double value)
    {
        // Digits, sign, point, or NaN/∞: nothing to encode.
        Span<char> buffer = stackalloc char[64];
        if (value.TryFormat(buffer, out var n, "0.######", CultureInfo.InvariantCulture))
        {
            _sb.Append(buffer[..n]);
            return this;
        }

        return Text(value.ToString("0.######", CultureInfo.InvariantCulture));
    }

    public HtmlBuilder Number(long value)
    {
        _sb.Append(value);
        return this;
    }

    /// <summary>Appends the text as UTF-8 to <paramref name="output"/> and returns the buffer for the thread's next page; the builder is spent.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        foreach (var chunk in _sb.GetChunks())
        {
            var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(chunk.Length));
            output.Advance(Encoding.UTF8.GetBytes(chunk.Span, span));
        }

        if (_sb.Capacity <= 256 * 1024)
        {
            _sb.Clear();
            _cached = _sb;
        }
    }
}
