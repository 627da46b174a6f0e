// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDistributions} from "../interfaces/IDistributions.sol";
import {IWaterfallClassToken} from "../interfaces/IWaterfallClassToken.sol";
import {IPoolToken} from "../interfaces/IPoolToken.sol";
import {DistributionMath} from "../libraries/DistributionMath.sol";
import {FaceMath} from "../libraries/FaceMath.sol";
import {InvestorWord} from "../libraries/InvestorWord.sol";
import {PoolTokenBase} from "./PoolTokenBase.sol";

/// @title Pull-based P&I distributions and the factor
/// @notice The deal's waterfall (DISTRIBUTOR role) pays cash in with `distribute` and writes face down with
/// `allocateLoss`; holders pull their cash with `claim`. O(1) whatever the number of holders: only the index moves.
abstract contract PoolTokenDistributions is PoolTokenBase, IWaterfallClassToken {
    using SafeERC20 for IERC20Metadata;
    using SafeCast for uint256;

    /// @inheritdoc IDistributions
    /// @dev O(1): only the index moves. The first distribution closes the issuance window. Runs in the token itself
    /// (no DELEGATECALL: it is the waterfall's per-class cost in every remittance; docs/adr/0013) on raw words, like
    /// `_claim`: the hot, supply and cash-book words are each read once and written once, and the reentrancy guard
    /// bit is set in the hot word's write, which the distribution makes anyway, then cleared after the pull. Checks
    /// and their order (and so every revert) are those of the struct version it replaced.
    function distribute(uint256 interest, uint256 principal) external onlyRole(DISTRIBUTOR_ROLE) {
        uint256 cash;
        uint256 totalSupply;
        uint256 face;
        uint256 index;
        uint256 dust;
        uint256 flags;
        uint24 id;
        {
            uint256 hot;
            uint256 supply;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                hot := sload(_hot.slot)
                supply := sload(_supply.slot)
            }
            _requireNotEntered(hot);
            totalSupply = uint96(supply);
            face = uint96(supply >> SUPPLY_FACE_SHIFT);
            if (totalSupply == 0) revert TokenNothingOutstanding();
            if (principal > face) revert TokenExceedsCurrentFace(principal, face);

            cash = interest + principal;
            uint256 increment;
            (increment, dust) = DistributionMath.indexIncrementDown(cash, totalSupply);
            index = (uint128(hot) + increment).toUint128();
            flags = hot >> HOT_FLAGS_SHIFT;
            // unchecked: principal <= face, checked above.
            unchecked {
                face -= principal;
            }
            id = uint24(supply >> SUPPLY_COUNT_SHIFT);
            ++id;
            // This distribution consumes the pending record date; holders who moved since book it on their
            // record-date balance, so its increment is kept for them (only then: one slot).
            if (flags & HOT_RECORD_TAGGED != 0) _recordIncrement[id] = increment;
            // Without a pending record date the holders of record are today's (INTERFACES.md): the record date is
            // now, and the new accrual period the market prices from starts here (in the supply word, written anyway).
            uint256 recordDate = flags & HOT_RECORD_PENDING == 0 ? block.timestamp : supply >> SUPPLY_RECORD_DATE_SHIFT;
            // Lossless: block time fits 40 bits until the year 36,812.
            supply = totalSupply | (face << SUPPLY_FACE_SHIFT) | (uint256(id) << SUPPLY_COUNT_SHIFT)
                | (uint256(uint40(recordDate)) << SUPPLY_RECORD_DATE_SHIFT);
            // The claimed total and the holder count (bits 128–247) stay; the index and the flags are replaced.
            uint256 newFlags =
                (flags | HOT_ISSUANCE_CLOSED | HOT_ENTERED) & ~uint256(HOT_RECORD_PENDING | HOT_RECORD_TAGGED);
            hot = index | (hot & (((1 << 120) - 1) << HOT_CLAIMED_SHIFT)) | (newFlags << HOT_FLAGS_SHIFT);
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(_hot.slot, hot)
                sstore(_supply.slot, supply)
            }
        }
        {
            uint256 book;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                book := sload(_cashBook.slot)
            }
            // The cap keeps the claimed total (<= distributed) within its 96 bits in `Hot`.
            uint256 distributed = (uint128(book) + cash).toUint96();
            // Lossless cast: dust < supply < 2^96. The sum stays below 2^128 (see `CashBook`); checked anyway.
            uint128 dustTotal = uint128(book >> CASHBOOK_DUST_SHIFT);
            dustTotal += uint128(dust);
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                sstore(_cashBook.slot, or(distributed, shl(CASHBOOK_DUST_SHIFT, dustTotal)))
            }
        }
        if (flags & HOT_ISSUANCE_CLOSED == 0) emit IPoolToken.IssuanceClosed(totalSupply);

        emit Distributed(id, interest, principal, index, FaceMath.factorDown(face, totalSupply), dust);
        _cash.safeTransferFrom(msg.sender, address(this), cash);
        _clearEntered();
    }

    /// @notice See `IWaterfallClassToken.markRecordDate`. Once a period, from the waterfall's keeper transaction, for
    /// every class: runs in the token itself (no DELEGATECALL) on the hot and supply words, each read and written
    /// once (the record date sits in the supply word next to the distribution count that names it).
    function markRecordDate() external onlyRole(DISTRIBUTOR_ROLE) {
        uint256 hot;
        uint256 supply;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            hot := sload(_hot.slot)
            supply := sload(_supply.slot)
        }
        // unchecked: a 24-bit count plus one.
        uint256 id;
        unchecked {
            id = uint24(supply >> SUPPLY_COUNT_SHIFT) + 1;
        }
        if ((hot >> HOT_FLAGS_SHIFT) & HOT_RECORD_PENDING != 0) revert TokenRecordDatePending(id);
        // Lossless: block time fits 40 bits until the year 36,812.
        supply = uint216(supply) | (uint256(uint40(block.timestamp)) << SUPPLY_RECORD_DATE_SHIFT);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(_hot.slot, or(hot, shl(HOT_FLAGS_SHIFT, HOT_RECORD_PENDING)))
            sstore(_supply.slot, supply)
        }
        emit RecordDateMarked(id, block.timestamp);
    }

    /// @inheritdoc IDistributions
    /// @dev Reentrancy-guarded inside `_claim` (the guard bit is set with the claimed total, in one write).
    function claim() external returns (uint256) {
        return _claim(msg.sender);
    }

    /// @inheritdoc IDistributions
    function claimFor(address holder) external returns (uint256) {
        if (msg.sender != holder && !_claimOperators[holder][msg.sender] && !hasRole(CLAIM_AGENT_ROLE, msg.sender)) {
            revert IPoolToken.TokenClaimNotAuthorized(msg.sender, holder);
        }
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

    /// @dev On raw words (no memory structs): the hot word once, the holder's account word and accrual slot. The
    /// reentrancy guard bit lives in the hot word with the claimed total, so setting it costs nothing beyond the write
    /// the claim makes anyway: checks, then effects (accrual, checkpoint, claimed total and guard in one write), then
    /// the payout, then the guard cleared. Only the registry's STATICCALL runs before the guard is set, and a static
    /// call cannot re-enter with a state change.
    function _claim(address holder) private returns (uint256 amount) {
        uint256 hot;
        uint256 accountSlot;
        uint256 accrualSlot;
        uint256 word;
        uint256 stored;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            hot := sload(_hot.slot)
            mstore(0x00, holder)
            mstore(0x20, _accounts.slot)
            accountSlot := keccak256(0x00, 0x40)
            mstore(0x20, _accruedScaled.slot)
            accrualSlot := keccak256(0x00, 0x40)
            word := sload(accountSlot)
            stored := sload(accrualSlot)
        }
        _requireNotEntered(hot);
        if ((word >> ACCOUNT_FLAGS_SHIFT) & FLAG_FROZEN != 0) revert TokenClaimWhileFrozen(holder);
        (uint256 record,) = _investorPair(holder, holder);
        if (InvestorWord.wrap(record).frozen()) revert TokenClaimWhileFrozen(holder);
        uint256 index = uint128(hot);
        uint256 accrued = stored & ~ACCRUAL_LIVE;
        if (uint128(word >> ACCOUNT_CHECKPOINT_SHIFT) != index) {
            if (word >> ACCOUNT_TAG_SHIFT == 0) {
                // Untagged: the whole period on the current balance, as `_accrualSince` books it; only the checkpoint
                // bits change (index < 2^128).
                uint256 checkpoint = uint128(word >> ACCOUNT_CHECKPOINT_SHIFT);
                accrued += DistributionMath.accruedScaled(uint96(word), checkpoint, index);
                word = word ^ (checkpoint << ACCOUNT_CHECKPOINT_SHIFT) ^ (index << ACCOUNT_CHECKPOINT_SHIFT);
                // solhint-disable-next-line no-inline-assembly
                assembly ("memory-safe") {
                    sstore(accountSlot, word)
                }
            } else {
                Account memory account = _loadAccount(holder);
                accrued += _accrualSince(holder, account, index);
                account.checkpoint = uint128(index);
                account.recordTag = 0;
                _storeAccount(holder, account);
            }
        }
        uint256 remainder;
        (amount, remainder) = DistributionMath.splitPayableDown(accrued);
        if (amount == 0) revert TokenNothingToClaim(holder);
        // The slot stays live (never zero), so the next distribution's settlement rewrites it instead of
        // re-creating it.
        stored = remainder | ACCRUAL_LIVE;
        // unchecked: amount <= claimable <= distributed - claimed, and distributed < 2^96 (see `CashBook`), so the
        // claimed total (bits 128–223) grows without a carry into the holder count.
        unchecked {
            hot = (hot + (amount << HOT_CLAIMED_SHIFT)) | (uint256(HOT_ENTERED) << HOT_FLAGS_SHIFT);
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(accrualSlot, stored)
            sstore(_hot.slot, hot)
        }
        emit Claimed(holder, amount);
        _cash.safeTransfer(holder, amount);
        _clearEntered();
    }

    function _accruedScaledOf(address holder) internal view returns (uint256) {
        Account memory account = _accounts[holder];
        uint256 index = _hot.index;
        return _accruedScaledAt(holder) + (account.checkpoint == index ? 0 : _accrualSince(holder, account, index));
    }

    /// @inheritdoc IWaterfallClassToken
    function lastRecordDate() external view returns (uint256) {
        return _supply.lastRecordDate;
    }

    /// @notice Whether a record date is pending (marked, its distribution not yet made) and the latest record date
    /// (the pending one when `pending`; 0 if none ever). Between the two the holders of record are fixed and the
    /// secondary market closes its books for the class (`IMarketToken`, docs/adr/0018-market-books-closed.md).
    function recordDatePending() external view returns (bool pending, uint256 recordDate) {
        return (_hot.flags & HOT_RECORD_PENDING != 0, _supply.lastRecordDate);
    }
}
