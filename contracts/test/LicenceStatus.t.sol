// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ILicenceRegistry} from "../src/ILicenceRegistry.sol";
import {LicenceRegistryFixture} from "./utils/LicenceRegistryFixture.sol";

/// @notice changeLicenceStatus (suspend / reinstate / revoke) and licenceStatus.
contract LicenceStatusTest is LicenceRegistryFixture {
    uint256 private constant ACTIVE = 1;
    uint256 private constant SUSPENDED = 2;
    uint256 private constant REVOKED = 3;

    function setUp() public override {
        super.setUp();
        _issueDefault();
    }

    function _expectRevertChange(uint256 key, ILicenceRegistry.StatusChange memory m, bytes memory error) private {
        bytes memory signature = _sign(key, _statusDigest(m));
        vm.expectRevert(error);
        registry.changeLicenceStatus(m, signature);
    }

    function _transitionError(uint256 status, uint8 action) private pure returns (bytes memory) {
        return abi.encodeWithSelector(ILicenceRegistry.InvalidStatusTransition.selector, LICENCE, status, action);
    }

    // ---- transitions ----

    function test_ChangeLicenceStatus_suspendsActiveLicence() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceSuspended(LICENCE, cert, REASON);
        _change(CERT_KEY, SUSPEND);
        assertEq(_status(LICENCE), SUSPENDED, "suspended");
        assertEq(registry.nonces(cert), 2, "issue and suspend each took a nonce");
    }

    function test_ChangeLicenceStatus_reinstatesSuspendedLicence() public {
        _change(CERT_KEY, SUSPEND);
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceReinstated(LICENCE, cert, REASON);
        _change(CERT_KEY, REINSTATE);
        assertEq(_status(LICENCE), ACTIVE, "active again");
    }

    function test_ChangeLicenceStatus_revokesActiveLicence() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceRevoked(LICENCE, cert, REASON);
        _change(CERT_KEY, REVOKE);
        assertEq(_status(LICENCE), REVOKED, "revoked");
    }

    function test_ChangeLicenceStatus_revokesSuspendedLicence() public {
        _change(CERT_KEY, SUSPEND);
        _change(CERT_KEY, REVOKE);
        assertEq(_status(LICENCE), REVOKED, "revoked");
    }

    function test_ChangeLicenceStatus_byAnotherAccreditedCertifier() public {
        vm.expectEmit(address(registry));
        emit ILicenceRegistry.LicenceSuspended(LICENCE, cert2, REASON);
        _change(CERT2_KEY, SUSPEND);
        assertEq(_status(LICENCE), SUSPENDED, "suspended by cert2");
        assertEq(registry.licence(LICENCE).certifier, cert, "issuer unchanged");
    }

    function test_ChangeLicenceStatus_keepsOtherFields() public {
        _change(CERT_KEY, SUSPEND);
        ILicenceRegistry.Licence memory l = registry.licence(LICENCE);
        assertEq(l.brandId, BRAND, "brand");
        assertEq(l.validFrom, FROM, "valid from");
        assertEq(l.validUntil, UNTIL, "valid until");
    }

    function test_RevertWhen_ReinstateActiveLicence() public {
        _expectRevertChange(CERT_KEY, _statusMessage(cert, REINSTATE), _transitionError(ACTIVE, REINSTATE));
    }

    function test_RevertWhen_SuspendSuspendedLicence() public {
        _change(CERT_KEY, SUSPEND);
        _expectRevertChange(CERT_KEY, _statusMessage(cert, SUSPEND), _transitionError(SUSPENDED, SUSPEND));
    }

    function test_RevertWhen_ChangeRevokedLicence() public {
        _change(CERT_KEY, REVOKE);
        for (uint8 action = SUSPEND; action <= REVOKE; action++) {
            _expectRevertChange(CERT_KEY, _statusMessage(cert, action), _transitionError(REVOKED, action));
        }
    }

    function test_RevertWhen_ChangeActionIsZero() public {
        _expectRevertChange(
            CERT_KEY, _statusMessage(cert, 0), abi.encodeWithSelector(ILicenceRegistry.InvalidAction.selector, 0)
        );
    }

    function testFuzz_RevertWhen_ChangeActionAboveRevoke(uint8 action) public {
        vm.assume(action > REVOKE);
        _expectRevertChange(
            CERT_KEY,
            _statusMessage(cert, action),
            abi.encodeWithSelector(ILicenceRegistry.InvalidAction.selector, action)
        );
    }

    function test_RevertWhen_ChangeLicenceUnknown() public {
        ILicenceRegistry.StatusChange memory m = _statusMessage(cert, SUSPEND);
        m.licenceId = keccak256("nope");
        _expectRevertChange(CERT_KEY, m, abi.encodeWithSelector(ILicenceRegistry.UnknownLicence.selector, m.licenceId));
    }

    function test_RevertWhen_ChangeDeadlinePassed() public {
        ILicenceRegistry.StatusChange memory m = _statusMessage(cert, SUSPEND);
        m.deadline = block.timestamp - 1;
        bytes memory expired = abi.encodeWithSelector(ILicenceRegistry.SignatureExpired.selector, m.deadline);
        _expectRevertChange(CERT_KEY, m, expired);
    }

    function test_RevertWhen_ChangeSignerAccreditedForAnotherBrandOnly() public {
        _expectRevertChange(
            OTHER_BRAND_KEY,
            _statusMessage(otherBrandCert, REVOKE),
            abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, otherBrandCert)
        );
    }

    function test_RevertWhen_ChangeSignerAccreditationWithdrawn() public {
        vm.prank(OPERATOR);
        registry.withdrawAccreditation(BRAND, cert);
        _expectRevertChange(
            CERT_KEY,
            _statusMessage(cert, SUSPEND),
            abi.encodeWithSelector(ILicenceRegistry.CertifierNotAccredited.selector, BRAND, cert)
        );
    }

    function test_RevertWhen_ChangeSignatureReplayed() public {
        ILicenceRegistry.StatusChange memory suspend = _statusMessage(cert, SUSPEND);
        bytes memory signature = _sign(CERT_KEY, _statusDigest(suspend));
        registry.changeLicenceStatus(suspend, signature);
        _change(CERT_KEY, REINSTATE);
        // The licence is Active again, so the old suspension would be a valid transition: only its nonce stops it.
        vm.expectRevert(abi.encodeWithSelector(Nonces.InvalidAccountNonce.selector, cert, 3));
        registry.changeLicenceStatus(suspend, signature);
    }

    function testFuzz_ChangeLicenceStatus_followsStateMachine(uint256 seed) public {
        uint256 model = ACTIVE;
        for (uint256 step = 0; step < 12; step++) {
            uint8 action = uint8(1 + (seed % 3));
            uint256 key = (seed >> 8) % 2 == 0 ? CERT_KEY : CERT2_KEY;
            seed = uint256(keccak256(abi.encode(seed)));

            uint256 next = _modelNext(model, action);
            ILicenceRegistry.StatusChange memory m = _statusMessage(vm.addr(key), action);
            bytes memory signature = _sign(key, _statusDigest(m));
            if (next == 0) {
                vm.expectRevert(_transitionError(model, action));
            } else {
                model = next;
            }
            registry.changeLicenceStatus(m, signature);
            assertEq(_status(LICENCE), model, "status follows the model");
        }
    }

    function _modelNext(uint256 status, uint8 action) private pure returns (uint256) {
        if (status == ACTIVE && action == SUSPEND) return SUSPENDED;
        if (status == SUSPENDED && action == REINSTATE) return ACTIVE;
        if (status != REVOKED && action == REVOKE) return REVOKED;
        return 0;
    }

    // ---- licenceStatus ----

    function test_LicenceStatus_unknownLicenceIsNone() public view {
        (uint8 status, bool validAt) = registry.licenceStatus(keccak256("nope"), FROM);
        assertEq(status, 0, "None");
        assertFalse(validAt, "not valid");
    }

    function test_LicenceStatus_activeValidOnlyFromValidFromToBeforeValidUntil() public view {
        bool validAt;
        (, validAt) = registry.licenceStatus(LICENCE, FROM - 1);
        assertFalse(validAt, "before validFrom");
        (, validAt) = registry.licenceStatus(LICENCE, FROM);
        assertTrue(validAt, "at validFrom");
        (, validAt) = registry.licenceStatus(LICENCE, UNTIL - 1);
        assertTrue(validAt, "last second");
        (, validAt) = registry.licenceStatus(LICENCE, UNTIL);
        assertFalse(validAt, "at validUntil");
    }

    function test_LicenceStatus_suspendedAndRevokedAreNotValid() public {
        _change(CERT_KEY, SUSPEND);
        (uint8 status, bool validAt) = registry.licenceStatus(LICENCE, FROM);
        assertEq(status, SUSPENDED, "suspended");
        assertFalse(validAt, "suspended is not valid");
        _change(CERT_KEY, REVOKE);
        (status, validAt) = registry.licenceStatus(LICENCE, FROM);
        assertEq(status, REVOKED, "revoked");
        assertFalse(validAt, "revoked is not valid");
    }

    function testFuzz_LicenceStatus_validAtIffInsideWindow(uint64 at) public view {
        (uint8 status, bool validAt) = registry.licenceStatus(LICENCE, at);
        assertEq(status, ACTIVE, "active");
        assertEq(validAt, FROM <= at && at < UNTIL, "validAt");
    }
}
