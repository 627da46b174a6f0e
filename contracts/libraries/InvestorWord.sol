// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice The KYC registry's packed investor record, as one typed word so that it cannot be confused with any
/// other packed word (a rules word, a balance) without an explicit unwrap.
/// @dev Laid out as Solidity would pack `IKycRegistry.Investor` in storage: bits 0–63 verifiedUntil, 64–79 country,
/// 80–87 classes, 88 frozen. Tokens read two words from `IKycRegistry.investorPairPacked` per transfer and decode
/// only the fields a rule needs.
type InvestorWord is uint256;

// The layout as plain number constants, which inline assembly can name (the registry's row writer, the token's fast
// path); the library below uses the same.
uint256 constant INVESTOR_COUNTRY_SHIFT = 64;
uint256 constant INVESTOR_CLASSES_SHIFT = 80;
uint256 constant INVESTOR_FROZEN_BIT = 1 << 88;
uint256 constant INVESTOR_VERIFIED_UNTIL_MASK = 0xffffffffffffffff; // bits 0–63

using InvestorWordLibrary for InvestorWord global;

/// @title Named accessors of `InvestorWord`
library InvestorWordLibrary {
    uint256 private constant COUNTRY_SHIFT = INVESTOR_COUNTRY_SHIFT;
    uint256 private constant CLASSES_SHIFT = INVESTOR_CLASSES_SHIFT;
    uint256 private constant FROZEN_BIT = INVESTOR_FROZEN_BIT;
    uint256 private constant VERIFIED_UNTIL_MASK = INVESTOR_VERIFIED_UNTIL_MASK;

    function pack(uint64 verifiedUntil_, uint16 country_, uint8 classes_, bool frozen_)
        internal
        pure
        returns (InvestorWord)
    {
        return InvestorWord.wrap(
            uint256(verifiedUntil_) | (uint256(country_) << COUNTRY_SHIFT) | (uint256(classes_) << CLASSES_SHIFT)
                | (frozen_ ? FROZEN_BIT : 0)
        );
    }

    /// @notice Unix time until which the verification is valid; 0 = never verified or revoked.
    function verifiedUntil(InvestorWord word) internal pure returns (uint64) {
        return uint64(InvestorWord.unwrap(word));
    }

    /// @notice ISO 3166-1 numeric country code (0 = unknown).
    function country(InvestorWord word) internal pure returns (uint16) {
        return uint16(InvestorWord.unwrap(word) >> COUNTRY_SHIFT);
    }

    /// @notice Investor-class bit set (0 = never onboarded).
    function classes(InvestorWord word) internal pure returns (uint8) {
        return uint8(InvestorWord.unwrap(word) >> CLASSES_SHIFT);
    }

    /// @notice Platform-wide freeze.
    function frozen(InvestorWord word) internal pure returns (bool) {
        return InvestorWord.unwrap(word) & FROZEN_BIT != 0;
    }

    /// @notice The same record with the freeze flag set to `frozen_`.
    function withFrozen(InvestorWord word, bool frozen_) internal pure returns (InvestorWord) {
        uint256 raw = InvestorWord.unwrap(word);
        return InvestorWord.wrap(frozen_ ? raw | FROZEN_BIT : raw & ~FROZEN_BIT);
    }

    /// @notice The same record with verifiedUntil cleared (revoked); country, classes and freeze are kept.
    function revoked(InvestorWord word) internal pure returns (InvestorWord) {
        return InvestorWord.wrap(InvestorWord.unwrap(word) & ~VERIFIED_UNTIL_MASK);
    }
}
