// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title EcoValue licence registry
/// @notice Brands and their current standard, certifiers accredited per brand, and licences. Every licence decision is
/// an EIP-712 message signed by an accredited certifier's own key; anyone may relay it (the service does, so certifiers
/// need no gas), and the chain records who decided. Anyone can read a licence's status with one `eth_call`.
/// @dev EIP-712 domain: name "EcoValue LicenceRegistry", version "1", this chain id and contract (`eip712Domain`).
interface ILicenceRegistry {
    /// @notice Licence lifecycle. `None` means the licence does not exist; `Revoked` is final.
    enum LicenceStatus {
        None,
        Active,
        Suspended,
        Revoked
    }

    /// @notice A brand and the standard its licences are currently judged by.
    /// @param standardHash Canonical hash of the standard's text (see certification-rules/).
    /// @param standardVersion 1 at registration, incremented by each {updateBrandStandard}.
    /// @param metadataUri Where the brand and its standard are described.
    struct Brand {
        bytes32 standardHash;
        uint32 standardVersion;
        string metadataUri;
    }

    /// @notice A licence as stored.
    /// @param brandId Brand the licence is for.
    /// @param holder Holder's identifier hash (the producer; no personal data on chain).
    /// @param documentHash Hash of the licence document (W3C VC-shaped JSON).
    /// @param standardHash Standard the licence was judged by (the brand's standard when issued).
    /// @param certifier Accredited certifier who signed the issuance.
    /// @param validFrom Start of validity, Unix seconds, inclusive.
    /// @param validUntil End of validity, Unix seconds, exclusive.
    /// @param status Current status.
    struct Licence {
        bytes32 brandId;
        bytes32 holder;
        bytes32 documentHash;
        bytes32 standardHash;
        address certifier;
        uint64 validFrom;
        uint64 validUntil;
        LicenceStatus status;
    }

    /// @notice EIP-712 message by which a certifier issues a licence; `nonce` is the certifier's next nonce and
    /// `deadline` the last Unix second at which the signature may be relayed.
    struct IssueLicence {
        bytes32 licenceId;
        bytes32 brandId;
        bytes32 holder;
        bytes32 documentHash;
        bytes32 standardHash;
        uint64 validFrom;
        uint64 validUntil;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice EIP-712 message by which a certifier suspends (action 1), reinstates (2) or revokes (3) a licence.
    struct StatusChange {
        bytes32 licenceId;
        uint8 action;
        bytes32 reasonHash;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice A brand was registered.
    event BrandRegistered(bytes32 indexed brandId, bytes32 standardHash, string metadataUri);

    /// @notice A brand moved to a new standard version; licences issued later must name it.
    event BrandStandardUpdated(
        bytes32 indexed brandId, bytes32 standardHash, uint32 standardVersion, string metadataUri
    );

    /// @notice A certifier was accredited for a brand.
    event CertifierAccredited(bytes32 indexed brandId, address indexed certifier);

    /// @notice A certifier's accreditation for a brand was withdrawn.
    event AccreditationWithdrawn(bytes32 indexed brandId, address indexed certifier);

    /// @notice A licence was issued, signed by `certifier`.
    event LicenceIssued(
        bytes32 indexed licenceId,
        bytes32 indexed brandId,
        bytes32 holder,
        bytes32 documentHash,
        address indexed certifier,
        uint64 validFrom,
        uint64 validUntil
    );

    /// @notice A licence was suspended, signed by `certifier`, for the reason whose hash is `reasonHash`.
    event LicenceSuspended(bytes32 indexed licenceId, address indexed certifier, bytes32 reasonHash);

    /// @notice A suspended licence was reinstated, signed by `certifier`.
    event LicenceReinstated(bytes32 indexed licenceId, address indexed certifier, bytes32 reasonHash);

    /// @notice A licence was revoked for good, signed by `certifier`.
    event LicenceRevoked(bytes32 indexed licenceId, address indexed certifier, bytes32 reasonHash);

    /// @notice The zero address was given where an account is required.
    error ZeroAddress();

    /// @notice {registerBrand} was given the zero brand id.
    error ZeroBrandId();

    /// @notice A brand was given the zero standard hash.
    error ZeroStandardHash();

    /// @notice An issuance names the zero licence id.
    error ZeroLicenceId();

    /// @notice An issuance names the zero holder.
    error ZeroHolder();

    /// @notice An issuance names the zero document hash.
    error ZeroDocumentHash();

    /// @notice The brand is already registered.
    error BrandAlreadyRegistered(bytes32 brandId);

    /// @notice The brand is not registered.
    error UnknownBrand(bytes32 brandId);

    /// @notice {updateBrandStandard} named the brand's current standard.
    error StandardUnchanged(bytes32 brandId, bytes32 standardHash);

    /// @notice The certifier is already accredited for the brand.
    error CertifierAlreadyAccredited(bytes32 brandId, address certifier);

    /// @notice The certifier (or the signer of a message) is not accredited for the brand.
    error CertifierNotAccredited(bytes32 brandId, address certifier);

    /// @notice The message's deadline has passed.
    error SignatureExpired(uint256 deadline);

    /// @notice The issuance names a standard other than the brand's current one.
    error StandardMismatch(bytes32 brandId, bytes32 expected, bytes32 actual);

    /// @notice The validity interval is empty (`validFrom >= validUntil`).
    error InvalidValidity(uint64 validFrom, uint64 validUntil);

    /// @notice A licence with this id already exists.
    error LicenceAlreadyExists(bytes32 licenceId);

    /// @notice No licence has this id.
    error UnknownLicence(bytes32 licenceId);

    /// @notice The status change action is not 1 (suspend), 2 (reinstate) or 3 (revoke).
    error InvalidAction(uint8 action);

    /// @notice The action is not allowed from the licence's current status.
    error InvalidStatusTransition(bytes32 licenceId, LicenceStatus status, uint8 action);

    /// @notice Role allowed to register brands and accredit or withdraw certifiers.
    function OPERATOR_ROLE() external view returns (bytes32);

    /// @notice EIP-712 type hash of {IssueLicence}.
    function ISSUE_LICENCE_TYPEHASH() external view returns (bytes32);

    /// @notice EIP-712 type hash of {StatusChange}.
    function STATUS_CHANGE_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 domain separator for this chain and contract.
    function domainSeparator() external view returns (bytes32);

    /// @notice The next nonce `certifier` must sign (shared by issuances and status changes).
    function nonces(address certifier) external view returns (uint256);

    /// @notice The EIP-712 digest a certifier signs to issue `message`.
    function hashIssueLicence(IssueLicence calldata message) external view returns (bytes32);

    /// @notice The EIP-712 digest a certifier signs to apply `message`.
    function hashStatusChange(StatusChange calldata message) external view returns (bytes32);

    /// @notice Registers a brand. Requires `OPERATOR_ROLE`.
    /// @dev Reverts with {ZeroBrandId}, {ZeroStandardHash} or {BrandAlreadyRegistered}.
    function registerBrand(bytes32 brandId, bytes32 standardHash, string calldata metadataUri) external;

    /// @notice Moves a brand to a new standard version. Existing licences keep the standard they were judged by.
    /// Requires `OPERATOR_ROLE`.
    /// @dev Reverts with {ZeroStandardHash}, {UnknownBrand} or {StandardUnchanged}.
    function updateBrandStandard(bytes32 brandId, bytes32 standardHash, string calldata metadataUri) external;

    /// @notice A brand; `standardVersion` is 0 if it is not registered.
    function brand(bytes32 brandId) external view returns (Brand memory);

    /// @notice Accredits a certifier for a brand. Requires `OPERATOR_ROLE`.
    /// @dev Reverts with {ZeroAddress}, {UnknownBrand} or {CertifierAlreadyAccredited}.
    function accreditCertifier(bytes32 brandId, address certifier) external;

    /// @notice Withdraws a certifier's accreditation for a brand; licences it issued stay as they are.
    /// Requires `OPERATOR_ROLE`.
    /// @dev Reverts with {CertifierNotAccredited}.
    function withdrawAccreditation(bytes32 brandId, address certifier) external;

    /// @notice Whether `certifier` is accredited for `brandId`.
    function isAccredited(bytes32 brandId, address certifier) external view returns (bool);

    /// @notice Issues a licence on the authority of `signature`, by an accredited certifier of the brand, over
    /// `message`. Anyone may relay it.
    /// @dev Reverts with {SignatureExpired}, {ZeroLicenceId}, {ZeroHolder}, {ZeroDocumentHash}, {UnknownBrand},
    /// {StandardMismatch}, {InvalidValidity}, {LicenceAlreadyExists}, {CertifierNotAccredited}, OpenZeppelin's
    /// `ECDSAInvalidSignature*` (malformed or high-s signature) or `InvalidAccountNonce` (replay, nonce out of order).
    /// @param message The signed issuance.
    /// @param signature 65 bytes `r || s || v` over {hashIssueLicence}.
    function issueLicence(IssueLicence calldata message, bytes calldata signature) external;

    /// @notice Suspends, reinstates or revokes a licence on the authority of `signature`, by a certifier accredited
    /// for the licence's brand (not necessarily its issuer). Anyone may relay it.
    /// @dev Suspend: Active -> Suspended; reinstate: Suspended -> Active; revoke: Active or Suspended -> Revoked.
    /// Reverts with {SignatureExpired}, {InvalidAction}, {UnknownLicence}, {InvalidStatusTransition},
    /// {CertifierNotAccredited}, `ECDSAInvalidSignature*` or `InvalidAccountNonce`.
    /// @param message The signed status change.
    /// @param signature 65 bytes `r || s || v` over {hashStatusChange}.
    function changeLicenceStatus(StatusChange calldata message, bytes calldata signature) external;

    /// @notice A licence; `status` is `None` if it does not exist.
    function licence(bytes32 licenceId) external view returns (Licence memory);

    /// @notice A licence's current status, and whether it is valid at time `at`.
    /// @param licenceId The licence.
    /// @param at Unix seconds.
    /// @return status The current {LicenceStatus} as a number (0 None, 1 Active, 2 Suspended, 3 Revoked).
    /// @return validAt True iff the licence is Active now and `validFrom <= at < validUntil`. What held at an earlier
    /// time, before a suspension or revocation, is told by the licence's events.
    function licenceStatus(bytes32 licenceId, uint64 at) external view returns (uint8 status, bool validAt);
}
