// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";

/// @notice MALICIOUS, tests only: a settlement token that, once armed, calls back into the pool token from inside
/// its own transfer (the moment a claim pays out or a distribution pulls cash) and bubbles up whatever the
/// reentrant call reverted with. It proves the pool token refuses to be entered twice.
contract ReentrantStablecoin is TestStablecoin {
    address private _target;
    bytes private _reentry;

    constructor(address admin) TestStablecoin(admin) {}

    /// @notice On the next transfer, call `target` with `reentry` once.
    function arm(address target, bytes calldata reentry) external {
        _target = target;
        _reentry = reentry;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target == address(0)) return;
        delete _target; // one shot
        (bool ok, bytes memory returned) = target.call(_reentry);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}
