// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IKycRegistry} from "./IKycRegistry.sol";
import {IERC7943Fungible} from "./IERC7943Fungible.sol";
import {ITransferRestrictions} from "./ITransferRestrictions.sol";
import {IDistributions} from "./IDistributions.sol";
import {ILockable} from "./ILockable.sol";

/// @title One tranche (or a pass-through pool) as a restricted ERC-20 in original face
/// @notice Roles: DEFAULT_ADMIN (grants roles), ISSUER (mint/burn during issuance), COMPLIANCE (rules,
/// freezes, forced transfers, wallet recovery), PAUSER (pause/unpause), DISTRIBUTOR (the deal's waterfall:
/// distribute, allocate losses), ESCROW (locks). Every rule is enforced in one `_update` hook.
interface IPoolToken is IERC20Metadata, IERC7943Fungible, ITransferRestrictions, IDistributions, ILockable {
    /// @notice `amount` was moved by the compliance role, with the reason recorded.
    event ForcedTransferReasonRecorded(address indexed from, address indexed to, uint256 amount, string reason);
    /// @notice A lost wallet's whole position (balance, frozen part, unclaimed cash in settlement units, rounded down)
    /// moved to a new wallet; any escrow lock on the lost wallet was released just before (`Unlocked`).
    event WalletRecovered(
        address indexed lostWallet, address indexed newWallet, uint256 balance, uint256 unclaimedCash
    );
    /// @notice A whole address was frozen or unfrozen on this token.
    event AddressFrozen(address indexed account, bool frozen);
    /// @notice The token was paused by `account`.
    event Paused(address account);
    /// @notice The token was unpaused by `account`.
    event Unpaused(address account);
    /// @notice A setter was called with the value already in force (no event is emitted for a no-op).
    error TokenPauseUnchanged(bool paused);
    /// @notice `setAddressFrozen` with the freeze already in that state.
    error TokenAddressFreezeUnchanged(address account, bool frozen);
    /// @notice `setFrozenTokens` with the frozen amount already at that value.
    error TokenFrozenAmountUnchanged(address account, uint256 amount);

    /// @notice The issuance window closed (at the first distribution or loss allocation): no more mint or burn,
    /// so original face is fixed before the factor starts to fall.
    event IssuanceClosed(uint256 totalFace);

    /// @notice Mint or burn after the first distribution or loss allocation.
    error TokenIssuanceClosed();
    /// @notice The recovery target holds tokens or a frozen or locked amount, or is the lost wallet itself.
    error TokenRecoveryTargetNotEmpty(address newWallet);
    /// @notice A forced transfer from `account` to itself: it would move nothing, yet release the account's frozen
    /// and escrow-locked amounts (the latter bypassing the escrow).
    error TokenForcedTransferToSelf(address account);

    /// @notice The platform KYC registry this token reads on every transfer.
    function kycRegistry() external view returns (IKycRegistry);

    /// @notice Issues `amount` of original face to `to` (rules apply to `to`). Issuer role, issuance window only.
    function mint(address to, uint256 amount) external;

    /// @notice Cancels `amount` of `from`'s free balance. Issuer role, issuance window only.
    function burn(address from, uint256 amount) external;

    /// @notice Stops every transfer, mint and lock (enforcement still works). Pauser role.
    function pause() external;

    /// @notice Resumes transfers. Pauser role.
    function unpause() external;

    /// @notice Whether the token is paused.
    function paused() external view returns (bool);

    /// @notice Freezes or unfreezes a whole address on this token. Compliance role.
    function setAddressFrozen(address account, bool frozen) external;

    /// @notice Whether a whole address is frozen on this token.
    function isAddressFrozen(address account) external view returns (bool);

    /// @notice Moves tokens regardless of rules, recording why; `from` and `to` must differ
    /// (`TokenForcedTransferToSelf`), as for `forcedTransfer`. Compliance role.
    function forcedTransferWithReason(address from, address to, uint256 amount, string calldata reason) external;

    /// @notice Moves a lost wallet's entire position — balance, frozen amount and unclaimed cash — to a wallet that
    /// holds no tokens and no frozen or locked amount (unclaimed cash of its own is kept and added to). The new
    /// wallet must pass the recipient rules (KYC, investor class, blocked countries), not the lot size or the holder
    /// cap: the holder count does not change. The lost wallet's escrow lock is released (`Unlocked`), because the
    /// escrow's orders reference the lost wallet and must be re-entered from the new one. Compliance role.
    function recoverWallet(address lostWallet, address newWallet) external;

    /// @notice Number of addresses with a non-zero balance.
    function holderCount() external view returns (uint256);
}
