using System.Buffers;

namespace EcoValue.Domain.Canonical;

/// <summary>
/// Emits the RFC 8785 byte form of JSON primitives into a buffer. Structure (sorting, nesting) is the caller's job;
/// this type only knows how one string, number or punctuation mark is written.
/// </summary>
internal sealed class JcsWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public JcsWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    public void WriteByte(byte b)
    {
        _buffer.GetSpan(1)[0] = b;
        _buffer.Advance(1);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void WriteNumber(double value)
    {
        Span<char> chars = stackalloc char[EcmaScriptNumber.MaxLength];
        var length = EcmaScriptNumber.Format(value, chars);
        var span = _buffer.GetSpan(length);
        for (var i = 0; i < length; i++)
        {
            span[i] = (byte)chars[i]; // ASCII only
        }

        _buffer.Advance(length);
    }

    /// <summary>
    /// A string per RFC 8785 §3.2.2.2: the two-character escapes for " \ and \b \f \n \r \t, \u00xx (lower-case hex)
    /// for the other control characters, everything else as literal UTF-8 (including U+007F, U+2028/2029 and
    /// supplementary-plane characters). A lone surrogate is not Unicode and has no canonical form.
    /// </summary>
    public void WriteString(ReadOnlySpan<char> value)
    {
        // Worst case per UTF-16 unit: 6 bytes (\u00xx); surrogate pairs give 4 bytes per 2 units.
        if (value.Length > (int.MaxValue / 6) - 2)
        {
            throw new JcsException($"string of {value.Length} characters is too long to canonicalise");
        }

        var span = _buffer.GetSpan((value.Length * 6) + 2);
        var pos = 0;
        span[pos++] = (byte)'"';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c < 0x80)
            {
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    span[pos++] = (byte)c;
                    continue;
                }

                span[pos++] = (byte)'\\';
                switch (c)
                {
                    case '"': span[pos++] = (byte)'"'; break;
                    case '\\': span[pos++] = (byte)'\\'; break;
                    case '\b': span[pos++] = (byte)'b'; break;
                    case '\f': span[pos++] = (byte)'f'; break;
                    case '\n': span[pos++] = (byte)'n'; break;
                    case '\r': span[pos++] = (byte)'r'; break;
                    case '\t': span[pos++] = (byte)'t'; break;
                    default:
                        span[pos++] = (byte)'u';
                        span[pos++] = (byte)'0';
                        span[pos++] = (byte)'0';
                        span[pos++] = LowerHex(c >> 4);
                        span[pos++] = LowerHex(c & 0xF);
                        break;
                }
            }
            else if (c < 0x800)
            {
                span[pos++] = (byte)(0xC0 | (c >> 6));
                span[pos++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= value.Length || !char.IsLowSurrogate(value[i + 1]))
                {
                    throw LoneSurrogate(c, i);
                }

                var cp = char.ConvertToUtf32(c, value[++i]);
                span[pos++] = (byte)(0xF0 | (cp >> 18));
                span[pos++] = (byte)(0x80 | ((cp >> 12) & 0x3F));
                span[pos++] = (byte)(0x80 | ((cp >> 6) & 0x3F));
                span[pos++] = (byte)(0x80 | (cp & 0x3F));
            }
            else if (char.IsLowSurrogate(c))
            {
                throw LoneSurrogate(c, i);
            }
            else
            {
                span[pos++] = (byte)(0xE0 | (c >> 12));
                span[pos++] = (byte)(0x80 | ((c >> 6) & 0x3F));
                span[pos++] = (byte)(0x80 | (c & 0x3F));
            }
        }

        span[pos++] = (byte)'"';
        _buffer.Advance(pos);
    }

    private static byte LowerHex(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10);

    private static JcsException LoneSurrogate(char c, int index) =>
        new($"string has a lone surrogate U+{(int)c:X4} at index {index}; JSON strings must be valid Unicode (RFC 8785 §3.2.2.2)");
}
