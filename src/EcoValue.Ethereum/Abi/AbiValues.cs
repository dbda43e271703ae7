using System.Collections;
using System.Numerics;
using System.Text;

namespace EcoValue.Ethereum.Abi;

/// <summary>The value model documented on <see cref="AbiEncoder"/>: conversions and checks shared by the encoder, decoder and EIP-712.</summary>
internal static class AbiValues
{
    /// <summary>Strict UTF-8: a lone surrogate or an invalid byte sequence is an error, never a silent U+FFFD.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly BigInteger TwoTo256 = BigInteger.One << 256;

    public static bool TryGetInteger(object? value, out BigInteger result)
    {
        switch (value)
        {
            case BigInteger b: result = b; return true;
            case int i: result = i; return true;
            case long l: result = l; return true;
            case uint u: result = u; return true;
            case ulong ul: result = ul; return true;
            case short s: result = s; return true;
            case ushort us: result = us; return true;
            case byte by: result = by; return true;
            case sbyte sb: result = sb; return true;
            default: result = default; return false;
        }
    }

    /// <summary>Null when <paramref name="value"/> fits; otherwise why not.</summary>
    public static string? CheckRange(AbiType type, BigInteger value)
    {
        if (type.Kind == AbiTypeKind.UInt)
        {
            return value.Sign < 0 || value >= BigInteger.One << type.Size
                ? $"{value} is out of range for {type}"
                : null;
        }

        var half = BigInteger.One << (type.Size - 1);
        return value < -half || value >= half ? $"{value} is out of range for {type}" : null;
    }

    /// <summary>Writes a 256-bit two's-complement big-endian word (sign-extended for negatives).</summary>
    public static void WriteInteger(BigInteger value, Span<byte> word32)
    {
        var unsigned = value.Sign < 0 ? value + TwoTo256 : value;
        word32.Clear();
        var byteCount = unsigned.GetByteCount(isUnsigned: true);
        unsigned.TryWriteBytes(word32[(32 - byteCount)..], out _, isUnsigned: true, isBigEndian: true);
    }

    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        IReadOnlyList<object?> list => list,
        string => null,
        IList list => list.Cast<object?>().ToArray(),
        _ => null,
    };

    public static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{(s.Length <= 40 ? s : s[..40] + "...")}\"",
        byte[] b => $"byte[{b.Length}]",
        _ => value.GetType().Name,
    };

    public static int PaddedLength(int length) => (int)(((long)length + 31) / 32 * 32);
}
