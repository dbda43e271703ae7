// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {TestBase} from "./utils/TestBase.sol";

/// @notice Proves the offline toolchain end to end: forge drives solc-js through the shim, OpenZeppelin resolves
/// from the pinned npm package, and cheatcodes work.
contract ToolchainTest is TestBase {
    function test_OpenZeppelinMerkleProof_verifiesTwoLeafTree() public pure {
        bytes32 a = keccak256(bytes.concat(keccak256(abi.encode(bytes32(uint256(1))))));
        bytes32 b = keccak256(bytes.concat(keccak256(abi.encode(bytes32(uint256(2))))));
        bytes32 root = a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = b;
        assertTrue(MerkleProof.verify(proof, root, a), "a is in the tree");
        proof[0] = a;
        assertTrue(!MerkleProof.verify(proof, root, a), "a is not its own sibling");
    }

    function testFuzz_EcdsaRecover_returnsSigner(uint256 key, bytes32 digest) public pure {
        key = 1 + (key % (0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        assertEq(ECDSA.recover(digest, v, r, s), vm.addr(key), "recovered signer");
    }
}
