// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {InvestorWord} from "../libraries/InvestorWord.sol";

/// @title KYC allowlist shared by every pool on the platform
/// @notice One record per investor wallet: how long the verification is valid, the investor's
/// country (ISO 3166-1 numeric) and investor-class bits, and a platform-wide freeze flag.
/// No personal data is stored: at most a hash of the off-chain KYC record, and only in events.
/// Tokens read the registry on every transfer, so a revocation, an expiry or a freeze takes
/// effect immediately for every pool.
interface IKycRegistry {
    /// @notice What the registry knows about one wallet (packed into a single storage slot).
    /// @param verifiedUntil Unix time until which the KYC verification is valid (0 = never verified or revoked).
    /// @param country ISO 3166-1 numeric country code, 0–999 (e.g. 840 = United States); 0 = unknown.
    /// @param classes Investor-class bit set; see the CLASS_* constants of the implementation.
    /// @param frozen Platform-wide freeze by the compliance role.
    struct Investor {
        uint64 verifiedUntil;
        uint16 country;
        uint8 classes;
        bool frozen;
    }

    /// @notice One row of a (batch) onboarding or update.
    /// @param recordHash Hash of the off-chain KYC record (evidence for auditors); only emitted, never stored.
    struct InvestorUpdate {
        address account;
        uint64 verifiedUntil;
        uint16 country;
        uint8 classes;
        bytes32 recordHash;
    }

    /// @notice An investor record was created or replaced.
    /// @param account The investor's wallet.
    /// @param record The record exactly as stored after the update (the word `investorPairPacked` returns), in the
    /// `InvestorWord` layout: bits 0–63 verifiedUntil, 64–79 country, 80–87 classes, bit 88 the platform freeze flag,
    /// bits 89–255 zero. The freeze bit is not part of the update: an update keeps whatever freeze the wallet already
    /// had (only `setFrozen` sets or lifts it, logged by `InvestorFrozen`), so it reads "frozen at this point", never
    /// "frozen by this update". Replaying `record` here, verifiedUntil := 0 on `InvestorRevoked` and the bit on
    /// `InvestorFrozen`, in log order, rebuilds every stored record from the logs alone.
    /// @param recordHash Hash of the off-chain KYC record (evidence for auditors); only emitted, never stored.
    event InvestorUpdated(address indexed account, InvestorWord record, bytes32 recordHash);
    /// @notice An investor's verification was revoked (verifiedUntil set to 0).
    event InvestorRevoked(address indexed account, bytes32 reason);
    /// @notice An investor was frozen or unfrozen platform-wide.
    event InvestorFrozen(address indexed account, bool frozen);

    /// @notice The zero address cannot be an investor.
    error KycZeroAddress();
    /// @notice `verifiedUntil` must lie in the future when (re)verifying an investor.
    error KycExpiryInPast(address account, uint64 verifiedUntil, uint256 nowTimestamp);
    /// @notice Classes must be a non-empty subset of the defined class bits.
    error KycInvalidClasses(address account, uint8 classes);
    /// @notice The country is not an ISO 3166-1 numeric code (0–999): tokens pack codes in 10 bits, so a larger value
    /// could never match a blocked-country list.
    error KycInvalidCountry(address account, uint16 country);
    /// @notice An update row carries a field wider than its type (malformed calldata).
    error KycMalformedUpdate();
    /// @notice `revoke` of an investor whose verification is already revoked (a setter never records a no-op).
    error KycAlreadyRevoked(address account);
    /// @notice `setFrozen` with the freeze already in that state.
    error KycFreezeUnchanged(address account, bool frozen);
    /// @notice The account has never been onboarded.
    error KycUnknownInvestor(address account);

    /// @notice Creates or replaces one investor record. Compliance role. Reverts on a zero address, an expiry not in
    /// the future, an empty or undefined class set, or a country above 999.
    function setInvestor(InvestorUpdate calldata update) external;

    /// @notice Creates or replaces many investor records in one transaction, each checked as by `setInvestor`;
    /// one invalid row reverts the whole batch. Compliance role.
    function setInvestors(InvestorUpdate[] calldata updates) external;

    /// @notice Revokes an investor's verification immediately, keeping country and classes for the record.
    /// Compliance role.
    function revoke(address account, bytes32 reason) external;

    /// @notice Freezes or unfreezes an investor on every pool. Compliance role.
    function setFrozen(address account, bool frozen) external;

    /// @notice The stored record of `account` (all zero if never onboarded).
    function investor(address account) external view returns (Investor memory);

    /// @notice The records of a transfer's two parties in one call (saves a call on every token transfer).
    function investorPair(address a, address b) external view returns (Investor memory, Investor memory);

    /// @notice The same two records as packed words (layout in `InvestorWord`): what tokens read on every
    /// transfer, because decoding two words is much cheaper than decoding two structs.
    function investorPairPacked(address a, address b)
        external
        view
        returns (InvestorWord recordA, InvestorWord recordB);

    /// @notice True if `account` is verified, not expired and not frozen at the current block time.
    function isVerified(address account) external view returns (bool);
}
