// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {DealCalendar} from "../libraries/DealCalendar.sol";

/// @title TESTS ONLY: exposes the waterfall's calendar so TypeScript can compare it with JavaScript's Date
contract DealCalendarHarness {
    /// @notice `count` month ends from month index `first` on, and the civil date of each.
    function monthEnds(uint256 first, uint256 count)
        external
        pure
        returns (
            uint256[] memory ends,
            uint256[] memory civilYears,
            uint256[] memory civilMonths,
            uint256[] memory civilDays
        )
    {
        ends = new uint256[](count);
        civilYears = new uint256[](count);
        civilMonths = new uint256[](count);
        civilDays = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            ends[i] = DealCalendar.monthEnd(first + i);
            uint256 day = ends[i] / DealCalendar.SECONDS_PER_DAY;
            (civilYears[i], civilMonths[i], civilDays[i]) = DealCalendar.civilFromDays(day);
        }
    }

    function monthIndexOf(uint256 timestamp) external pure returns (uint256) {
        return DealCalendar.monthIndexOf(timestamp);
    }

    function daysFromCivil(uint256 year, uint256 month, uint256 day) external pure returns (uint256) {
        return DealCalendar.daysFromCivil(year, month, day);
    }
}
