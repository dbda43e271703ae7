// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {IAnchorRegistry} from "./IAnchorRegistry.sol";

/// @title EcoValue anchor registry
/// @notice See {IAnchorRegistry}. One storage slot per root keeps an anchor transaction under 50,000 gas whatever the
/// window size, so the cost per record falls as the window grows.
contract AnchorRegistry is IAnchorRegistry, AccessControl {
    /// @dev Packed into one slot (8 + 8 + 4 bytes): one cold SSTORE per anchor. `leafCount != 0` marks presence, since
    /// {anchor} rejects zero counts; block numbers and timestamps fit 64 bits for the foreseeable life of any chain.
    struct Anchor {
        uint64 blockNumber;
        uint64 timestamp;
        uint32 leafCount;
    }

    /// @inheritdoc IAnchorRegistry
    bytes32 public constant override ANCHORER_ROLE = keccak256("ANCHORER_ROLE");

    mapping(bytes32 root => Anchor anchor) private _anchors;

    /// @param admin Holds `DEFAULT_ADMIN_ROLE`, and so grants and revokes `ANCHORER_ROLE`.
    /// @param anchorer First holder of `ANCHORER_ROLE` (the service's anchoring key).
    constructor(address admin, address anchorer) {
        if (admin == address(0) || anchorer == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ANCHORER_ROLE, anchorer);
    }

    /// @inheritdoc IAnchorRegistry
    function anchor(bytes32 root, uint32 leafCount) external override onlyRole(ANCHORER_ROLE) {
        if (root == bytes32(0)) revert ZeroRoot();
        if (leafCount == 0) revert ZeroLeafCount();
        Anchor storage existing = _anchors[root];
        if (existing.leafCount != 0) revert RootAlreadyAnchored(root, existing.blockNumber);

        uint64 blockNumber = uint64(block.number);
        _anchors[root] = Anchor({blockNumber: blockNumber, timestamp: uint64(block.timestamp), leafCount: leafCount});
        emit Anchored(root, leafCount, blockNumber, msg.sender);
    }

    /// @inheritdoc IAnchorRegistry
    function anchoredAt(bytes32 root)
        external
        view
        override
        returns (uint64 blockNumber, uint64 timestamp, uint32 leafCount)
    {
        Anchor memory a = _anchors[root];
        return (a.blockNumber, a.timestamp, a.leafCount);
    }

    /// @inheritdoc IAnchorRegistry
    function isAnchored(bytes32 root) public view override returns (bool) {
        return _anchors[root].leafCount != 0;
    }

    /// @inheritdoc IAnchorRegistry
    function verify(bytes32 root, bytes32 leaf, bytes32[] calldata proof) external view override returns (bool) {
        return isAnchored(root) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IAnchorRegistry
    function verifyRecord(bytes32 root, bytes32 recordHash, bytes32[] calldata proof)
        external
        view
        override
        returns (bool)
    {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(recordHash))));
        return isAnchored(root) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @inheritdoc IAnchorRegistry
    function verifyMulti(bytes32 root, bytes32[] calldata proof, bool[] calldata proofFlags, bytes32[] calldata leaves)
        external
        view
        override
        returns (bool)
    {
        return
            leaves.length != 0 && isAnchored(root)
                && MerkleProof.multiProofVerifyCalldata(proof, proofFlags, root, leaves);
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAnchorRegistry).interfaceId || super.supportsInterface(interfaceId);
    }
}
