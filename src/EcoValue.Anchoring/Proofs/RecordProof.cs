using EcoValue.Data.Anchoring;
using EcoValue.Domain.Merkle;

namespace EcoValue.Anchoring.Proofs;

/// <summary>Where a record stands on its way to the chain.</summary>
public enum ProofStatus
{
    /// <summary>Committed, not yet in a Merkle tree.</summary>
    Pending,

    /// <summary>In a tree whose root is not yet confirmed on chain (built, sent or mined).</summary>
    Anchoring,

    /// <summary>Its root is on chain with the configured confirmations.</summary>
    Anchored,

    /// <summary>The stored record no longer matches what was hashed and anchored.</summary>
    Tampered,
}

/// <summary>
/// Everything needed to check a record without trusting this server: the envelope (canonical JSON), its hash, the
/// OpenZeppelin StandardMerkleTree leaf and proof, the root, and where the root is on chain.
/// </summary>
public sealed record RecordProof(
    string RecordId,
    ProofStatus Status,
    string Envelope,
    byte[] RecordHash,
    byte[]? Leaf,
    IReadOnlyList<byte[]> Proof,
    byte[]? Root,
    long? LeafIndex,
    long? LeafCount,
    byte[]? TransactionHash,
    long? BlockNumber,
    byte[]? BlockHash,
    string? Problem);

/// <summary>A multiproof of some of an anchored batch's record hashes under its root (<see cref="ProofBuilder.MultiProofAsync"/>).</summary>
public sealed record AnchorMultiProof(AnchorBatch Batch, MerkleMultiProof Proof);
