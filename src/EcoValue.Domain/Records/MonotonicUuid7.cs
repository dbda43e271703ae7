namespace EcoValue.Domain.Records;

/// <summary>
/// UUIDv7 ids that sort in the order this process made them (RFC 9562 §6.2, "monotonic random"): within one
/// millisecond <see cref="Guid.CreateVersion7(DateTimeOffset)"/> is random in its low 74 bits, so two ids of the same
/// millisecond sort by chance, and lists documented as "in creation order" (keyset pages on the id) were not. When a
/// fresh id of the same millisecond does not sort after the last one, the last one plus one (in its random tail) is
/// used instead; ids of another millisecond are taken as made, so an id never claims a time it was not made at.
/// </summary>
internal static class MonotonicUuid7
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    public static Guid Next(DateTimeOffset at)
    {
        var candidate = ToNumber(Guid.CreateVersion7(at));
        lock (Gate)
        {
            // The top 48 bits are the millisecond; the bottom 62 are random (above them: version and variant bits).
            if (candidate >> 80 == _last >> 80 && candidate <= _last && (_last & RandomTail) != RandomTail)
            {
                candidate = _last + 1;
            }

            _last = candidate;
        }

        return FromNumber(candidate);
    }

    private static readonly UInt128 RandomTail = (UInt128.One << 62) - 1;

    private static UInt128 ToNumber(Guid guid)
    {
        Span<byte> bytes = stackalloc byte[16];
        guid.TryWriteBytes(bytes, bigEndian: true, out _);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    private static Guid FromNumber(UInt128 value)
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, value);
        return new Guid(bytes, bigEndian: true);
    }
}
