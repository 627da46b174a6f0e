// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Cash-per-unit index arithmetic for pull-based distributions
/// @notice Amounts "scaled" are settlement-token units multiplied by `INDEX_SCALE`. The index is the
/// cumulative cash paid per unit of original face, in scaled units. Every function states its rounding:
/// the only rounding in the whole scheme is the index increment (down, remainder kept as dust) and the
/// cash paid at a claim (down, remainder kept by the holder), so cash is never created.
library DistributionMath {
    /// @notice 1e27 ("ray"): per distribution the index loses less than one scaled unit per unit of face,
    /// i.e. the undistributable dust is below `supply / 1e27` settlement units — far below one cent for any
    /// realistic pool — while the cumulative index still fits 128 bits up to a lifetime cash-to-face ratio
    /// of 3.4e11 (an MBS pays back ~1 of principal plus interest).
    uint256 internal constant INDEX_SCALE = 1e27;

    /// @notice Splits `cash` over `supply` units of face: the index increment rounded down, and the
    /// remainder (dust) in scaled units, so that `increment * supply + dustScaled == cash * INDEX_SCALE`.
    /// @dev `supply` must be non-zero. Reverts on overflow of `cash * INDEX_SCALE` (cash above ~1e50 units).
    function indexIncrementDown(uint256 cash, uint256 supply)
        internal
        pure
        returns (uint256 increment, uint256 dustScaled)
    {
        uint256 scaled = cash * INDEX_SCALE;
        increment = scaled / supply;
        // unchecked: increment * supply <= scaled by the definition of floor division.
        unchecked {
            dustScaled = scaled - increment * supply;
        }
    }

    /// @notice What `balance` units of face earned while the index moved from `fromIndex` to `toIndex`,
    /// in scaled units. Exact (no rounding).
    /// @dev `fromIndex <= toIndex` because the index only grows; checked arithmetic guards it anyway.
    function accruedScaled(uint256 balance, uint256 fromIndex, uint256 toIndex) internal pure returns (uint256) {
        return balance * (toIndex - fromIndex);
    }

    /// @notice Splits an accrual into the settlement units payable now (rounded down) and the scaled
    /// remainder that stays with the holder for a later claim.
    function splitPayableDown(uint256 accrued) internal pure returns (uint256 cash, uint256 remainderScaled) {
        cash = accrued / INDEX_SCALE;
        remainderScaled = accrued % INDEX_SCALE;
    }
}
