// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {LicenceRegistry} from "../../src/LicenceRegistry.sol";
import {ILicenceRegistry} from "../../src/ILicenceRegistry.sol";
import {TestBase} from "./TestBase.sol";

/// @notice Shared fixture: a registry with one brand and certifiers, and an EIP-712 encoder written from the spec
/// (EIP-712 "Specification") independently of the contract, so a successful signature checks the contract's hashing.
abstract contract LicenceRegistryFixture is TestBase {
    address internal constant ADMIN = address(0xA11CE);
    address internal constant OPERATOR = address(0x0A);
    address internal constant RELAYER = address(0x5E4D);

    uint256 internal constant CERT_KEY = 0xC1;
    uint256 internal constant CERT2_KEY = 0xC2;
    uint256 internal constant OTHER_BRAND_KEY = 0xC3;
    uint256 internal constant STRANGER_KEY = 0xC4;
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    bytes32 internal constant BRAND = keccak256("hainan-selenium-rich");
    bytes32 internal constant OTHER_BRAND = keccak256("other-brand");
    bytes32 internal constant STANDARD_V1 = keccak256("standard v1");
    bytes32 internal constant STANDARD_V2 = keccak256("standard v2");
    bytes32 internal constant LICENCE = keccak256("licence-1");
    bytes32 internal constant HOLDER = keccak256("91460000MA5T000000");
    bytes32 internal constant DOCUMENT = keccak256("licence document");
    bytes32 internal constant REASON = keccak256("lab result over limit");
    uint64 internal constant FROM = 1_700_000_000;
    uint64 internal constant UNTIL = 1_800_000_000;
    uint256 internal constant NOW = 1_750_000_000;

    uint8 internal constant SUSPEND = 1;
    uint8 internal constant REINSTATE = 2;
    uint8 internal constant REVOKE = 3;

    LicenceRegistry internal registry;
    address internal cert;
    address internal cert2;
    address internal otherBrandCert;
    address internal stranger;

    function setUp() public virtual {
        vm.warp(NOW);
        registry = new LicenceRegistry(ADMIN, OPERATOR);
        cert = vm.addr(CERT_KEY);
        cert2 = vm.addr(CERT2_KEY);
        otherBrandCert = vm.addr(OTHER_BRAND_KEY);
        stranger = vm.addr(STRANGER_KEY);
        vm.startPrank(OPERATOR);
        registry.registerBrand(BRAND, STANDARD_V1, "ipfs://brand");
        registry.registerBrand(OTHER_BRAND, STANDARD_V1, "ipfs://other");
        registry.accreditCertifier(BRAND, cert);
        registry.accreditCertifier(BRAND, cert2);
        registry.accreditCertifier(OTHER_BRAND, otherBrandCert);
        vm.stopPrank();
    }

    // ---- EIP-712, from the spec ----

    function _domainSeparator(address verifyingContract) internal view returns (bytes32) {
        return keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("EcoValue LicenceRegistry"),
                keccak256("1"),
                block.chainid,
                verifyingContract
            )
        );
    }

    function _issueDigest(ILicenceRegistry.IssueLicence memory m) internal view returns (bytes32) {
        return _issueDigest(m, address(registry));
    }

    function _issueDigest(ILicenceRegistry.IssueLicence memory m, address at) internal view returns (bytes32) {
        bytes32 typeHash = keccak256(
            "IssueLicence(bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,bytes32 standardHash,"
            "uint64 validFrom,uint64 validUntil,uint256 nonce,uint256 deadline)"
        );
        bytes32 structHash = keccak256(
            bytes.concat(
                abi.encode(typeHash, m.licenceId, m.brandId, m.holder, m.documentHash),
                abi.encode(m.standardHash, m.validFrom, m.validUntil, m.nonce, m.deadline)
            )
        );
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(at), structHash));
    }

    function _statusDigest(ILicenceRegistry.StatusChange memory m) internal view returns (bytes32) {
        bytes32 typeHash =
            keccak256("StatusChange(bytes32 licenceId,uint8 action,bytes32 reasonHash,uint256 nonce,uint256 deadline)");
        bytes32 structHash = keccak256(abi.encode(typeHash, m.licenceId, m.action, m.reasonHash, m.nonce, m.deadline));
        return keccak256(abi.encodePacked(hex"1901", _domainSeparator(address(registry)), structHash));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    // ---- messages ----

    function _issueMessage(address signer) internal view returns (ILicenceRegistry.IssueLicence memory) {
        return ILicenceRegistry.IssueLicence({
            licenceId: LICENCE,
            brandId: BRAND,
            holder: HOLDER,
            documentHash: DOCUMENT,
            standardHash: STANDARD_V1,
            validFrom: FROM,
            validUntil: UNTIL,
            nonce: registry.nonces(signer),
            deadline: block.timestamp + 1 hours
        });
    }

    function _statusMessage(address signer, uint8 action) internal view returns (ILicenceRegistry.StatusChange memory) {
        return ILicenceRegistry.StatusChange({
            licenceId: LICENCE,
            action: action,
            reasonHash: REASON,
            nonce: registry.nonces(signer),
            deadline: block.timestamp + 1 hours
        });
    }

    function _issue(uint256 key, ILicenceRegistry.IssueLicence memory m) internal {
        bytes memory signature = _sign(key, _issueDigest(m));
        vm.prank(RELAYER);
        registry.issueLicence(m, signature);
    }

    function _issueDefault() internal {
        _issue(CERT_KEY, _issueMessage(cert));
    }

    function _change(uint256 key, uint8 action) internal {
        ILicenceRegistry.StatusChange memory m = _statusMessage(vm.addr(key), action);
        bytes memory signature = _sign(key, _statusDigest(m));
        vm.prank(RELAYER);
        registry.changeLicenceStatus(m, signature);
    }

    function _status(bytes32 licenceId) internal view returns (uint256) {
        return uint256(registry.licence(licenceId).status);
    }
}
