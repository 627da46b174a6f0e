// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";

/// @notice A token's transfer rules packed into one typed word (plus a second, untyped overflow word for long
/// country lists).
/// @dev Layout (bits): 0–7 blocked classes (the complement of `allowedClasses`, so that an all-zero word means "no
/// rule at all" and a token without rules never reads it), 8–39 maxHolders, 40–79 lockupUntil, 80–175 minHolding,
/// 176–179 blocked-country count, 180–249 the first `INLINE_COUNTRIES` codes at 10 bits each. Codes 8–15 sit in the
/// low 80 bits of the overflow word, read only when the list is longer. ISO 3166-1 numeric codes are 0–999, so 10
/// bits hold one.
type RulesWord is uint256;

using RulesWordLibrary for RulesWord global;

/// @title Encoding, decoding and the rule predicates of `RulesWord`
library RulesWordLibrary {
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
    uint256 private constant COUNTRY_BITS = 10;
    uint256 private constant COUNTRY_MASK = (1 << COUNTRY_BITS) - 1;
    /// @dev Bit 0 of each of the 7 inline 10-bit country lanes (see `blocks`).
    uint256 private constant LANE_ONES = 0x1004010040100401; // Σ 2^(10·i) for i < 7

    /// @notice Packs `rules`; reverts on a list too long, a code outside 0–999, or a holder cap without a lot size
    /// (a cap counted from 1 unit can be filled with dust by any holder: docs/adr/0014-token-holes-closed.md).
    function encode(ITransferRestrictions.TransferRules memory rules)
        internal
        pure
        returns (RulesWord word, uint256 overflow)
    {
        uint256 count = rules.blockedCountries.length;
        if (count > MAX_COUNTRIES) revert ITransferRestrictions.TokenTooManyBlockedCountries(count, MAX_COUNTRIES);
        if (rules.maxHolders != 0 && rules.minHolding == 0) {
            revert ITransferRestrictions.TokenHolderCapWithoutLotSize(rules.maxHolders);
        }
        uint256 raw = uint256(uint8(~rules.allowedClasses)) | (uint256(rules.maxHolders) << MAX_HOLDERS_SHIFT)
            | (uint256(rules.lockupUntil) << LOCKUP_SHIFT) | (uint256(rules.minHolding) << MIN_HOLDING_SHIFT)
            | (count << COUNT_SHIFT);
        for (uint256 i; i < count; ++i) {
            uint16 code = rules.blockedCountries[i];
            if (code > MAX_COUNTRY_CODE) revert ITransferRestrictions.TokenInvalidCountryCode(code);
            if (i < INLINE_COUNTRIES) raw |= uint256(code) << (COUNTRIES_SHIFT + COUNTRY_BITS * i);
            else overflow |= uint256(code) << (COUNTRY_BITS * (i - INLINE_COUNTRIES));
        }
        word = RulesWord.wrap(raw);
    }

    /// @notice The rules as the ABI struct.
    function decode(RulesWord word, uint256 overflow)
        internal
        pure
        returns (ITransferRestrictions.TransferRules memory rules)
    {
        uint16[] memory countries = new uint16[](countryCount(word));
        for (uint256 i; i < countries.length; ++i) {
            countries[i] = countryAt(word, overflow, i);
        }
        rules = ITransferRestrictions.TransferRules({
            allowedClasses: allowedClasses(word),
            minHolding: minHolding(word),
            maxHolders: maxHolders(word),
            lockupUntil: lockupUntil(word),
            blockedCountries: countries
        });
    }

    function isEmpty(RulesWord word) internal pure returns (bool) {
        return RulesWord.unwrap(word) == 0;
    }

    function allowedClasses(RulesWord word) internal pure returns (uint8) {
        return ~uint8(RulesWord.unwrap(word));
    }

    function maxHolders(RulesWord word) internal pure returns (uint32) {
        return uint32(RulesWord.unwrap(word) >> MAX_HOLDERS_SHIFT);
    }

    function lockupUntil(RulesWord word) internal pure returns (uint40) {
        return uint40(RulesWord.unwrap(word) >> LOCKUP_SHIFT);
    }

    function minHolding(RulesWord word) internal pure returns (uint96) {
        return uint96(RulesWord.unwrap(word) >> MIN_HOLDING_SHIFT);
    }

    function countryCount(RulesWord word) internal pure returns (uint256) {
        return (RulesWord.unwrap(word) >> COUNT_SHIFT) & 0xf;
    }

    /// @notice The `i`-th blocked code (`i` < `countryCount(word)`); `overflow` matters only for `i` >= 7.
    function countryAt(RulesWord word, uint256 overflow, uint256 i) internal pure returns (uint16) {
        // Cannot truncate: each code is 10 bits.
        if (i < INLINE_COUNTRIES) {
            return uint16((RulesWord.unwrap(word) >> (COUNTRIES_SHIFT + COUNTRY_BITS * i)) & COUNTRY_MASK);
        }
        return uint16((overflow >> (COUNTRY_BITS * (i - INLINE_COUNTRIES))) & COUNTRY_MASK);
    }

    /// @notice Whether `country` is among the first 7 blocked codes (`needsOverflow`: the list is longer, so the
    /// caller must also ask `overflowBlocks` with the overflow word).
    /// @dev Runs twice on every ruled transfer, so the inline codes are compared all at once (SWAR): XOR with
    /// `country` repeated in every used 10-bit lane zeroes exactly the lanes that match, and the classic "has a
    /// zero lane" test `(x - ones) & ~x & highs` is exact for "any" (a borrow can only spread above a lane that
    /// really is zero). Lanes hold 0–999 < 2^10, so nothing crosses a lane except those borrows.
    function inlineBlocks(RulesWord word, uint16 country) internal pure returns (bool blocked, bool needsOverflow) {
        uint256 count = countryCount(word);
        // Stored codes are at most 999, so a larger registry value can match none of them.
        if (count == 0 || country > MAX_COUNTRY_CODE) return (false, false);
        uint256 lanes = count < INLINE_COUNTRIES ? count : INLINE_COUNTRIES;
        // unchecked: `lanes` <= 7, so every shift stays below 70 bits; `x - ones` may borrow out of the used
        // lanes only into bits that `highs` masks off.
        unchecked {
            uint256 ones = LANE_ONES & ((1 << (COUNTRY_BITS * lanes)) - 1);
            uint256 x = (RulesWord.unwrap(word) >> COUNTRIES_SHIFT) ^ (ones * country);
            blocked = (x - ones) & ~x & (ones << (COUNTRY_BITS - 1)) != 0;
        }
        needsOverflow = !blocked && count > INLINE_COUNTRIES;
    }

    /// @notice The transfer fast path's country test for both parties at once: false only when the list fits inline
    /// and neither code is on it, so nothing more needs asking; true for a blocked code, and also for a list that
    /// needs the overflow word or a code above 999 (the caller then takes the general path, which decides).
    /// @dev The same SWAR test as `inlineBlocks`, for two codes, with one mask.
    function mayBlockEither(RulesWord word, uint16 a, uint16 b) internal pure returns (bool) {
        uint256 count = countryCount(word);
        if (count == 0) return false;
        if (count > INLINE_COUNTRIES || a > MAX_COUNTRY_CODE || b > MAX_COUNTRY_CODE) return true;
        // unchecked: `count` <= 7, so every shift stays below 70 bits; `x - ones` may borrow out of the used lanes
        // only into bits that the lane mask drops (see `inlineBlocks`).
        unchecked {
            uint256 ones = LANE_ONES & ((1 << (COUNTRY_BITS * count)) - 1);
            uint256 lanes = RulesWord.unwrap(word) >> COUNTRIES_SHIFT;
            uint256 x = lanes ^ (ones * a);
            uint256 y = lanes ^ (ones * b);
            return (((x - ones) & ~x) | ((y - ones) & ~y)) & (ones << (COUNTRY_BITS - 1)) != 0;
        }
    }

    /// @notice Whether `country` is among codes 8–15 (only meaningful when `inlineBlocks` said `needsOverflow`).
    function overflowBlocks(RulesWord word, uint256 overflow, uint16 country) internal pure returns (bool) {
        uint256 count = countryCount(word);
        // unchecked: i < 15, shifts stay below 80 bits.
        unchecked {
            for (uint256 i = INLINE_COUNTRIES; i < count; ++i) {
                if (overflow & COUNTRY_MASK == country) return true;
                overflow >>= COUNTRY_BITS;
            }
        }
        return false;
    }
}
