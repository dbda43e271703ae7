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

    // Row-major, true = dark. A plain array: the renderers read every module, and QRCoder's List<BitArray> is
    // slower to index and belongs to a disposable object.
    private readonly bool[] _dark;

    private QrMatrix(bool[] dark, int size, int version)
    {
        _dark = dark;
        Size = size;
        Version = version;
    }

    /// <summary>Modules per side including the quiet zone: 17 + 4 x version + 8.</summary>
    public int Size { get; }

    public int Version { get; }

    public bool IsDark(int x, int y) => _dark[(y * Size) + x];

    /// <summary>
    /// Encodes <paramref name="link"/> (ASCII, checked by the caller) at error correction level M. QRCoder splits the
    /// text into the ISO/IEC 18004 modes that fit each run (numeric for the GTIN's digits, alphanumeric for upper-case
    /// runs, byte for the rest); every reader joins the segments back into exactly the same characters, and a typical
    /// 75-character Digital Link fits version 4 (33 modules) instead of version 5 in byte mode alone, so the modules
    /// print larger. No ECI header is written: ASCII needs none.
    /// Level M restores up to 15 % of the symbol, which covers scuffs and print defects on fruit and tins, and keeps
    /// that link at version 4; level Q (25 %) would need version 6 (41 modules), i.e. modules a fifth smaller at the
    /// same printed size, which costs more scans on curved or glossy packaging than the extra recovery saves.
    /// </summary>
    public static QrMatrix Encode(string link)
    {
        using var data = QRCodeGenerator.GenerateQrCode(link, QRCodeGenerator.ECCLevel.M, forceUtf8: false, utf8BOM: false, QRCodeGenerator.EciMode.Default, requestedVersion: -1);
        var rows = data.ModuleMatrix;
        var expected = 17 + (4 * data.Version) + (2 * QuietZone);
        if (rows.Count != expected)
        {
            // QRCoder's matrix carries the quiet zone; if a later version stops doing so, fail loudly rather than print codes without one.
            throw new InvalidOperationException($"QRCoder returned {rows.Count} modules per side for version {data.Version}; expected {expected} with the quiet zone");
        }

        var n = rows.Count;
        var dark = new bool[n * n];
        for (var y = 0; y < n; y++)
        {
            var row = rows[y];
            for (var x = 0; x < n; x++)
            {
                dark[(y * n) + x] = row[x];
            }
        }

        return new QrMatrix(dark, n, data.Version);
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
