// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @notice Builds trees the way @openzeppelin/merkle-tree's StandardMerkleTree does (src/core.ts): leaves are the
/// double-hashed values sorted ascending, stored at the end of the array in reverse, inner node i hashes its children
/// 2i+1 and 2i+2 with sorted-pair (commutative) keccak. A test-only independent model of what the service builds.
library MerkleTreeBuilder {
    error EmptyTree();

    /// @notice StandardMerkleTree leaf of `["bytes32"]`: keccak256(bytes.concat(keccak256(abi.encode(value)))).
    function leafOf(bytes32 value) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(value))));
    }

    /// @notice The whole tree; index 0 is the root, leaves occupy the last `values.length` slots.
    function build(bytes32[] memory values) internal pure returns (bytes32[] memory tree) {
        uint256 n = values.length;
        if (n == 0) revert EmptyTree();
        bytes32[] memory leaves = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) {
            leaves[i] = leafOf(values[i]);
        }
        _sort(leaves);
        tree = new bytes32[](2 * n - 1);
        for (uint256 i = 0; i < n; i++) {
            tree[tree.length - 1 - i] = leaves[i];
        }
        for (uint256 i = tree.length - n; i > 0; i--) {
            tree[i - 1] = Hashes.commutativeKeccak256(tree[2 * i - 1], tree[2 * i]);
        }
    }

    /// @notice Tree index of the i-th smallest leaf.
    function leafIndex(bytes32[] memory tree, uint256 i) internal pure returns (uint256) {
        return tree.length - 1 - i;
    }

    /// @notice Proof for the node at tree index `index` (core.ts getProof).
    function proof(bytes32[] memory tree, uint256 index) internal pure returns (bytes32[] memory p) {
        uint256 depth = 0;
        for (uint256 j = index; j > 0; j = (j - 1) / 2) {
            depth++;
        }
        p = new bytes32[](depth);
        for (uint256 k = 0; index > 0; k++) {
            p[k] = tree[_sibling(index)];
            index = (index - 1) / 2;
        }
    }

    /// @notice Multiproof for the nodes at tree `indices`, which must be distinct leaves sorted descending (core.ts
    /// getMultiProof). Returns the leaves in the order the proof consumes them.
    function multiProof(bytes32[] memory tree, uint256[] memory indices)
        internal
        pure
        returns (bytes32[] memory leaves, bytes32[] memory p, bool[] memory flags)
    {
        // Queue of tree indices; each step pops one or two and pushes a parent, so 2 * tree.length bounds it.
        uint256[] memory queue = new uint256[](2 * tree.length + 1);
        uint256 head = 0;
        uint256 tail = 0;
        for (uint256 i = 0; i < indices.length; i++) {
            queue[tail++] = indices[i];
        }
        bytes32[] memory proofBuf = new bytes32[](tree.length);
        bool[] memory flagBuf = new bool[](tree.length);
        uint256 proofLen = 0;
        uint256 flagLen = 0;
        while (head < tail && queue[head] > 0) {
            uint256 j = queue[head++];
            uint256 s = _sibling(j);
            if (head < tail && queue[head] == s) {
                flagBuf[flagLen++] = true;
                head++;
            } else {
                flagBuf[flagLen++] = false;
                proofBuf[proofLen++] = tree[s];
            }
            queue[tail++] = (j - 1) / 2;
        }
        leaves = new bytes32[](indices.length);
        for (uint256 i = 0; i < indices.length; i++) {
            leaves[i] = tree[indices[i]];
        }
        p = new bytes32[](proofLen);
        for (uint256 i = 0; i < proofLen; i++) {
            p[i] = proofBuf[i];
        }
        flags = new bool[](flagLen);
        for (uint256 i = 0; i < flagLen; i++) {
            flags[i] = flagBuf[i];
        }
    }

    function _sibling(uint256 index) private pure returns (uint256) {
        return index % 2 == 1 ? index + 1 : index - 1;
    }

    function _sort(bytes32[] memory a) private pure {
        for (uint256 i = 1; i < a.length; i++) {
            bytes32 key = a[i];
            uint256 j = i;
            while (j > 0 && a[j - 1] > key) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = key;
        }
    }
}
