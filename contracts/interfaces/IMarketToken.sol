// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "./ITransferRestrictions.sol";

/// @title What the secondary market needs from a tranche token
/// @notice The slice of the tranche token (IPoolToken with the per-escrow locks of INTERFACES.md and the
/// waterfall's record dates) that the market calls, declared here so the market depends on these functions
/// only. Selectors are those of the real token, so any contract implementing them can be listed.
interface IMarketToken {
    /// @notice Locks `amount` of `holder`'s free balance for the caller (escrow role), spending the holder's
    /// allowance to the caller. Locked tokens stay in the holder's wallet and keep earning P&I.
    function lock(address holder, uint256 amount) external;

    /// @notice Releases `amount` of what the caller locked for `holder`.
    function unlock(address holder, uint256 amount) external;

    /// @notice Delivers `amount` of what the caller locked for `holder` to `to`, under every transfer rule
    /// (reverts with the token's reason).
    function settleLocked(address holder, address to, uint256 amount) external;

    /// @notice What `escrow` has locked of `holder`'s balance.
    function lockedOf(address holder, address escrow) external view returns (uint256);

    /// @notice ERC-20 transfer by allowance, under every transfer rule.
    function transferFrom(address from, address to, uint256 value) external returns (bool);

    /// @notice Original face issued.
    function totalSupply() external view returns (uint256);

    /// @notice Outstanding principal of the whole class.
    function currentFace() external view returns (uint256);

    /// @notice Whether a record date is pending (its distribution not yet made) and the latest record date (0 if
    /// none): when nothing is pending, the start of the current accrual period; when pending, the market's books
    /// are closed for the class until the distribution.
    function recordDatePending() external view returns (bool pending, uint256 recordDate);

    /// @notice Distributions made so far (the pending record date is for distribution `distributionCount() + 1`).
    function distributionCount() external view returns (uint256);

    /// @notice The settlement stablecoin.
    function cashToken() external view returns (address);

    /// @notice The transfer rules (the market reads the lot size, `minHolding`).
    function transferRules() external view returns (ITransferRestrictions.TransferRules memory);

    /// @notice The reason code for a transfer now (0 = allowed).
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8);
}
