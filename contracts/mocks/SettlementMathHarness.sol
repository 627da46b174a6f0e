// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SettlementMath} from "../market/SettlementMath.sol";

/// @title TESTS ONLY: exposes the market's settlement library so TypeScript can compare it with src/analytics
contract SettlementMathHarness {
    function days30360(uint256 fromTime, uint256 toTime) external pure returns (uint256) {
        return SettlementMath.days30360(fromTime, toTime);
    }

    function civilDate(uint256 time) external pure returns (uint256 year, uint256 month, uint256 day) {
        return SettlementMath.civilDate(time);
    }

    function amounts(
        uint256 amount,
        uint256 price,
        uint256 classCurrentFace,
        uint256 classOriginalFace,
        uint256 couponPpm,
        uint256 accrualStart,
        uint256 settlement,
        bool roundUp
    ) external pure returns (SettlementMath.Amounts memory) {
        return SettlementMath.amounts(
            amount,
            price,
            classCurrentFace,
            classOriginalFace,
            couponPpm,
            accrualStart,
            settlement,
            roundUp ? Math.Rounding.Ceil : Math.Rounding.Floor
        );
    }
}
