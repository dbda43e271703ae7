using System.Buffers.Binary;
using System.Numerics;

namespace EcoValue.Ethereum.Rlp;

/// <summary>
/// Writes RLP into a caller-sized span with no allocation: size the buffer with the <see cref="RlpEncoder"/>
/// <c>LengthOf…</c> functions, then write a list header followed by its items, in order.
/// </summary>
public ref struct RlpWriter
{
    private readonly Span<byte> _buffer;

    public RlpWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        Position = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public int Position { get; private set; }

    public void WriteString(scoped ReadOnlySpan<byte> value)
    {
        if (value.Length == 1 && value[0] < 0x80)
        {
            Ensure(1);
            _buffer[Position++] = value[0];
            return;
        }

        WriteHeader(0x80, value.Length);
        WriteEncoded(value);
    }

    /// <summary>Writes the header of a list whose items' encodings add up to <paramref name="payloadLength"/> bytes; write the items next.</summary>
    public void WriteListHeader(int payloadLength) => WriteHeader(0xc0, payloadLength);

    public void WriteUInt(ulong value)
    {
        if (value is > 0 and < 0x80)
        {
            Ensure(1);
            _buffer[Position++] = (byte)value;
            return;
        }

        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        WriteString(bytes[(8 - RlpEncoder.ByteCount(value))..]);
    }

    public void WriteUInt(BigInteger value)
    {
        RlpEncoder.RequireUnsigned(value);
        if (value <= ulong.MaxValue)
        {
            WriteUInt((ulong)value);
            return;
        }

        var count = value.GetByteCount(isUnsigned: true);
        WriteHeader(0x80, count);
        Ensure(count);
        value.TryWriteBytes(_buffer.Slice(Position, count), out var written, isUnsigned: true, isBigEndian: true);
        Position += written;
    }

    /// <summary>Writes an item tree (lengths cached on the items, so each is computed once).</summary>
    public void WriteItem(RlpItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!item.IsList)
        {
            WriteString(item.Bytes.Span);
            return;
        }

        WriteListHeader(item.ListPayloadLength);
        foreach (var child in item.Items)
        {
            WriteItem(child);
        }
    }

    /// <summary>Copies bytes that are already RLP-encoded.</summary>
    public void WriteEncoded(scoped ReadOnlySpan<byte> encoded)
    {
        Ensure(encoded.Length);
        encoded.CopyTo(_buffer[Position..]);
        Position += encoded.Length;
    }

    private void WriteHeader(byte offset, int length)
    {
        if (length < 56)
        {
            Ensure(1);
            _buffer[Position++] = (byte)(offset + length);
            return;
        }

        var lengthOfLength = RlpEncoder.ByteCount((ulong)length);
        Ensure(1 + lengthOfLength);
        _buffer[Position++] = (byte)(offset + 55 + lengthOfLength);
        for (var i = lengthOfLength - 1; i >= 0; i--)
        {
            _buffer[Position++] = (byte)(length >> (8 * i));
        }
    }

    private readonly void Ensure(int count)
    {
        if (count > _buffer.Length - Position)
        {
            throw new InvalidOperationException($"RlpWriter buffer too small: {count} more bytes needed at {Position} of {_buffer.Length}; the lengths were computed wrong");
        }
    }
}
