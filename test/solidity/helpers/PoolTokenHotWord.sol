// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";

/// @notice Reads a `PoolToken`'s hot word raw, so that tests can see what the token writes there even where its views
/// refuse to say (`holderCount` on a token that does not count, docs/adr/0021-holder-counting.md).
/// @dev A copy of `PoolTokenBase`'s layout; PoolToken.fastPath.t.sol checks it against the token's own constants and
/// `_hot.slot` (through `PoolTokenGeneralPath.hotLayout`), so a layout change fails a test instead of going unnoticed.
library PoolTokenHotWord {
    uint256 internal constant SLOT = 3;
    uint256 internal constant HOLDERS_SHIFT = 224;
    uint256 internal constant FLAGS_SHIFT = 248;
    uint8 internal constant COUNTING = 64;

    function read(Vm vm, address token) internal view returns (uint256) {
        return uint256(vm.load(token, bytes32(SLOT)));
    }

    /// @notice The 24 holder-count bits: the count while the token counts, and 0 while it does not.
    function holderBits(uint256 word) internal pure returns (uint256) {
        return uint24(word >> HOLDERS_SHIFT);
    }

    function counting(uint256 word) internal pure returns (bool) {
        return (word >> FLAGS_SHIFT) & COUNTING != 0;
    }
}
