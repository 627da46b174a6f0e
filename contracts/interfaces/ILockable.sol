// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Per-escrow locks: tokens stay in the seller's wallet (and keep earning P&I) until settlement
/// @notice An escrow holding the escrow role locks part of a holder's free balance — spending the holder's ERC-20
/// allowance to it, which is the holder's consent — and later either unlocks it or settles it to a buyer. Locks are
/// kept per (holder, escrow): an escrow releases or delivers only what it locked itself, never another escrow's
/// lock. Locked tokens cannot move any other way, except by enforcement (a forced transfer takes what the free and
/// frozen parts lack from the locks, and wallet recovery releases them — each with an `Unlocked` event naming the
/// escrow, so `lockedOf` can be rebuilt from `Locked`/`Unlocked`/`LockedSettled` logs alone).
interface ILockable {
    /// @notice `amount` of `holder`'s balance was locked by `escrow`.
    event Locked(address indexed holder, address indexed escrow, uint256 amount);
    /// @notice `amount` of what `escrow` had locked of `holder`'s balance was released.
    event Unlocked(address indexed holder, address indexed escrow, uint256 amount);
    /// @notice `amount` of what `escrow` had locked of `holder`'s balance was delivered to `to`.
    event LockedSettled(address indexed holder, address indexed to, address indexed escrow, uint256 amount);

    /// @notice `escrow` released or settled more than it has locked of `holder`'s balance.
    error TokenExceedsLocked(address holder, address escrow, uint256 amount, uint256 locked);

    /// @notice Locks `amount` of `holder`'s free balance for msg.sender (escrow role), spending `holder`'s allowance
    /// to msg.sender. Refused while the token is paused.
    function lock(address holder, uint256 amount) external;

    /// @notice Releases `amount` of what msg.sender locked for `holder`.
    function unlock(address holder, uint256 amount) external;

    /// @notice Delivers `amount` of what msg.sender locked for `holder` to `to`, under every transfer rule (reverts
    /// with the reason code).
    function settleLocked(address holder, address to, uint256 amount) external;

    /// @notice What `escrow` has locked of `holder`'s balance.
    function lockedOf(address holder, address escrow) external view returns (uint256);

    /// @notice Everything locked of `holder`'s balance across escrows.
    function totalLockedOf(address holder) external view returns (uint256);
}
