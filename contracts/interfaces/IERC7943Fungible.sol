// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title ERC-7943 (uRWA) — fungible enforcement surface for real-world-asset tokens
/// @notice The ERC's current fungible interface (canSend/canReceive split of the earlier canTransact).
interface IERC7943Fungible is IERC165 {
    /// @notice `amount` was moved from `from` to `to` by an enforcement action.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    /// @notice The absolute frozen amount of `account` changed to `amount`.
    event Frozen(address indexed account, uint256 amount);

    /// @notice `account` may not send tokens now.
    error ERC7943CannotSend(address account);
    /// @notice `account` may not receive tokens now.
    error ERC7943CannotReceive(address account);
    /// @notice The transfer breaks a rule of the token.
    error ERC7943CannotTransfer(address from, address to, uint256 amount);
    /// @notice `account` lacks `amount` of unfrozen (and unlocked) balance.
    error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen);

    /// @notice Moves tokens regardless of transfer rules (regulatory action, court order, recovery). Enforcement role.
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool result);
    /// @notice Sets the absolute amount of `account`'s tokens that cannot move. Enforcement role.
    function setFrozenTokens(address account, uint256 amount) external returns (bool result);
    /// @notice Whether `account` may send tokens now.
    function canSend(address account) external view returns (bool allowed);
    /// @notice Whether `account` may receive tokens now.
    function canReceive(address account) external view returns (bool allowed);
    /// @notice The frozen amount of `account`.
    function getFrozenTokens(address account) external view returns (uint256 amount);
    /// @notice Whether `from` may transfer `amount` to `to` now under every rule of the token.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool allowed);
}
