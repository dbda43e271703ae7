using System.Globalization;
using System.Numerics;
using System.Text;
using EcoValue.Ethereum.Abi;

namespace EcoValue.Ethereum.Tests.Abi;

/// <summary>
/// Random ABI types and values for differential tests, and their spelling as <c>cast</c> arguments.
/// cast's value parser takes quoted strings verbatim (no escapes) and cannot quote a '"', so strings avoid that one
/// character; everything else, including spaces, commas, brackets, backslashes and non-ASCII text, is fair game.
/// </summary>
internal sealed class AbiRandom(Random random)
{
    private static readonly string[] Pieces =
    [
        "a", "b", "z", "Q", "0", "9", " ", ",", "(", ")", "[", "]", "'", "\\", "{", "}", ":", "-", "_", ".",
        "é", "ü", "ß", "Ω", "中", "文", "生态", "🌲", "😀", "ñ", "\u00a0",
    ];

    public AbiType Type(int depth)
    {
        var roll = random.Next(depth >= 3 ? 9 : 13);
        return roll switch
        {
            0 => AbiType.UInt(8 * random.Next(1, 33)),
            1 => AbiType.Int(8 * random.Next(1, 33)),
            2 => AbiType.Address,
            3 => AbiType.Bool,
            4 => AbiType.FixedBytes(random.Next(1, 33)),
            5 => AbiType.Bytes,
            6 => AbiType.String,
            7 => AbiType.UInt(256),
            8 => AbiType.Int(8),
            9 or 10 => random.Next(2) == 0 ? AbiType.ArrayOf(Type(depth + 1)) : AbiType.FixedArrayOf(Type(depth + 1), random.Next(1, 4)),
            _ => AbiType.Tuple([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => Type(depth + 1))]),
        };
    }

    public object? Value(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt => UInt(type.Size),
        AbiTypeKind.Int => Int(type.Size),
        AbiTypeKind.Address => new Address(Bytes(20)),
        AbiTypeKind.Bool => random.Next(2) == 1,
        AbiTypeKind.FixedBytes => Bytes(type.Size),
        AbiTypeKind.Bytes => Bytes(random.Next(4) == 0 ? 0 : random.Next(1, 70)),
        AbiTypeKind.String => Text(),
        AbiTypeKind.Array => Enumerable.Range(0, random.Next(0, 4)).Select(_ => Value(type.Element!)).ToArray(),
        AbiTypeKind.FixedArray => Enumerable.Range(0, type.Size).Select(_ => Value(type.Element!)).ToArray(),
        _ => type.Components.Select(Value).ToArray(),
    };

    public string Text()
    {
        var sb = new StringBuilder();
        var n = random.Next(4) == 0 ? 0 : random.Next(1, 12);
        for (var i = 0; i < n; i++)
        {
            sb.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return sb.ToString();
    }

    /// <summary>The type as a human might write it: <c>uint</c>/<c>int</c> for the 256-bit types, at random.</summary>
    public string HumanName(AbiType type) => type.Kind switch
    {
        AbiTypeKind.UInt when type.Size == 256 && random.Next(2) == 0 => "uint",
        AbiTypeKind.Int when type.Size == 256 && random.Next(2) == 0 => "int",
        AbiTypeKind.Array => HumanName(type.Element!) + "[]",
        AbiTypeKind.FixedArray => HumanName(type.Element!) + "[" + type.Size.ToString(CultureInfo.InvariantCulture) + "]",
        AbiTypeKind.Tuple => "(" + string.Join(',', type.Components.Select(HumanName)) + ")",
        _ => type.Name,
    };

    public string Identifier(string prefix) => prefix + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture);

    /// <summary>The value as cast's command-line syntax: numbers in decimal, hex for bytes/addresses, "[..]" and "(..)".</summary>
    public static string CastArgument(AbiType type, object? value) => type.Kind switch
    {
        AbiTypeKind.UInt or AbiTypeKind.Int => ((BigInteger)value!).ToString(CultureInfo.InvariantCulture),
        AbiTypeKind.Address => ((Address)value!).ToLowerHex(),
        AbiTypeKind.Bool => (bool)value! ? "true" : "false",
        AbiTypeKind.FixedBytes or AbiTypeKind.Bytes => Hex.Encode((byte[])value!),
        AbiTypeKind.String => "\"" + (string)value! + "\"",
        AbiTypeKind.Tuple => "(" + string.Join(',', ((object?[])value!).Select((v, i) => CastArgument(type.Components[i], v))) + ")",
        _ => "[" + string.Join(',', ((object?[])value!).Select(v => CastArgument(type.Element!, v))) + "]",
    };

    private BigInteger UInt(int bits) => random.Next(6) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << bits) - 1,
        2 => random.Next(256),
        _ => RandomBits(random.Next(1, bits + 1)),
    };

    private BigInteger Int(int bits) => random.Next(7) switch
    {
        0 => BigInteger.Zero,
        1 => (BigInteger.One << (bits - 1)) - 1,
        2 => -(BigInteger.One << (bits - 1)),
        3 => BigInteger.MinusOne,
        _ => random.Next(2) == 0 ? RandomBits(random.Next(1, bits)) : -RandomBits(random.Next(1, bits)) - 1,
    };

    private BigInteger RandomBits(int bits)
    {
        var bytes = Bytes((bits + 7) / 8);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return value & ((BigInteger.One << bits) - 1);
    }

    private byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
