namespace EcoValue.Domain.Merkle;

/// <summary>
/// A proof for several values at once, in the shape OpenZeppelin's <c>getMultiProof</c> returns and
/// <c>MerkleProof.multiProofVerify</c> consumes: the proven values (record hashes, not leaf hashes) in the order the
/// verifier must receive them, the sibling nodes it cannot compute, and one flag per hashing step (true: hash two
/// computed nodes; false: hash a computed node with the next proof node).
/// </summary>
public sealed record MerkleMultiProof(IReadOnlyList<byte[]> Leaves, IReadOnlyList<byte[]> Proof, IReadOnlyList<bool> ProofFlags);
