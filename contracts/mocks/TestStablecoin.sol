// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Test USD (tUSD): a 6-decimal settlement stablecoin for local networks only
/// @notice On real networks the pool settles in an existing stablecoin; this one exists so that local
/// runs and tests have cash with the same decimals as USDC.
contract TestStablecoin is ERC20, AccessControl {
    /// @notice May mint tUSD.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");

    /// @param admin Receives the admin and minter roles.
    constructor(address admin) ERC20("Test USD", "tUSD") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
    }

    /// @notice Mints `amount` tUSD to `to`. Minter role.
    function mint(address to, uint256 amount) external onlyRole(MINTER_ROLE) {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
