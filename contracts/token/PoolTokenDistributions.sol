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
    /// @dev O(1): only the index moves. The first distribution closes the issuance window.
    function distribute(uint256 interest, uint256 principal)
        external
        virtual
        onlyRole(DISTRIBUTOR_ROLE)
        nonReentrant
    {
        Supply memory supply = _supply;
        if (supply.totalSupply == 0) revert TokenNothingOutstanding();
        if (principal > supply.currentFace) revert TokenExceedsCurrentFace(principal, supply.currentFace);

        uint256 cash = interest + principal;
        (uint256 increment, uint256 dust) = DistributionMath.indexIncrementDown(cash, supply.totalSupply);
        Hot memory hot = _hot;
        hot.index = (hot.index + increment).toUint128();
        bool opening = hot.flags & HOT_ISSUANCE_CLOSED == 0;
        // Cannot underflow: principal <= currentFace checked above, so the cast is lossless too.
        supply.currentFace -= uint96(principal);
        ++supply.distributionCount;
        // This distribution consumes the pending record date; holders who moved since book it on their
        // record-date balance, so its increment is kept for them (only then: one slot).
        if (hot.flags & HOT_RECORD_TAGGED != 0) _recordIncrement[supply.distributionCount] = increment;
        hot.flags = (hot.flags | HOT_ISSUANCE_CLOSED) & ~(HOT_RECORD_PENDING | HOT_RECORD_TAGGED);
        _hot = hot;
        _supply = supply;
        CashBook memory book = _cashBook;
        // The cap keeps the claimed total (<= distributed) within its 96 bits in `Hot`.
        book.distributed = (book.distributed + cash).toUint96();
        // Lossless cast: dust < supply < 2^96. The sum stays below 2^128 (see `CashBook`); checked anyway.
        book.dustScaled += uint128(dust);
        _cashBook = book;
        if (opening) emit IPoolToken.IssuanceClosed(supply.totalSupply);

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
    function claim() external nonReentrant returns (uint256) {
        return _claim(msg.sender);
    }

    /// @inheritdoc IDistributions
    function claimFor(address holder) external nonReentrant returns (uint256) {
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

    /// @dev Runs under `nonReentrant`, whose guard bit shares `_hot` with the index and the claimed total: the
    /// guard's write is the same warm slot the claim updates anyway (checks, then effects, then the payout).
    function _claim(address holder) private returns (uint256 amount) {
        Account memory account = _accounts[holder];
        if (account.flags & FLAG_FROZEN != 0) revert TokenClaimWhileFrozen(holder);
        (InvestorWord record,) = _kycRegistry.investorPairPacked(holder, holder);
        if (record.frozen()) revert TokenClaimWhileFrozen(holder);
        Hot storage hot = _hot;
        uint128 index = hot.index;
        uint256 accrued = _accruedScaledAt(holder);
        if (account.checkpoint != index) {
            accrued += _accrualSince(holder, account, index);
            account.checkpoint = index;
            account.recordTag = 0;
            _accounts[holder] = account;
        }
        uint256 remainder;
        (amount, remainder) = DistributionMath.splitPayableDown(accrued);
        if (amount == 0) revert TokenNothingToClaim(holder);
        // The slot stays live (never zero), so the next distribution's settlement rewrites it instead of
        // re-creating it.
        _accruedScaled[holder] = remainder | ACCRUAL_LIVE;
        // Lossless cast: amount <= claimable <= distributed - claimed < 2^96 (exact conservation, see `CashBook`).
        hot.claimed += uint96(amount);
        emit Claimed(holder, amount);
        _cash.safeTransfer(holder, amount);
    }

    function _accruedScaledOf(address holder) internal view returns (uint256) {
        Account memory account = _accounts[holder];
        uint256 index = _hot.index;
        return _accruedScaledAt(holder) + (account.checkpoint == index ? 0 : _accrualSince(holder, account, index));
    }

    /// @inheritdoc IWaterfallClassToken
    function lastRecordDate() external view returns (uint256) {
        return _recordBook.lastRecordDate;
    }

    /// @notice Whether a record date is pending (marked, its distribution not yet made) and the latest record date
    /// (the pending one when `pending`; 0 if none ever). Between the two the holders of record are fixed and the
    /// secondary market closes its books for the class (`IMarketToken`, docs/adr/0018-market-books-closed.md).
    function recordDatePending() external view returns (bool pending, uint256 recordDate) {
        return (_hot.flags & HOT_RECORD_PENDING != 0, _recordBook.lastRecordDate);
    }
}
