// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ILoanPool} from "../interfaces/ILoanPool.sol";
import {IMarketCore} from "../interfaces/IMarketCore.sol";
import {IMarketToken} from "../interfaces/IMarketToken.sol";
import {SettlementMath} from "./SettlementMath.sol";

/// @title What every market venue shares: listings, the taker fee, the reentrancy guard and the two DvP legs
/// @notice Every function that moves tokens or cash follows checks-effects-interactions under one reentrancy guard
/// whose flag shares the venue's hot slot (fee, id counter) with data every such call reads anyway (London has no
/// transient storage). Rounding (SettlementMath): current face down; principal and accrued in the maker's favour —
/// up when the maker sells (an ask, a selling proposer; the buyer pays from its wallet), down when the maker buys
/// (a bid, a buying proposer; paid out of escrow); a bid's deposit up; the taker fee down.
/// Between a class's record date and its distribution nothing of the class settles (`MarketBooksClosed`, ADR 0018):
/// the seller of record keeps the period's P&I and no buyer pays for it; orders wait and settle after.
/// @dev Fee-on-transfer or rebasing settlement coins are not supported (a short delivery into escrow reverts).
abstract contract MarketCore is IMarketCore, AccessControl {
    using SafeERC20 for IERC20;

    /// @notice Lists tranches (from their pool record).
    bytes32 public constant LISTING_ROLE = keccak256("LISTING_ROLE");
    /// @notice Sets the taker fee.
    bytes32 public constant FEE_ROLE = keccak256("FEE_ROLE");
    /// @notice Highest taker fee: 1 %.
    uint16 public constant MAX_FEE_BPS = 100;
    /// @notice Prices carry 8 decimals per 100 of current face.
    uint256 public constant PRICE_SCALE = SettlementMath.PRICE_SCALE;

    uint256 private constant BPS = 10_000;

    /// @dev Read by every cash-moving call; one slot (248 bits).
    struct Hot {
        address feeRecipient;
        uint16 feeBps;
        uint64 nextId; // the next order, trade or RFQ id of this venue
        uint8 entered; // reentrancy guard
    }

    /// @dev The cash of a settlement out of escrow and its fee.
    struct Priced {
        SettlementMath.Amounts amounts;
        uint256 total;
        uint256 fee;
        address feeRecipient;
    }

    Hot private _hot;
    uint32 private _listingCount;
    mapping(uint32 trancheId => Listing) internal _listings;
    mapping(address token => uint32) private _trancheIdOf;

    /// @dev Entry and exit are functions, not modifier code pasted into every guarded function: smaller bytecode
    /// (the order book sits close to the size margin) for two jumps' gas.
    modifier nonReentrant() {
        _enter();
        _;
        _exit();
    }

    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the listing and fee roles.
    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _hot.nextId = 1;
    }

    // --------------------------------------------------------------------------------------------
    // Administration
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc IMarketCore
    function listTranche(ILoanPool pool, uint256 index) external onlyRole(LISTING_ROLE) returns (uint32 trancheId) {
        ILoanPool.Tranche memory t = pool.tranche(index);
        if (_trancheIdOf[t.token] != 0) revert MarketAlreadyListed(t.token);
        uint40 accrualStart = uint40(pool.commitment().cutoffDate);
        trancheId = ++_listingCount;
        _listings[trancheId] = Listing({token: t.token, couponPpm: t.couponPpm, accrualStart: accrualStart});
        _trancheIdOf[t.token] = trancheId;
        emit TrancheListed(trancheId, t.token, address(pool), index, t.couponPpm, accrualStart);
    }

    /// @inheritdoc IMarketCore
    function setTakerFee(address recipient, uint16 feeBps) external onlyRole(FEE_ROLE) {
        if (feeBps > MAX_FEE_BPS) revert MarketFeeTooHigh(feeBps, MAX_FEE_BPS);
        if (recipient == address(0) && feeBps != 0) revert MarketFeeTooHigh(feeBps, 0);
        _hot.feeRecipient = recipient;
        _hot.feeBps = feeBps;
        emit TakerFeeSet(recipient, feeBps);
    }

    // --------------------------------------------------------------------------------------------
    // Views
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc IMarketCore
    function trancheIdOf(address token) external view returns (uint32) {
        return _trancheIdOf[token];
    }

    /// @inheritdoc IMarketCore
    function quote(address token, uint256 amount, uint256 price)
        external
        view
        returns (uint256 currentFace, uint256 principal, uint256 accrued, uint256 accrualDays, uint256 fee)
    {
        SettlementMath.Amounts memory a =
            _amounts(_listings[_listed(token)], amount, price, block.timestamp, Math.Rounding.Ceil, true);
        fee = _fee(a.principal + a.accrued, _hot.feeBps);
        return (a.currentFace, a.principal, a.accrued, a.accrualDays, fee);
    }

    /// @inheritdoc IMarketCore
    function bidDeposit(address token, uint256 amount, uint256 price, uint256 expiry) external view returns (uint256) {
        return _bidDeposit(_listings[_listed(token)], amount, price, expiry);
    }

    /// @inheritdoc IMarketCore
    function takerFee() external view returns (address recipient, uint16 feeBps) {
        return (_hot.feeRecipient, _hot.feeBps);
    }

    // --------------------------------------------------------------------------------------------
    // Internal: settlement legs
    // --------------------------------------------------------------------------------------------

    /// @dev Seller's tokens are locked here; the buyer (the taker, or the confirming counterparty) pays from its
    /// wallet. Maker sells: cash rounded up. Tokens move under every rule of the token (or the whole call reverts
    /// with the token's reason).
    function _buyFromLock(
        Listing memory info,
        uint256 ref,
        address seller,
        address buyer,
        uint256 amount,
        uint256 price,
        uint256 maxCash
    ) internal {
        IMarketToken token = IMarketToken(info.token);
        SettlementMath.Amounts memory a = _amounts(info, amount, price, block.timestamp, Math.Rounding.Ceil, true);
        uint256 total = a.principal + a.accrued;
        Hot memory hot = _hot;
        uint256 fee = _fee(total, hot.feeBps);
        if (total + fee > maxCash) revert MarketCashAboveLimit(ref, total + fee, maxCash);
        emit Traded(info.token, seller, buyer, ref, amount, a.currentFace, price, a.principal, a.accrued, a.accrualDays, fee);
        token.settleLocked(seller, buyer, amount);
        IERC20 cash = IERC20(token.cashToken());
        cash.safeTransferFrom(buyer, seller, total);
        if (fee != 0) cash.safeTransferFrom(buyer, hot.feeRecipient, fee);
    }

    /// @dev Neither leg escrowed: the seller delivers and the buyer pays by allowance, at the second confirmation.
    /// The proposer is the maker (rounding in its favour), the confirming counterparty the taker (fee and limit).
    /// Whatever the taker's side, the fee comes out of the buyer's wallet: on top of the price when the taker buys,
    /// out of the seller's proceeds when the taker sells.
    function _settleByAllowance(
        Listing memory info,
        uint256 ref,
        address seller,
        address buyer,
        uint256 amount,
        uint256 price,
        bool takerBuys,
        uint256 cashLimit
    ) internal {
        SettlementMath.Amounts memory a =
            _amounts(info, amount, price, block.timestamp, takerBuys ? Math.Rounding.Ceil : Math.Rounding.Floor, true);
        uint256 total = a.principal + a.accrued;
        Hot memory hot = _hot;
        uint256 fee = _fee(total, hot.feeBps);
        if (takerBuys && total + fee > cashLimit) revert MarketCashAboveLimit(ref, total + fee, cashLimit);
        if (!takerBuys && total - fee < cashLimit) revert MarketCashBelowLimit(ref, total - fee, cashLimit);
        emit Traded(info.token, seller, buyer, ref, amount, a.currentFace, price, a.principal, a.accrued, a.accrualDays, fee);
        IMarketToken token = IMarketToken(info.token);
        token.transferFrom(seller, buyer, amount);
        IERC20 cash = IERC20(token.cashToken());
        cash.safeTransferFrom(buyer, seller, takerBuys ? total : total - fee);
        if (fee != 0) cash.safeTransferFrom(buyer, hot.feeRecipient, fee);
    }

    /// @dev Prices a settlement paid out of escrowed cash (the maker bought: rounded down) and checks the escrow
    /// and the selling taker's limit.
    function _priceFromEscrow(
        Listing memory info,
        uint256 ref,
        uint256 amount,
        uint256 price,
        uint256 available,
        uint256 minCash
    ) internal view returns (Priced memory p) {
        p.amounts = _amounts(info, amount, price, block.timestamp, Math.Rounding.Floor, true);
        p.total = p.amounts.principal + p.amounts.accrued;
        if (p.total > available) revert MarketBidUnderfunded(ref, p.total, available);
        Hot memory hot = _hot;
        p.fee = _fee(p.total, hot.feeBps);
        p.feeRecipient = hot.feeRecipient;
        if (p.total - p.fee < minCash) revert MarketCashBelowLimit(ref, p.total - p.fee, minCash);
    }

    /// @dev The seller (taker or confirming counterparty) delivers by allowance; the escrow pays it, the fee
    /// recipient, and refunds the buyer's unspent deposit.
    function _sellIntoEscrow(
        Listing memory info,
        uint256 ref,
        address seller,
        address buyer,
        uint256 amount,
        uint256 price,
        Priced memory p,
        uint256 refund
    ) internal {
        SettlementMath.Amounts memory a = p.amounts;
        emit Traded(info.token, seller, buyer, ref, amount, a.currentFace, price, a.principal, a.accrued, a.accrualDays, p.fee);
        IMarketToken token = IMarketToken(info.token);
        token.transferFrom(seller, buyer, amount);
        IERC20 cash = IERC20(token.cashToken());
        cash.safeTransfer(seller, p.total - p.fee);
        if (p.fee != 0) cash.safeTransfer(p.feeRecipient, p.fee);
        if (refund != 0) cash.safeTransfer(buyer, refund);
    }

    /// @dev `settling`: a settlement now (or its quote), refused while the class's books are closed; otherwise a
    /// bid's deposit, priced from the pending record date on today's face (an upper bound after the distribution).
    function _amounts(
        Listing memory info,
        uint256 amount,
        uint256 price,
        uint256 at,
        Math.Rounding rounding,
        bool settling
    ) internal view returns (SettlementMath.Amounts memory) {
        IMarketToken token = IMarketToken(info.token);
        (bool pending, uint256 start) = token.recordDatePending();
        if (pending && settling) revert MarketBooksClosed(info.token, token.distributionCount() + 1, start);
        if (start == 0) start = info.accrualStart;
        return SettlementMath.amounts(
            amount, price, token.currentFace(), token.totalSupply(), info.couponPpm, start, at, rounding
        );
    }

    /// @dev Enough cash for every fill until `expiry` at today's current face (which only falls, barring a loss
    /// write-up or accretion) with interest accrued up to the expiry date, rounded up.
    function _bidDeposit(Listing memory info, uint256 amount, uint256 price, uint256 expiry)
        internal
        view
        returns (uint256)
    {
        SettlementMath.Amounts memory a = _amounts(info, amount, price, expiry, Math.Rounding.Ceil, false);
        if (a.currentFace == 0) revert MarketNothingOutstanding(info.token);
        return a.principal + a.accrued;
    }

    function _fee(uint256 total, uint16 feeBps) internal pure returns (uint256) {
        return feeBps == 0 ? 0 : total * feeBps / BPS;
    }

    /// @dev What can be released of `wanted`: an enforcement action (forced transfer, wallet recovery) may have
    /// consumed part of the lock, and releasing what is no longer locked would revert and trap the order.
    function _releasable(IMarketToken token, address holder, uint256 wanted) internal view returns (uint256) {
        uint256 locked = token.lockedOf(holder, address(this));
        return wanted < locked ? wanted : locked;
    }

    /// @dev Pulls `amount` into escrow and checks it arrived in full.
    function _pullCash(IERC20 cash, address from, uint256 amount) internal {
        uint256 before = cash.balanceOf(address(this));
        cash.safeTransferFrom(from, address(this), amount);
        uint256 received = cash.balanceOf(address(this)) - before;
        if (received != amount) revert MarketCashShortDelivered(amount, received);
    }

    function _listed(address token) internal view returns (uint32 trancheId) {
        trancheId = _trancheIdOf[token];
        if (trancheId == 0) revert MarketNotListed(token);
    }

    function _enter() private {
        if (_hot.entered != 0) revert MarketReentrantCall();
        _hot.entered = 1;
    }

    function _exit() private {
        _hot.entered = 0;
    }

    function _takeId() internal returns (uint64 id) {
        id = _hot.nextId;
        // unchecked: 2^64 ids are out of reach.
        unchecked {
            _hot.nextId = id + 1;
        }
    }
}
