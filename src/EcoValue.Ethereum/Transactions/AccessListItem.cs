namespace EcoValue.Ethereum.Transactions;

/// <summary>One EIP-2930 access-list entry: an address and the 32-byte storage keys the transaction pre-declares for it.</summary>
public sealed record AccessListItem
{
    private readonly ReadOnlyMemory<byte>[] _storageKeys;

    public AccessListItem(Address address, IEnumerable<ReadOnlyMemory<byte>>? storageKeys = null)
    {
        Address = address;
        _storageKeys = [.. (storageKeys ?? []).Select(CopyKey)];
    }

    public Address Address { get; }

    public IReadOnlyList<ReadOnlyMemory<byte>> StorageKeys => _storageKeys;

    public bool Equals(AccessListItem? other) =>
        other is not null
        && Address == other.Address
        && _storageKeys.Length == other._storageKeys.Length
        && _storageKeys.Zip(other._storageKeys).All(p => p.First.Span.SequenceEqual(p.Second.Span));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        foreach (var key in _storageKeys)
        {
            hash.AddBytes(key.Span);
        }

        return hash.ToHashCode();
    }

    private static ReadOnlyMemory<byte> CopyKey(ReadOnlyMemory<byte> key) =>
        key.Length == 32 ? key.ToArray() : throw new ArgumentException($"a storage key is 32 bytes, got {key.Length}", nameof(key));
}
