// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title EcoValue anchor registry
/// @notice Holds one Merkle root per anchoring window. Each root commits to a batch of record hashes as an
/// OpenZeppelin StandardMerkleTree with leaf encoding `["bytes32"]` (sorted-pair hashing), so anyone holding a record
/// and its proof can check, with one `eth_call`, that the record existed when the root's block was mined.
interface IAnchorRegistry {
    /// @notice A root was anchored.
    /// @param root The Merkle root.
    /// @param leafCount Number of leaves (records) in the tree.
    /// @param blockNumber Block in which the root was anchored.
    /// @param anchorer Account holding the anchoring role that sent the transaction.
    event Anchored(bytes32 indexed root, uint32 leafCount, uint64 blockNumber, address indexed anchorer);

    /// @notice The zero address was given where an account is required.
    error ZeroAddress();

    /// @notice `anchor` was called with the zero root.
    error ZeroRoot();

    /// @notice `anchor` was called with zero leaves.
    error ZeroLeafCount();

    /// @notice The root is already anchored; a root is anchored at most once (it is the anchoring idempotency key).
    /// @param root The root.
    /// @param blockNumber Block in which it was anchored.
    error RootAlreadyAnchored(bytes32 root, uint64 blockNumber);

    /// @notice Role allowed to call {anchor}; its admin is `DEFAULT_ADMIN_ROLE`.
    function ANCHORER_ROLE() external view returns (bytes32);

    /// @notice Anchors a Merkle root. Costs one storage slot whatever the tree size.
    /// @dev Requires `ANCHORER_ROLE`. Reverts with {ZeroRoot}, {ZeroLeafCount} or {RootAlreadyAnchored}.
    /// @param root Root of the window's StandardMerkleTree.
    /// @param leafCount Number of leaves in the tree, at least 1.
    function anchor(bytes32 root, uint32 leafCount) external;

    /// @notice When and how a root was anchored.
    /// @param root The root.
    /// @return blockNumber Block of the anchoring transaction, 0 if the root is unknown.
    /// @return timestamp That block's timestamp, 0 if the root is unknown.
    /// @return leafCount Number of leaves, 0 if the root is unknown.
    function anchoredAt(bytes32 root) external view returns (uint64 blockNumber, uint64 timestamp, uint32 leafCount);

    /// @notice Whether `root` has been anchored.
    function isAnchored(bytes32 root) external view returns (bool);

    /// @notice Whether `leaf` is in the tree of the anchored `root`.
    /// @dev `leaf` is the final StandardMerkleTree leaf hash, `keccak256(bytes.concat(keccak256(abi.encode(value))))`.
    /// Because the caller supplies that hash, an inner node with a shorter proof also verifies: callers must derive
    /// `leaf` from the record themselves, or use {verifyRecord}.
    /// @param root The root; false if it is not anchored.
    /// @param leaf The leaf hash.
    /// @param proof Sibling hashes from the leaf up to the root.
    /// @return True iff `root` is anchored and the proof is valid.
    function verify(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external view returns (bool);

    /// @notice Whether the record with hash `recordHash` is in the tree of the anchored `root`.
    /// @dev Computes the StandardMerkleTree leaf of `["bytes32"]` on chain, so an inner node cannot pass as a leaf.
    /// @param root The root; false if it is not anchored.
    /// @param recordHash The record hash (the tree's leaf value).
    /// @param proof Sibling hashes from the leaf up to the root.
    /// @return True iff `root` is anchored and the proof is valid.
    function verifyRecord(bytes32 root, bytes32 recordHash, bytes32[] calldata proof) external view returns (bool);

    /// @notice Whether all `leaves` are in the tree of the anchored `root`, by an OpenZeppelin multiproof.
    /// @dev Leaves are final leaf hashes as in {verify}. Returns false for an empty `leaves` (a multiproof of nothing
    /// proves nothing). Reverts with OpenZeppelin's `MerkleProofInvalidMultiproof` if the lengths of `proof`,
    /// `proofFlags` and `leaves` are inconsistent.
    /// @param root The root; false if it is not anchored.
    /// @param proof Sibling hashes not computable from `leaves`.
    /// @param proofFlags For each step, whether to take the next node from the queue (true) or from `proof` (false).
    /// @param leaves Leaf hashes in the order the multiproof expects.
    /// @return True iff `root` is anchored, `leaves` is not empty and the multiproof is valid.
    function verifyMulti(bytes32 root, bytes32[] calldata proof, bool[] calldata proofFlags, bytes32[] calldata leaves)
        external
        view
        returns (bool);
}
