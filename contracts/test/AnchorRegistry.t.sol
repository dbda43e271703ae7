// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {AnchorRegistry} from "../src/AnchorRegistry.sol";
import {IAnchorRegistry} from "../src/IAnchorRegistry.sol";
import {MerkleTreeBuilder} from "./utils/MerkleTreeBuilder.sol";
import {TestBase} from "./utils/TestBase.sol";

contract AnchorRegistryTest is TestBase {
    address private constant ADMIN = address(0xA11CE);
    address private constant ANCHORER = address(0xA2C4);
    address private constant STRANGER = address(0xBAD);
    bytes32 private constant ROOT = keccak256("root");

    AnchorRegistry private registry;

    function setUp() public {
        registry = new AnchorRegistry(ADMIN, ANCHORER);
    }

    // ---- construction and roles ----

    function test_Constructor_grantsAdminAndAnchorer() public view {
        assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), ADMIN), "admin role");
        assertTrue(registry.hasRole(registry.ANCHORER_ROLE(), ANCHORER), "anchorer role");
        assertFalse(registry.hasRole(registry.ANCHORER_ROLE(), ADMIN), "admin is not an anchorer");
        assertEq(registry.getRoleAdmin(registry.ANCHORER_ROLE()), registry.DEFAULT_ADMIN_ROLE(), "role admin");
        assertEq(registry.ANCHORER_ROLE(), keccak256("ANCHORER_ROLE"), "role id");
    }

    function test_RevertWhen_ConstructorAdminIsZero() public {
        vm.expectRevert(IAnchorRegistry.ZeroAddress.selector);
        new AnchorRegistry(address(0), ANCHORER);
    }

    function test_RevertWhen_ConstructorAnchorerIsZero() public {
        vm.expectRevert(IAnchorRegistry.ZeroAddress.selector);
        new AnchorRegistry(ADMIN, address(0));
    }

    function test_GrantRole_byAdminLetsNewAnchorerAnchor_andRevokeStopsIt() public {
        bytes32 role = registry.ANCHORER_ROLE();
        vm.prank(ADMIN);
        registry.grantRole(role, STRANGER);
        vm.prank(STRANGER);
        registry.anchor(ROOT, 1);
        assertTrue(registry.isAnchored(ROOT), "anchored by the new anchorer");

        vm.prank(ADMIN);
        registry.revokeRole(role, STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, STRANGER, role)
        );
        vm.prank(STRANGER);
        registry.anchor(keccak256("another"), 1);
    }

    function test_RevertWhen_AnchorerGrantsRole() public {
        bytes32 role = registry.ANCHORER_ROLE();
        bytes32 adminRole = registry.DEFAULT_ADMIN_ROLE();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, ANCHORER, adminRole)
        );
        vm.prank(ANCHORER);
        registry.grantRole(role, STRANGER);
    }

    function test_SupportsInterface_registryAccessControlAndErc165() public view {
        assertTrue(registry.supportsInterface(type(IAnchorRegistry).interfaceId), "IAnchorRegistry");
        assertTrue(registry.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertTrue(registry.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertFalse(registry.supportsInterface(0xffffffff), "ERC-165 invalid id");
    }

    // ---- anchor ----

    function test_Anchor_storesBlockTimestampAndLeafCount() public {
        vm.roll(1234);
        vm.warp(1_700_000_000);
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 10_000);

        (uint64 blockNumber, uint64 timestamp, uint32 leafCount) = registry.anchoredAt(ROOT);
        assertEq(blockNumber, 1234, "block number");
        assertEq(timestamp, 1_700_000_000, "timestamp");
        assertEq(leafCount, 10_000, "leaf count");
        assertTrue(registry.isAnchored(ROOT), "isAnchored");
    }

    function test_Anchor_usesOneStorageSlot() public {
        vm.roll(0x0102);
        vm.warp(0x0304);
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 0x05);

        // _anchors is the first variable after AccessControl's _roles (slot 0); the struct packs right to left.
        bytes32 slot = keccak256(abi.encode(ROOT, uint256(1)));
        assertEq(vm.load(address(registry), slot), bytes32(uint256(0x05 << 128 | 0x0304 << 64 | 0x0102)), "packed");
        assertEq(vm.load(address(registry), bytes32(uint256(slot) + 1)), bytes32(0), "nothing in the next slot");
    }

    function test_Anchor_emitsAnchored() public {
        vm.roll(77);
        vm.expectEmit(address(registry));
        emit IAnchorRegistry.Anchored(ROOT, 3, 77, ANCHORER);
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 3);
    }

    function test_Anchor_acceptsMaximumLeafCount() public {
        vm.prank(ANCHORER);
        registry.anchor(ROOT, type(uint32).max);
        (,, uint32 leafCount) = registry.anchoredAt(ROOT);
        assertEq(leafCount, type(uint32).max, "leaf count");
    }

    function test_RevertWhen_AnchorCallerLacksRole() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, ADMIN, registry.ANCHORER_ROLE()
            )
        );
        vm.prank(ADMIN);
        registry.anchor(ROOT, 1);
    }

    function test_RevertWhen_AnchorRootIsZero() public {
        vm.expectRevert(IAnchorRegistry.ZeroRoot.selector);
        vm.prank(ANCHORER);
        registry.anchor(bytes32(0), 1);
    }

    function test_RevertWhen_AnchorLeafCountIsZero() public {
        vm.expectRevert(IAnchorRegistry.ZeroLeafCount.selector);
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 0);
    }

    function test_RevertWhen_AnchorRootAlreadyAnchored() public {
        vm.roll(50);
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 2);
        vm.roll(51);
        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.RootAlreadyAnchored.selector, ROOT, uint64(50)));
        vm.prank(ANCHORER);
        registry.anchor(ROOT, 7);

        (uint64 blockNumber,, uint32 leafCount) = registry.anchoredAt(ROOT);
        assertEq(blockNumber, 50, "first anchoring kept");
        assertEq(leafCount, 2, "first leaf count kept");
    }

    function test_AnchoredAt_unknownRootIsZero() public view {
        (uint64 blockNumber, uint64 timestamp, uint32 leafCount) = registry.anchoredAt(ROOT);
        assertEq(blockNumber, 0, "block number");
        assertEq(timestamp, 0, "timestamp");
        assertEq(leafCount, 0, "leaf count");
        assertFalse(registry.isAnchored(ROOT), "isAnchored");
    }

    function testFuzz_Anchor_recordsAnyRootExactlyOnce(
        bytes32 root,
        uint32 leafCount,
        uint64 blockNumber,
        uint64 timestamp
    ) public {
        vm.assume(root != bytes32(0) && leafCount != 0);
        vm.roll(blockNumber);
        vm.warp(timestamp);
        vm.expectEmit(address(registry));
        emit IAnchorRegistry.Anchored(root, leafCount, blockNumber, ANCHORER);
        vm.prank(ANCHORER);
        registry.anchor(root, leafCount);

        (uint64 b, uint64 t, uint32 n) = registry.anchoredAt(root);
        assertEq(b, blockNumber, "block number");
        assertEq(t, timestamp, "timestamp");
        assertEq(n, leafCount, "leaf count");

        vm.expectRevert(abi.encodeWithSelector(IAnchorRegistry.RootAlreadyAnchored.selector, root, blockNumber));
        vm.prank(ANCHORER);
        registry.anchor(root, leafCount);
    }

    function testFuzz_RevertWhen_AnchorCallerLacksRole(address caller) public {
        vm.assume(caller != ANCHORER);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, caller, registry.ANCHORER_ROLE()
            )
        );
        vm.prank(caller);
        registry.anchor(ROOT, 1);
    }

    // ---- verify against @openzeppelin/merkle-tree 1.0.8 ----
    // Vector: StandardMerkleTree.of([[keccak256("record-1")], ..., [keccak256("record-5")]], ["bytes32"]) in node;
    // root, getProof(1) and getMultiProof([0, 2, 4]) copied from its output.

    bytes32 private constant JS_ROOT = 0x0fe496dc383cd9ab0319bc624f8df585fcf50a334d0a883f581931453bc2b017;

    function _jsValues() private pure returns (bytes32[] memory values) {
        values = new bytes32[](5);
        values[0] = keccak256("record-1");
        values[1] = keccak256("record-2");
        values[2] = keccak256("record-3");
        values[3] = keccak256("record-4");
        values[4] = keccak256("record-5");
    }

    function test_MerkleTreeBuilder_matchesOpenZeppelinJsRoot() public pure {
        assertEq(MerkleTreeBuilder.build(_jsValues())[0], JS_ROOT, "root of the JS library");
    }

    function test_Verify_acceptsProofFromOpenZeppelinJs() public {
        vm.prank(ANCHORER);
        registry.anchor(JS_ROOT, 5);
        bytes32[] memory proof = new bytes32[](3);
        proof[0] = 0xa59db62c0d054459f17b9f079d48fb08c54bcc4f8c77f83ebe65c5893d6ae47a;
        proof[1] = 0xf4dea28e1c090137b787a74df67de1d3a5804c9d42a3bf57d08177dc409a1c36;
        proof[2] = 0x326903791854d1971675fa82bd8467f736273fb0bc36aab12e25870d20efb004;
        bytes32 value = _jsValues()[1];

        assertTrue(registry.verify(JS_ROOT, MerkleTreeBuilder.leafOf(value), proof), "verify");
        assertTrue(registry.verifyRecord(JS_ROOT, value, proof), "verifyRecord");
        assertFalse(registry.verifyRecord(JS_ROOT, _jsValues()[0], proof), "another record, same proof");
    }

    function test_VerifyMulti_acceptsMultiProofFromOpenZeppelinJs() public {
        vm.prank(ANCHORER);
        registry.anchor(JS_ROOT, 5);
        bytes32[] memory values = _jsValues();
        bytes32[] memory leaves = new bytes32[](3);
        leaves[0] = MerkleTreeBuilder.leafOf(values[4]);
        leaves[1] = MerkleTreeBuilder.leafOf(values[2]);
        leaves[2] = MerkleTreeBuilder.leafOf(values[0]);
        bytes32[] memory proof = new bytes32[](2);
        proof[0] = 0x8c7b523f231e557a21e67cf5a8bac330dfb780ce9bc2ff014fb1646bb6425ec8;
        proof[1] = 0xf2170a6446a71d600db43805ec8d26f7512e502a86919dba094f6637ed8f30b6;
        bool[] memory flags = new bool[](4);
        flags[2] = true;
        flags[3] = true;

        assertTrue(registry.verifyMulti(JS_ROOT, proof, flags, leaves), "verifyMulti");
        leaves[1] = MerkleTreeBuilder.leafOf(values[3]);
        assertFalse(registry.verifyMulti(JS_ROOT, proof, flags, leaves), "a leaf swapped");
    }

    // ---- verify: paths ----

    function test_Verify_falseWhenRootNotAnchored() public view {
        bytes32[] memory tree = MerkleTreeBuilder.build(_jsValues());
        bytes32[] memory proof = MerkleTreeBuilder.proof(tree, 4);
        assertTrue(MerkleProof.verify(proof, tree[0], tree[4]), "the proof itself is valid");
        assertFalse(registry.verify(tree[0], tree[4], proof), "verify");
        assertFalse(registry.verifyRecord(tree[0], _jsValues()[0], proof), "verifyRecord");
    }

    function test_Verify_singleLeafTreeHasEmptyProof() public {
        bytes32[] memory values = new bytes32[](1);
        values[0] = ROOT;
        bytes32[] memory tree = MerkleTreeBuilder.build(values);
        vm.prank(ANCHORER);
        registry.anchor(tree[0], 1);
        assertTrue(registry.verifyRecord(tree[0], ROOT, new bytes32[](0)), "root is the leaf");
        assertTrue(registry.verify(tree[0], tree[0], new bytes32[](0)), "verify");
    }

    function test_Verify_innerNodeAsLeafPassesButVerifyRecordRejectsIt() public {
        bytes32[] memory tree = MerkleTreeBuilder.build(_jsValues());
        vm.prank(ANCHORER);
        registry.anchor(tree[0], 5);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = tree[2];
        // Documented limitation of verify: it trusts the caller for the leaf hash.
        assertTrue(registry.verify(tree[0], tree[1], proof), "inner node 1 with its sibling");
        assertFalse(registry.verifyRecord(tree[0], tree[1], proof), "verifyRecord hashes the record itself");
    }

    function test_VerifyMulti_falseForEmptyLeaves() public {
        vm.prank(ANCHORER);
        registry.anchor(JS_ROOT, 5);
        bytes32[] memory proof = new bytes32[](1);
        proof[0] = JS_ROOT;
        // OpenZeppelin treats this as a valid multiproof of nothing (MerkleProof.sol NOTE); the registry does not.
        assertTrue(MerkleProof.multiProofVerify(proof, new bool[](0), JS_ROOT, new bytes32[](0)), "library: true");
        assertFalse(registry.verifyMulti(JS_ROOT, proof, new bool[](0), new bytes32[](0)), "registry: false");
    }

    function test_VerifyMulti_falseWhenRootNotAnchored() public view {
        bytes32[] memory tree = MerkleTreeBuilder.build(_jsValues());
        uint256[] memory indices = new uint256[](1);
        indices[0] = 8;
        (bytes32[] memory leaves, bytes32[] memory proof, bool[] memory flags) =
            MerkleTreeBuilder.multiProof(tree, indices);
        assertTrue(MerkleProof.multiProofVerify(proof, flags, tree[0], leaves), "the proof itself is valid");
        assertFalse(registry.verifyMulti(tree[0], proof, flags, leaves), "verifyMulti");
    }

    function test_RevertWhen_VerifyMultiLengthsInconsistent() public {
        vm.prank(ANCHORER);
        registry.anchor(JS_ROOT, 5);
        bytes32[] memory leaves = new bytes32[](2);
        vm.expectRevert(MerkleProof.MerkleProofInvalidMultiproof.selector);
        registry.verifyMulti(JS_ROOT, new bytes32[](0), new bool[](0), leaves);
    }

    function test_RevertWhen_VerifyMultiLeavesProofUnused() public {
        vm.prank(ANCHORER);
        registry.anchor(JS_ROOT, 5);
        // 2 leaves + 1 proof item = 2 flags + 1, but both flags merge leaves, so the proof item is never consumed.
        bytes32[] memory leaves = new bytes32[](2);
        bool[] memory flags = new bool[](2);
        flags[0] = true;
        flags[1] = true;
        vm.expectRevert(MerkleProof.MerkleProofInvalidMultiproof.selector);
        registry.verifyMulti(JS_ROOT, new bytes32[](1), flags, leaves);
    }

    // ---- verify: fuzzed trees ----

    function _tree(uint256 seed, uint256 size) private pure returns (bytes32[] memory values, bytes32[] memory tree) {
        values = new bytes32[](size);
        for (uint256 i = 0; i < size; i++) {
            values[i] = keccak256(abi.encode(seed, i));
        }
        tree = MerkleTreeBuilder.build(values);
    }

    function testFuzz_Verify_everyRecordOfAnchoredTree(uint256 seed, uint8 sizeSeed, uint8 pick) public {
        uint32 size = 1 + (uint32(sizeSeed) % 64);
        (bytes32[] memory values, bytes32[] memory tree) = _tree(seed, size);
        vm.prank(ANCHORER);
        registry.anchor(tree[0], size);

        uint256 i = uint256(pick) % size;
        bytes32 value = values[i];
        bytes32 leaf = MerkleTreeBuilder.leafOf(value);
        uint256 index = _indexOf(tree, leaf);
        bytes32[] memory proof = MerkleTreeBuilder.proof(tree, index);

        assertTrue(registry.verify(tree[0], leaf, proof), "verify");
        assertTrue(registry.verifyRecord(tree[0], value, proof), "verifyRecord");
        assertFalse(registry.verifyRecord(tree[0], keccak256(abi.encode(value)), proof), "tampered record");
        if (proof.length > 0) {
            proof[uint256(seed) % proof.length] ^= bytes32(uint256(1));
            assertFalse(registry.verifyRecord(tree[0], value, proof), "tampered proof");
        }
    }

    function testFuzz_VerifyMulti_anySubsetOfAnchoredTree(uint256 seed, uint8 sizeSeed, uint64 mask) public {
        uint32 size = 1 + (uint32(sizeSeed) % 64);
        (, bytes32[] memory tree) = _tree(seed, size);
        vm.prank(ANCHORER);
        registry.anchor(tree[0], size);

        // Subset of leaf positions from the mask (never empty), as tree indices in descending order.
        uint256 count = 0;
        uint256[] memory buf = new uint256[](size);
        for (uint256 i = 0; i < size; i++) {
            if ((mask >> i) & 1 == 1) buf[count++] = tree.length - size + i;
        }
        if (count == 0) buf[count++] = tree.length - 1;
        uint256[] memory indices = new uint256[](count);
        for (uint256 k = 0; k < count; k++) {
            indices[k] = buf[count - 1 - k];
        }

        (bytes32[] memory leaves, bytes32[] memory proof, bool[] memory flags) =
            MerkleTreeBuilder.multiProof(tree, indices);
        assertTrue(registry.verifyMulti(tree[0], proof, flags, leaves), "verifyMulti");
        leaves[uint256(seed) % count] ^= bytes32(uint256(1));
        assertFalse(registry.verifyMulti(tree[0], proof, flags, leaves), "tampered leaf");
    }

    function _indexOf(bytes32[] memory tree, bytes32 leaf) private pure returns (uint256) {
        for (uint256 i = tree.length; i > 0; i--) {
            if (tree[i - 1] == leaf) return i - 1;
        }
        revert AssertionFailed("leaf not in tree");
    }
}
