// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";

/// @title A token's transfer rules packed into one word (plus a second word for long country lists)
/// @notice Layout of the main word (bits): 0–7 blocked classes (the complement of `allowedClasses`, so that an
/// all-zero word means "no rule at all" and a token without rules never reads it), 8–39 maxHolders, 40–79
/// lockupUntil, 80–175 minHolding, 176–179 blocked-country count, 180–249 the first `INLINE_COUNTRIES` codes
/// at 10 bits each. Codes 8–15 sit in the low 80 bits of the overflow word, read only when the list is longer.
/// ISO 3166-1 numeric codes are 0–999, so 10 bits hold one; widths equal the `TransferRules` field types
/// except the codes.
library TransferRulesWord {
    /// @notice At most this many blocked countries (7 inline + 8 in the overflow word).
    uint256 internal constant MAX_COUNTRIES = 15;
    /// @notice Countries stored in the main word; a list up to this long costs no extra read.
    uint256 internal constant INLINE_COUNTRIES = 7;
    uint16 internal constant MAX_COUNTRY_CODE = 999;

    uint256 private constant MAX_HOLDERS_SHIFT = 8;
    uint256 private constant LOCKUP_SHIFT = 40;
    uint256 private constant MIN_HOLDING_SHIFT = 80;
    uint256 private constant COUNT_SHIFT = 176;
    uint256 private constant COUNTRIES_SHIFT = 180;
    uint256 internal constant COUNTRY_BITS = 10;
    uint256 internal constant COUNTRY_MASK = (1 << COUNTRY_BITS) - 1;

    /// @notice Packs `rules`; reverts on a list too long or a code outside 0–999.
    function encode(ITransferRestrictions.TransferRules memory rules)
        internal
        pure
        returns (uint256 word, uint256 overflow)
    {
        uint256 count = rules.blockedCountries.length;
        if (count > MAX_COUNTRIES) revert ITransferRestrictions.TooManyBlockedCountries(count, MAX_COUNTRIES);
        word = uint256(uint8(~rules.allowedClasses)) | (uint256(rules.maxHolders) << MAX_HOLDERS_SHIFT)
            | (uint256(rules.lockupUntil) << LOCKUP_SHIFT) | (uint256(rules.minHolding) << MIN_HOLDING_SHIFT)
            | (count << COUNT_SHIFT);
        for (uint256 i; i < count; ++i) {
            uint16 code = rules.blockedCountries[i];
            if (code > MAX_COUNTRY_CODE) revert ITransferRestrictions.InvalidCountryCode(code);
            if (i < INLINE_COUNTRIES) word |= uint256(code) << (COUNTRIES_SHIFT + COUNTRY_BITS * i);
            else overflow |= uint256(code) << (COUNTRY_BITS * (i - INLINE_COUNTRIES));
        }
    }

    function allowedClasses(uint256 word) internal pure returns (uint8) {
        return ~uint8(word);
    }

    function maxHolders(uint256 word) internal pure returns (uint32) {
        return uint32(word >> MAX_HOLDERS_SHIFT);
    }

    function lockupUntil(uint256 word) internal pure returns (uint40) {
        return uint40(word >> LOCKUP_SHIFT);
    }

    function minHolding(uint256 word) internal pure returns (uint96) {
        return uint96(word >> MIN_HOLDING_SHIFT);
    }

    function countryCount(uint256 word) internal pure returns (uint256) {
        return (word >> COUNT_SHIFT) & 0xf;
    }

    /// @notice The inline codes, the first in the low 10 bits (walk them by shifting right 10 bits at a time).
    function inlineCountries(uint256 word) internal pure returns (uint256) {
        return word >> COUNTRIES_SHIFT;
    }

    /// @notice The `i`-th blocked code (`i` < `countryCount(word)`); `overflow` matters only for `i` >= 7.
    function countryAt(uint256 word, uint256 overflow, uint256 i) internal pure returns (uint16) {
        // Cannot truncate: each code is 10 bits.
        if (i < INLINE_COUNTRIES) return uint16((word >> (COUNTRIES_SHIFT + COUNTRY_BITS * i)) & COUNTRY_MASK);
        return uint16((overflow >> (COUNTRY_BITS * (i - INLINE_COUNTRIES))) & COUNTRY_MASK);
    }
}
