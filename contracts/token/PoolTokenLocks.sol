// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {ILockable} from "../interfaces/ILockable.sol";
import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";
import {PoolTokenBase} from "./PoolTokenBase.sol";

/// @title Per-escrow locks for DvP settlement
/// @notice Each escrow (ESCROW role) sees and moves only what it locked itself: locks are kept per (holder, escrow),
/// and the holder's total lock (what `_update` keeps off limits) is their sum.
/// @dev `lock` and `unlock` are order-book operations, not deliveries: the token forwards them to
/// `PoolTokenEnforcement` (which inherits this contract) to keep its runtime code small; `settleLocked`, the DvP
/// delivery, runs in the token itself.
abstract contract PoolTokenLocks is PoolTokenBase, ILockable {
    /// @inheritdoc ILockable
    function lock(address holder, uint256 amount) external virtual onlyRole(ESCROW_ROLE) {
        if (_hot.flags & HOT_PAUSED != 0) {
            revert ITransferRestrictions.TokenTransferRestricted(
                ITransferRestrictions.Restriction.Paused, holder, msg.sender, amount
            );
        }
        _spendAllowance(holder, msg.sender, amount);
        Account memory account = _accounts[holder];
        Holds memory holds = _holdsOf(holder, account.flags);
        uint256 free = _free(account.balance, uint256(holds.frozen) + holds.locked);
        if (amount > free) revert IERC7943Fungible.ERC7943InsufficientUnfrozenBalance(holder, amount, free);
        // Cannot overflow: locked + amount <= balance <= type(uint96).max.
        holds.locked += uint96(amount);
        _storeHolds(holder, holds);
        _increaseEscrowLock(holder, msg.sender, amount);
        emit Locked(holder, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function unlock(address holder, uint256 amount) external virtual onlyRole(ESCROW_ROLE) {
        uint256 locked = _escrowLocks[holder][msg.sender] & LOCK_AMOUNT_MASK;
        if (amount > locked) revert TokenExceedsLocked(holder, msg.sender, amount, locked);
        _reduceEscrowLock(holder, msg.sender, amount);
        Holds memory holds = _holds[holder];
        // Cannot underflow: the total is the sum of the entries, and this entry covers `amount`.
        holds.locked -= uint96(amount);
        _storeHolds(holder, holds);
        emit Unlocked(holder, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function settleLocked(address holder, address to, uint256 amount) external onlyRole(ESCROW_ROLE) {
        uint256 locked = _escrowLocks[holder][msg.sender] & LOCK_AMOUNT_MASK;
        if (amount > locked) revert TokenExceedsLocked(holder, msg.sender, amount, locked);
        _reduceEscrowLock(holder, msg.sender, amount);
        // Takes `amount` off the holder's total lock after every rule passed (`_releaseHolds`).
        _update(holder, to, amount, Mode.Settle);
        emit LockedSettled(holder, to, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function lockedOf(address holder, address escrow) external view returns (uint256) {
        return _escrowLocks[holder][escrow] & LOCK_AMOUNT_MASK;
    }

    /// @inheritdoc ILockable
    function totalLockedOf(address holder) external view returns (uint256) {
        return _holds[holder].locked;
    }
}
