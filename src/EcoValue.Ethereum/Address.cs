namespace EcoValue.Ethereum;

/// <summary>
/// A 20-byte Ethereum account address. Prints with the EIP-55 mixed-case checksum; parsing accepts all-lower or
/// all-upper hex, and mixed case only when the checksum is right (a wrong-case address is a typo caught, not guessed).
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    private static readonly System.Buffers.SearchValues<char> LowerHexLetters = System.Buffers.SearchValues.Create("abcdef");
    private static readonly System.Buffers.SearchValues<char> UpperHexLetters = System.Buffers.SearchValues.Create("ABCDEF");

    private readonly byte[]? _bytes;

    public Address(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 20)
        {
            throw new HexFormatException($"an address is 20 bytes, got {bytes.Length}");
        }

        _bytes = bytes.ToArray();
    }

    /// <summary>The zero address (0x000…0).</summary>
    public static Address Zero => new(new byte[20]);

    public ReadOnlySpan<byte> Bytes => _bytes ?? new byte[20];

    public byte[] ToArray() => Bytes.ToArray();

    /// <summary>Parses "0x" + 40 hex digits, enforcing the EIP-55 checksum when the case is mixed.</summary>
    public static Address Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length != 42 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        {
            throw new HexFormatException($"an address is 0x followed by 40 hex digits: {text}");
        }

        var address = new Address(Hex.Decode(text));
        var digits = text.AsSpan(2);
        var hasLower = digits.ContainsAny(LowerHexLetters);
        var hasUpper = digits.ContainsAny(UpperHexLetters);
        if (hasLower && hasUpper && !digits.SequenceEqual(address.ToChecksumString().AsSpan(2)))
        {
            throw new HexFormatException($"address has a wrong EIP-55 checksum: {text}");
        }

        return address;
    }

    public static bool TryParse(string? text, out Address address)
    {
        try
        {
            address = Parse(text!);
            return true;
        }
        catch (Exception e) when (e is HexFormatException or ArgumentNullException)
        {
            address = default;
            return false;
        }
    }

    /// <summary>Address of a 64-byte uncompressed public key (X||Y): the last 20 bytes of its Keccak-256.</summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey64)
    {
        if (publicKey64.Length != 64)
        {
            throw new ArgumentException("public key must be 64 bytes (X||Y, no 0x04 prefix)", nameof(publicKey64));
        }

        return new Address(Keccak.Hash(publicKey64).AsSpan(12));
    }

    /// <summary>EIP-55: hex digit i is upper-case when nibble i of keccak(lower-case hex) is >= 8.</summary>
    public string ToChecksumString()
    {
        var lower = Hex.EncodeBare(Bytes);
        var hash = Keccak.HashUtf8(lower);
        var chars = new char[42];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < 40; i++)
        {
            var nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xF;
            chars[i + 2] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }

        return new string(chars);
    }

    /// <summary>All lower-case "0x…" form, for storage keys and JSON-RPC.</summary>
    public string ToLowerHex() => Hex.Encode(Bytes);

    public override string ToString() => ToChecksumString();

    public bool Equals(Address other) => Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is Address a && Equals(a);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
