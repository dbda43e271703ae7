using System.Collections;
using System.Text;
using QRCoder;

namespace EcoValue.Labels;

/// <summary>
/// One encoded QR symbol as modules, quiet zone included (4 light modules on each side, which ISO/IEC 18004 requires
/// and scanners need). Made by <see cref="Encode"/>; the renderers read it and drop it.
/// </summary>
internal sealed class QrMatrix
{
    /// <summary>Light modules on each side of the symbol (ISO/IEC 18004 section 6.3.8).</summary>
    public const int QuietZone = 4;

    private readonly List<BitArray> _rows;

    private QrMatrix(List<BitArray> rows, int version)
    {
        _rows = rows;
        Version = version;
    }

    /// <summary>Modules per side including the quiet zone: 17 + 4 x version + 8.</summary>
    public int Size => _rows.Count;

    public int Version { get; }

    public bool IsDark(int x, int y) => _rows[y][x];

    /// <summary>
    /// Encodes <paramref name="link"/> byte for byte (byte mode, no ECI header: the link is ASCII, so every reader
    /// takes the bytes as they are) at error correction level M. M restores up to 15 % of the symbol, which covers
    /// scuffs and print defects on fruit and tins, while a typical 75-character Digital Link still fits version 5
    /// (37 modules); level Q would need version 7 (45 modules) for the same link, i.e. modules a fifth smaller at the
    /// same printed size, which costs more scans on curved or glossy packaging than the extra recovery saves.
    /// </summary>
    public static QrMatrix Encode(string link)
    {
        var bytes = Encoding.ASCII.GetBytes(link);
        using var data = QRCodeGenerator.GenerateQrCode(bytes, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var expected = 17 + (4 * data.Version) + (2 * QuietZone);
        if (rows.Count != expected)
        {
            // QRCoder's matrix carries the quiet zone; if a later version stops doing so, fail loudly rather than print codes without one.
            throw new InvalidOperationException($"QRCoder returned {rows.Count} modules per side for version {data.Version}; expected {expected} with the quiet zone");
        }

        return new QrMatrix(rows, data.Version);
    }

    /// <summary>Checks a link or short code before it reaches an encoder or a PDF string: printable ASCII only.</summary>
    public static void RequirePrintableAscii(string? value, string what, long index, bool allowSpace)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"label {index}: the {what} is empty");
        }

        foreach (var c in value)
        {
            if (c > '~' || c < (allowSpace ? ' ' : '!'))
            {
                throw new ArgumentException($"label {index}: the {what} must be printable ASCII{(allowSpace ? string.Empty : " without spaces")}, found U+{(int)c:X4}");
            }
        }
    }
}
