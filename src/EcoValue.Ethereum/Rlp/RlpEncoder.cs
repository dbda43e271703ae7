using System.Numerics;

namespace EcoValue.Ethereum.Rlp;

/// <summary>
/// RLP encoding (Yellow Paper appendix B). The <c>LengthOf…</c> functions let a caller size one buffer up front and
/// fill it with an <see cref="RlpWriter"/>; the <c>Encode…</c> functions are the allocate-and-return conveniences,
/// shaped like Nethereum's <c>RLP.EncodeElement</c> / <c>RLP.EncodeList</c>.
/// </summary>
public static class RlpEncoder
{
    /// <summary>Encoded length of a byte string: a single byte below 0x80 is its own encoding.</summary>
    public static int LengthOfString(ReadOnlySpan<byte> value) =>
        value.Length == 1 && value[0] < 0x80 ? 1 : checked(HeaderLength(value.Length) + value.Length);

    /// <summary>Encoded length of a list whose items' encodings add up to <paramref name="payloadLength"/> bytes.</summary>
    public static int LengthOfList(int payloadLength) => checked(HeaderLength(payloadLength) + payloadLength);

    /// <summary>Encoded length of an unsigned integer scalar.</summary>
    public static int LengthOfUInt(ulong value) => value < 0x80 ? 1 : 1 + ByteCount(value);

    public static int LengthOfUInt(BigInteger value)
    {
        RequireUnsigned(value);
        if (value < 0x80)
        {
            return 1;
        }

        return HeaderLength(value.GetByteCount(isUnsigned: true)) + value.GetByteCount(isUnsigned: true);
    }

    /// <summary>Length of the header in front of a payload of <paramref name="payloadLength"/> bytes (1 below 56, else 1 + length of length).</summary>
    public static int HeaderLength(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        return payloadLength < 56 ? 1 : 1 + ByteCount((ulong)payloadLength);
    }

    /// <summary>Encodes an item tree into one buffer sized up front.</summary>
    public static byte[] Encode(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new byte[item.EncodedLength];
        var writer = new RlpWriter(buffer);
        writer.WriteItem(item);
        return buffer;
    }

    /// <summary>Encodes a byte string.</summary>
    public static byte[] EncodeString(ReadOnlySpan<byte> value)
    {
        var buffer = new byte[LengthOfString(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteString(value);
        return buffer;
    }

    /// <summary>Encodes an unsigned integer: minimal big-endian bytes, zero as the empty string (0x80).</summary>
    public static byte[] EncodeUInt(ulong value)
    {
        var buffer = new byte[LengthOfUInt(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteUInt(value);
        return buffer;
    }

    public static byte[] EncodeUInt(BigInteger value)
    {
        var buffer = new byte[LengthOfUInt(value)];
        var writer = new RlpWriter(buffer);
        writer.WriteUInt(value);
        return buffer;
    }

    /// <summary>Wraps items that are already RLP-encoded into a list (their bytes are copied as they are).</summary>
    public static byte[] EncodeList(params ReadOnlySpan<byte[]> encodedItems)
    {
        var payload = 0;
        foreach (var item in encodedItems)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(encodedItems));
            payload = checked(payload + item.Length);
        }

        var buffer = new byte[LengthOfList(payload)];
        var writer = new RlpWriter(buffer);
        writer.WriteListHeader(payload);
        foreach (var item in encodedItems)
        {
            writer.WriteEncoded(item);
        }

        return buffer;
    }

    internal static int ByteCount(ulong value) => value == 0 ? 0 : 8 - (BitOperations.LeadingZeroCount(value) / 8);

    internal static void RequireUnsigned(BigInteger value)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "RLP integers are unsigned");
        }
    }
}
