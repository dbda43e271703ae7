namespace EcoValue.Ethereum.Abi;

/// <summary>An append-only growable byte array that also allows writing back into what was already appended (ABI heads).</summary>
internal sealed class ByteBuffer(int capacity)
{
    private byte[] _bytes = new byte[Math.Max(capacity, 64)];

    public int Length { get; private set; }

    /// <summary>Appends <paramref name="count"/> zero bytes and returns them for writing.</summary>
    public Span<byte> Append(int count)
    {
        var needed = (long)Length + count;
        if (needed > Array.MaxLength)
        {
            throw new AbiException("encoding would exceed the maximum array size");
        }

        if (needed > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _bytes.Length)));
        }

        var span = _bytes.AsSpan(Length, count);
        span.Clear();
        Length += count;
        return span;
    }

    public Span<byte> At(int position, int count) => _bytes.AsSpan(position, count);

    public byte[] ToArray() => _bytes.AsSpan(0, Length).ToArray();
}
