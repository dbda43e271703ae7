using EcoValue.Domain.Merkle;

namespace EcoValue.Anchoring.Proofs;

/// <summary>
/// Merkle trees kept in memory, least recently used first out, bounded by their total number of leaves (a tree costs
/// about 100 bytes a leaf: values plus the nodes above them). Rebuilding a 10,000-leaf tree reads its leaves from the
/// database and hashes ~30,000 times, so proofs of a hot tree must not pay that per request; a bound on leaves rather
/// than on trees keeps a few big anchoring windows from pushing out many small serial trees, and the reverse.
/// Only trees that matched their expected root may be put here: a tampered database must be re-read, not remembered.
/// </summary>
public sealed class TreeCache<TKey>(long maxLeaves)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, StandardMerkleTree Tree)>> _entries = [];
    private readonly LinkedList<(TKey Key, StandardMerkleTree Tree)> _order = new();
    private readonly Lock _lock = new();
    private long _leaves;

    public long MaxLeaves { get; } = maxLeaves > 0 ? maxLeaves : throw new ArgumentOutOfRangeException(nameof(maxLeaves));

    /// <summary>Leaves held now.</summary>
    public long Leaves
    {
        get
        {
            lock (_lock)
            {
                return _leaves;
            }
        }
    }

    public bool TryGet(TKey key, out StandardMerkleTree tree)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                tree = node.Value.Tree;
                return true;
            }
        }

        tree = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="tree"/>, evicting the least recently used trees until the bound holds (a tree bigger than the bound is not kept).</summary>
    public void Add(TKey key, StandardMerkleTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree.Count > MaxLeaves)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.Remove(key, out var old))
            {
                _order.Remove(old);
                _leaves -= old.Value.Tree.Count;
            }

            while (_leaves + tree.Count > MaxLeaves && _order.Last is { } last)
            {
                _order.RemoveLast();
                _entries.Remove(last.Value.Key);
                _leaves -= last.Value.Tree.Count;
            }

            _entries[key] = _order.AddFirst((key, tree));
            _leaves += tree.Count;
        }
    }

    public void Remove(TKey key)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var node))
            {
                _order.Remove(node);
                _leaves -= node.Value.Tree.Count;
            }
        }
    }
}
