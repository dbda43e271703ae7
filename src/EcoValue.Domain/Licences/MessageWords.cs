using System.Globalization;
using System.Numerics;
using EcoValue.Ethereum;
using EcoValue.Ethereum.Eip712;

namespace EcoValue.Domain.Licences;

/// <summary>Checks shared by the licence messages: 32-byte words, uint256 ranges, and reading values back from typed data.</summary>
internal static class MessageWords
{
    private static readonly BigInteger MaxUint256 = (BigInteger.One << 256) - 1;

    public static byte[] Word(byte[] value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return value.Length == 32 ? (byte[])value.Clone() : throw new ArgumentException($"{name} must be 32 bytes, got {value.Length}", name);
    }

    public static BigInteger Uint256(BigInteger value, string name) =>
        value.Sign >= 0 && value <= MaxUint256 ? value : throw new ArgumentOutOfRangeException(name, value, "must fit uint256");

    /// <summary>The document's primary type must be exactly the contract's struct: same name, members, types and order.</summary>
    public static void RequireType(TypedData typedData, string typeName, IReadOnlyList<TypedDataField> fields)
    {
        if (typedData.PrimaryType != typeName || !typedData.Types.TryGetValue(typeName, out var declared) || !declared.SequenceEqual(fields))
        {
            throw new Eip712Exception($"typed data is not a {typeName} message (primary type {typedData.PrimaryType}, expected {typeName} with the contract's members)");
        }

        if (typedData.Types.Count != 2)
        {
            throw new Eip712Exception($"a {typeName} message declares only EIP712Domain and {typeName}, got {string.Join(", ", typedData.Types.Keys)}");
        }
    }

    /// <summary>A bytes32 member as typed data reads it (hex text or bytes); the encoder has already checked the value.</summary>
    public static byte[] Bytes32(IReadOnlyDictionary<string, object?> message, string name) => message[name] switch
    {
        byte[] bytes => Word(bytes, name),
        string text => Hex.DecodeFixed(text, 32),
        var other => throw new Eip712Exception($"message.{name}: not a bytes32 value ({other?.GetType().Name ?? "null"})"),
    };

    /// <summary>An integer member: BigInteger, a .NET integer, or decimal / 0x-hex text.</summary>
    public static BigInteger Integer(IReadOnlyDictionary<string, object?> message, string name) => message[name] switch
    {
        BigInteger b => b,
        ulong u => u,
        long l => l,
        int i => i,
        uint u => u,
        byte b => b,
        string s when s.StartsWith("0x", StringComparison.Ordinal) => BigInteger.Parse(string.Concat("0", s.AsSpan(2)), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
        string s => BigInteger.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture),
        var other => throw new Eip712Exception($"message.{name}: not an integer ({other?.GetType().Name ?? "null"})"),
    };
}
