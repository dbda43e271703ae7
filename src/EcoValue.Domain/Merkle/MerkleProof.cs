using EcoValue.Ethereum;

namespace EcoValue.Domain.Merkle;

/// <summary>
/// Proof checking with sorted-pair (commutative) Keccak-256, the same computation as OpenZeppelin's Solidity
/// <c>MerkleProof</c> (contracts 5.x) and the <c>processProof</c>/<c>processMultiProof</c> of @openzeppelin/merkle-tree.
/// Everything here works on leaf hashes; <see cref="StandardMerkleTree"/> turns record hashes into leaves.
/// </summary>
public static class MerkleProof
{
    public const int HashSize = 32;

    /// <summary>keccak256(min(a, b) ‖ max(a, b)), comparing the hashes as 256-bit big-endian numbers (OZ <c>Hashes.commutativeKeccak256</c>).</summary>
    public static void HashPair(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> output)
    {
        Span<byte> pair = stackalloc byte[2 * HashSize];
        if (a.SequenceCompareTo(b) <= 0)
        {
            a.CopyTo(pair);
            b.CopyTo(pair[HashSize..]);
        }
        else
        {
            b.CopyTo(pair);
            a.CopyTo(pair[HashSize..]);
        }

        Keccak.Hash(pair, output);
    }

    /// <summary>The root reached from <paramref name="leaf"/> by hashing in each proof node in turn.</summary>
    public static byte[] ProcessProof(ReadOnlySpan<byte> leaf, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        RequireHash(leaf, "leaf");
        var computed = leaf.ToArray();
        for (var i = 0; i < proof.Count; i++)
        {
            RequireHash(proof[i], $"proof[{i}]");
            HashPair(computed, proof[i], computed);
        }

        return computed;
    }

    /// <summary>True when <paramref name="proof"/> leads from <paramref name="leaf"/> to <paramref name="root"/> (Solidity <c>MerkleProof.verify</c>).</summary>
    public static bool Verify(IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> root, ReadOnlySpan<byte> leaf)
    {
        RequireHash(root, "root");
        return ProcessProof(leaf, proof).AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// The root a multiproof leads to: leaves and computed nodes are consumed first-in first-out; each flag says
    /// whether the second operand is the next computed node (true) or the next proof node (false).
    /// </summary>
    /// <exception cref="MerkleTreeException">the counts do not fit together (OZ: "Invalid multiproof format",
    /// Solidity: <c>MerkleProofInvalidMultiproof</c>) or a node is not 32 bytes.</exception>
    public static byte[] ProcessMultiProof(IReadOnlyList<byte[]> proof, IReadOnlyList<bool> proofFlags, IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(proofFlags);
        ArgumentNullException.ThrowIfNull(leaves);
        for (var i = 0; i < leaves.Count; i++)
        {
            RequireHash(leaves[i], $"leaves[{i}]");
        }

        for (var i = 0; i < proof.Count; i++)
        {
            RequireHash(proof[i], $"proof[{i}]");
        }

        var falseFlags = proofFlags.Count(f => !f);
        if (proof.Count < falseFlags || leaves.Count + proof.Count != proofFlags.Count + 1)
        {
            throw new MerkleTreeException(
                $"invalid multiproof: {leaves.Count} leaves + {proof.Count} proof nodes must be {proofFlags.Count} flags + 1, with a proof node for each of the {falseFlags} false flags");
        }

        var queue = new Queue<byte[]>(leaves.Count + proofFlags.Count);
        foreach (var leaf in leaves)
        {
            queue.Enqueue(leaf);
        }

        var proofPos = 0;
        foreach (var flag in proofFlags)
        {
            if (!queue.TryDequeue(out var a))
            {
                throw new MerkleTreeException("invalid multiproof: a step has no computed node to start from");
            }

            byte[] b;
            if (flag)
            {
                if (!queue.TryDequeue(out b!))
                {
                    throw new MerkleTreeException("invalid multiproof: a true flag has no second computed node");
                }
            }
            else
            {
                b = proof[proofPos++];
            }

            var parent = new byte[HashSize];
            HashPair(a, b, parent);
            queue.Enqueue(parent);
        }

        // One value must remain: the last computed node, or (no leaves, no flags) the single proof node, i.e. the root.
        if (queue.Count + (proof.Count - proofPos) != 1)
        {
            throw new MerkleTreeException("invalid multiproof: it does not reduce to a single root");
        }

        return queue.Count == 1 ? queue.Dequeue() : (byte[])proof[proofPos].Clone();
    }

    /// <summary>True when the multiproof leads to <paramref name="root"/> (Solidity <c>MerkleProof.multiProofVerify</c>).</summary>
    public static bool MultiProofVerify(IReadOnlyList<byte[]> proof, IReadOnlyList<bool> proofFlags, ReadOnlySpan<byte> root, IReadOnlyList<byte[]> leaves)
    {
        RequireHash(root, "root");
        return ProcessMultiProof(proof, proofFlags, leaves).AsSpan().SequenceEqual(root);
    }

    internal static void RequireHash(ReadOnlySpan<byte> hash, string what)
    {
        if (hash.Length != HashSize)
        {
            throw new MerkleTreeException($"{what} must be {HashSize} bytes, got {hash.Length}");
        }
    }
}
