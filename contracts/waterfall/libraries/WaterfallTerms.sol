// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPaymentWaterfall} from "../../interfaces/IPaymentWaterfall.sol";

/// @title Validation of a deal's waterfall terms, as `validateDeal` in src/analytics/deal/validate.ts
/// @notice Rejects at deployment every deal the engine cannot run, naming the term (`field`), the class
/// (`classIndex`, type(uint256).max for a deal-level term) and the offending value.
library WaterfallTerms {
    uint256 internal constant PPM = 1e6;
    uint256 internal constant MAX_CLASSES = 16; // the width of an interest-only notional mask
    uint256 private constant DEAL = type(uint256).max;

    function validate(IPaymentWaterfall.DealTerms memory terms, IPaymentWaterfall.ClassTerms[] memory classes)
        internal
        pure
    {
        if (terms.originalPoolBalance == 0) _fail("originalPoolBalance", DEAL, 0);
        // A deal without a cut-off date has no calendar: its record dates would fall in 1970.
        if (terms.cutoffDate == 0) _fail("cutoffDate", DEAL, 0);
        uint256 n = classes.length;
        if (n == 0 || n > MAX_CLASSES) _fail("classes.length", DEAL, n);
        uint256 bondTotal;
        uint256 bonds;
        uint256 bondMask;
        for (uint256 i; i < n; ++i) {
            IPaymentWaterfall.ClassTerms memory c = classes[i];
            if (address(c.token) == address(0)) _fail("token", i, 0);
            if (c.couponPpm >= PPM) _fail("couponPpm", i, c.couponPpm);
            if (c.kind == IPaymentWaterfall.ClassKind.InterestOnly) {
                if (c.scheduled) _fail("scheduled", i, 1);
                continue;
            }
            if (c.notionalMask != 0) _fail("notionalMask", i, c.notionalMask);
            if (c.kind == IPaymentWaterfall.ClassKind.PrincipalOnly && c.couponPpm != 0) {
                _fail("couponPpm", i, c.couponPpm);
            }
            if (c.kind == IPaymentWaterfall.ClassKind.Accrual) {
                if (bonds == 0) _fail("kind.accrualFirst", i, uint8(c.kind));
                if (terms.principalMode != IPaymentWaterfall.PrincipalMode.Sequential) {
                    _fail("kind.accrualNeedsSequential", i, uint8(terms.principalMode));
                }
            }
            if (c.scheduled) {
                uint256 previous = c.originalBalance;
                for (uint256 k; k < c.schedule.length; ++k) {
                    if (c.schedule[k] > previous) _fail("schedule", i, k);
                    previous = c.schedule[k];
                }
            } else if (c.schedule.length != 0) {
                _fail("schedule.unscheduled", i, c.schedule.length);
            }
            bondTotal += c.originalBalance;
            bondMask |= 1 << i;
            ++bonds;
        }
        for (uint256 i; i < n; ++i) {
            uint256 mask = classes[i].notionalMask;
            if (classes[i].kind == IPaymentWaterfall.ClassKind.InterestOnly && mask & ~bondMask != 0) {
                _fail("notionalMask", i, mask);
            }
        }
        if (bonds == 0) _fail("classes.noBond", DEAL, 0);
        if (bondTotal > terms.originalPoolBalance) _fail("classes.exceedPool", DEAL, bondTotal);
        if (terms.servicingFeePpm >= PPM) _fail("servicingFeePpm", DEAL, terms.servicingFeePpm);
        if (terms.trusteeFeePpm >= PPM) _fail("trusteeFeePpm", DEAL, terms.trusteeFeePpm);
        if (terms.delinquencyTriggerPpm > PPM) _fail("delinquencyTriggerPpm", DEAL, terms.delinquencyTriggerPpm);
        if (terms.cumulativeLossTriggerPpm > PPM) {
            _fail("cumulativeLossTriggerPpm", DEAL, terms.cumulativeLossTriggerPpm);
        }
        if (terms.reserveTargetPpm > PPM) _fail("reserveTargetPpm", DEAL, terms.reserveTargetPpm);
        if (terms.overcollateralizationTargetPpm > PPM) {
            _fail("overcollateralizationTargetPpm", DEAL, terms.overcollateralizationTargetPpm);
        }
        if (terms.cleanUpCallPpm > PPM) _fail("cleanUpCallPpm", DEAL, terms.cleanUpCallPpm);
    }

    /// @notice The balance of every class before period 1: bonds at their original balance, an interest-only
    /// class at its original notional (the pool, or the sum of the named bond classes).
    function initialBalances(IPaymentWaterfall.DealTerms memory terms, IPaymentWaterfall.ClassTerms[] memory classes)
        internal
        pure
        returns (uint96[] memory balances)
    {
        uint256 n = classes.length;
        balances = new uint96[](n);
        for (uint256 i; i < n; ++i) {
            if (classes[i].kind != IPaymentWaterfall.ClassKind.InterestOnly) balances[i] = classes[i].originalBalance;
        }
        for (uint256 i; i < n; ++i) {
            IPaymentWaterfall.ClassTerms memory c = classes[i];
            if (c.kind != IPaymentWaterfall.ClassKind.InterestOnly) continue;
            if (c.notionalMask == 0) {
                balances[i] = terms.originalPoolBalance;
                continue;
            }
            uint96 notional;
            for (uint256 j; j < n; ++j) {
                if (uint256(c.notionalMask) & (1 << j) != 0) notional += balances[j];
            }
            balances[i] = notional;
        }
    }

    function _fail(bytes32 field, uint256 classIndex, uint256 value) private pure {
        revert IPaymentWaterfall.WaterfallInvalidTerms(field, classIndex, value);
    }
}
