// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentWaterfall} from "../../interfaces/IPaymentWaterfall.sol";
import {IWaterfallClassToken} from "../../interfaces/IWaterfallClassToken.sol";

/// @notice A class's terms as a period reads them, in one typed word: the PaymentWaterfall keeps one per class in an
/// immutable (no cold storage read per class and period) and hands them to the engine as one flat array.
/// @dev Bits 0–159 token, 160–167 kind, 168–199 couponPpm, 200–207 interestRank, 208 scheduled, 216–231
/// notionalMask. The original balance and the PAC schedule stay in storage: a period does not read the first and
/// reads one entry of the second, only for a scheduled class.
type ClassWord is uint256;

using ClassWordLibrary for ClassWord global;

/// @title Packing and named accessors of `ClassWord`
library ClassWordLibrary {
    uint256 private constant KIND_SHIFT = 160;
    uint256 private constant COUPON_SHIFT = 168;
    uint256 private constant RANK_SHIFT = 200;
    uint256 private constant SCHEDULED_BIT = 1 << 208;
    uint256 private constant MASK_SHIFT = 216;

    function pack(IPaymentWaterfall.ClassTerms memory c) internal pure returns (ClassWord) {
        return ClassWord.wrap(
            uint256(uint160(address(c.token))) | (uint256(c.kind) << KIND_SHIFT)
                | (uint256(c.couponPpm) << COUPON_SHIFT) | (uint256(c.interestRank) << RANK_SHIFT)
                | (c.scheduled ? SCHEDULED_BIT : 0) | (uint256(c.notionalMask) << MASK_SHIFT)
        );
    }

    /// @notice The class token.
    function token(ClassWord word) internal pure returns (IWaterfallClassToken) {
        return IWaterfallClassToken(address(uint160(ClassWord.unwrap(word))));
    }

    /// @notice `IPaymentWaterfall.ClassKind`, as its ordinal.
    function kind(ClassWord word) internal pure returns (uint8) {
        return uint8(ClassWord.unwrap(word) >> KIND_SHIFT);
    }

    /// @notice Annual coupon, ppm.
    function couponPpm(ClassWord word) internal pure returns (uint32) {
        return uint32(ClassWord.unwrap(word) >> COUPON_SHIFT);
    }

    /// @notice Interest rank (lower first).
    function interestRank(ClassWord word) internal pure returns (uint8) {
        return uint8(ClassWord.unwrap(word) >> RANK_SHIFT);
    }

    /// @notice Whether the class is a PAC class with a schedule.
    function scheduled(ClassWord word) internal pure returns (bool) {
        return ClassWord.unwrap(word) & SCHEDULED_BIT != 0;
    }

    /// @notice The interest-only notional mask (0 = the pool).
    function notionalMask(ClassWord word) internal pure returns (uint16) {
        return uint16(ClassWord.unwrap(word) >> MASK_SHIFT);
    }
}
