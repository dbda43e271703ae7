using System.Collections.Concurrent;
using System.Numerics;
using EcoValue.Ethereum;

namespace EcoValue.Domain.Merkle;

/// <summary>
/// A Merkle tree of record hashes laid out exactly as @openzeppelin/merkle-tree 1.0.8 <c>StandardMerkleTree.of(values,
/// ["bytes32"])</c> builds it, so its <see cref="Dump"/> loads in that library, its root and proofs are the library's
/// byte for byte, and every proof passes OpenZeppelin's Solidity <c>MerkleProof.verify</c>.
/// <list type="bullet">
/// <item>leaf = keccak256(keccak256(abi.encode(value))); abi.encode of one bytes32 is the 32 bytes themselves;</item>
/// <item>the n leaves are sorted ascending by hash (stable: equal hashes keep input order) and stored from the end
/// of a (2n−1)-node array backwards, so <c>tree[2n−2]</c> holds the smallest leaf;</item>
/// <item>node i has children 2i+1 and 2i+2 and is <see cref="MerkleProof.HashPair"/> of them; the root is node 0.</item>
/// </list>
/// Immutable and safe to share between threads.
/// </summary>
public sealed partial class StandardMerkleTree
{
    private const int H = MerkleProof.HashSize;

    private readonly byte[] _tree;      // node i at [32i, 32i + 32)
    private readonly byte[] _values;    // value v at [32v, 32v + 32), in input order
    private readonly int[] _treeIndex;  // value index -> tree index
    private readonly int[] _valueAt;    // tree index - (Count - 1) -> value index
    private Dictionary<Hash32, int>? _lookup;

    private StandardMerkleTree(byte[] tree, byte[] values, int[] treeIndex)
    {
        _tree = tree;
        _values = values;
        _treeIndex = treeIndex;
        _valueAt = new int[treeIndex.Length];
        for (var v = 0; v < treeIndex.Length; v++)
        {
            _valueAt[treeIndex[v] - (treeIndex.Length - 1)] = v;
        }
    }

    /// <summary>The leaf encoding of every tree this type builds or loads.</summary>
    public static IReadOnlyList<string> LeafEncoding { get; } = ["bytes32"];

    /// <summary>Number of values (record hashes), duplicates included.</summary>
    public int Count => _treeIndex.Length;

    /// <summary>Number of nodes, 2·<see cref="Count"/> − 1.</summary>
    public int NodeCount => _tree.Length / H;

    public byte[] Root => _tree.AsSpan(0, H).ToArray();

    public string RootHex => Hex.Encode(_tree.AsSpan(0, H));

    /// <summary>The value (record hash) at an input position.</summary>
    public byte[] GetValue(int valueIndex) => ValueSpan(CheckValueIndex(valueIndex)).ToArray();

    /// <summary>Where a value's leaf sits in the node array (the <c>treeIndex</c> of the dump).</summary>
    public int GetTreeIndex(int valueIndex) => _treeIndex[CheckValueIndex(valueIndex)];

    /// <summary>A node of the array layout (0 = root).</summary>
    public byte[] GetNode(int treeIndex)
    {
        if ((uint)treeIndex >= (uint)NodeCount)
        {
            throw new MerkleTreeException($"tree index {treeIndex} is out of range (0..{NodeCount - 1})");
        }

        return NodeSpan(treeIndex).ToArray();
    }

    /// <summary>keccak256(keccak256(value)): the standard leaf of a bytes32 value.</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> value)
    {
        var leaf = new byte[H];
        LeafHash(value, leaf);
        return leaf;
    }

    public static void LeafHash(ReadOnlySpan<byte> value, Span<byte> output)
    {
        MerkleProof.RequireHash(value, "value");
        Span<byte> inner = stackalloc byte[H];
        Keccak.Hash(value, inner);
        Keccak.Hash(inner, output);
    }

    /// <summary>Builds the tree of the given record hashes (each 32 bytes; duplicates allowed, as in OZ).</summary>
    public static StandardMerkleTree Build(IReadOnlyList<byte[]> recordHashes)
    {
        ArgumentNullException.ThrowIfNull(recordHashes);
        var n = recordHashes.Count;
        if (n == 0)
        {
            throw new MerkleTreeException("a Merkle tree needs at least one value");
        }

        if (n > (int.MaxValue / H / 2) - 1)
        {
            throw new MerkleTreeException($"{n} values are too many for one tree");
        }

        var values = new byte[n * H];
        var leaves = new SortableLeaf[n];
        for (var v = 0; v < n; v++)
        {
            var value = recordHashes[v];
            if (value is not { Length: H })
            {
                throw new MerkleTreeException($"value {v} must be {H} bytes, got {value?.Length ?? 0}");
            }

            value.CopyTo(values, v * H);
        }

        ForRange(0, n, (from, to) =>
        {
            Span<byte> leaf = stackalloc byte[H];
            for (var v = from; v < to; v++)
            {
                LeafHash(values.AsSpan(v * H, H), leaf);
                leaves[v] = new SortableLeaf(Hash32.Read(leaf), v);
            }
        });

        Array.Sort(leaves);

        var nodeCount = (2 * n) - 1;
        var tree = new byte[nodeCount * H];
        var treeIndex = new int[n];
        for (var i = 0; i < n; i++)
        {
            var at = nodeCount - 1 - i;
            leaves[i].Hash.Write(tree.AsSpan(at * H, H));
            treeIndex[leaves[i].ValueIndex] = at;
        }

        HashInternalNodes(tree, nodeCount - n);
        return new StandardMerkleTree(tree, values, treeIndex);
    }

    /// <summary>The sibling path of the value at an input position, leaf to root.</summary>
    public byte[][] GetProof(int valueIndex)
    {
        var index = _treeIndex[CheckValueIndex(valueIndex)];
        var proof = new List<byte[]>();
        while (index > 0)
        {
            proof.Add(NodeSpan(Sibling(index)).ToArray());
            index = Parent(index);
        }

        return [.. proof];
    }

    /// <summary>The proof of a value found by content; with duplicates, of its last occurrence (as OZ's lookup does).</summary>
    public byte[][] GetProof(ReadOnlySpan<byte> value) => GetProof(IndexOf(value));

    /// <summary>The input position of a value (the last one when it occurs more than once).</summary>
    /// <exception cref="MerkleTreeException">the value is not in the tree.</exception>
    public int IndexOf(ReadOnlySpan<byte> value)
    {
        Span<byte> leaf = stackalloc byte[H];
        LeafHash(value, leaf);
        var lookup = LazyInitializer.EnsureInitialized(ref _lookup, BuildLookup);
        return lookup.TryGetValue(Hash32.Read(leaf), out var index)
            ? index
            : throw new MerkleTreeException($"{Hex.Encode(value)} is not in the tree");
    }

    /// <summary>
    /// A proof for several values at once, computed as OZ's <c>getMultiProof</c>: positions mapped to tree indices,
    /// sorted descending, then reduced level by level. No positions gives the root as the only proof node.
    /// </summary>
    public MerkleMultiProof GetMultiProof(IReadOnlyList<int> valueIndices)
    {
        ArgumentNullException.ThrowIfNull(valueIndices);
        var indices = new int[valueIndices.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            indices[i] = _treeIndex[CheckValueIndex(valueIndices[i])];
        }

        Array.Sort(indices, static (a, b) => b.CompareTo(a));
        for (var i = 1; i < indices.Length; i++)
        {
            if (indices[i] == indices[i - 1])
            {
                throw new MerkleTreeException($"value {_valueAt[indices[i] - (Count - 1)]} is named twice; a multiproof cannot prove a leaf twice");
            }
        }

        var queue = new Queue<int>(indices);
        var proof = new List<byte[]>();
        var flags = new List<bool>();
        while (queue.Count > 0 && queue.Peek() > 0)
        {
            var j = queue.Dequeue();
            var s = Sibling(j);
            if (queue.Count > 0 && queue.Peek() == s)
            {
                flags.Add(true);
                queue.Dequeue();
            }
            else
            {
                flags.Add(false);
                proof.Add(NodeSpan(s).ToArray());
            }

            queue.Enqueue(Parent(j));
        }

        if (indices.Length == 0)
        {
            proof.Add(Root);
        }

        var leaves = indices.Select(t => ValueSpan(_valueAt[t - (Count - 1)]).ToArray()).ToArray();
        return new MerkleMultiProof(leaves, proof, flags);
    }

    /// <summary>True when <paramref name="proof"/> proves <paramref name="value"/> (a record hash) under <paramref name="root"/> (OZ <c>StandardMerkleTree.verify</c>).</summary>
    public static bool Verify(ReadOnlySpan<byte> root, ReadOnlySpan<byte> value, IReadOnlyList<byte[]> proof) =>
        MerkleProof.Verify(proof, root, LeafHash(value));

    /// <summary>True when the multiproof proves its values under <paramref name="root"/> (OZ <c>StandardMerkleTree.verifyMultiProof</c>).</summary>
    public static bool VerifyMultiProof(ReadOnlySpan<byte> root, MerkleMultiProof multiProof)
    {
        ArgumentNullException.ThrowIfNull(multiProof);
        var leaves = multiProof.Leaves.Select(v => LeafHash(v)).ToArray();
        return MerkleProof.MultiProofVerify(multiProof.Proof, multiProof.ProofFlags, root, leaves);
    }

    /// <summary>
    /// Fills nodes 0..internalCount-1 from their children. Nodes of one depth (indices 2^d−1 .. 2^(d+1)−2) depend
    /// only on deeper ones, so each depth is hashed in parallel, deepest first.
    /// </summary>
    private static void HashInternalNodes(byte[] tree, int internalCount)
    {
        for (var levelStart = ((int)BitOperations.RoundUpToPowerOf2((uint)internalCount + 1) / 2) - 1; levelStart >= 0; levelStart = ((levelStart + 1) / 2) - 1)
        {
            var levelEnd = Math.Min((2 * levelStart) + 1, internalCount);
            ForRange(levelStart, levelEnd, (from, to) =>
            {
                for (var i = to - 1; i >= from; i--)
                {
                    MerkleProof.HashPair(
                        tree.AsSpan(((2 * i) + 1) * H, H),
                        tree.AsSpan(((2 * i) + 2) * H, H),
                        tree.AsSpan(i * H, H));
                }
            });
        }
    }

    /// <summary>Runs <paramref name="body"/> over [from, to) in chunks, in parallel once there is enough work to pay for it.</summary>
    private static void ForRange(int from, int to, Action<int, int> body)
    {
        const int Chunk = 2048;
        if (to - from <= 2 * Chunk)
        {
            body(from, to);
            return;
        }

        Parallel.ForEach(Partitioner.Create(from, to, Chunk), range => body(range.Item1, range.Item2));
    }

    private Dictionary<Hash32, int> BuildLookup()
    {
        var lookup = new Dictionary<Hash32, int>(Count);
        for (var v = 0; v < Count; v++)
        {
            lookup[Hash32.Read(NodeSpan(_treeIndex[v]))] = v; // later duplicates win, as in OZ's Object.fromEntries
        }

        return lookup;
    }

    private int CheckValueIndex(int valueIndex) =>
        (uint)valueIndex < (uint)Count
            ? valueIndex
            : throw new MerkleTreeException($"value index {valueIndex} is out of range (0..{Count - 1})");

    private ReadOnlySpan<byte> NodeSpan(int treeIndex) => _tree.AsSpan(treeIndex * H, H);

    private ReadOnlySpan<byte> ValueSpan(int valueIndex) => _values.AsSpan(valueIndex * H, H);

    private static int Sibling(int i) => (i % 2 == 1) ? i + 1 : i - 1;

    private static int Parent(int i) => (i - 1) / 2;
}
