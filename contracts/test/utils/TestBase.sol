// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @notice The few Foundry cheatcodes our tests use (HEVM address, see Foundry's Vm.sol). forge-std is not pinned in
/// npm by its authors, so instead of an unofficial copy we declare the interface we need.
interface Vm {
    function expectRevert(bytes4 selector) external;
    function expectRevert(bytes calldata data) external;
    function expectEmit(bool t1, bool t2, bool t3, bool data) external;
    function prank(address sender) external;
    function startPrank(address sender) external;
    function stopPrank() external;
    function warp(uint256 timestamp) external;
    function roll(uint256 blockNumber) external;
    function addr(uint256 privateKey) external pure returns (address);
    function sign(uint256 privateKey, bytes32 digest) external pure returns (uint8 v, bytes32 r, bytes32 s);
    function assume(bool condition) external pure;
    function expectPartialRevert(bytes4 selector) external;
    function expectEmit(address emitter) external;
    function chainId(uint256 newChainId) external;
    function load(address target, bytes32 slot) external view returns (bytes32 data);
}

/// @notice Minimal test base: cheatcodes plus assertions that revert with a reason forge prints.
abstract contract TestBase {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    error AssertionFailed(string what);

    function assertTrue(bool condition, string memory what) internal pure {
        if (!condition) revert AssertionFailed(what);
    }

    function assertEq(uint256 a, uint256 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what);
    }

    function assertFalse(bool condition, string memory what) internal pure {
        if (condition) revert AssertionFailed(what);
    }

    function assertEq(bool a, bool b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what);
    }

    function assertEq(string memory a, string memory b, string memory what) internal pure {
        if (keccak256(bytes(a)) != keccak256(bytes(b))) revert AssertionFailed(what);
    }

    function assertEq(bytes32 a, bytes32 b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what);
    }

    function assertEq(address a, address b, string memory what) internal pure {
        if (a != b) revert AssertionFailed(what);
    }
}
