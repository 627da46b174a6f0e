// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title Escrow locks: tokens stay in the seller's wallet (and keep earning P&I) until settlement
/// @notice An escrow holding the escrow role locks part of a holder's balance — spending the holder's
/// ERC-20 allowance to it, which is the holder's consent — and later either unlocks it or settles it to a
/// buyer. Locked tokens cannot move any other way (except enforcement actions).
interface ILockable {
    /// @notice `amount` of `holder`'s balance was locked by `escrow`.
    event Locked(address indexed holder, address indexed escrow, uint256 amount);
    /// @notice `amount` of `holder`'s locked balance was released by `escrow`.
    event Unlocked(address indexed holder, address indexed escrow, uint256 amount);
    /// @notice `amount` of `holder`'s locked balance was delivered to `to` by `escrow`.
    event LockedSettled(address indexed holder, address indexed to, address indexed escrow, uint256 amount);

    /// @notice More than the locked balance was released or settled.
    error ExceedsLocked(address holder, uint256 amount, uint256 locked);

    /// @notice Locks `amount` of `holder`'s free balance, spending the holder's allowance to the caller. Escrow role.
    function lock(address holder, uint256 amount) external;

    /// @notice Releases `amount` of `holder`'s locked balance. Escrow role.
    function unlock(address holder, uint256 amount) external;

    /// @notice Delivers `amount` of `holder`'s locked balance to `to`, under every transfer rule. Escrow role.
    function settleLocked(address holder, address to, uint256 amount) external;

    /// @notice The locked part of `holder`'s balance.
    function lockedOf(address holder) external view returns (uint256);
}
