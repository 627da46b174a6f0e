// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The integer arithmetic of the payment waterfall
/// @notice Line for line the functions of src/analytics/deal/intmath.ts, so that the contract and the reference
/// model agree to the unit. Every operand is non-negative and every division rounds toward zero (down); every
/// product is a balance below 2^128 times a ppm below 2^32, far inside 256 bits.
library WaterfallMath {
    /// @notice Rates and ratios are parts per million: 1e6 = 100 %.
    uint256 internal constant PPM = 1e6;
    /// @notice 30/360: a month's accrual is the annual rate / 12.
    uint256 internal constant MONTHS_PER_YEAR = 12;

    /// @notice One month of interest at an annual rate, 30/360: floor(balance × ratePpm / 12e6). Rounds down:
    /// the fraction is never billed and stays in the pot (it ends in the residual).
    function monthlyAccrual(uint256 balance, uint256 annualRatePpm) internal pure returns (uint256) {
        return (balance * annualRatePpm) / (PPM * MONTHS_PER_YEAR);
    }

    /// @notice floor(amount × ratioPpm / 1e6). Rounds down (targets come out slightly lower).
    function ppmOf(uint256 amount, uint256 ratioPpm) internal pure returns (uint256) {
        return (amount * ratioPpm) / PPM;
    }

    /// @notice `numerator / denominator > thresholdPpm / 1e6`, decided exactly by cross-multiplication (no rounding).
    function exceedsPpm(uint256 numerator, uint256 denominator, uint256 thresholdPpm) internal pure returns (bool) {
        return numerator * PPM > thresholdPpm * denominator;
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }

    /// @notice Σ values, checked like Solidity's `+=` (Panic 0x11 on overflow); one pass over the words without a
    /// bounds check per element (the loop stays inside the array by construction).
    function sum(uint256[] memory values) internal pure returns (uint256 total) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let p := add(values, 0x20)
            for { let end := add(p, shl(5, mload(values))) } lt(p, end) { p := add(p, 0x20) } {
                let next := add(total, mload(p))
                if lt(next, total) {
                    mstore(0x00, shl(224, 0x4e487b71)) // Panic(uint256)
                    mstore(0x04, 0x11) // arithmetic overflow
                    revert(0x00, 0x24)
                }
                total := next
            }
        }
    }

    /// @notice Pays `amount` to claims in list order, each up to its cap. Exact: the caller keeps
    /// `amount − Σ paid` (non-zero only when every cap is met).
    function allocateSequential(uint256 amount, uint256[] memory caps) internal pure returns (uint256[] memory paid) {
        paid = new uint256[](caps.length);
        uint256 left = amount;
        for (uint256 i; i < caps.length && left != 0; ++i) {
            uint256 pay = min(left, caps[i]);
            paid[i] = pay;
            // unchecked: pay <= left.
            unchecked {
                left -= pay;
            }
        }
    }

    /// @notice Splits `amount` pro rata to `weights`, each share capped at `caps[i]`:
    /// share_i = min(cap_i, floor(min(amount, Σ caps) × weight_i / Σ weights)) — rounded down — and the
    /// remainder (the dust) goes to the claims in list order, each up to its remaining cap. Nothing is created
    /// or lost: Σ shares == min(amount, Σ caps).
    function allocateProRata(uint256 amount, uint256[] memory weights, uint256[] memory caps)
        internal
        pure
        returns (uint256[] memory shares)
    {
        uint256 capTotal = sum(caps);
        uint256 distributable = min(amount, capTotal);
        bool weightedByCaps;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            weightedByCaps := eq(weights, caps) // the same array: every caller weights by the caps
        }
        uint256 totalWeight = weightedByCaps ? capTotal : sum(weights);
        if (distributable == 0 || totalWeight == 0) return allocateSequential(distributable, caps);
        uint256 n = caps.length;
        shares = new uint256[](n);
        uint256 allocated;
        for (uint256 i; i < n; ++i) {
            uint256 share = min(caps[i], (distributable * weights[i]) / totalWeight);
            shares[i] = share;
            allocated += share;
        }
        // Each floor loses less than one unit, so the dust is below n; it can always be placed because
        // distributable <= Σ caps.
        uint256 dust = distributable - allocated;
        for (uint256 i; i < n && dust != 0; ++i) {
            // unchecked: shares[i] <= caps[i]; top <= dust.
            unchecked {
                uint256 top = min(dust, caps[i] - shares[i]);
                shares[i] += top;
                dust -= top;
            }
        }
    }
}
