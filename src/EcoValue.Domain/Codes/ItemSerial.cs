using System.Security.Cryptography;
using System.Text;
using EcoValue.Domain.Merkle;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Codes;

/// <summary>
/// Item serials (GS1 AI 21) as this system issues them: <see cref="Length"/> characters drawn uniformly by the CSPRNG
/// from Crockford's base-32 alphabet (digits and upper-case letters without I, L, O, U). That is 65 bits per serial:
/// never sequential, not guessable (a forger who knows a million genuine serials still hits one in 3.7·10¹³ tries), a
/// subset of GS1 character set 82 that needs no percent-encoding in a link and encodes in a QR code's compact
/// alphanumeric mode, and unambiguous when a consumer types it from the label (0/O, 1/I/L never both appear).
/// Serials read from links are any GS1 AI 21 value (<see cref="DigitalLink"/> checks them); only issuance uses this shape.
/// </summary>
public static class ItemSerial
{
    /// <summary>13 characters × 5 bits = 65 bits of entropy (DESIGN.md asks for 12+ characters).</summary>
    public const int Length = 13;

    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>A fresh serial from <see cref="RandomNumberGenerator"/>.</summary>
    public static string New()
    {
        Span<char> chars = stackalloc char[Length];
        Fill(chars);
        return new string(chars);
    }

    /// <summary>Fills <paramref name="destination"/> with CSPRNG characters of <see cref="Alphabet"/> (32 symbols: no modulo bias).</summary>
    public static void Fill(Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[destination.Length];
        RandomNumberGenerator.Fill(bytes);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = Alphabet[bytes[i] & 31];
        }
    }

    /// <summary>True for a serial of the shape <see cref="New"/> produces (used to read a typed code leniently: lower case and spaces/dashes are folded).</summary>
    public static bool IsIssuedShape(string? s) => s is { Length: Length } && s.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// A code as a consumer types it from a label: upper-cased, spaces and dashes removed, O→0 and I/L→1 (Crockford's
    /// decoding rules). Full-width forms from a Chinese input method (<c>７ＫＱ２</c>, U+3000 space) are read as their
    /// ASCII originals; any other non-ASCII character makes the code unreadable (.NET upper-cases the long 'ſ' to 'S',
    /// which would turn a look-alike into a valid serial; no look-alike may). Returns null when the result is not of the
    /// issued shape.
    /// </summary>
    public static string? NormaliseTyped(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40)
        {
            return null;
        }

        var sb = new StringBuilder(Length);
        foreach (var typedChar in typed)
        {
            var c = typedChar switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(typedChar - 0xFEE0),
                '\u3000' => ' ',
                _ => typedChar,
            };
            if (c is ' ' or '-')
            {
                continue;
            }

            if (!char.IsAscii(c))
            {
                return null;
            }

            var u = char.ToUpperInvariant(c);
            sb.Append(u switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                _ => u,
            });
        }

        var s = sb.ToString();
        return IsIssuedShape(s) ? s : null;
    }

    /// <summary>The serial printed for people, in groups of four or five: <c>7KQ2M-9XA3-HDPX</c> → easier to read aloud and type.</summary>
    public static string Grouped(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        if (!IsIssuedShape(serial))
        {
            return serial;
        }

        return $"{serial[..5]}-{serial[5..9]}-{serial[9..]}";
    }

    /// <summary>
    /// The value a serial contributes to its issuance's serial tree: keccak256 of its UTF-8 bytes, as a bytes32 for
    /// an OpenZeppelin StandardMerkleTree (<c>["bytes32"]</c>); the tree's leaf is then keccak256(keccak256(value)).
    /// In Solidity: <c>keccak256(bytes(serial))</c>.
    /// </summary>
    public static byte[] TreeValue(string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        return Keccak.Hash(Encoding.UTF8.GetBytes(serial));
    }

    /// <summary>The serial tree of one issuance: its root goes into the issuance record, so each item is provably one of them.</summary>
    public static StandardMerkleTree BuildTree(IReadOnlyList<string> serials)
    {
        ArgumentNullException.ThrowIfNull(serials);
        var values = new byte[serials.Count][];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = TreeValue(serials[i]);
        }

        return StandardMerkleTree.Build(values);
    }
}
