using System.Buffers.Binary;

namespace EcoValue.Domain.Merkle;

/// <summary>
/// A 32-byte hash as four big-endian words, so sorting and lookups compare numbers instead of spans. Ordering is the
/// numeric order of the 256-bit value, which is the order OpenZeppelin's <c>compare</c> (BigInt difference) gives.
/// </summary>
internal readonly record struct Hash32(ulong A, ulong B, ulong C, ulong D) : IComparable<Hash32>
{
    public static Hash32 Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, A);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], D);
    }

    public int CompareTo(Hash32 other)
    {
        var c = A.CompareTo(other.A);
        if (c != 0)
        {
            return c;
        }

        c = B.CompareTo(other.B);
        if (c != 0)
        {
            return c;
        }

        c = C.CompareTo(other.C);
        return c != 0 ? c : D.CompareTo(other.D);
    }
}

/// <summary>A leaf hash with the index of the value it came from; sorting by (hash, index) is a stable sort by hash.</summary>
internal readonly record struct SortableLeaf(Hash32 Hash, int ValueIndex) : IComparable<SortableLeaf>
{
    public int CompareTo(SortableLeaf other)
    {
        var c = Hash.CompareTo(other.Hash);
        return c != 0 ? c : ValueIndex.CompareTo(other.ValueIndex);
    }
}
