// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDistributions} from "./interfaces/IDistributions.sol";
import {IERC7943Fungible} from "./interfaces/IERC7943Fungible.sol";
import {IKycRegistry} from "./interfaces/IKycRegistry.sol";
import {ILockable} from "./interfaces/ILockable.sol";
import {IPoolToken} from "./interfaces/IPoolToken.sol";
import {ITransferRestrictions} from "./interfaces/ITransferRestrictions.sol";
import {RestrictionMessages} from "./RestrictionMessages.sol";
import {DistributionMath} from "./libraries/DistributionMath.sol";
import {InvestorRecord} from "./libraries/InvestorRecord.sol";
import {FaceMath} from "./libraries/FaceMath.sol";
import {TransferRulesWord as RulesWord} from "./libraries/TransferRulesWord.sol";

/// @title Restricted tranche token in original face, with pull-based P&I distributions
/// @notice Storage is packed so that a compliant transfer touches about as many slots as a plain ERC-20:
/// per holder one slot holds balance, distribution checkpoint and flags; the accrued cash and the
/// frozen/locked amounts live in two further slots touched only when they matter. Token-wide, the index,
/// the claimed total, the holder count and the flags (pause, reentrancy guard, "rules set") share one slot
/// that both transfers and claims read; the rules sit in one more slot read only when some rule is set.
/// Layout and widths: docs/adr/0006-pool-token-storage-layout.md.
/// @dev Fee-on-transfer or rebasing settlement tokens are not supported: `distribute` books the amount it
/// asks for. The escrow role is trusted to keep its own per-order accounting of the single locked amount.
contract PoolToken is IPoolToken, IERC20Errors, AccessControl {
    using SafeERC20 for IERC20Metadata;
    using SafeCast for uint256;

    // ------------------------------------------------------------------------------------------------
    // Roles
    // ------------------------------------------------------------------------------------------------

    /// @notice Mints and burns during the issuance window.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @notice Sets rules, freezes, forced transfers, wallet recovery.
    bytes32 public constant COMPLIANCE_ROLE = keccak256("COMPLIANCE_ROLE");
    /// @notice Pauses and unpauses.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice The deal's waterfall: distributes cash and allocates losses.
    bytes32 public constant DISTRIBUTOR_ROLE = keccak256("DISTRIBUTOR_ROLE");
    /// @notice Escrows that lock, unlock and settle locked balances.
    bytes32 public constant ESCROW_ROLE = keccak256("ESCROW_ROLE");

    /// @notice Blocked countries: 7 in the rules slot next to the other rules, 8 more in an overflow slot.
    uint256 public constant MAX_BLOCKED_COUNTRIES = RulesWord.MAX_COUNTRIES;

    // ------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------

    /// @dev How a balance move is checked. Holder moves obey every rule; the others skip what does not apply.
    enum Mode {
        Transfer, // a holder's transfer / transferFrom: every rule, from the free balance
        Settle, // escrow settlement: every rule, from the locked balance
        Mint, // issuance: recipient rules only (no lockup, no sender)
        Burn, // cancellation: the free balance only
        Forced, // enforcement: balance only; may consume frozen and locked amounts
        Recovery // wallet recovery: the new wallet's recipient rules (KYC, class, country); no lot size or cap
    }

    /// @dev Everything an ordinary transfer or a claim reads and writes token-wide, one full slot (256 bits).
    /// The rules sit in `_rules`, read only when `HOT_HAS_RULES` says one is set.
    struct Hot {
        uint128 index; // cumulative cash per unit of face, scaled by INDEX_SCALE (1e27)
        // Settlement units claimed so far. Fits: claimed <= distributed, which `distribute` keeps <= 2^96 - 1.
        uint96 claimed;
        // Non-zero balances; 16.7 million holders, far beyond any KYC'd tranche (a new holder past it reverts).
        uint24 holderCount;
        uint8 flags; // HOT_*
    }

    /// @dev Per holder, one slot (232 bits): everything an ordinary transfer needs.
    struct Account {
        uint96 balance;
        uint128 checkpoint; // the index up to which this holder's accrual is settled
        uint8 flags; // FLAG_*
    }

    /// @dev Per holder, read only when FLAG_HOLDS is set.
    struct Holds {
        uint96 frozen;
        uint96 locked;
    }

    /// @dev Face and counters; written by issuance, distributions and losses only (224 bits).
    struct Supply {
        uint96 totalSupply; // original face; fixed once issuance closes
        uint96 currentFace;
        uint32 distributionCount;
    }

    /// @dev Written by distributions only. `distributed` is capped at 2^96 - 1 (the claimed total's width, and
    /// the face's: $79 billion even at 18 decimals). Dust per distribution is below the supply (< 2^96) and there
    /// are at most 2^32 - 1 distributions, so the dust total stays below 2^128.
    struct CashBook {
        uint128 distributed;
        uint128 dustScaled;
    }

    uint8 private constant HOT_PAUSED = 1;
    uint8 private constant HOT_ISSUANCE_CLOSED = 2;
    uint8 private constant HOT_HAS_RULES = 4; // `_rules` is non-zero
    uint8 private constant HOT_ENTERED = 8; // reentrancy guard: a guarded function is running

    /// @dev Bit 0 of each of the 7 inline 10-bit country lanes (see `_isBlocked`).
    uint256 private constant LANE_ONES = 0x1004010040100401; // Σ 2^(10·i) for i < 7
    uint8 private constant FLAG_FROZEN = 1; // whole address frozen on this token
    uint8 private constant FLAG_HOLDS = 2; // a frozen or locked amount is set


    /// @inheritdoc IPoolToken
    IKycRegistry public immutable kycRegistry;
    IERC20Metadata private immutable _cash;
    uint8 private immutable _decimals;
    /// @dev The English texts live in their own contract (deployed by the constructor) so this one stays
    /// under the 24 KB code-size limit; London has no init-code limit, so embedding its creation code is free.
    RestrictionMessages private immutable _messages;

    string private _name;
    string private _symbol;

    Hot private _hot;
    uint256 private _rules; // TransferRulesWord layout; 0 = no rule
    uint256 private _moreBlockedCountries; // codes 8–15, read only when the list is that long
    Supply private _supply;
    CashBook private _cashBook;

    mapping(address holder => Account) private _accounts;
    mapping(address holder => uint256) private _accruedScaled;
    mapping(address holder => Holds) private _holds;
    mapping(address owner => mapping(address spender => uint256)) private _allowances;

    // ------------------------------------------------------------------------------------------------
    // Reentrancy guard
    // ------------------------------------------------------------------------------------------------

    /// @dev OpenZeppelin's guard costs a cold slot (~2.3k gas); this flag lives in `_hot`, which every guarded
    /// function (claims, distributions) reads and writes anyway, so setting and clearing it costs ~200.
    /// London has no transient storage (EIP-1153), hence a storage flag.
    modifier nonReentrant() {
        _enter();
        _;
        _hot.flags &= ~HOT_ENTERED;
    }

    // ------------------------------------------------------------------------------------------------
    // Construction
    // ------------------------------------------------------------------------------------------------

    /// @param name_ ERC-20 name, e.g. "MBS 2026-1 Class A".
    /// @param symbol_ ERC-20 symbol.
    /// @param registry The platform KYC registry.
    /// @param cashToken_ The settlement stablecoin; this token copies its decimals so one unit of face
    ///        is one unit of cash.
    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the operating roles.
    /// @param rules The initial transfer rules.
    constructor(
        string memory name_,
        string memory symbol_,
        IKycRegistry registry,
        IERC20Metadata cashToken_,
        address admin,
        TransferRules memory rules
    ) {
        _name = name_;
        _symbol = symbol_;
        kycRegistry = registry;
        _cash = cashToken_;
        _decimals = cashToken_.decimals();
        _messages = new RestrictionMessages();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setTransferRules(rules);
    }

    // ------------------------------------------------------------------------------------------------
    // ERC-20
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @notice Original face issued (constant once the issuance window closes).
    function totalSupply() external view returns (uint256) {
        return _supply.totalSupply;
    }

    /// @notice `account`'s balance in original face.
    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance;
    }

    /// @notice See IERC20.
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @notice See IERC20. Reverts with `TransferRestricted` when a rule forbids the transfer.
    function transfer(address to, uint256 value) external returns (bool) {
        _update(msg.sender, to, value, Mode.Transfer);
        return true;
    }

    /// @notice See IERC20. Reverts with `TransferRestricted` when a rule forbids the transfer.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        _spendAllowance(from, msg.sender, value);
        _update(from, to, value, Mode.Transfer);
        return true;
    }

    /// @notice See IERC20.
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Issuance
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPoolToken
    function mint(address to, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (_hot.flags & HOT_ISSUANCE_CLOSED != 0) revert IssuanceWindowClosed();
        // While issuance is open current face equals supply (factor 1.0), so both move together.
        uint96 supply = (_supply.totalSupply + amount).toUint96();
        _supply.totalSupply = supply;
        _supply.currentFace = supply;
        _update(address(0), to, amount, Mode.Mint);
    }

    /// @inheritdoc IPoolToken
    function burn(address from, uint256 amount) external onlyRole(ISSUER_ROLE) {
        if (_hot.flags & HOT_ISSUANCE_CLOSED != 0) revert IssuanceWindowClosed();
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _update(from, address(0), amount, Mode.Burn);
        // Cannot underflow: `_update` checked amount <= balance <= supply, so the cast is lossless too.
        uint96 supply = uint96(_supply.totalSupply - amount);
        _supply.totalSupply = supply;
        _supply.currentFace = supply;
    }

    // ------------------------------------------------------------------------------------------------
    // Pause and freezes
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPoolToken
    function pause() external onlyRole(PAUSER_ROLE) {
        _hot.flags |= HOT_PAUSED;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPoolToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        _hot.flags &= ~HOT_PAUSED;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IPoolToken
    function paused() external view returns (bool) {
        return _hot.flags & HOT_PAUSED != 0;
    }

    /// @inheritdoc IPoolToken
    function setAddressFrozen(address account, bool frozen) external onlyRole(COMPLIANCE_ROLE) {
        Account storage stored = _accounts[account];
        stored.flags = frozen ? stored.flags | FLAG_FROZEN : stored.flags & ~FLAG_FROZEN;
        emit AddressFrozen(account, frozen);
    }

    /// @inheritdoc IPoolToken
    function isAddressFrozen(address account) external view returns (bool) {
        return _accounts[account].flags & FLAG_FROZEN != 0;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev The frozen amount may exceed the balance (it then freezes whatever arrives later).
    function setFrozenTokens(address account, uint256 amount) external onlyRole(COMPLIANCE_ROLE) returns (bool) {
        Holds memory holds = _holds[account];
        holds.frozen = amount.toUint96();
        _storeHolds(account, holds);
        emit Frozen(account, amount);
        return true;
    }

    /// @inheritdoc IERC7943Fungible
    function getFrozenTokens(address account) external view returns (uint256) {
        return _holds[account].frozen;
    }

    // ------------------------------------------------------------------------------------------------
    // Enforcement
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IERC7943Fungible
    /// @dev Reverts with `ForcedTransferToSelf` when `from == to`: such a move changes no balance and would only
    /// release `from`'s frozen and locked amounts. ERC-7943 asks for the necessary validation checks, so refusing
    /// it keeps the standard's semantics.
    function forcedTransfer(address from, address to, uint256 amount)
        external
        onlyRole(COMPLIANCE_ROLE)
        returns (bool)
    {
        _forcedTransfer(from, to, amount);
        return true;
    }

    /// @inheritdoc IPoolToken
    function forcedTransferWithReason(address from, address to, uint256 amount, string calldata reason)
        external
        onlyRole(COMPLIANCE_ROLE)
    {
        _forcedTransfer(from, to, amount);
        emit ForcedTransferReason(from, to, amount, reason);
    }

    /// @inheritdoc IPoolToken
    /// @dev The new wallet inherits balance, frozen amount and accrued cash, and its checkpoint becomes the
    /// current index; a token-level address freeze stays on the lost wallet. The lost wallet's escrow lock is
    /// released (`Unlocked` with the compliance officer as the releasing party, so `lockedOf` rebuilt from
    /// `Locked`/`Unlocked`/`LockedSettled` logs stays exact): the escrow's orders point at the lost wallet, can no
    /// longer settle, and are cancelled off that event. A target that holds no tokens has earned nothing since its
    /// checkpoint, so its own settled accrual (e.g. a sub-unit claim remainder) is complete and the lost wallet's
    /// is simply added to it.
    function recoverWallet(address lostWallet, address newWallet) external onlyRole(COMPLIANCE_ROLE) {
        (Hot memory hot, Account memory lost, Account memory target) = _load(lostWallet, newWallet, Mode.Recovery);
        Restriction code = _restriction(lostWallet, newWallet, lost.balance, Mode.Recovery, hot, lost, target);
        if (code != Restriction.None) revert TransferRestricted(code, lostWallet, newWallet, lost.balance);
        if (newWallet == lostWallet || target.balance != 0 || target.flags & FLAG_HOLDS != 0) {
            revert RecoveryTargetNotEmpty(newWallet);
        }

        uint128 index = hot.index;
        _settle(lostWallet, lost, index);
        uint256 accrued = _accruedScaled[lostWallet];
        Holds memory holds = _holdsOf(lostWallet, lost.flags);

        if (lost.flags & FLAG_HOLDS != 0) {
            delete _holds[lostWallet];
            if (holds.locked != 0) emit Unlocked(lostWallet, msg.sender, holds.locked);
            if (holds.frozen != 0) emit Frozen(lostWallet, 0);
        }
        _accounts[lostWallet] = Account({balance: 0, checkpoint: index, flags: lost.flags & FLAG_FROZEN});
        if (accrued != 0) {
            delete _accruedScaled[lostWallet];
            _accruedScaled[newWallet] += accrued;
        }
        uint8 targetFlags = holds.frozen != 0 ? target.flags | FLAG_HOLDS : target.flags;
        _accounts[newWallet] = Account({balance: lost.balance, checkpoint: index, flags: targetFlags});
        emit Transfer(lostWallet, newWallet, lost.balance);
        if (holds.frozen != 0) {
            // The target had no holds (checked above), so its lock stays zero.
            _holds[newWallet] = Holds({frozen: holds.frozen, locked: 0});
            emit Frozen(newWallet, holds.frozen);
        }
        emit WalletRecovered(lostWallet, newWallet, lost.balance, accrued / DistributionMath.INDEX_SCALE);
    }

    // ------------------------------------------------------------------------------------------------
    // Escrow locks
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc ILockable
    function lock(address holder, uint256 amount) external onlyRole(ESCROW_ROLE) {
        if (_hot.flags & HOT_PAUSED != 0) revert TransferRestricted(Restriction.Paused, holder, msg.sender, amount);
        _spendAllowance(holder, msg.sender, amount);
        Holds memory holds = _holdsOf(holder, _accounts[holder].flags);
        uint256 free = _free(_accounts[holder].balance, uint256(holds.frozen) + holds.locked);
        if (amount > free) revert ERC7943InsufficientUnfrozenBalance(holder, amount, free);
        // Cannot overflow: locked + amount <= balance <= type(uint96).max.
        holds.locked += uint96(amount);
        _storeHolds(holder, holds);
        emit Locked(holder, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function unlock(address holder, uint256 amount) external onlyRole(ESCROW_ROLE) {
        Holds memory holds = _holds[holder];
        if (amount > holds.locked) revert ExceedsLocked(holder, amount, holds.locked);
        // Cannot underflow: checked just above.
        holds.locked -= uint96(amount);
        _storeHolds(holder, holds);
        emit Unlocked(holder, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function settleLocked(address holder, address to, uint256 amount) external onlyRole(ESCROW_ROLE) {
        uint256 locked = _holds[holder].locked;
        if (amount > locked) revert ExceedsLocked(holder, amount, locked);
        _update(holder, to, amount, Mode.Settle);
        emit LockedSettled(holder, to, msg.sender, amount);
    }

    /// @inheritdoc ILockable
    function lockedOf(address holder) external view returns (uint256) {
        return _holds[holder].locked;
    }

    // ------------------------------------------------------------------------------------------------
    // Transfer rules
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc ITransferRestrictions
    function setTransferRules(TransferRules calldata rules) external onlyRole(COMPLIANCE_ROLE) {
        _setTransferRules(rules);
    }

    /// @inheritdoc ITransferRestrictions
    function transferRules() external view returns (TransferRules memory rules) {
        uint256 word = _rules;
        uint256 overflow = _moreBlockedCountries;
        uint16[] memory countries = new uint16[](RulesWord.countryCount(word));
        for (uint256 i; i < countries.length; ++i) {
            countries[i] = RulesWord.countryAt(word, overflow, i);
        }
        rules = TransferRules({
            allowedClasses: RulesWord.allowedClasses(word),
            minHolding: RulesWord.minHolding(word),
            maxHolders: RulesWord.maxHolders(word),
            lockupUntil: RulesWord.lockupUntil(word),
            blockedCountries: countries
        });
    }

    /// @inheritdoc ITransferRestrictions
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8) {
        return uint8(_transferRestriction(from, to, amount));
    }

    /// @inheritdoc IERC7943Fungible
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return _transferRestriction(from, to, amount) == Restriction.None;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev True when the sender-side rules pass (not paused, no lockup, KYC valid, not frozen, country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canSend(address account) external view returns (bool) {
        Hot memory hot = _hot;
        uint256 rules = _rulesOf(hot);
        if (hot.flags & HOT_PAUSED != 0 || block.timestamp < RulesWord.lockupUntil(rules)) return false;
        (uint256 record,) = kycRegistry.investorPairPacked(account, account);
        return _senderRestriction(record, _accounts[account].flags, rules) == Restriction.None;
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev True when the recipient-side rules pass (not paused, KYC valid, not frozen, class and country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canReceive(address account) external view returns (bool) {
        Hot memory hot = _hot;
        if (hot.flags & HOT_PAUSED != 0 || account == address(0) || account == address(this)) return false;
        (uint256 record,) = kycRegistry.investorPairPacked(account, account);
        return _recipientRestriction(record, _accounts[account].flags, _rulesOf(hot)) == Restriction.None;
    }

    /// @inheritdoc ITransferRestrictions
    function messageForTransferRestriction(uint8 code) external view returns (string memory) {
        return _messages.messageFor(code);
    }

    // ------------------------------------------------------------------------------------------------
    // Distributions
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IDistributions
    /// @dev O(1): only the index moves. The first distribution closes the issuance window.
    function distribute(uint256 interest, uint256 principal) external onlyRole(DISTRIBUTOR_ROLE) nonReentrant {
        Supply memory supply = _supply;
        if (supply.totalSupply == 0) revert NothingOutstanding();
        if (principal > supply.currentFace) revert ExceedsCurrentFace(principal, supply.currentFace);

        uint256 cash = interest + principal;
        (uint256 increment, uint256 dust) = DistributionMath.indexIncrementDown(cash, supply.totalSupply);
        Hot memory hot = _hot;
        hot.index = (hot.index + increment).toUint128();
        bool opening = hot.flags & HOT_ISSUANCE_CLOSED == 0;
        hot.flags |= HOT_ISSUANCE_CLOSED;
        _hot = hot;
        // Cannot underflow: principal <= currentFace checked above, so the cast is lossless too.
        supply.currentFace -= uint96(principal);
        ++supply.distributionCount;
        _supply = supply;
        CashBook memory book = _cashBook;
        // The cap keeps the claimed total (<= distributed) within its 96 bits in `Hot`.
        book.distributed = (book.distributed + cash).toUint96();
        // Lossless cast: dust < supply < 2^96. The sum stays below 2^128 (see `CashBook`); checked anyway.
        book.dustScaled += uint128(dust);
        _cashBook = book;
        if (opening) emit IssuanceClosed(supply.totalSupply);

        emit Distributed(
            supply.distributionCount,
            interest,
            principal,
            hot.index,
            FaceMath.factorDown(supply.currentFace, supply.totalSupply),
            dust
        );
        _cash.safeTransferFrom(msg.sender, address(this), cash);
    }

    /// @inheritdoc IDistributions
    /// @dev Closes the issuance window: minting after a write-down would raise the factor.
    function allocateLoss(uint256 amount) external onlyRole(DISTRIBUTOR_ROLE) {
        Supply memory supply = _supply;
        if (supply.totalSupply == 0) revert NothingOutstanding();
        if (amount > supply.currentFace) revert ExceedsCurrentFace(amount, supply.currentFace);
        // Cannot underflow: checked just above, so the cast is lossless too.
        supply.currentFace -= uint96(amount);
        _supply = supply;
        if (_hot.flags & HOT_ISSUANCE_CLOSED == 0) {
            _hot.flags |= HOT_ISSUANCE_CLOSED;
            emit IssuanceClosed(supply.totalSupply);
        }
        emit LossAllocated(
            supply.distributionCount, amount, FaceMath.factorDown(supply.currentFace, supply.totalSupply)
        );
    }

    /// @inheritdoc IDistributions
    function claim() external nonReentrant returns (uint256) {
        return _claim(msg.sender);
    }

    /// @inheritdoc IDistributions
    function claimFor(address holder) external nonReentrant returns (uint256) {
        return _claim(holder);
    }

    /// @inheritdoc IDistributions
    /// @dev Counts cash withheld from a frozen holder too: it is theirs, only the payout waits.
    function claimable(address holder) external view returns (uint256) {
        return _accruedScaledOf(holder) / DistributionMath.INDEX_SCALE;
    }

    /// @inheritdoc IDistributions
    function accruedScaledOf(address holder) external view returns (uint256) {
        return _accruedScaledOf(holder);
    }

    /// @inheritdoc IDistributions
    function cashToken() external view returns (address) {
        return address(_cash);
    }

    /// @inheritdoc IDistributions
    function factor() external view returns (uint256) {
        Supply memory supply = _supply;
        return FaceMath.factorDown(supply.currentFace, supply.totalSupply);
    }

    /// @inheritdoc IDistributions
    function currentFace() external view returns (uint256) {
        return _supply.currentFace;
    }

    /// @inheritdoc IDistributions
    /// @dev `balance × currentFace / originalFace` in one rounding (down), not via the rounded factor.
    function currentFaceOf(address holder) external view returns (uint256) {
        Supply memory supply = _supply;
        return FaceMath.currentFaceOfDown(_accounts[holder].balance, supply.currentFace, supply.totalSupply);
    }

    /// @inheritdoc IDistributions
    function distributionCount() external view returns (uint256) {
        return _supply.distributionCount;
    }

    /// @inheritdoc IDistributions
    function cashTotals() external view returns (uint256 distributed, uint256 claimed, uint256 dust) {
        CashBook memory book = _cashBook;
        return (book.distributed, _hot.claimed, book.dustScaled / DistributionMath.INDEX_SCALE);
    }

    /// @inheritdoc IDistributions
    function indexScale() external pure returns (uint256) {
        return DistributionMath.INDEX_SCALE;
    }

    /// @inheritdoc IDistributions
    function cashPerUnitIndex() external view returns (uint256) {
        return _hot.index;
    }

    /// @inheritdoc IDistributions
    function dustScaled() external view returns (uint256) {
        return _cashBook.dustScaled;
    }

    /// @inheritdoc IPoolToken
    function holderCount() external view returns (uint256) {
        return _hot.holderCount;
    }

    // ------------------------------------------------------------------------------------------------
    // ERC-165
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC7943Fungible).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------------
    // Internal: the one rule path
    // ------------------------------------------------------------------------------------------------

    /// @dev Every balance move goes through here: load, the rules (the same code `detectTransferRestriction`
    /// runs, on the same loaded state), then the move.
    function _update(address from, address to, uint256 amount, Mode mode) internal {
        (Hot memory hot, Account memory src, Account memory dst) = _load(from, to, mode);
        Restriction code = _restriction(from, to, amount, mode, hot, src, dst);
        if (code != Restriction.None) revert TransferRestricted(code, from, to, amount);
        _move(from, to, amount, mode, hot, src, dst);
    }

    /// @dev What `_update` would decide for a holder's transfer now.
    function _transferRestriction(address from, address to, uint256 amount) internal view returns (Restriction) {
        (Hot memory hot, Account memory src, Account memory dst) = _load(from, to, Mode.Transfer);
        return _restriction(from, to, amount, Mode.Transfer, hot, src, dst);
    }

    /// @dev The state every rule reads: the token's hot slot and the two parties' account slots (the zero
    /// record for a side the mode does not have; one shared record for a self-transfer).
    function _load(address from, address to, Mode mode)
        internal
        view
        returns (Hot memory hot, Account memory src, Account memory dst)
    {
        hot = _hot;
        if (mode != Mode.Mint) src = _accounts[from];
        if (mode != Mode.Burn) dst = from == to ? src : _accounts[to];
    }

    /// @dev The reason code for a move in `mode`; `None` when allowed. The single source of truth for the
    /// `_update` revert and for every view that answers "may this transfer happen".
    function _restriction(
        address from,
        address to,
        uint256 amount,
        Mode mode,
        Hot memory hot,
        Account memory src,
        Account memory dst
    ) internal view returns (Restriction) {
        bool holderMove = mode == Mode.Transfer || mode == Mode.Settle;
        if (mode != Mode.Burn && (to == address(0) || to == address(this))) return Restriction.InvalidRecipient;
        if ((holderMove || mode == Mode.Mint) && hot.flags & HOT_PAUSED != 0) return Restriction.Paused;
        uint256 rules = _rulesOf(hot);
        if (holderMove && block.timestamp < RulesWord.lockupUntil(rules)) return Restriction.LockupActive;

        if (holderMove || mode == Mode.Mint || mode == Mode.Recovery) {
            (uint256 sender, uint256 recipient) = kycRegistry.investorPairPacked(from, to);
            Restriction code;
            if (holderMove) {
                code = _senderRestriction(sender, src.flags, rules);
                if (code != Restriction.None) return code;
            }
            code = _recipientRestriction(recipient, dst.flags, rules);
            if (code != Restriction.None) return code;
        }

        if (mode != Mode.Mint) {
            if (amount > src.balance) return Restriction.InsufficientBalance;
            if ((holderMove || mode == Mode.Burn) && src.flags & FLAG_HOLDS != 0) {
                Holds memory holds = _holds[from];
                // Settlement spends the locked part itself, so only the frozen part is off limits.
                uint256 reserved = mode == Mode.Settle ? holds.frozen : uint256(holds.frozen) + holds.locked;
                if (amount > _free(src.balance, reserved)) return Restriction.InsufficientUnfrozenBalance;
            }
        }

        if (holderMove || mode == Mode.Mint) {
            return _holdingRestriction(from == to, holderMove, amount, hot.holderCount, src, dst, rules);
        }
        return Restriction.None;
    }

    /// @dev Lot-size and holder-cap rules on the balances after the move (the amount is known to be there).
    function _holdingRestriction(
        bool self,
        bool hasSender,
        uint256 amount,
        uint256 holders,
        Account memory src,
        Account memory dst,
        uint256 rules
    ) private pure returns (Restriction) {
        uint256 minHolding = RulesWord.minHolding(rules);
        // A self-transfer leaves the balance as it is.
        uint256 toAfter = self ? dst.balance : dst.balance + amount;
        bool senderLeaves;
        if (hasSender) {
            // Cannot underflow: amount <= balance was checked before.
            uint256 fromAfter = self ? src.balance : src.balance - amount;
            if (fromAfter != 0 && fromAfter < minHolding) return Restriction.BelowMinimumHolding;
            senderLeaves = fromAfter == 0 && amount != 0 && !self;
        }
        if (toAfter != 0 && toAfter < minHolding) return Restriction.BelowMinimumHolding;
        bool newHolder = dst.balance == 0 && amount != 0 && !senderLeaves;
        uint256 maxHolders = RulesWord.maxHolders(rules);
        if (newHolder && maxHolders != 0 && holders >= maxHolders) {
            return Restriction.HolderLimitReached;
        }
        return Restriction.None;
    }

    /// @dev Sender-side rules of one party (also `canSend`).
    function _senderRestriction(uint256 investor, uint8 flags, uint256 rules) internal view returns (Restriction) {
        uint64 verifiedUntil = InvestorRecord.verifiedUntil(investor);
        if (verifiedUntil == 0) return Restriction.SenderNotVerified;
        if (verifiedUntil <= block.timestamp) return Restriction.SenderKycExpired;
        if (InvestorRecord.frozen(investor) || flags & FLAG_FROZEN != 0) return Restriction.SenderFrozen;
        if (_isBlocked(rules, InvestorRecord.country(investor))) return Restriction.SenderCountryBlocked;
        return Restriction.None;
    }

    /// @dev Recipient-side rules of one party (also `canReceive`, and wallet recovery's new wallet).
    function _recipientRestriction(uint256 investor, uint8 flags, uint256 rules) internal view returns (Restriction) {
        uint64 verifiedUntil = InvestorRecord.verifiedUntil(investor);
        if (verifiedUntil == 0) return Restriction.RecipientNotVerified;
        if (verifiedUntil <= block.timestamp) return Restriction.RecipientKycExpired;
        if (InvestorRecord.frozen(investor) || flags & FLAG_FROZEN != 0) return Restriction.RecipientFrozen;
        if (InvestorRecord.classes(investor) & RulesWord.allowedClasses(rules) == 0) {
            return Restriction.RecipientClassNotAllowed;
        }
        if (_isBlocked(rules, InvestorRecord.country(investor))) return Restriction.RecipientCountryBlocked;
        return Restriction.None;
    }

    /// @dev Applies a move the rules allowed: settles both parties' accruals at the current index first,
    /// so cash earned so far stays with whoever held the tokens when it was distributed.
    function _move(
        address from,
        address to,
        uint256 amount,
        Mode mode,
        Hot memory hot,
        Account memory src,
        Account memory dst
    ) private {
        // In a self-transfer `src` and `dst` are the same memory record (see `_load`): the debit and the
        // credit cancel out, the holder count too, and the second settlement finds nothing left to book.
        uint128 index = hot.index;
        uint256 holders = hot.holderCount;
        if (mode != Mode.Mint) {
            _settle(from, src, index);
            if (mode == Mode.Forced || mode == Mode.Settle) _releaseHolds(from, src, amount, mode);
            // Cannot underflow: the rules checked amount <= balance, so the cast is lossless too.
            src.balance -= uint96(amount);
            if (src.balance == 0 && amount != 0) --holders;
            _accounts[from] = src;
        }
        if (mode != Mode.Burn) {
            _settle(to, dst, index);
            if (dst.balance == 0 && amount != 0) ++holders;
            // Cannot overflow: balance + amount <= totalSupply <= type(uint96).max.
            dst.balance += uint96(amount);
            _accounts[to] = dst;
        }
        if (holders != hot.holderCount) _hot.holderCount = holders.toUint24();
        emit Transfer(from, to, amount);
    }

    /// @dev Settlement takes `amount` out of the locked part. A forced transfer takes what the free balance
    /// lacks from the frozen part first, then from the locked part, and always releases enough of the lock
    /// that the remaining balance still covers it (locked <= balance), even when a frozen amount above the
    /// balance absorbed the whole shortfall.
    function _releaseHolds(address holder, Account memory account, uint256 amount, Mode mode) private {
        if (account.flags & FLAG_HOLDS == 0) return;
        Holds memory holds = _holds[holder];
        uint256 fromFrozen;
        uint256 fromLocked;
        if (mode == Mode.Settle) {
            fromLocked = amount;
        } else {
            uint256 free = _free(account.balance, uint256(holds.frozen) + holds.locked);
            if (amount <= free) return;
            // unchecked: amount > free and amount <= balance (checked by the rules); the minimums keep both
            // takes within their parts, and `locked - fromLocked > remaining` guards its own subtraction.
            unchecked {
                uint256 shortfall = amount - free;
                uint256 remaining = account.balance - amount;
                fromFrozen = shortfall < holds.frozen ? shortfall : holds.frozen;
                fromLocked = shortfall - fromFrozen < holds.locked ? shortfall - fromFrozen : holds.locked;
                if (holds.locked - fromLocked > remaining) fromLocked = holds.locked - remaining;
            }
        }
        // Casts are lossless: both takes are at most the uint96 amounts they reduce (checked arithmetic).
        holds.frozen -= uint96(fromFrozen);
        holds.locked -= uint96(fromLocked);
        if (holds.frozen == 0 && holds.locked == 0) account.flags &= ~FLAG_HOLDS;
        _holds[holder] = holds;
        if (fromFrozen != 0) emit Frozen(holder, holds.frozen);
        if (fromLocked != 0 && mode == Mode.Forced) emit Unlocked(holder, msg.sender, fromLocked);
    }

    /// @dev Books `account`'s accrual up to `index` (in memory for the caller to store with the balance).
    function _settle(address holder, Account memory account, uint128 index) private {
        if (account.checkpoint == index) return;
        if (account.balance != 0) {
            _accruedScaled[holder] += DistributionMath.accruedScaled(account.balance, account.checkpoint, index);
        }
        account.checkpoint = index;
    }

    /// @dev Runs under `nonReentrant`, whose guard bit shares `_hot` with the index and the claimed total: the
    /// guard's write is the same warm slot the claim updates anyway (checks, then effects, then the payout).
    function _claim(address holder) private returns (uint256 amount) {
        Account memory account = _accounts[holder];
        if (account.flags & FLAG_FROZEN != 0) revert ClaimWhileFrozen(holder);
        (uint256 record,) = kycRegistry.investorPairPacked(holder, holder);
        if (InvestorRecord.frozen(record)) revert ClaimWhileFrozen(holder);
        Hot storage hot = _hot;
        uint128 index = hot.index;
        uint256 accrued = _accruedScaled[holder];
        if (account.checkpoint != index) {
            accrued += DistributionMath.accruedScaled(account.balance, account.checkpoint, index);
            _accounts[holder].checkpoint = index;
        }
        uint256 remainder;
        (amount, remainder) = DistributionMath.splitPayableDown(accrued);
        if (amount == 0) revert NothingToClaim(holder);
        _accruedScaled[holder] = remainder;
        // Lossless cast: amount <= claimable <= distributed - claimed < 2^96 (exact conservation, see `CashBook`).
        hot.claimed += uint96(amount);
        emit Claimed(holder, amount);
        _cash.safeTransfer(holder, amount);
    }

    function _forcedTransfer(address from, address to, uint256 amount) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (from == to) revert ForcedTransferToSelf(from);
        _update(from, to, amount, Mode.Forced);
        emit ForcedTransfer(from, to, amount);
    }

    function _setTransferRules(TransferRules memory rules) private {
        (uint256 word, uint256 overflow) = RulesWord.encode(rules);
        uint8 flags = _hot.flags;
        _hot.flags = word != 0 ? flags | HOT_HAS_RULES : flags & ~HOT_HAS_RULES;
        _rules = word;
        _moreBlockedCountries = overflow;
        emit TransferRulesUpdated(
            rules.allowedClasses, rules.minHolding, rules.maxHolders, rules.lockupUntil, rules.blockedCountries
        );
    }

    function _storeHolds(address holder, Holds memory holds) private {
        _holds[holder] = holds;
        Account storage stored = _accounts[holder];
        uint8 flags = stored.flags;
        uint8 updated = holds.frozen != 0 || holds.locked != 0 ? flags | FLAG_HOLDS : flags & ~FLAG_HOLDS;
        if (updated != flags) stored.flags = updated;
    }

    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _allowances[owner][spender];
        if (current == type(uint256).max) return;
        if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
        // unchecked: current >= value checked just above.
        unchecked {
            _allowances[owner][spender] = current - value;
        }
    }

    function _holdsOf(address holder, uint8 flags) private view returns (Holds memory holds) {
        if (flags & FLAG_HOLDS != 0) holds = _holds[holder];
    }

    function _accruedScaledOf(address holder) private view returns (uint256) {
        Account memory account = _accounts[holder];
        return _accruedScaled[holder]
            + DistributionMath.accruedScaled(account.balance, account.checkpoint, _hot.index);
    }

    /// @dev The rules word, or 0 (every class allowed, no cap, lockup, lot size or blocked country) without a read.
    function _rulesOf(Hot memory hot) private view returns (uint256) {
        return hot.flags & HOT_HAS_RULES != 0 ? _rules : 0;
    }

    function _free(uint256 balance, uint256 reserved) private pure returns (uint256) {
        return balance > reserved ? balance - reserved : 0;
    }

    /// @dev Runs twice on every ruled transfer, so the inline codes are compared all at once (SWAR): XOR with
    /// `country` repeated in every used 10-bit lane zeroes exactly the lanes that match, and the classic
    /// "has a zero lane" test `(x - ones) & ~x & highs` is exact for "any" (a borrow can only spread above a
    /// lane that really is zero). Lanes hold 0–999 < 2^10, so nothing crosses a lane except those borrows.
    function _isBlocked(uint256 rules, uint16 country) private view returns (bool) {
        uint256 count = RulesWord.countryCount(rules);
        // Stored codes are at most 999, so a larger registry value can match none of them.
        if (count == 0 || country > RulesWord.MAX_COUNTRY_CODE) return false;
        uint256 lanes = count < RulesWord.INLINE_COUNTRIES ? count : RulesWord.INLINE_COUNTRIES;
        // unchecked: `lanes` <= 7, so every shift stays below 70 bits; `x - ones` may borrow out of the used
        // lanes only into bits that `highs` masks off.
        unchecked {
            uint256 ones = LANE_ONES & ((1 << (RulesWord.COUNTRY_BITS * lanes)) - 1);
            uint256 x = RulesWord.inlineCountries(rules) ^ (ones * country);
            if ((x - ones) & ~x & (ones << (RulesWord.COUNTRY_BITS - 1)) != 0) return true;
            if (count <= RulesWord.INLINE_COUNTRIES) return false;
            uint256 overflow = _moreBlockedCountries;
            for (uint256 i = RulesWord.INLINE_COUNTRIES; i < count; ++i) {
                if (overflow & RulesWord.COUNTRY_MASK == country) return true;
                overflow >>= RulesWord.COUNTRY_BITS;
            }
        }
        return false;
    }

    function _enter() private {
        uint8 flags = _hot.flags;
        if (flags & HOT_ENTERED != 0) revert ReentrancyGuardReentrantCall();
        _hot.flags = flags | HOT_ENTERED;
    }
}
