// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {LicenceRegistry} from "../src/LicenceRegistry.sol";
import {ILicenceRegistry} from "../src/ILicenceRegistry.sol";
import {LicenceRegistryFixture} from "./utils/LicenceRegistryFixture.sol";

/// @notice Construction, roles, EIP-712 domain, brands and certifier accreditation.
contract LicenceRegistryTest is LicenceRegistryFixture {
    function _unauthorised(address account, bytes32 role) private pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, account, role);
    }

    // ---- construction, roles, domain ----

    function test_Constructor_grantsAdminAndOperator() public view {
        assertTrue(registry.hasRole(registry.DEFAULT_ADMIN_ROLE(), ADMIN), "admin role");
        assertTrue(registry.hasRole(registry.OPERATOR_ROLE(), OPERATOR), "operator role");
        assertFalse(registry.hasRole(registry.OPERATOR_ROLE(), ADMIN), "admin is not an operator");
        assertEq(registry.OPERATOR_ROLE(), keccak256("OPERATOR_ROLE"), "role id");
    }

    function test_RevertWhen_ConstructorAdminIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroAddress.selector);
        new LicenceRegistry(address(0), OPERATOR);
    }

    function test_RevertWhen_ConstructorOperatorIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroAddress.selector);
        new LicenceRegistry(ADMIN, address(0));
    }

    function test_SupportsInterface_registryAccessControlAndErc165() public view {
        assertTrue(registry.supportsInterface(type(ILicenceRegistry).interfaceId), "ILicenceRegistry");
        assertTrue(registry.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertTrue(registry.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertFalse(registry.supportsInterface(0xffffffff), "ERC-165 invalid id");
    }

    function test_Eip712Domain_namesThisRegistry() public view {
        (bytes1 fields, string memory name, string memory version, uint256 chainId, address at,,) =
            IERC5267(address(registry)).eip712Domain();
        assertEq(uint8(fields), 0x0f, "name, version, chainId, verifyingContract");
        assertEq(name, "EcoValue LicenceRegistry", "name");
        assertEq(version, "1", "version");
        assertEq(chainId, block.chainid, "chain id");
        assertEq(at, address(registry), "verifying contract");
        assertEq(registry.domainSeparator(), _domainSeparator(address(registry)), "domain separator");
    }

    function test_DomainSeparator_followsChainId() public {
        bytes32 before = registry.domainSeparator();
        vm.chainId(7);
        assertEq(registry.domainSeparator(), _domainSeparator(address(registry)), "rebuilt for chain 7");
        assertTrue(registry.domainSeparator() != before, "differs from the deployment chain's");
    }

    function test_TypeHashes_matchTypeStrings() public view {
        assertEq(
            registry.ISSUE_LICENCE_TYPEHASH(),
            keccak256(
                "IssueLicence(bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,"
                "bytes32 standardHash,uint64 validFrom,uint64 validUntil,uint256 nonce,uint256 deadline)"
            ),
            "IssueLicence"
        );
        assertEq(
            registry.STATUS_CHANGE_TYPEHASH(),
            keccak256("StatusChange(bytes32 licenceId,uint8 action,bytes32 reasonHash,uint256 nonce,uint256 deadline)"),
            "StatusChange"
        );
    }

    function testFuzz_HashIssueLicence_matchesEip712(ILicenceRegistry.IssueLicence memory m) public view {
        assertEq(registry.hashIssueLicence(m), _issueDigest(m), "digest");
    }

    function testFuzz_HashStatusChange_matchesEip712(ILicenceRegistry.StatusChange memory m) public view {
        assertEq(registry.hashStatusChange(m), _statusDigest(m), "digest");
    }

    // ---- brands ----

    function test_RegisterBrand_storesBrandAndEmits() public {
        bytes32 id = keccak256("new brand");
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.BrandRegistered(id, STANDARD_V2, "ipfs://new");
        vm.prank(OPERATOR);
        registry.registerBrand(id, STANDARD_V2, "ipfs://new");

        ILicenceRegistry.Brand memory b = registry.brand(id);
        assertEq(b.standardHash, STANDARD_V2, "standard");
        assertEq(b.standardVersion, 1, "version");
        assertEq(b.metadataUri, "ipfs://new", "metadata");
    }

    function test_Brand_unknownIsEmpty() public view {
        ILicenceRegistry.Brand memory b = registry.brand(keccak256("nope"));
        assertEq(b.standardHash, bytes32(0), "standard");
        assertEq(b.standardVersion, 0, "version");
        assertEq(b.metadataUri, "", "metadata");
    }

    function test_RevertWhen_RegisterBrandCallerNotOperator() public {
        vm.expectRevert(_unauthorised(ADMIN, registry.OPERATOR_ROLE()));
        vm.prank(ADMIN);
        registry.registerBrand(keccak256("b"), STANDARD_V1, "");
    }

    function test_RevertWhen_RegisterBrandIdIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroBrandId.selector);
        vm.prank(OPERATOR);
        registry.registerBrand(bytes32(0), STANDARD_V1, "");
    }

    function test_RevertWhen_RegisterBrandStandardIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroStandardHash.selector);
        vm.prank(OPERATOR);
        registry.registerBrand(keccak256("b"), bytes32(0), "");
    }

    function test_RevertWhen_RegisterBrandTwice() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.BrandAlreadyRegistered.selector, BRAND));
        vm.prank(OPERATOR);
        registry.registerBrand(BRAND, STANDARD_V2, "ipfs://again");
    }

    function test_UpdateBrandStandard_bumpsVersionAndEmits() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.BrandStandardUpdated(BRAND, STANDARD_V2, 2, "ipfs://v2");
        vm.prank(OPERATOR);
        registry.updateBrandStandard(BRAND, STANDARD_V2, "ipfs://v2");

        ILicenceRegistry.Brand memory b = registry.brand(BRAND);
        assertEq(b.standardHash, STANDARD_V2, "standard");
        assertEq(b.standardVersion, 2, "version");
        assertEq(b.metadataUri, "ipfs://v2", "metadata");

        vm.prank(OPERATOR);
        registry.updateBrandStandard(BRAND, STANDARD_V1, "ipfs://v3");
        assertEq(registry.brand(BRAND).standardVersion, 3, "an older text again is still a new version");
    }

    function test_RevertWhen_UpdateBrandStandardCallerNotOperator() public {
        vm.expectRevert(_unauthorised(cert, registry.OPERATOR_ROLE()));
        vm.prank(cert);
        registry.updateBrandStandard(BRAND, STANDARD_V2, "");
    }

    function test_RevertWhen_UpdateBrandStandardBrandUnknown() public {
        bytes32 id = keccak256("nope");
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.UnknownBrand.selector, id));
        vm.prank(OPERATOR);
        registry.updateBrandStandard(id, STANDARD_V2, "");
    }

    function test_RevertWhen_UpdateBrandStandardIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroStandardHash.selector);
        vm.prank(OPERATOR);
        registry.updateBrandStandard(BRAND, bytes32(0), "");
    }

    function test_RevertWhen_UpdateBrandStandardUnchanged() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.StandardUnchanged.selector, BRAND, STANDARD_V1));
        vm.prank(OPERATOR);
        registry.updateBrandStandard(BRAND, STANDARD_V1, "ipfs://same");
    }

    // ---- certifiers ----

    function test_AccreditCertifier_accreditsForThatBrandOnly() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.CertifierAccredited(BRAND, stranger);
        vm.prank(OPERATOR);
        registry.accreditCertifier(BRAND, stranger);
        assertTrue(registry.isAccredited(BRAND, stranger), "accredited for the brand");
        assertFalse(registry.isAccredited(OTHER_BRAND, stranger), "not for another brand");
    }

    function test_RevertWhen_AccreditCertifierCallerNotOperator() public {
        vm.expectRevert(_unauthorised(cert, registry.OPERATOR_ROLE()));
        vm.prank(cert);
        registry.accreditCertifier(BRAND, stranger);
    }

    function test_RevertWhen_AccreditCertifierIsZero() public {
        vm.expectRevert(ILicenceRegistry.ZeroAddress.selector);
        vm.prank(OPERATOR);
        registry.accreditCertifier(BRAND, address(0));
    }

    function test_RevertWhen_AccreditCertifierBrandUnknown() public {
        bytes32 id = keccak256("nope");
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.UnknownBrand.selector, id));
        vm.prank(OPERATOR);
        registry.accreditCertifier(id, stranger);
    }

    function test_RevertWhen_AccreditCertifierTwice() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.CertifierAlreadyAccredited.selector, BRAND, cert));
        vm.prank(OPERATOR);
        registry.accreditCertifier(BRAND, cert);
    }

    function test_WithdrawAccreditation_removesItAndEmits() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.AccreditationWithdrawn(BRAND, cert);
        vm.prank(OPERATOR);
        registry.withdrawAccreditation(BRAND, cert);
        assertFalse(registry.isAccredited(BRAND, cert), "withdrawn");
        assertTrue(registry.isAccredited(BRAND, cert2), "others keep theirs");
    }

    function test_RevertWhen_WithdrawAccreditationCallerNotOperator() public {
        vm.expectRevert(_unauthorised(ADMIN, registry.OPERATOR_ROLE()));
        vm.prank(ADMIN);
        registry.withdrawAccreditation(BRAND, cert);
    }

    function test_RevertWhen_WithdrawAccreditationNotAccredited() public {
        vm.expectRevert(abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, stranger));
        vm.prank(OPERATOR);
        registry.withdrawAccreditation(BRAND, stranger);
    }

    function test_WithdrawAccreditation_keepsIssuedLicences() public {
        _issueDefault();
        vm.prank(OPERATOR);
        registry.withdrawAccreditation(BRAND, cert);
        (uint8 status, bool validAt) = registry.licenceStatus(LICENCE, FROM);
        assertEq(status, 1, "still active");
        assertTrue(validAt, "still valid");
    }
}
