using System.Buffers.Binary;
using System.IO.Compression;

namespace EcoValue.Labels;

/// <summary>
/// A QR code as a 1-bit greyscale PNG (PNG spec, ISO/IEC 15948): exact black and white modules of
/// <c>pixelsPerModule</c> pixels, no anti-aliasing, and a few hundred bytes per code. Written by hand because a
/// 1-bit image is the faithful form of a QR matrix and the format is three chunks.
/// </summary>
internal static class PngQr
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static byte[] Render(QrMatrix m, int pixelsPerModule)
    {
        var side = m.Size * pixelsPerModule;
        var rowBytes = (side + 7) / 8;

        // Scanlines: a filter byte (0, none) then 1 bit per pixel, 1 = white. Rows of one module row are identical.
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            var line = new byte[1 + rowBytes];
            for (var y = 0; y < m.Size; y++)
            {
                Array.Clear(line);
                for (var x = 0; x < m.Size; x++)
                {
                    if (m.IsDark(x, y))
                    {
                        continue;
                    }

                    for (int px = x * pixelsPerModule, end = px + pixelsPerModule; px < end; px++)
                    {
                        line[1 + (px >> 3)] |= (byte)(0x80 >> (px & 7));
                    }
                }

                for (var r = 0; r < pixelsPerModule; r++)
                {
                    z.Write(line);
                }
            }
        }

        using var png = new MemoryStream(idat.Length > int.MaxValue ? 0 : (int)idat.Length + 64);
        png.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)side);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)side);
        ihdr[8] = 1; // bit depth
        ihdr[9] = 0; // colour type: greyscale
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        WriteChunk(png, "IHDR"u8, ihdr);
        WriteChunk(png, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream s, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        s.Write(word);
        s.Write(type);
        s.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
