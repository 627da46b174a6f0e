// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IMarketToken} from "../interfaces/IMarketToken.sol";
import {ITrancheMarket} from "../interfaces/ITrancheMarket.sol";
import {MarketBook} from "./MarketBook.sol";
import {MarketCore} from "./MarketCore.sol";

/// @title The order book: limit orders per tranche, filled by explicit id, DvP in one transaction
/// @notice See ITrancheMarket and MarketCore (rounding, guard). Asks lock tokens in the maker's wallet; bids escrow
/// cash here. A fully filled or cancelled order is deleted, so it can never settle again.
contract TrancheMarket is ITrancheMarket, MarketCore, MarketBook {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the listing and fee roles.
    constructor(address admin) MarketCore(admin) {}

    // --------------------------------------------------------------------------------------------
    // Order book
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc ITrancheMarket
    function placeAsk(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry)
        external
        nonReentrant
        returns (uint256 orderId)
    {
        uint32 trancheId = _checkOrder(token, price, amount, minFill, expiry);
        orderId = _takeId();
        _append(orderId, _newOrder(trancheId, Side.Ask, price, amount, minFill, expiry, 0));
        emit OrderPlaced(orderId, token, msg.sender, Side.Ask, price, amount, minFill, expiry, 0);
        IMarketToken(token).lock(msg.sender, amount);
    }

    /// @inheritdoc ITrancheMarket
    function placeBid(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry)
        external
        nonReentrant
        returns (uint256 orderId)
    {
        uint32 trancheId = _checkOrder(token, price, amount, minFill, expiry);
        uint256 deposit = _bidDeposit(_listings[trancheId], amount, price, expiry);
        orderId = _takeId();
        _append(orderId, _newOrder(trancheId, Side.Bid, price, amount, minFill, expiry, deposit));
        emit OrderPlaced(orderId, token, msg.sender, Side.Bid, price, amount, minFill, expiry, deposit);
        _pullCash(IERC20(IMarketToken(token).cashToken()), msg.sender, deposit);
    }

    /// @inheritdoc ITrancheMarket
    function fill(uint256 orderId, uint256 amount, uint256 cashLimit) external nonReentrant {
        Order memory o = _orders[orderId];
        if (o.maker == address(0)) revert MarketUnknownOrder(orderId);
        if (block.timestamp >= o.expiry) revert MarketOrderExpired(orderId, o.expiry);
        if (msg.sender == o.maker) revert MarketSelfTrade(orderId, msg.sender);
        if (amount < o.minFill || amount > o.remaining || (amount != o.remaining && o.remaining - amount < o.minFill))
        {
            revert MarketInvalidFill(orderId, amount, o.remaining, o.minFill);
        }
        // Cannot underflow: amount <= remaining was checked just above.
        uint256 remaining;
        unchecked {
            remaining = o.remaining - amount;
        }
        Listing memory info = _listings[o.trancheId];
        if (o.side == Side.Ask) {
            if (remaining == 0) _remove(orderId, o);
            else _orders[orderId].remaining = uint96(remaining);
            emit OrderFilled(orderId, msg.sender, amount, remaining, 0);
            _buyFromLock(info, orderId, o.maker, msg.sender, amount, o.price, cashLimit);
        } else {
            Priced memory p = _priceFromEscrow(info, orderId, amount, o.price, o.cash, cashLimit);
            // Cannot underflow: `_priceFromEscrow` checked total <= cash.
            uint256 cashLeft = o.cash - p.total;
            uint256 refund;
            if (remaining == 0) {
                refund = cashLeft;
                _remove(orderId, o);
            } else {
                Order storage stored = _orders[orderId];
                stored.remaining = uint96(remaining);
                stored.cash = uint128(cashLeft);
            }
            emit OrderFilled(orderId, msg.sender, amount, remaining, refund);
            _sellIntoEscrow(info, orderId, msg.sender, o.maker, amount, o.price, p, refund);
        }
    }

    /// @inheritdoc ITrancheMarket
    function cancel(uint256 orderId) external nonReentrant {
        Order memory o = _orders[orderId];
        if (o.maker == address(0)) revert MarketUnknownOrder(orderId);
        bool expired = block.timestamp >= o.expiry;
        if (msg.sender != o.maker && !expired) revert MarketNotCancellable(orderId, msg.sender, o.expiry);
        _remove(orderId, o);
        IMarketToken token = IMarketToken(_listings[o.trancheId].token);
        if (o.side == Side.Ask) {
            uint256 released = _releasable(token, o.maker, o.remaining);
            emit OrderCancelled(orderId, msg.sender, expired, released, 0);
            if (released != 0) token.unlock(o.maker, released);
        } else {
            emit OrderCancelled(orderId, msg.sender, expired, 0, o.cash);
            if (o.cash != 0) IERC20(token.cashToken()).safeTransfer(o.maker, o.cash);
        }
    }

    // --------------------------------------------------------------------------------------------
    // Views
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc ITrancheMarket
    function order(uint256 orderId) external view returns (OrderView memory) {
        Order memory o = _orders[orderId];
        if (o.maker == address(0)) revert MarketUnknownOrder(orderId);
        return _view(orderId, o);
    }

    /// @inheritdoc ITrancheMarket
    function best(address token, Side side) external view returns (OrderView memory bestOrder) {
        (uint256 id, Order memory o) = _best(_listed(token), side);
        if (id != 0) bestOrder = _view(id, o);
    }

    /// @inheritdoc ITrancheMarket
    function depth(address token, Side side, uint256 levels) external view returns (Level[] memory) {
        return _depth(_listed(token), side, levels);
    }

    // --------------------------------------------------------------------------------------------
    // Internal
    // --------------------------------------------------------------------------------------------

    function _checkOrder(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry)
        private
        view
        returns (uint32 trancheId)
    {
        trancheId = _listed(token);
        if (price == 0 || price > type(uint64).max) revert MarketInvalidPrice(price);
        if (expiry <= block.timestamp || expiry > type(uint40).max) revert MarketInvalidExpiry(expiry, block.timestamp);
        uint256 lot = _lotSize(token);
        if (minFill == 0 || minFill < lot || minFill > amount || amount > type(uint96).max) {
            revert MarketInvalidSize(amount, minFill, lot);
        }
    }

    /// @dev The token's lot size (`transferRules().minHolding`), read from the head of the returned struct: the
    /// blocked-country list that follows it is of no use here and decoding it would cost code size for nothing.
    function _lotSize(address token) private view returns (uint256 lot) {
        (bool ok, bytes memory data) = token.staticcall(abi.encodeCall(IMarketToken.transferRules, ()));
        // A struct with a dynamic member is returned by offset: [offset][allowedClasses][minHolding]…
        if (!ok || data.length < 96) revert MarketNotListed(token);
        (, , lot) = abi.decode(data, (uint256, uint256, uint256));
    }

    function _newOrder(
        uint32 trancheId,
        Side side,
        uint256 price,
        uint256 amount,
        uint256 minFill,
        uint256 expiry,
        uint256 cash
    ) private view returns (Order memory) {
        // Lossless casts: `_checkOrder` bounded price, amount (>= minFill) and expiry; deposits fit 128 bits.
        return Order({
            maker: msg.sender,
            trancheId: trancheId,
            expiry: uint40(expiry),
            side: side,
            remaining: uint96(amount),
            minFill: uint96(minFill),
            price: uint64(price),
            cash: cash.toUint128(),
            prev: 0,
            next: 0
        });
    }

    function _view(uint256 id, Order memory o) private view returns (OrderView memory) {
        return OrderView({
            orderId: id,
            token: _listings[o.trancheId].token,
            maker: o.maker,
            side: o.side,
            price: o.price,
            remaining: o.remaining,
            minFill: o.minFill,
            expiry: o.expiry,
            cash: o.cash
        });
    }
}
