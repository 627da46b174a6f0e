// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title Original-face / current-face arithmetic (agency MBS factor convention)
/// @notice Balances are in original face and never rebase; the factor is current face over original face.
/// Every result is rounded down, so no view ever shows more outstanding principal than exists.
library FaceMath {
    /// @notice Factor of 1.0.
    uint256 internal constant FACTOR_ONE = 1e18;

    /// @notice `currentFace / originalFace` scaled by 1e18, rounded down; 1.0 when nothing was issued yet.
    function factorDown(uint256 currentFace, uint256 originalFace) internal pure returns (uint256) {
        if (originalFace == 0) return FACTOR_ONE;
        return Math.mulDiv(currentFace, FACTOR_ONE, originalFace);
    }

    /// @notice A holder's outstanding principal, `balance * currentFace / originalFace` at full precision,
    /// rounded down (more exact than `balance * factor / 1e18`, which rounds twice).
    function currentFaceOfDown(uint256 balance, uint256 currentFace, uint256 originalFace)
        internal
        pure
        returns (uint256)
    {
        if (originalFace == 0) return 0;
        return Math.mulDiv(balance, currentFace, originalFace);
    }
}
