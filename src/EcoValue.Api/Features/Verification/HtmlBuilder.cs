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
/// reorder the page around them.
/// </summary>
internal sealed class HtmlBuilder(int capacity)
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly StringBuilder _sb = new(capacity);

    public int Length => _sb.Length;

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

        // Encode returns the string itself when nothing needs encoding (hashes, dates, most words): no copy then.
        _sb.Append(Encoder.Encode(text));
        return this;
    }

    /// <summary>Text someone typed (names, places, reasons), isolated in <c>&lt;bdi&gt;</c>.</summary>
    public HtmlBuilder User(string? text) => Raw("<bdi>").Text(text).Raw("</bdi>");

    /// <summary>A number in invariant form (mg/kg values, counts).</summary>
    public HtmlBuilder Number(double value) => Text(value.ToString("0.######", CultureInfo.InvariantCulture));

    public HtmlBuilder Number(long value) => Text(value.ToString(CultureInfo.InvariantCulture));

    public override string ToString() => _sb.ToString();
}
