// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {DealCalendar} from "../libraries/DealCalendar.sol";

/// @title MBS settlement arithmetic: price per 100 of current face plus 30/360 accrued interest
/// @notice Pure money math of the secondary market, every rounding named by the caller:
/// - current face of a quantity of original face: `amount × classCurrentFace / classOriginalFace`, always
///   rounded DOWN (the token's own `currentFaceOf` convention: no one pays for principal that does not exist);
/// - principal (clean) cash: `currentFace × price / (100 × PRICE_SCALE)`, rounded as the caller says;
/// - accrued interest: `currentFace × couponPpm × days / (360 × 1e6)`, rounded as the caller says;
/// - days: 30/360 of the SIFMA Standard Formulas (SF-44), the same rule as `days30360` in src/analytics/dates.ts.
/// The market rounds cash in the favour of the order's maker (see docs/market.md): a resting order never
/// trades a unit worse than its price; the taker bears at most one settlement unit per component.
library SettlementMath {
    /// @notice Prices are per 100 of current face with 8 decimals: 101-16 (101.5) is 10_150_000_000. Eight
    /// decimals hold every 256th of a point exactly (1/256 = 0.00390625), finer than any MBS quote tick.
    uint256 internal constant PRICE_SCALE = 1e8;
    /// @notice Par (100.00000000) in price units.
    uint256 internal constant PAR = 100 * PRICE_SCALE;
    /// @notice Coupons are annual rates in parts per million (55_000 = 5.5 %), as in the LoanPool record.
    uint256 internal constant PPM = 1e6;
    /// @notice Days in a 30/360 year.
    uint256 internal constant DAYS_PER_YEAR = 360;

    uint256 private constant SECONDS_PER_DAY = 86_400;

    /// @notice The cash of one settlement, in settlement-token units.
    /// @param currentFace Current face of the quantity traded (rounded down).
    /// @param principal Price × current face / 100.
    /// @param accrued Accrued interest at the coupon over `accrualDays`.
    /// @param accrualDays 30/360 days from the start of the accrual period to the settlement date.
    struct Amounts {
        uint256 currentFace;
        uint256 principal;
        uint256 accrued;
        uint256 accrualDays;
    }

    /// @notice Current face of `amount` of original face, rounded down; 0 when nothing was issued.
    function currentFaceDown(uint256 amount, uint256 classCurrentFace, uint256 classOriginalFace)
        internal
        pure
        returns (uint256)
    {
        if (classOriginalFace == 0) return 0;
        return Math.mulDiv(amount, classCurrentFace, classOriginalFace);
    }

    /// @notice Clean cash for `currentFace` at `price` (per 100, PRICE_SCALE decimals), rounded by `rounding`.
    function principalCash(uint256 currentFace, uint256 price, Math.Rounding rounding)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(currentFace, price, PAR, rounding);
    }

    /// @notice Interest accrued on `currentFace` at `couponPpm` a year over `accrualDays` 30/360 days, rounded by `rounding`.
    function accruedInterest(uint256 currentFace, uint256 couponPpm, uint256 accrualDays, Math.Rounding rounding)
        internal
        pure
        returns (uint256)
    {
        return Math.mulDiv(currentFace, couponPpm * accrualDays, PPM * DAYS_PER_YEAR, rounding);
    }

    /// @notice The whole settlement of `amount` of original face at `price`, settling at `settlement` with the
    /// accrual period starting at `accrualStart` (both Unix times; only their UTC dates count).
    function amounts(
        uint256 amount,
        uint256 price,
        uint256 classCurrentFace,
        uint256 classOriginalFace,
        uint256 couponPpm,
        uint256 accrualStart,
        uint256 settlement,
        Math.Rounding rounding
    ) internal pure returns (Amounts memory a) {
        a.currentFace = currentFaceDown(amount, classCurrentFace, classOriginalFace);
        a.principal = principalCash(a.currentFace, price, rounding);
        a.accrualDays = days30360(accrualStart, settlement);
        a.accrued = accruedInterest(a.currentFace, couponPpm, a.accrualDays, rounding);
    }

    /// @notice 30/360 days between the UTC dates of two Unix times (SF-44): a start on the last day of February
    /// or on the 31st counts from the 30th; an end on the 31st counts as the 30th when the start is (now) the 30th;
    /// never negative.
    function days30360(uint256 fromTime, uint256 toTime) internal pure returns (uint256) {
        if (toTime <= fromTime) return 0;
        (uint256 y1, uint256 m1, uint256 d1) = civilDate(fromTime);
        (uint256 y2, uint256 m2, uint256 d2) = civilDate(toTime);
        bool endOfFebruary = m1 == 2 && d1 == (isLeapYear(y1) ? 29 : 28);
        if (endOfFebruary || d1 == 31) d1 = 30;
        if (d2 == 31 && d1 == 30) d2 = 30;
        // toTime > fromTime, so the later date is never earlier: the signed sum is >= 0 (a start on the 31st
        // counted as the 30th and an end on the 30th give 0, never less).
        int256 span = 360 * (int256(y2) - int256(y1)) + 30 * (int256(m2) - int256(m1)) + (int256(d2) - int256(d1));
        return span > 0 ? uint256(span) : 0;
    }

    /// @notice The proleptic Gregorian UTC date of a Unix time (the platform's one calendar, `DealCalendar`).
    function civilDate(uint256 time) internal pure returns (uint256 year, uint256 month, uint256 day) {
        return DealCalendar.civilFromDays(time / SECONDS_PER_DAY);
    }

    /// @notice Gregorian leap year.
    function isLeapYear(uint256 year) internal pure returns (bool) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }
}
