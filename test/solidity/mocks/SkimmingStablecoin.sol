// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";

/// @notice MUTANT, tests only: a settlement token that keeps 0.1 % of every transfer (a fee-on-transfer
/// token). PoolToken documents that it does not support such tokens: it books the amount it asks for, so the
/// cash it holds falls short of what it owes. It exists to prove that the cash-conservation invariant
/// compares the token's real cash balance against its books.
contract SkimmingStablecoin is TestStablecoin {
    constructor(address admin) TestStablecoin(admin) {}

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = value / 1000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
