// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The platform's calendar: civil (proleptic Gregorian, UTC) dates and month ends from Unix time
/// @notice Shared by the waterfall (record dates at month ends) and the market (30/360 settlement days).
/// Howard Hinnant's `days_from_civil` / `civil_from_days`
/// (http://howardhinnant.github.io/date_algorithms.html), restricted to dates from 1970-01-01 on, so every quantity is unsigned. A month is counted as a month index,
/// `year × 12 + month − 1` (the convention of src/tape/fields.ts), so "n months after the cut-off" is an addition.
/// Tested against JavaScript's `Date` for every month from 1970 to 2100 (test/waterfall/calendar.network.test.ts).
library DealCalendar {
    uint256 internal constant SECONDS_PER_DAY = 86_400;
    /// @dev Days from 0000-03-01 to 1970-01-01 in the shifted calendar of the algorithms.
    uint256 private constant EPOCH_SHIFT = 719_468;
    uint256 private constant DAYS_PER_ERA = 146_097; // 400 Gregorian years

    /// @notice Days since 1970-01-01 of `year`-`month`-`day` (year ≥ 1970, month 1–12, day 1–31; not validated
    /// beyond what the arithmetic needs: callers pass dates this library produced or the first of a month).
    function daysFromCivil(uint256 year, uint256 month, uint256 day) internal pure returns (uint256) {
        // The algorithm's year starts in March, so January and February count in the previous year.
        uint256 y = month <= 2 ? year - 1 : year;
        uint256 era = y / 400;
        uint256 yearOfEra = y - era * 400; // [0, 399]
        uint256 dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
        uint256 dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // [0, 146096]
        return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
    }

    /// @notice The civil date of the day `daysSinceEpoch` days after 1970-01-01.
    function civilFromDays(uint256 daysSinceEpoch) internal pure returns (uint256 year, uint256 month, uint256 day) {
        // unchecked: every intermediate is non-negative (the epoch shift makes day 0 0000-03-01, and each
        // subtraction takes away at most what the bracketed range comment allows) and far below 2^256 for any
        // day count a uint256 timestamp / 86,400 can give.
        unchecked {
            uint256 z = daysSinceEpoch + EPOCH_SHIFT;
            uint256 era = z / DAYS_PER_ERA;
            uint256 dayOfEra = z - era * DAYS_PER_ERA; // [0, 146096]
            uint256 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365; // [0, 399]
            uint256 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
            uint256 shiftedMonth = (5 * dayOfYear + 2) / 153; // [0, 11], March = 0
            day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
            month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
            year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        }
    }

    /// @notice The month index (`year × 12 + month − 1`) of the UTC calendar month `timestamp` falls in.
    function monthIndexOf(uint256 timestamp) internal pure returns (uint256) {
        (uint256 year, uint256 month,) = civilFromDays(timestamp / SECONDS_PER_DAY);
        return year * 12 + month - 1;
    }

    /// @notice The last second (23:59:59 UTC) of the month `monthIndex`, in Unix time.
    function monthEnd(uint256 monthIndex) internal pure returns (uint256) {
        uint256 next = monthIndex + 1;
        return daysFromCivil(next / 12, next % 12 + 1, 1) * SECONDS_PER_DAY - 1;
    }
}
