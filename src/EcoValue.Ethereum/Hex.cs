using System.Numerics;

namespace EcoValue.Ethereum;

/// <summary>
/// Hexadecimal in Ethereum's conventions: byte strings are "0x" + an even number of digits; quantities
/// (JSON-RPC QUANTITY) are "0x" + digits without leading zeros, "0x0" for zero.
/// Parsing is strict: odd length, stray characters and (for quantities) leading zeros are errors, never guesses.
/// </summary>
public static class Hex
{
    /// <summary>Lower-case hex with a 0x prefix.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexStringLower(bytes);

    /// <summary>Lower-case hex without a prefix.</summary>
    public static string EncodeBare(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Decodes a byte string; the 0x prefix is optional; an empty string or "0x" is zero bytes.</summary>
    /// <exception cref="HexFormatException">odd length or a non-hex character.</exception>
    public static byte[] Decode(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = HasPrefix(hex) ? hex.AsSpan(2) : hex.AsSpan();
        if (digits.Length % 2 != 0)
        {
            throw new HexFormatException($"hex string has an odd number of digits ({digits.Length}): {Preview(hex)}");
        }

        var result = new byte[digits.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)((Nibble(digits[2 * i], hex) << 4) | Nibble(digits[(2 * i) + 1], hex));
        }

        return result;
    }

    /// <summary>Decodes a byte string that must be exactly <paramref name="length"/> bytes long (e.g. 32 for a hash, 20 for an address).</summary>
    public static byte[] DecodeFixed(string hex, int length)
    {
        var bytes = Decode(hex);
        if (bytes.Length != length)
        {
            throw new HexFormatException($"expected {length} bytes, got {bytes.Length}: {Preview(hex)}");
        }

        return bytes;
    }

    /// <summary>Encodes a non-negative integer as a JSON-RPC QUANTITY ("0x0", "0x1a", never leading zeros).</summary>
    public static string EncodeQuantity(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "a quantity cannot be negative");
        }

        if (value.IsZero)
        {
            return "0x0";
        }

        return "0x" + Convert.ToHexStringLower(value.ToByteArray(isUnsigned: true, isBigEndian: true)).TrimStart('0');
    }

    public static string EncodeQuantity(ulong value) => EncodeQuantity(new BigInteger(value));

    /// <summary>Parses a JSON-RPC QUANTITY strictly: 0x prefix required, at least one digit, no leading zeros.</summary>
    public static BigInteger DecodeQuantity(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!HasPrefix(hex) || hex.Length == 2)
        {
            throw new HexFormatException($"quantity must be 0x followed by digits: {Preview(hex)}");
        }

        var digits = hex.AsSpan(2);
        if (digits.Length > 1 && digits[0] == '0')
        {
            throw new HexFormatException($"quantity has leading zeros: {Preview(hex)}");
        }

        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            value = (value << 4) | Nibble(c, hex);
        }

        return value;
    }

    /// <summary>A QUANTITY that must fit in 64 bits (block numbers, nonces, gas).</summary>
    public static ulong DecodeQuantityUInt64(string hex)
    {
        var v = DecodeQuantity(hex);
        if (v > ulong.MaxValue)
        {
            throw new HexFormatException($"quantity does not fit in 64 bits: {Preview(hex)}");
        }

        return (ulong)v;
    }

    /// <summary>Big-endian minimal bytes of a non-negative integer (empty for zero), as RLP and ABI want them.</summary>
    public static byte[] ToBigEndian(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "value cannot be negative");
        }

        return value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);
    }

    /// <summary>Non-negative integer from big-endian bytes.</summary>
    public static BigInteger FromBigEndian(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static bool HasPrefix(string s) => s.Length >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');

    private static int Nibble(char c, string whole) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => throw new HexFormatException($"'{c}' is not a hex digit: {Preview(whole)}"),
    };

    private static string Preview(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
