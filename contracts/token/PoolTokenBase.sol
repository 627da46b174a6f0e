// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDistributions} from "../interfaces/IDistributions.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {ILockable} from "../interfaces/ILockable.sol";
import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";
import {DistributionMath} from "../libraries/DistributionMath.sol";
// The INVESTOR_* constants are used in `_fastPartiesAllowed`' assembly, where solhint does not see them.
// solhint-disable-next-line no-unused-import
import {InvestorWord, INVESTOR_FROZEN_BIT, INVESTOR_VERIFIED_UNTIL_MASK} from "../libraries/InvestorWord.sol";
import {RulesWord} from "../libraries/RulesWord.sol";

/// @title The tranche token's storage, its ERC-20 surface and the one `_update` path every balance move takes
/// @notice Storage is packed so that a compliant transfer touches about as many slots as a plain ERC-20: per holder
/// one slot holds balance, distribution checkpoint and flags; the accrued cash and the frozen/locked amounts live in
/// further slots touched only when they matter. Token-wide, the index, the claimed total, the holder count and the
/// flags (pause, reentrancy guard, "rules set") share one slot that both transfers and claims read; the rules sit in
/// one more slot read only when some rule is set. Layout and widths: docs/adr/0006-pool-token-storage-layout.md.
/// @dev Inherited by `PoolToken` (the deployed token) and by `PoolTokenEnforcement` (its cold paths, run by
/// DELEGATECALL on the token's storage): both therefore declare exactly this storage and nothing else, and both
/// compile the same rule path from this one source. Immutables are code, not storage, so the token constructs its
/// enforcement contract with the same registry and settlement token.
abstract contract PoolTokenBase is AccessControl, IERC20Errors {
    using SafeCast for uint256;

    // ------------------------------------------------------------------------------------------------
    // Roles (one per privileged function family; docs/architecture.md says who holds which)
    // ------------------------------------------------------------------------------------------------

    /// @notice Mints and burns during the issuance window.
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @notice Sets rules, freezes, forced transfers, wallet recovery.
    bytes32 public constant COMPLIANCE_ROLE = keccak256("COMPLIANCE_ROLE");
    /// @notice Pauses and unpauses.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice The deal's waterfall: distributes cash and allocates losses.
    bytes32 public constant DISTRIBUTOR_ROLE = keccak256("DISTRIBUTOR_ROLE");
    /// @notice Escrows that lock, unlock and settle locked balances (each only its own locks).
    bytes32 public constant ESCROW_ROLE = keccak256("ESCROW_ROLE");
    /// @notice May trigger `claimFor` for any holder (the servicer's payout bot); the cash still goes to the holder.
    bytes32 public constant CLAIM_AGENT_ROLE = keccak256("CLAIM_AGENT_ROLE");
    /// @notice Sweeps stray tokens and distribution dust to a named account.
    bytes32 public constant SWEEPER_ROLE = keccak256("SWEEPER_ROLE");

    /// @notice Blocked countries: 7 in the rules slot next to the other rules, 8 more in an overflow slot.
    uint256 public constant MAX_BLOCKED_COUNTRIES = 15;

    // ------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------

    /// @dev How a balance move is checked. Holder moves obey every rule; the others skip what does not apply.
    enum Mode {
        Transfer, // a holder's transfer / transferFrom: every rule, from the free balance
        Settle, // escrow settlement: every rule, from the free balance plus the settling escrow's lock
        Mint, // issuance: recipient rules only (no lockup, no sender)
        Burn, // cancellation: the free balance only
        Forced, // enforcement: the recipient's rules (KYC, class, country) and the balance; may consume frozen and
        // locked amounts
        Recovery // wallet recovery: the new wallet's recipient rules (KYC, class, country); no lot size or cap
    }

    /// @dev Everything an ordinary transfer or a claim reads and writes token-wide, one full slot (256 bits).
    /// The rules sit in `_rules`, read only when `HOT_HAS_RULES` says one is set.
    struct Hot {
        uint128 index; // cumulative cash per unit of face, scaled by INDEX_SCALE (1e27)
        // Settlement units claimed so far. Fits: claimed <= distributed, which `distribute` keeps <= 2^96 - 1.
        uint96 claimed;
        // Non-zero balances, kept only while `HOT_COUNTING` is set (0 and meaningless otherwise: ADR 0021); 16.7 million
        // holders, far beyond any KYC'd tranche (a new holder past it reverts).
        uint24 holderCount;
        uint8 flags; // HOT_*
    }

    /// @dev Per holder, one slot: everything an ordinary transfer needs. `recordTag` (bits 232–255) is the id of
    /// the distribution whose record-date balance sits in `_recordBalance` because the holder's balance moved
    /// between that record date and that distribution (docs/adr/0015-record-dates.md); 0 = none.
    struct Account {
        uint96 balance;
        uint128 checkpoint; // the index up to which this holder's accrual is settled
        uint8 flags; // FLAG_*
        uint24 recordTag;
    }

    /// @dev Per holder, read only when FLAG_HOLDS is set. `locked` is the sum over escrows of `_escrowLocks`.
    struct Holds {
        uint96 frozen;
        uint96 locked;
    }

    /// @dev Face, counters and the latest record date, one full slot (256 bits); written by issuance, distributions,
    /// face changes and record dates. `distributionCount` is 24 bits, the width of a holder's `recordTag` (16.7
    /// million distributions, 1.4 million years of monthly ones); `lastRecordDate` (docs/adr/0015-record-dates.md)
    /// is a 40-bit timestamp (year 36,812) sharing the word the distribution writes anyway, so neither `distribute`
    /// nor `markRecordDate` touches another slot for it (issue 10, gas). Layout: totalSupply bits 0–95, currentFace
    /// 96–191, distributionCount 192–215, lastRecordDate 216–255.
    struct Supply {
        uint96 totalSupply; // original face; fixed once issuance closes
        uint96 currentFace;
        uint24 distributionCount;
        uint40 lastRecordDate; // 0 = no record date yet
    }

    /// @dev Written by distributions only. `distributed` is capped at 2^96 - 1 (the claimed total's width, and
    /// the face's: $79 billion even at 18 decimals). Dust per distribution is below the supply (< 2^96) and there
    /// are at most 2^24 - 1 distributions, so the dust total stays below 2^128.
    struct CashBook {
        uint128 distributed;
        uint128 dustScaled;
    }

    uint8 internal constant HOT_PAUSED = 1;
    uint8 internal constant HOT_ISSUANCE_CLOSED = 2;
    uint8 internal constant HOT_HAS_RULES = 4; // `_rules` is non-zero
    uint8 internal constant HOT_ENTERED = 8; // reentrancy guard: a guarded function is running
    uint8 internal constant HOT_RECORD_PENDING = 16; // a record date is fixed for the next distribution
    uint8 internal constant HOT_RECORD_TAGGED = 32; // some holder's balance moved since that record date
    uint8 internal constant HOT_COUNTING = 64; // `holderCount` is tracked (docs/adr/0021-holder-counting.md)

    /// @dev Bit positions in the packed words, for the hot paths that read and write them raw (the structs above
    /// name the same fields; `_loadHot`/`_loadAccount` decode with these too).
    uint256 internal constant HOT_CLAIMED_SHIFT = 128;
    uint256 internal constant HOT_HOLDERS_SHIFT = 224;
    uint256 internal constant HOT_FLAGS_SHIFT = 248;
    uint256 internal constant ACCOUNT_CHECKPOINT_SHIFT = 96;
    uint256 internal constant ACCOUNT_FLAGS_SHIFT = 224;
    uint256 internal constant ACCOUNT_TAG_SHIFT = 232;
    uint256 internal constant SUPPLY_FACE_SHIFT = 96;
    uint256 internal constant SUPPLY_COUNT_SHIFT = 192;
    uint256 internal constant SUPPLY_RECORD_DATE_SHIFT = 216;
    uint256 internal constant CASHBOOK_DUST_SHIFT = 128;

    uint8 internal constant FLAG_FROZEN = 1; // whole address frozen on this token
    uint8 internal constant FLAG_HOLDS = 2; // a frozen or locked amount is set

    /// @dev Marks a holder's accrual slot as live, so that it never returns to zero: booking an accrual into a
    /// zero slot costs 20,000 gas, into a non-zero one 2,900. Accruals stay below 2^186 (cash < 2^96 times the
    /// 1e27 scale), so the top bit is free. Set at issuance and kept by claims (issue 7, gas).
    uint256 internal constant ACCRUAL_LIVE = 1 << 255;

    /// @dev An escrow's lock entry: the amount in the low 96 bits, its position in `_lockingEscrows` + 1 above.
    uint256 internal constant LOCK_AMOUNT_MASK = type(uint96).max;
    uint256 internal constant LOCK_POSITION_SHIFT = 96;

    /// @dev The platform KYC registry this token reads on every transfer.
    IKycRegistry internal immutable _kycRegistry;
    IERC20Metadata internal immutable _cash;
    /// @dev The class's original face as the pool record commits it, in token units (see `IPoolToken.faceCap`).
    uint256 internal immutable _faceCap;

    string internal _name;
    string internal _symbol;

    Hot internal _hot;
    RulesWord internal _rules; // 0 = no rule
    uint256 internal _moreBlockedCountries; // codes 8–15, read only when the list is that long
    Supply internal _supply;
    CashBook internal _cashBook;

    mapping(address holder => Account) internal _accounts;
    /// @dev Settled accrual at index precision, `| ACCRUAL_LIVE` once the slot was initialised (read through
    /// `_accruedScaledAt`).
    mapping(address holder => uint256) internal _accruedScaled;
    mapping(address holder => Holds) internal _holds;
    mapping(address owner => mapping(address spender => uint256)) internal _allowances;
    /// @dev Per (holder, escrow) lock entries, and per holder the escrows that hold one (to release them all).
    mapping(address holder => mapping(address escrow => uint256 entry)) internal _escrowLocks;
    mapping(address holder => address[] escrows) internal _lockingEscrows;
    /// @dev Record dates (docs/adr/0015-record-dates.md): the losses not yet written up, written by `allocateLoss` and
    /// `writeUp` only (the latest record date moved to `_supply`).
    RecordBook internal _recordBook;
    /// @dev A tagged holder's balance as of its tag's record date.
    mapping(address holder => uint256) internal _recordBalance;
    /// @dev The index increment of a distribution that had a record date with tagged holders (stored only then).
    mapping(uint256 distributionId => uint256) internal _recordIncrement;

    struct RecordBook {
        uint96 lossesWrittenDown;
    }
    mapping(address holder => mapping(address operator => bool)) internal _claimOperators;

    // ------------------------------------------------------------------------------------------------
    // Reentrancy guard
    // ------------------------------------------------------------------------------------------------

    /// @dev OpenZeppelin's guard costs a cold slot (~2.3k gas); this flag lives in `_hot`, so setting and clearing it
    /// costs ~200. The modifier guards `sweep`; claims and distributions set the same bit inline, in the hot-word
    /// write they make anyway (`_requireNotEntered`, `_clearEntered`).
    /// London has no transient storage (EIP-1153), hence a storage flag.
    modifier nonReentrant() {
        _enter();
        _;
        _hot.flags &= ~HOT_ENTERED;
    }

    constructor(IKycRegistry registry, IERC20Metadata cashToken_, uint256 faceCap_) {
        _kycRegistry = registry;
        _cash = cashToken_;
        _faceCap = faceCap_;
    }

    // ------------------------------------------------------------------------------------------------
    // Internal: the one rule path
    // ------------------------------------------------------------------------------------------------

    /// @dev Every balance move goes through here: load, the rules (the same code `detectTransferRestriction`
    /// runs, on the same loaded state), then the move.
    function _update(address from, address to, uint256 amount, Mode mode) internal {
        (Hot memory hot, Account memory src, Account memory dst) = _load(from, to, mode);
        ITransferRestrictions.Restriction code = _restriction(from, to, amount, mode, hot, src, dst);
        if (code != ITransferRestrictions.Restriction.None) {
            revert ITransferRestrictions.TokenTransferRestricted(code, from, to, amount);
        }
        _move(from, to, amount, mode, hot, src, dst);
    }

    /// @dev A holder's transfer (`transfer`, `transferFrom`): the common case on the fast path, everything else on the
    /// general one. Both decide the same (test/solidity/PoolToken.fastPath.t.sol checks it differentially).
    function _transfer(address from, address to, uint256 amount) internal {
        if (!_tryFastTransfer(from, to, amount)) _update(from, to, amount, Mode.Transfer);
    }

    /// @dev The common transfer on raw words kept on the stack (no memory structs, no ABI coder): a move between two
    /// distinct parties with nothing pending — not paused, no pending record date, neither party frozen on the token,
    /// holding a frozen or locked amount or tagged for a record date, both checkpoints at the current index (or a
    /// recipient with nothing yet) — that every rule allows. Returns false, having written nothing, for anything else
    /// (every restricted move included): `_update` then decides and reverts with the exact reason code. So the fast
    /// path only ever answers "allowed" where `_restriction` answers `None`, and moves exactly as `_move` would (no
    /// accrual to settle: both checkpoints are at the index, or the recipient holds nothing).
    function _tryFastTransfer(address from, address to, uint256 amount) private returns (bool) {
        uint256 hot;
        uint256 src;
        uint256 dst;
        uint256 srcSlot;
        uint256 dstSlot;
        uint256 unusual;
        // One branch for every reason to leave the fast path, each a non-zero term: paused or a record date pending;
        // a party frozen on the token, holding a frozen or locked part, or tagged for a record date (bits 224–255);
        // a zero amount or more than the balance; a self-transfer, the zero address or this token as recipient; a
        // checkpoint behind the index (accruals to settle) on the sender's side, or on the recipient's if it holds
        // anything. With bits 224–255 zero, `word >> 96` is exactly the checkpoint.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            hot := sload(_hot.slot)
            mstore(0x00, from)
            mstore(0x20, _accounts.slot)
            srcSlot := keccak256(0x00, 0x40)
            mstore(0x00, to)
            dstSlot := keccak256(0x00, 0x40)
            src := sload(srcSlot)
            dst := sload(dstSlot)
            let index := and(hot, 0xffffffffffffffffffffffffffffffff)
            let dstBalance := and(dst, 0xffffffffffffffffffffffff)
            unusual := or(
                or(
                    shr(ACCOUNT_FLAGS_SHIFT, or(src, dst)),
                    and(hot, shl(HOT_FLAGS_SHIFT, or(HOT_PAUSED, HOT_RECORD_PENDING)))
                ),
                or(
                    or(iszero(amount), gt(amount, and(src, 0xffffffffffffffffffffffff))),
                    or(or(eq(from, to), iszero(to)), eq(to, address()))
                )
            )
            unusual := or(
                unusual,
                or(
                    xor(shr(ACCOUNT_CHECKPOINT_SHIFT, src), index),
                    mul(iszero(iszero(dstBalance)), xor(shr(ACCOUNT_CHECKPOINT_SHIFT, dst), index))
                )
            )
        }
        if (unusual != 0) return false;
        RulesWord rules = (hot >> HOT_FLAGS_SHIFT) & HOT_HAS_RULES != 0 ? _rules : RulesWord.wrap(0);
        if (!_fastPartiesAllowed(from, to, rules)) return false;
        // Without a rule or a tracked count there is no lot size, no cap and no count to move.
        if ((hot >> HOT_FLAGS_SHIFT) & (HOT_HAS_RULES | HOT_COUNTING) != 0) {
            (bool allowed, uint256 newHot) = _fastHoldingsAllowed(hot, uint96(src), uint96(dst), amount, rules);
            if (!allowed) return false;
            if (newHot != hot) {
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    sstore(_hot.slot, newHot)
                }
            }
        }
        // unchecked: only the balance bits change, as amount <= the sender's balance (checked above) and the
        // recipient's balance + amount <= totalSupply < 2^96 (the balances sum to the supply). A recipient with nothing
        // yet starts at the current index, as `_settle` sets it (nothing to book: zero balance, untagged, no flags).
        unchecked {
            src -= amount;
            dst = uint96(dst) == 0 ? amount | (uint256(uint128(hot)) << ACCOUNT_CHECKPOINT_SHIFT) : dst + amount;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(srcSlot, src)
            sstore(dstSlot, dst)
            mstore(0x00, amount)
            // Transfer(address indexed from, address indexed to, uint256 value)
            log3(0x00, 0x20, 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef, from, to)
        }
        return true;
    }

    /// @dev Fast path: both parties verified, unexpired and not frozen in the registry, the recipient's class allowed,
    /// neither party's country blocked, no lockup running (the same predicates as `_senderRestriction`,
    /// `_recipientRestriction` and the lockup check, answered only as "all pass").
    function _fastPartiesAllowed(address from, address to, RulesWord rules) private view returns (bool) {
        (uint256 sender, uint256 recipient) = _investorPair(from, to);
        bool unverified;
        // `verifiedUntil` 0 — never verified, or revoked — is <= now too.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            unverified := or(
                or(
                    iszero(gt(and(sender, INVESTOR_VERIFIED_UNTIL_MASK), timestamp())),
                    iszero(gt(and(recipient, INVESTOR_VERIFIED_UNTIL_MASK), timestamp()))
                ),
                iszero(iszero(and(or(sender, recipient), INVESTOR_FROZEN_BIT)))
            )
        }
        if (unverified) return false;
        // No rule: every class is allowed (the registry never stores an empty class set, but the general path asks).
        if (rules.isEmpty()) return InvestorWord.wrap(recipient).classes() != 0;
        return block.timestamp >= rules.lockupUntil()
            && InvestorWord.wrap(recipient).classes() & rules.allowedClasses() != 0
            && !rules.mayBlockEither(InvestorWord.wrap(sender).country(), InvestorWord.wrap(recipient).country());
    }

    /// @dev Fast path: the lot-size and holder-cap rules on the balances after a move of `amount` (0 < amount <=
    /// srcBalance) between two distinct parties, and the hot word with the holder count that move leaves.
    function _fastHoldingsAllowed(uint256 hot, uint256 srcBalance, uint256 dstBalance, uint256 amount, RulesWord rules)
        private
        pure
        returns (bool allowed, uint256 newHot)
    {
        // unchecked: amount <= srcBalance (checked by the caller); dstBalance + amount <= totalSupply < 2^96; the
        // count is below 2^24 - 1 when it grows (checked) and counts the sender when it shrinks.
        unchecked {
            uint256 fromAfter = srcBalance - amount;
            uint256 minHolding = rules.minHolding();
            if ((fromAfter != 0 && fromAfter < minHolding) || dstBalance + amount < minHolding) return (false, hot);
            newHot = hot;
            // The count moves when the recipient is new or the sender leaves (not both: they cancel out).
            if ((hot >> HOT_FLAGS_SHIFT) & HOT_COUNTING != 0 && (dstBalance == 0) != (fromAfter == 0)) {
                uint256 holders = uint24(hot >> HOT_HOLDERS_SHIFT);
                if (dstBalance == 0) {
                    uint256 maxHolders = rules.maxHolders();
                    if ((maxHolders != 0 && holders >= maxHolders) || holders == type(uint24).max) return (false, hot);
                    ++holders;
                } else {
                    --holders;
                }
                newHot = (hot & ~(uint256(type(uint24).max) << HOT_HOLDERS_SHIFT)) | (holders << HOT_HOLDERS_SHIFT);
            }
            allowed = true;
        }
    }

    /// @dev The two parties' registry words by a bare STATICCALL of `investorPairPacked` (68 bytes in, two words out),
    /// without the ABI coder; a registry revert is re-raised as is.
    function _investorPair(address a, address b) internal view returns (uint256 recordA, uint256 recordB) {
        address registry = address(_kycRegistry);
        bytes4 selector = IKycRegistry.investorPairPacked.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            mstore(add(ptr, 0x04), a)
            mstore(add(ptr, 0x24), b)
            let ok := staticcall(gas(), registry, ptr, 0x44, 0x00, 0x40)
            if iszero(ok) {
                returndatacopy(ptr, 0x00, returndatasize())
                revert(ptr, returndatasize())
            }
            // A registry that answers with less than two words is not the registry (the ABI decoder reverts too).
            if lt(returndatasize(), 0x40) { revert(0x00, 0x00) }
            recordA := mload(0x00)
            recordB := mload(0x20)
        }
    }

    /// @dev The state every rule reads: the token's hot slot and the two parties' account slots (the zero
    /// record for a side the mode does not have; one shared record for a self-transfer).
    function _load(address from, address to, Mode mode)
        internal
        view
        returns (Hot memory hot, Account memory src, Account memory dst)
    {
        hot = _loadHot();
        if (mode != Mode.Mint) src = _loadAccount(from);
        if (mode != Mode.Burn) dst = from == to ? src : _loadAccount(to);
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
    ) internal view returns (ITransferRestrictions.Restriction) {
        bool holderMove = mode == Mode.Transfer || mode == Mode.Settle;
        if (mode != Mode.Burn && (to == address(0) || to == address(this))) {
            return ITransferRestrictions.Restriction.InvalidRecipient;
        }
        if ((holderMove || mode == Mode.Mint) && hot.flags & HOT_PAUSED != 0) {
            return ITransferRestrictions.Restriction.Paused;
        }
        RulesWord rules = _rulesOf(hot);
        if (holderMove && block.timestamp < rules.lockupUntil()) return ITransferRestrictions.Restriction.LockupActive;

        // A forced transfer checks that the recipient may receive (ERC-7943's SHOULD): enforcement overrides the
        // sender's restrictions, never the recipient's eligibility.
        if (mode != Mode.Burn) {
            (InvestorWord sender, InvestorWord recipient) = _kycRegistry.investorPairPacked(from, to);
            ITransferRestrictions.Restriction code;
            if (holderMove) {
                code = _senderRestriction(sender, src.flags, rules);
                if (code != ITransferRestrictions.Restriction.None) return code;
            }
            code = _recipientRestriction(recipient, dst.flags, rules);
            if (code != ITransferRestrictions.Restriction.None) return code;
        }

        if (mode != Mode.Mint) {
            if (amount > src.balance) return ITransferRestrictions.Restriction.InsufficientBalance;
            if ((holderMove || mode == Mode.Burn) && src.flags & FLAG_HOLDS != 0) {
                Holds memory holds = _holds[from];
                // Settlement spends the settling escrow's own lock (which the caller checked covers `amount`), so
                // only the frozen part and the other escrows' locks are off limits.
                uint256 reserved = uint256(holds.frozen) + holds.locked;
                if (mode == Mode.Settle) reserved -= amount;
                if (amount > _free(src.balance, reserved)) {
                    return ITransferRestrictions.Restriction.InsufficientUnfrozenBalance;
                }
            }
        }

        if (holderMove || mode == Mode.Mint) {
            return _holdingRestriction(from == to, holderMove, amount, hot.holderCount, src, dst, rules);
        }
        return ITransferRestrictions.Restriction.None;
    }

    /// @dev Lot-size and holder-cap rules on the balances after the move (the amount is known to be there).
    function _holdingRestriction(
        bool self,
        bool hasSender,
        uint256 amount,
        uint256 holders,
        Account memory src,
        Account memory dst,
        RulesWord rules
    ) private pure returns (ITransferRestrictions.Restriction) {
        uint256 minHolding = rules.minHolding();
        // A self-transfer leaves the balance as it is.
        uint256 toAfter = self ? dst.balance : dst.balance + amount;
        bool senderLeaves;
        if (hasSender) {
            // Cannot underflow: amount <= balance was checked before.
            uint256 fromAfter = self ? src.balance : src.balance - amount;
            if (fromAfter != 0 && fromAfter < minHolding) return ITransferRestrictions.Restriction.BelowMinimumHolding;
            senderLeaves = fromAfter == 0 && amount != 0 && !self;
        }
        if (toAfter != 0 && toAfter < minHolding) return ITransferRestrictions.Restriction.BelowMinimumHolding;
        bool newHolder = dst.balance == 0 && amount != 0 && !senderLeaves;
        uint256 maxHolders = rules.maxHolders();
        if (newHolder && maxHolders != 0 && holders >= maxHolders) {
            return ITransferRestrictions.Restriction.HolderLimitReached;
        }
        return ITransferRestrictions.Restriction.None;
    }

    /// @dev Sender-side rules of one party (also `canSend`).
    function _senderRestriction(InvestorWord investor, uint8 flags, RulesWord rules)
        internal
        view
        returns (ITransferRestrictions.Restriction)
    {
        uint64 verifiedUntil = investor.verifiedUntil();
        if (verifiedUntil == 0) return ITransferRestrictions.Restriction.SenderNotVerified;
        if (verifiedUntil <= block.timestamp) return ITransferRestrictions.Restriction.SenderKycExpired;
        if (investor.frozen() || flags & FLAG_FROZEN != 0) return ITransferRestrictions.Restriction.SenderFrozen;
        if (_isBlocked(rules, investor.country())) return ITransferRestrictions.Restriction.SenderCountryBlocked;
        return ITransferRestrictions.Restriction.None;
    }

    /// @dev Recipient-side rules of one party (also `canReceive`, and wallet recovery's new wallet).
    function _recipientRestriction(InvestorWord investor, uint8 flags, RulesWord rules)
        internal
        view
        returns (ITransferRestrictions.Restriction)
    {
        uint64 verifiedUntil = investor.verifiedUntil();
        if (verifiedUntil == 0) return ITransferRestrictions.Restriction.RecipientNotVerified;
        if (verifiedUntil <= block.timestamp) return ITransferRestrictions.Restriction.RecipientKycExpired;
        if (investor.frozen() || flags & FLAG_FROZEN != 0) return ITransferRestrictions.Restriction.RecipientFrozen;
        if (investor.classes() & rules.allowedClasses() == 0) {
            return ITransferRestrictions.Restriction.RecipientClassNotAllowed;
        }
        if (_isBlocked(rules, investor.country())) return ITransferRestrictions.Restriction.RecipientCountryBlocked;
        return ITransferRestrictions.Restriction.None;
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
        bool counting = hot.flags & HOT_COUNTING != 0;
        if (mode != Mode.Mint) {
            _settle(from, src, index);
            _tagRecordDate(from, src, hot);
            if (mode == Mode.Forced || mode == Mode.Settle) _releaseHolds(from, src, amount, mode);
            // Cannot underflow: the rules checked amount <= balance, so the cast is lossless too.
            src.balance -= uint96(amount);
            if (counting && src.balance == 0 && amount != 0) --holders;
            _storeAccount(from, src);
        }
        if (mode != Mode.Burn) {
            _settle(to, dst, index);
            _tagRecordDate(to, dst, hot);
            if (counting && dst.balance == 0 && amount != 0) ++holders;
            // Cannot overflow: balance + amount <= totalSupply <= type(uint96).max.
            dst.balance += uint96(amount);
            _storeAccount(to, dst);
        }
        if (holders != hot.holderCount) _hot.holderCount = holders.toUint24();
        emit IERC20.Transfer(from, to, amount);
    }

    /// @dev Settlement takes `amount` out of the total lock (the settling escrow's entry is reduced by the caller).
    /// A forced transfer takes what the free balance lacks from the frozen part first, then from the escrows'
    /// locks, and always releases enough of the locks that the remaining balance still covers them
    /// (locked <= balance), even when a frozen amount above the balance absorbed the whole shortfall.
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
            if (fromLocked != 0) _releaseEscrowLocks(holder, fromLocked);
        }
        // Casts are lossless: both takes are at most the uint96 amounts they reduce (checked arithmetic).
        holds.frozen -= uint96(fromFrozen);
        holds.locked -= uint96(fromLocked);
        if (holds.frozen == 0 && holds.locked == 0) account.flags &= ~FLAG_HOLDS;
        _holds[holder] = holds;
        if (fromFrozen != 0) emit IERC7943Fungible.Frozen(holder, holds.frozen);
    }

    /// @dev Releases `amount` of `holder`'s escrow locks, newest escrow first, with an `Unlocked` per escrow (the
    /// caller adjusts the total in `_holds`). `amount` is at most the total, so the loop ends within the list.
    function _releaseEscrowLocks(address holder, uint256 amount) internal {
        address[] storage escrows = _lockingEscrows[holder];
        while (amount != 0) {
            address escrow = escrows[escrows.length - 1];
            uint256 locked = _escrowLocks[holder][escrow] & LOCK_AMOUNT_MASK;
            uint256 take = amount < locked ? amount : locked;
            _reduceEscrowLock(holder, escrow, take);
            emit ILockable.Unlocked(holder, escrow, take);
            // unchecked: take <= amount.
            unchecked {
                amount -= take;
            }
        }
    }

    /// @dev Adds `amount` to `escrow`'s lock entry on `holder`, listing the escrow on its first lock.
    function _increaseEscrowLock(address holder, address escrow, uint256 amount) internal {
        uint256 entry = _escrowLocks[holder][escrow];
        if (entry == 0) {
            address[] storage escrows = _lockingEscrows[holder];
            escrows.push(escrow);
            entry = escrows.length << LOCK_POSITION_SHIFT;
        }
        // Cannot overflow the 96-bit amount: the total lock (a uint96, checked) bounds every entry.
        _escrowLocks[holder][escrow] = entry + amount;
    }

    /// @dev Takes `amount` (at most the entry's amount) off `escrow`'s lock entry on `holder`; an emptied entry is
    /// deleted and its escrow swapped out of the list.
    function _reduceEscrowLock(address holder, address escrow, uint256 amount) internal {
        uint256 entry = _escrowLocks[holder][escrow];
        if (entry == 0) return; // nothing locked (and `amount` is 0)
        uint256 locked = entry & LOCK_AMOUNT_MASK;
        if (amount < locked) {
            // unchecked: amount < locked, so only the amount bits change.
            unchecked {
                _escrowLocks[holder][escrow] = entry - amount;
            }
            return;
        }
        delete _escrowLocks[holder][escrow];
        address[] storage escrows = _lockingEscrows[holder];
        uint256 position = entry >> LOCK_POSITION_SHIFT; // 1-based
        address last = escrows[escrows.length - 1];
        if (last != escrow) {
            escrows[position - 1] = last;
            _escrowLocks[holder][last] =
                (_escrowLocks[holder][last] & LOCK_AMOUNT_MASK) | (position << LOCK_POSITION_SHIFT);
        }
        escrows.pop();
    }

    /// @dev Books `account`'s accrual up to `index` (in memory for the caller to store with the balance).
    function _settle(address holder, Account memory account, uint128 index) internal {
        if (account.checkpoint == index) return;
        uint256 accrued = _accrualSince(holder, account, index);
        if (accrued != 0) _accruedScaled[holder] += accrued;
        account.checkpoint = index;
        account.recordTag = 0;
    }

    /// @dev What `account` earned from its checkpoint to `index` (> checkpoint), in scaled units. A tagged holder's
    /// checkpoint is the index just before its tag's distribution (the tag is set only while that distribution is
    /// pending), so that distribution is booked on the record-date balance and the rest on the current one.
    function _accrualSince(address holder, Account memory account, uint256 index) internal view returns (uint256) {
        if (account.recordTag == 0) {
            if (account.balance == 0) return 0;
            return DistributionMath.accruedScaled(account.balance, account.checkpoint, index);
        }
        uint256 increment = _recordIncrement[account.recordTag];
        return _recordBalance[holder] * increment
            + DistributionMath.accruedScaled(account.balance, account.checkpoint + increment, index);
    }

    /// @dev The first balance move of a holder after a record date: keeps its balance as of the record date for the
    /// pending distribution (the balance cannot have moved since, or the holder would be tagged already).
    function _tagRecordDate(address holder, Account memory account, Hot memory hot) internal {
        if (hot.flags & HOT_RECORD_PENDING == 0) return;
        uint24 id = (uint256(_supply.distributionCount) + 1).toUint24();
        if (account.recordTag == id) return;
        account.recordTag = id;
        _recordBalance[holder] = account.balance;
        if (hot.flags & HOT_RECORD_TAGGED == 0) {
            hot.flags |= HOT_RECORD_TAGGED;
            _hot.flags = hot.flags;
        }
    }

    /// @dev The hot slot in one SLOAD (Solidity's struct copy reads the slot once per member). Layout as `Hot`
    /// declares it: index bits 0–127, claimed 128–223, holderCount 224–247, flags 248–255.
    function _loadHot() internal view returns (Hot memory hot) {
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(_hot.slot)
        }
        hot.index = uint128(word);
        hot.claimed = uint96(word >> HOT_CLAIMED_SHIFT);
        hot.holderCount = uint24(word >> HOT_HOLDERS_SHIFT);
        hot.flags = uint8(word >> HOT_FLAGS_SHIFT);
    }

    /// @dev `holder`'s account slot in one SLOAD. Layout as `Account` declares it: balance bits 0–95, checkpoint
    /// 96–223, flags 224–231, recordTag 232–255.
    function _loadAccount(address holder) internal view returns (Account memory account) {
        Account storage stored = _accounts[holder];
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(stored.slot)
        }
        account.balance = uint96(word);
        account.checkpoint = uint128(word >> ACCOUNT_CHECKPOINT_SHIFT);
        account.flags = uint8(word >> ACCOUNT_FLAGS_SHIFT);
        account.recordTag = uint24(word >> ACCOUNT_TAG_SHIFT);
    }

    /// @dev Writes `account` in one SSTORE (Solidity's struct copy would read and write the slot once per member).
    function _storeAccount(address holder, Account memory account) internal {
        Account storage stored = _accounts[holder];
        uint256 word = uint256(account.balance) | (uint256(account.checkpoint) << ACCOUNT_CHECKPOINT_SHIFT)
            | (uint256(account.flags) << ACCOUNT_FLAGS_SHIFT) | (uint256(account.recordTag) << ACCOUNT_TAG_SHIFT);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(stored.slot, word)
        }
    }

    /// @dev `holder`'s settled accrual without the live marker.
    function _accruedScaledAt(address holder) internal view returns (uint256) {
        return _accruedScaled[holder] & ~ACCRUAL_LIVE;
    }

    function _storeHolds(address holder, Holds memory holds) internal {
        _holds[holder] = holds;
        Account storage stored = _accounts[holder];
        uint8 flags = stored.flags;
        uint8 updated = holds.frozen != 0 || holds.locked != 0 ? flags | FLAG_HOLDS : flags & ~FLAG_HOLDS;
        if (updated != flags) stored.flags = updated;
    }

    function _spendAllowance(address owner, address spender, uint256 value) internal {
        uint256 current = _allowances[owner][spender];
        if (current == type(uint256).max) return;
        if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
        // unchecked: current >= value checked just above.
        unchecked {
            _allowances[owner][spender] = current - value;
        }
    }

    function _holdsOf(address holder, uint8 flags) internal view returns (Holds memory holds) {
        if (flags & FLAG_HOLDS != 0) holds = _holds[holder];
    }

    /// @dev The rules word, or 0 (every class allowed, no cap, lockup, lot size or blocked country) without a read.
    function _rulesOf(Hot memory hot) internal view returns (RulesWord) {
        return hot.flags & HOT_HAS_RULES != 0 ? _rules : RulesWord.wrap(0);
    }

    function _free(uint256 balance, uint256 reserved) internal pure returns (uint256) {
        return balance > reserved ? balance - reserved : 0;
    }

    function _isBlocked(RulesWord rules, uint16 country) private view returns (bool) {
        (bool blocked, bool needsOverflow) = rules.inlineBlocks(country);
        return blocked || (needsOverflow && rules.overflowBlocks(_moreBlockedCountries, country));
    }

    function _enter() internal {
        uint8 flags = _hot.flags;
        if (flags & HOT_ENTERED != 0) revert IDistributions.TokenReentrantCall();
        _hot.flags = flags | HOT_ENTERED;
    }

    /// @dev Refuses a re-entered call, given the hot word the caller has already read (the raw-word paths set the guard
    /// bit in their own write of that word).
    function _requireNotEntered(uint256 hot) internal pure {
        if ((hot >> HOT_FLAGS_SHIFT) & HOT_ENTERED != 0) revert IDistributions.TokenReentrantCall();
    }

    /// @dev Clears the guard bit alone, on the hot word as it is now: the guarded call's interaction may have moved
    /// other fields of it (an unguarded transfer during a payout moves the holder count).
    function _clearEntered() internal {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(_hot.slot, and(sload(_hot.slot), not(shl(HOT_FLAGS_SHIFT, HOT_ENTERED))))
        }
    }
}
