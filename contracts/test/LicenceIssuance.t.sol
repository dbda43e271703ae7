// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {LicenceRegistry} from "../src/LicenceRegistry.sol";
import {ILicenceRegistry} from "../src/ILicenceRegistry.sol";
import {LicenceRegistryFixture} from "./utils/LicenceRegistryFixture.sol";

/// @notice issueLicence: certifier-signed EIP-712 issuance relayed by anyone.
contract LicenceIssuanceTest is LicenceRegistryFixture {
    function _expectRevertIssue(ILicenceRegistry.IssueLicence memory m, bytes memory error) private {
        bytes memory signature = _sign(CERT_KEY, _issueDigest(m));
        vm.expectRevert(error);
        registry.issueLicence(m, signature);
    }

    function test_IssueLicence_storesLicenceAndEmits() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceIssued(LICENCE, BRAND, HOLDER, DOCUMENT, cert, FROM, UNTIL);
        _issue(CERT_KEY, m);

        ILicenceRegistry.Licence memory l = registry.licence(LICENCE);
        assertEq(l.brandId, BRAND, "brand");
        assertEq(l.holder, HOLDER, "holder");
        assertEq(l.documentHash, DOCUMENT, "document");
        assertEq(l.standardHash, STANDARD_V1, "standard");
        assertEq(l.certifier, cert, "certifier is the signer, not the relayer");
        assertEq(l.validFrom, FROM, "valid from");
        assertEq(l.validUntil, UNTIL, "valid until");
        assertEq(uint256(l.status), uint256(ILicenceRegistry.LicenceStatus.Active), "status");
    }

    function test_IssueLicence_consumesSignersNonceOnly() public {
        _issueDefault();
        assertEq(registry.nonces(cert), 1, "signer's nonce");
        assertEq(registry.nonces(cert2), 0, "other certifier's nonce");
        assertEq(registry.nonces(RELAYER), 0, "relayer's nonce");
    }

    function test_IssueLicence_acceptsDeadlineEqualToNow() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.deadline = block.timestamp;
        _issue(CERT_KEY, m);
        assertEq(_status(LICENCE), 1, "issued");
    }

    function test_IssueLicence_requiresCurrentStandardAfterUpdate() public {
        _issueDefault();
        vm.prank(OPERATOR);
        registry.updateBrandStandard(BRAND, STANDARD_V2, "ipfs://v2");

        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.licenceId = keccak256("licence-2");
        _expectRevertIssue(
            m, abi.encodeWithSelector(ILicenceRegistry.StandardMismatch.selector, BRAND, STANDARD_V2, STANDARD_V1)
        );
        m.standardHash = STANDARD_V2;
        _issue(CERT_KEY, m);
        assertEq(registry.licence(m.licenceId).standardHash, STANDARD_V2, "new licence names v2");
        assertEq(registry.licence(LICENCE).standardHash, STANDARD_V1, "earlier licence keeps v1");
    }

    function test_RevertWhen_IssueDeadlinePassed() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.deadline = block.timestamp - 1;
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.SignatureExpired.selector, m.deadline));
    }

    function test_RevertWhen_IssueLicenceIdIsZero() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.licenceId = bytes32(0);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.ZeroLicenceId.selector));
    }

    function test_RevertWhen_IssueHolderIsZero() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.holder = bytes32(0);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.ZeroHolder.selector));
    }

    function test_RevertWhen_IssueDocumentHashIsZero() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.documentHash = bytes32(0);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.ZeroDocumentHash.selector));
    }

    function test_RevertWhen_IssueBrandUnknown() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.brandId = keccak256("nope");
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.UnknownBrand.selector, m.brandId));
    }

    function test_RevertWhen_IssueValidityEmpty() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.validUntil = m.validFrom;
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.InvalidValidity.selector, FROM, FROM));
    }

    function test_RevertWhen_IssueValidityReversed() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        (m.validFrom, m.validUntil) = (UNTIL, FROM);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.InvalidValidity.selector, UNTIL, FROM));
    }

    function test_RevertWhen_IssueLicenceIdExists() public {
        _issueDefault();
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.LicenceAlreadyExists.selector, LICENCE));
    }

    function test_RevertWhen_IssueSignatureReplayed() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        bytes memory signature = _sign(CERT_KEY, _issueDigest(m));
        registry.issueLicence(m, signature);
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.LicenceAlreadyExists.selector, LICENCE));
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueNonceAlreadyUsed() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        _issue(CERT_KEY, m);
        m.licenceId = keccak256("licence-2"); // same nonce, fresh licence: only the nonce stops it
        _expectRevertIssue(m, abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, cert, 1));
    }

    function test_RevertWhen_IssueNonceAhead() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.nonce = 1;
        _expectRevertIssue(m, abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, cert, 0));
    }

    function test_RevertWhen_IssueSignerNotAccredited() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(stranger);
        bytes memory signature = _sign(STRANGER_KEY, _issueDigest(m));
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, stranger));
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueSignerAccreditedForAnotherBrandOnly() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(otherBrandCert);
        bytes memory signature = _sign(OTHER_BRAND_KEY, _issueDigest(m));
        bytes memory error =
            abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, otherBrandCert);
        vm.expectRevert(error);
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueSignerAccreditationWithdrawn() public {
        vm.prank(OPERATOR);
        registry.withdrawAccreditation(BRAND, cert);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, cert));
    }

    function test_RevertWhen_IssueMessageAlteredAfterSigning() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        bytes memory signature = _sign(CERT_KEY, _issueDigest(m));
        m.validUntil += 365 days;
        address recovered = ECDSA.recover(_issueDigest(m), signature);
        assertTrue(recovered != cert, "altered message recovers someone else");
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, recovered));
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueSignedForAnotherDeployment() public {
        LicenceRegistry twin = new LicenceRegistry(ADMIN, OPERATOR);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        bytes memory signature = _sign(CERT_KEY, _issueDigest(m, address(twin)));
        vm.expectPartialRevert(ILicenceRegistry.CertifierNotAccredited.selector);
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueSignedForAnotherChain() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        bytes memory signature = _sign(CERT_KEY, _issueDigest(m));
        vm.chainId(block.chainid + 1);
        vm.expectPartialRevert(ILicenceRegistry.CertifierNotAccredited.selector);
        registry.issueLicence(m, signature);
    }

    function test_RevertWhen_IssueSignatureHighS() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(CERT_KEY, _issueDigest(m));
        // (r, n - s, v ^ 1) recovers the same key; EIP-2 (and OpenZeppelin) accept only the low-s twin.
        bytes32 highS = bytes32(SECP256K1_N - uint256(s));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        registry.issueLicence(m, abi.encodePacked(r, highS, v == 27 ? uint8(28) : uint8(27)));
    }

    function test_RevertWhen_IssueSignatureWrongLength() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        (, bytes32 r, bytes32 s) = vm.sign(CERT_KEY, _issueDigest(m));
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureLength.selector, 64));
        registry.issueLicence(m, abi.encodePacked(r, s));
    }

    function test_RevertWhen_IssueSignatureBadV() public {
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        (, bytes32 r, bytes32 s) = vm.sign(CERT_KEY, _issueDigest(m));
        vm.expectRevert(ECDSA.ECDSAInvalidSignature.selector);
        registry.issueLicence(m, abi.encodePacked(r, s, uint8(29)));
    }

    // ---- fuzz ----

    function _key(uint256 seed) private pure returns (uint256) {
        return 1 + (seed % (SECP256K1_N - 1));
    }

    function testFuzz_IssueLicence_anyAccreditedKeyAnyRelayer(
        uint256 keySeed,
        bytes32 licenceId,
        bytes32 holder,
        bytes32 documentHash,
        uint64 validFrom,
        uint64 validUntil,
        address relayer
    ) public {
        vm.assume(licenceId != 0 && holder != 0 && documentHash != 0 && validFrom < validUntil);
        uint256 key = _key(keySeed);
        address signer = vm.addr(key);
        if (!registry.isAccredited(BRAND, signer)) {
            vm.prank(OPERATOR);
            registry.accreditCertifier(BRAND, signer);
        }
        ILicenceRegistry.IssueLicence memory m = _issueMessage(signer);
        (m.licenceId, m.holder, m.documentHash, m.validFrom, m.validUntil) =
        (licenceId, holder, documentHash, validFrom, validUntil);
        bytes memory signature = _sign(key, _issueDigest(m));
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceIssued(licenceId, BRAND, holder, documentHash, signer, validFrom, validUntil);
        vm.prank(relayer);
        registry.issueLicence(m, signature);

        assertEq(registry.licence(licenceId).certifier, signer, "certifier");
        assertEq(registry.nonces(signer), m.nonce + 1, "nonce consumed");
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.LicenceAlreadyExists.selector, licenceId));
        registry.issueLicence(m, signature);
    }

    function testFuzz_RevertWhen_IssueSignerNotAccredited(uint256 keySeed) public {
        uint256 key = _key(keySeed);
        address signer = vm.addr(key);
        vm.assume(signer != cert && signer != cert2);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(signer);
        bytes memory signature = _sign(key, _issueDigest(m));
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, signer));
        registry.issueLicence(m, signature);
    }

    function testFuzz_RevertWhen_IssueDeadlinePassed(uint256 deadline, uint64 timestamp) public {
        vm.assume(timestamp != 0);
        deadline %= timestamp;
        vm.warp(timestamp);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.deadline = deadline;
        _expectRevertIssue(m, abi.encodeWithSelector(ILicenceRegistry.SignatureExpired.selector, deadline));
    }

    function testFuzz_RevertWhen_IssueStandardHashWrong(bytes32 standardHash) public {
        vm.assume(standardHash != STANDARD_V1);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.standardHash = standardHash;
        _expectRevertIssue(
            m, abi.encodeWithSelector(ILicenceRegistry.StandardMismatch.selector, BRAND, STANDARD_V1, standardHash)
        );
    }

    function testFuzz_RevertWhen_IssueNonceNotNext(uint256 nonce) public {
        vm.assume(nonce != 0);
        ILicenceRegistry.IssueLicence memory m = _issueMessage(cert);
        m.nonce = nonce;
        _expectRevertIssue(m, abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, cert, 0));
    }
}
