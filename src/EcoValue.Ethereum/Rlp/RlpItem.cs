using System.Numerics;
using System.Text;

namespace EcoValue.Ethereum.Rlp;

/// <summary>
/// One RLP item: a byte string or a list of items (Yellow Paper appendix B). Decoding yields a tree of these; building
/// one by hand and passing it to <see cref="RlpEncoder.Encode(RlpItem)"/> encodes it. Equality is structural.
/// A decoded item views the decoder's input buffer instead of copying it: do not change that buffer afterwards.
/// </summary>
public sealed class RlpItem : IEquatable<RlpItem>
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly RlpItem[]? _items;

    // A list's payload length, computed once and reused by the writer, so encoding a deep tree costs O(size) rather
    // than O(size x depth). Racing threads compute the same value, so the unsynchronised cache is benign.
    private int _payloadLength = -1;

    private RlpItem(ReadOnlyMemory<byte> bytes, RlpItem[]? items, int offset)
    {
        _bytes = bytes;
        _items = items;
        Offset = offset;
    }

    /// <summary>The empty byte string (0x80), which also encodes the integer zero.</summary>
    public static RlpItem EmptyString { get; } = new(ReadOnlyMemory<byte>.Empty, null, -1);

    /// <summary>The empty list (0xc0).</summary>
    public static RlpItem EmptyList { get; } = new(ReadOnlyMemory<byte>.Empty, [], -1);

    /// <summary>True for a list, false for a byte string.</summary>
    public bool IsList => _items is not null;

    /// <summary>Byte position of this item in the decoded input; -1 for an item built in memory.</summary>
    public int Offset { get; }

    /// <summary>The payload of a byte string.</summary>
    /// <exception cref="RlpException">this item is a list.</exception>
    public ReadOnlyMemory<byte> Bytes => _items is null ? _bytes : throw new RlpException("expected a byte string, found a list", Offset);

    /// <summary>The items of a list.</summary>
    /// <exception cref="RlpException">this item is a byte string.</exception>
    public IReadOnlyList<RlpItem> Items => _items ?? throw new RlpException("expected a list, found a byte string", Offset);

    /// <summary>Length of this item's RLP encoding, header included.</summary>
    public int EncodedLength => _items is null ? RlpEncoder.LengthOfString(_bytes.Span) : RlpEncoder.LengthOfList(ListPayloadLength);

    /// <summary>Sum of the encoded lengths of a list's items.</summary>
    internal int ListPayloadLength
    {
        get
        {
            if (_payloadLength < 0)
            {
                var total = 0;
                foreach (var item in _items!)
                {
                    total = checked(total + item.EncodedLength);
                }

                _payloadLength = total;
            }

            return _payloadLength;
        }
    }

    /// <summary>A byte string holding a copy of <paramref name="bytes"/>.</summary>
    public static RlpItem FromBytes(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? EmptyString : new(bytes.ToArray(), null, -1);

    /// <summary>A byte string holding the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static RlpItem FromUtf8(string text) => FromBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>An unsigned integer as RLP scalars are written: minimal big-endian, zero as the empty string.</summary>
    public static RlpItem FromUInt(BigInteger value) => FromBytes(Hex.ToBigEndian(value));

    public static RlpItem FromUInt(ulong value) => FromUInt(new BigInteger(value));

    /// <summary>A list of <paramref name="items"/> (copied, so the list cannot change under the item).</summary>
    public static RlpItem List(params ReadOnlySpan<RlpItem> items)
    {
        foreach (var item in items)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(items));
        }

        return new(ReadOnlyMemory<byte>.Empty, items.ToArray(), -1);
    }

    public static RlpItem List(IEnumerable<RlpItem> items) => List([.. items]);

    internal static RlpItem DecodedString(ReadOnlyMemory<byte> bytes, int offset) => new(bytes, null, offset);

    internal static RlpItem DecodedList(RlpItem[] items, int offset, int payloadLength) =>
        new(ReadOnlyMemory<byte>.Empty, items, offset) { _payloadLength = payloadLength };

    /// <summary>
    /// Reads this byte string as a canonical unsigned integer of at most 8 bytes: no leading zero byte (zero is the
    /// empty string), as the Yellow Paper requires of scalars.
    /// </summary>
    public ulong AsUInt64()
    {
        var span = ScalarBytes(8);
        ulong value = 0;
        foreach (var b in span)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Reads this byte string as a canonical unsigned integer of at most <paramref name="maxBytes"/> bytes (32 = uint256).</summary>
    public BigInteger AsBigInteger(int maxBytes = 32) => Hex.FromBigEndian(ScalarBytes(maxBytes));

    /// <summary>Reads this byte string, requiring exactly <paramref name="length"/> bytes (an address, a hash).</summary>
    public ReadOnlySpan<byte> AsFixedBytes(int length)
    {
        var span = Bytes.Span;
        if (span.Length != length)
        {
            throw new RlpException($"expected a {length}-byte string, found {span.Length} bytes", Offset);
        }

        return span;
    }

    /// <summary>JSON in the shape <c>cast to-rlp</c> reads: a byte string as "0x…", a list as [...].</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    public bool Equals(RlpItem? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || IsList != other.IsList)
        {
            return false;
        }

        if (_items is null)
        {
            return _bytes.Span.SequenceEqual(other._bytes.Span);
        }

        var otherItems = other._items!;
        if (_items.Length != otherItems.Length)
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(otherItems[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as RlpItem);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(IsList);
        if (_items is null)
        {
            hash.AddBytes(_bytes.Span);
        }
        else
        {
            hash.Add(_items.Length);
            foreach (var item in _items)
            {
                hash.Add(item.GetHashCode());
            }
        }

        return hash.ToHashCode();
    }

    private ReadOnlySpan<byte> ScalarBytes(int maxBytes)
    {
        var span = Bytes.Span;
        if (span.Length > maxBytes)
        {
            throw new RlpException($"integer is {span.Length} bytes, more than the {maxBytes} allowed", Offset);
        }

        if (span.Length > 0 && span[0] == 0)
        {
            throw new RlpException("integer has a leading zero byte (not canonical)", Offset);
        }

        return span;
    }

    private void Append(StringBuilder sb)
    {
        if (_items is null)
        {
            sb.Append('"').Append(Hex.Encode(_bytes.Span)).Append('"');
            return;
        }

        sb.Append('[');
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            _items[i].Append(sb);
        }

        sb.Append(']');
    }
}
