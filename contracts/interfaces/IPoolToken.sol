// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IKycRegistry} from "./IKycRegistry.sol";
import {IERC7943Fungible} from "./IERC7943Fungible.sol";
import {ITransferRestrictions} from "./ITransferRestrictions.sol";
import {IDistributions} from "./IDistributions.sol";
import {ILockable} from "./ILockable.sol";

/// @title One tranche (or a pass-through pool) as a restricted ERC-20 in original face
/// @notice Roles: DEFAULT_ADMIN (grants roles), ISSUER (mint/burn during issuance), COMPLIANCE (rules, the holder
/// count's proof, freezes, forced transfers, wallet recovery), PAUSER (pause/unpause), DISTRIBUTOR (the deal's waterfall:
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

    /// @notice `holder` approved or withdrew `operator` as one who may trigger `claimFor(holder)`.
    event ClaimOperatorUpdated(address indexed holder, address indexed operator, bool approved);
    /// @notice `amount` of `token` that nobody is owed (stray transfers, distribution dust) was swept to `to`.
    event Swept(address indexed token, address indexed to, uint256 amount);

    /// @notice The issuance window closed (at the first distribution or loss allocation): no more mint or burn,
    /// so original face is fixed before the factor starts to fall.
    event IssuanceClosed(uint256 totalFace);

    /// @notice Mint or burn after the first distribution or loss allocation.
    error TokenIssuanceClosed();
    /// @notice `caller` is neither `holder`, nor an operator `holder` approved, nor a claim agent.
    error TokenClaimNotAuthorized(address caller, address holder);
    /// @notice `setClaimOperator` with the approval already in that state.
    error TokenClaimOperatorUnchanged(address holder, address operator, bool approved);
    /// @notice A wallet recovery onto the lost wallet itself.
    error TokenRecoveryToSelf(address wallet);
    /// @notice A mint would take the issued face above the face the pool record commits for this class.
    error TokenFaceCapExceeded(uint256 supplyAfter, uint256 faceCap);
    /// @notice A sweep of more than the token holds beyond what holders are owed.
    error TokenSweepExceedsSurplus(address token, uint256 amount, uint256 surplus);
    /// @notice A sweep to the zero address.
    error TokenSweepToZeroAddress();
    /// @notice Holder counting started with `holders` non-zero balances, proven complete (`countHolders`): from here on
    /// `holderCount` is exact and a holder cap may be set.
    event HolderCountingStarted(uint256 holders);
    /// @notice This token does not track its holder count: it was deployed without a holder cap and `countHolders` has
    /// not run (docs/adr/0021-holder-counting.md). Count the non-zero balances from `Transfer` logs instead.
    error TokenHolderCountNotTracked();
    /// @notice `countHolders` on a token that already tracks its holder count.
    error TokenHolderCountAlreadyTracked();
    /// @notice `countHolders`' list is not in strictly ascending address order at `index` (a repeat, or out of order).
    error TokenHolderProofNotAscending(uint256 index, address holder);
    /// @notice `countHolders`' list names `holder`, at `index`, which holds nothing.
    error TokenHolderProofZeroBalance(uint256 index, address holder);
    /// @notice `countHolders`' list holds `listedBalance` of a `totalSupply` in total: some holder is missing.
    error TokenHolderProofIncomplete(uint256 listedBalance, uint256 totalSupply);
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

    /// @notice Moves a lost wallet's entire position — balance, frozen amount and unclaimed cash — to a new wallet,
    /// merging it with whatever the new wallet already holds (a small balance sent to it cannot block a recovery):
    /// both accruals are settled first, balances and frozen amounts add up, and the new wallet's own escrow locks
    /// stay. The new wallet must pass the recipient rules (KYC, investor class, blocked countries), not the lot size
    /// or the holder cap: the holder count never grows. The lost wallet's escrow locks are released (`Unlocked` per
    /// escrow), because the escrows' orders reference the lost wallet and must be re-entered from the new one.
    /// Compliance role.
    function recoverWallet(address lostWallet, address newWallet) external;

    /// @notice The most face this class can ever issue: the class's original face as the pool record (`LoanPool`)
    /// commits it, in token units. `LoanPool`'s constructor refuses a token whose cap differs from its record.
    function faceCap() external view returns (uint256);

    /// @notice Sends `amount` of `token` held by this contract and owed to nobody to `to`: any token other than the
    /// settlement token entirely; of the settlement token only what exceeds everything holders can still claim
    /// (distributed − claimed − undistributable dust). Sweeper role.
    function sweep(address token, address to, uint256 amount) external;

    /// @notice Approves or withdraws `operator` as one who may trigger `claimFor(msg.sender)`. Refuses a no-op.
    function setClaimOperator(address operator, bool approved) external;

    /// @notice Whether `operator` may trigger `claimFor(holder)` by `holder`'s approval.
    function isClaimOperator(address holder, address operator) external view returns (bool);

    /// @notice Number of addresses with a non-zero balance. Reverts with `TokenHolderCountNotTracked` on a token that
    /// does not track it (`isHolderCountTracked`).
    function holderCount() external view returns (uint256);

    /// @notice Whether this token tracks its holder count: from deployment when its initial rules have a holder cap,
    /// otherwise from `countHolders` on. Without it a first transfer to a new holder costs 2,900 gas less, and no
    /// holder cap can be set (docs/adr/0021-holder-counting.md).
    function isHolderCountTracked() external view returns (bool);

    /// @notice Starts tracking the holder count from a proof that `holders` are all of them: every listed address
    /// holds a non-zero balance, the list is in strictly ascending address order (so no address counts twice), and
    /// the listed balances add up to the total supply (so no holder is left out). Needed before a holder cap can be set
    /// on a token deployed without one. Compliance role.
    function countHolders(address[] calldata holders) external;
}
