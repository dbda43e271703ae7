using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace EcoValue.Labels.Pdf;

/// <summary>
/// Writes a PDF 1.7 file (ISO 32000-1) front to back without keeping it: objects go out in order and only their
/// offsets (a long each) are kept for the cross-reference table at the end. An object that must name things written
/// later (the page tree, whose kids are only known at the end) has its number reserved first and is written last.
/// </summary>
internal sealed class PdfObjectWriter(BufferedOutput output)
{
    // _offsets[n] is the byte offset of object n; -1 while reserved and not yet written. Object 0 is the free-list head.
    private readonly List<long> _offsets = [0];

    public void WriteHeader()
    {
        // The comment of four bytes above 127 tells transfer tools the file is binary (section 7.5.2).
        output.WriteAscii("%PDF-1.7\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
    }

    public int Reserve()
    {
        _offsets.Add(-1);
        return _offsets.Count - 1;
    }

    /// <summary>Writes a dictionary object; <paramref name="number"/> from <see cref="Reserve"/>, or a new one.</summary>
    public int WriteObject(string dictionary, int number = 0)
    {
        number = Begin(number);
        output.WriteAscii(dictionary);
        output.WriteAscii("\nendobj\n");
        return number;
    }

    /// <summary>Writes a stream object whose data is already encoded; <c>/Length</c> is added to <paramref name="dictionaryEntries"/>.</summary>
    public int WriteStream(string dictionaryEntries, ReadOnlySpan<byte> data, int number = 0)
    {
        number = Begin(number);
        output.WriteAscii("<<" + dictionaryEntries + " /Length " + data.Length.ToString(CultureInfo.InvariantCulture) + ">>\nstream\n");
        output.Write(data);
        output.WriteAscii("\nendstream\nendobj\n");
        return number;
    }

    /// <summary>The cross-reference table (20-byte entries, section 7.5.4), trailer and <c>startxref</c>.</summary>
    public async ValueTask WriteTrailerAsync(int root, int info, CancellationToken ct)
    {
        var xref = output.Position;
        output.WriteAscii($"xref\n0 {_offsets.Count}\n0000000000 65535 f\r\n");
        for (var n = 1; n < _offsets.Count; n++)
        {
            if (_offsets[n] < 0)
            {
                throw new InvalidOperationException($"PDF object {n} was reserved but never written");
            }

            output.WriteAscii(_offsets[n].ToString("D10", CultureInfo.InvariantCulture) + " 00000 n\r\n");
            await output.FlushIfFullAsync(ct).ConfigureAwait(false);
        }

        output.WriteAscii($"trailer\n<</Size {_offsets.Count} /Root {root} 0 R /Info {info} 0 R>>\nstartxref\n{xref}\n%%EOF\n");
    }

    /// <summary>Deflate with the zlib wrapper, which is what <c>/FlateDecode</c> means (section 7.4.4).</summary>
    public static byte[] Deflate(ReadOnlySpan<byte> data, CompressionLevel level)
    {
        using var ms = new MemoryStream(data.Length / 2 + 64);
        using (var z = new ZLibStream(ms, level, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>A text string for the document information (section 7.9.2.2): UTF-16BE with its byte order mark, in hex.</summary>
    public static string TextString(string text)
    {
        var sb = new StringBuilder("<FEFF");
        foreach (var b in Encoding.BigEndianUnicode.GetBytes(text))
        {
            sb.Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sb.Append('>').ToString();
    }

    /// <summary>A number as PDF writes reals: invariant, at most 3 decimals, no exponent.</summary>
    public static string Num(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private int Begin(int number)
    {
        if (number == 0)
        {
            number = Reserve();
        }

        if (_offsets[number] >= 0)
        {
            throw new InvalidOperationException($"PDF object {number} written twice");
        }

        _offsets[number] = output.Position;
        output.WriteAscii(number.ToString(CultureInfo.InvariantCulture) + " 0 obj\n");
        return number;
    }
}
