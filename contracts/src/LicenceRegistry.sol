// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ILicenceRegistry} from "./ILicenceRegistry.sol";

/// @title EcoValue licence registry
/// @notice See {ILicenceRegistry}.
contract LicenceRegistry is ILicenceRegistry, AccessControl, EIP712, Nonces {
    uint8 private constant _SUSPEND = 1;
    uint8 private constant _REINSTATE = 2;
    uint8 private constant _REVOKE = 3;

    /// @inheritdoc ILicenceRegistry
    bytes32 public constant override OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @inheritdoc ILicenceRegistry
    bytes32 public constant override ISSUE_LICENCE_TYPEHASH = keccak256(
        "IssueLicence(bytes32 licenceId,bytes32 brandId,bytes32 holder,bytes32 documentHash,bytes32 standardHash,"
        "uint64 validFrom,uint64 validUntil,uint256 nonce,uint256 deadline)"
    );

    /// @inheritdoc ILicenceRegistry
    bytes32 public constant override STATUS_CHANGE_TYPEHASH =
        keccak256("StatusChange(bytes32 licenceId,uint8 action,bytes32 reasonHash,uint256 nonce,uint256 deadline)");

    mapping(bytes32 brandId => Brand brand) private _brands;
    mapping(bytes32 brandId => mapping(address certifier => bool accredited)) private _accredited;
    mapping(bytes32 licenceId => Licence licence) private _licences;

    /// @param admin Holds `DEFAULT_ADMIN_ROLE`, and so grants and revokes `OPERATOR_ROLE`.
    /// @param operator First holder of `OPERATOR_ROLE`.
    constructor(address admin, address operator) EIP712("EcoValue LicenceRegistry", "1") {
        if (admin == address(0) || operator == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(OPERATOR_ROLE, operator);
    }

    // ---- Brands and certifiers (operator) ----

    /// @inheritdoc ILicenceRegistry
    function registerBrand(bytes32 brandId, bytes32 standardHash, string calldata metadataUri)
        external
        override
        onlyRole(OPERATOR_ROLE)
    {
        if (brandId == bytes32(0)) revert ZeroBrandId();
        if (standardHash == bytes32(0)) revert ZeroStandardHash();
        Brand storage b = _brands[brandId];
        if (b.standardVersion != 0) revert BrandAlreadyRegistered(brandId);

        b.standardHash = standardHash;
        b.standardVersion = 1;
        b.metadataUri = metadataUri;
        emit BrandRegistered(brandId, standardHash, metadataUri);
    }

    /// @inheritdoc ILicenceRegistry
    function updateBrandStandard(bytes32 brandId, bytes32 standardHash, string calldata metadataUri)
        external
        override
        onlyRole(OPERATOR_ROLE)
    {
        if (standardHash == bytes32(0)) revert ZeroStandardHash();
        Brand storage b = _requireBrand(brandId);
        if (b.standardHash == standardHash) revert StandardUnchanged(brandId, standardHash);

        uint32 version = b.standardVersion + 1;
        b.standardHash = standardHash;
        b.standardVersion = version;
        b.metadataUri = metadataUri;
        emit BrandStandardUpdated(brandId, standardHash, version, metadataUri);
    }

    /// @inheritdoc ILicenceRegistry
    function brand(bytes32 brandId) external view override returns (Brand memory) {
        return _brands[brandId];
    }

    /// @inheritdoc ILicenceRegistry
    function accreditCertifier(bytes32 brandId, address certifier) external override onlyRole(OPERATOR_ROLE) {
        if (certifier == address(0)) revert ZeroAddress();
        _requireBrand(brandId);
        if (_accredited[brandId][certifier]) revert CertifierAlreadyAccredited(brandId, certifier);

        _accredited[brandId][certifier] = true;
        emit CertifierAccredited(brandId, certifier);
    }

    /// @inheritdoc ILicenceRegistry
    function withdrawAccreditation(bytes32 brandId, address certifier) external override onlyRole(OPERATOR_ROLE) {
        if (!_accredited[brandId][certifier]) revert CertifierNotAccredited(brandId, certifier);

        _accredited[brandId][certifier] = false;
        emit AccreditationWithdrawn(brandId, certifier);
    }

    /// @inheritdoc ILicenceRegistry
    function isAccredited(bytes32 brandId, address certifier) external view override returns (bool) {
        return _accredited[brandId][certifier];
    }

    // ---- Licences (certifier-signed, relayed by anyone) ----

    /// @inheritdoc ILicenceRegistry
    function issueLicence(IssueLicence calldata message, bytes calldata signature) external override {
        // A validator's few seconds of timestamp leeway are immaterial to a signature deadline.
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > message.deadline) revert SignatureExpired(message.deadline);
        if (message.licenceId == bytes32(0)) revert ZeroLicenceId();
        if (message.holder == bytes32(0)) revert ZeroHolder();
        if (message.documentHash == bytes32(0)) revert ZeroDocumentHash();
        bytes32 current = _requireBrand(message.brandId).standardHash;
        if (message.standardHash != current) revert StandardMismatch(message.brandId, current, message.standardHash);
        if (message.validFrom >= message.validUntil) revert InvalidValidity(message.validFrom, message.validUntil);
        Licence storage l = _licences[message.licenceId];
        if (l.status != LicenceStatus.None) revert LicenceAlreadyExists(message.licenceId);
        address certifier = _authorise(hashIssueLicence(message), signature, message.brandId, message.nonce);

        l.brandId = message.brandId;
        l.holder = message.holder;
        l.documentHash = message.documentHash;
        l.standardHash = message.standardHash;
        l.certifier = certifier;
        l.validFrom = message.validFrom;
        l.validUntil = message.validUntil;
        l.status = LicenceStatus.Active;
        emit LicenceIssued(
            message.licenceId,
            message.brandId,
            message.holder,
            message.documentHash,
            certifier,
            message.validFrom,
            message.validUntil
        );
    }

    /// @inheritdoc ILicenceRegistry
    function changeLicenceStatus(StatusChange calldata message, bytes calldata signature) external override {
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp > message.deadline) revert SignatureExpired(message.deadline);
        uint8 action = message.action;
        if (action < _SUSPEND || action > _REVOKE) revert InvalidAction(action);
        Licence storage l = _licences[message.licenceId];
        LicenceStatus status = l.status;
        if (status == LicenceStatus.None) revert UnknownLicence(message.licenceId);
        LicenceStatus next = _transition(message.licenceId, status, action);
        address certifier = _authorise(hashStatusChange(message), signature, l.brandId, message.nonce);

        l.status = next;
        if (action == _SUSPEND) emit LicenceSuspended(message.licenceId, certifier, message.reasonHash);
        else if (action == _REINSTATE) emit LicenceReinstated(message.licenceId, certifier, message.reasonHash);
        else emit LicenceRevoked(message.licenceId, certifier, message.reasonHash);
    }

    /// @inheritdoc ILicenceRegistry
    function licence(bytes32 licenceId) external view override returns (Licence memory) {
        return _licences[licenceId];
    }

    /// @inheritdoc ILicenceRegistry
    function licenceStatus(bytes32 licenceId, uint64 at) external view override returns (uint8 status, bool validAt) {
        Licence storage l = _licences[licenceId];
        LicenceStatus s = l.status;
        return (uint8(s), s == LicenceStatus.Active && l.validFrom <= at && at < l.validUntil);
    }

    // ---- EIP-712 helpers ----

    /// @inheritdoc ILicenceRegistry
    function domainSeparator() external view override returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc ILicenceRegistry
    function nonces(address certifier) public view override(ILicenceRegistry, Nonces) returns (uint256) {
        return super.nonces(certifier);
    }

    /// @inheritdoc ILicenceRegistry
    function hashIssueLicence(IssueLicence calldata message) public view override returns (bytes32) {
        // All members are static, so abi.encode of the struct is EIP-712's encodeData.
        return _hashTypedDataV4(keccak256(abi.encode(ISSUE_LICENCE_TYPEHASH, message)));
    }

    /// @inheritdoc ILicenceRegistry
    function hashStatusChange(StatusChange calldata message) public view override returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(STATUS_CHANGE_TYPEHASH, message)));
    }

    /// @inheritdoc AccessControl
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(ILicenceRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ---- Internals ----

    function _requireBrand(bytes32 brandId) private view returns (Brand storage b) {
        b = _brands[brandId];
        if (b.standardVersion == 0) revert UnknownBrand(brandId);
    }

    /// @dev Recovers the signer (ECDSA.recover rejects malformed and high-s signatures, EIP-2), requires its
    /// accreditation for `brandId`, and consumes its nonce so the signature cannot be replayed.
    function _authorise(bytes32 digest, bytes calldata signature, bytes32 brandId, uint256 nonce)
        private
        returns (address signer)
    {
        signer = ECDSA.recover(digest, signature);
        if (!_accredited[brandId][signer]) revert CertifierNotAccredited(brandId, signer);
        _useCheckedNonce(signer, nonce);
    }

    function _transition(bytes32 licenceId, LicenceStatus status, uint8 action)
        private
        pure
        returns (LicenceStatus next)
    {
        if (action == _SUSPEND && status == LicenceStatus.Active) return LicenceStatus.Suspended;
        if (action == _REINSTATE && status == LicenceStatus.Suspended) return LicenceStatus.Active;
        if (action == _REVOKE && status != LicenceStatus.Revoked) return LicenceStatus.Revoked;
        revert InvalidStatusTransition(licenceId, status, action);
    }
}
