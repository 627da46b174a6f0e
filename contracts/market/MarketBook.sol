// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketCore} from "../interfaces/IMarketCore.sol";
import {ITrancheMarket} from "../interfaces/ITrancheMarket.sol";

/// @title The open orders of each tranche and side, in time order, with price-time views
/// @notice Orders sit in one doubly linked list per (tranche, side) so that placing and closing are O(1) and the
/// views walk only open orders, never the history. Fills name their order explicitly; `_best` answers the
/// price-time question (best price, then the oldest at that price) for takers and UIs.
abstract contract MarketBook {
    /// @dev Three slots. `cash` is a bid's unspent deposit (0 for an ask: its tokens stay in the maker's wallet).
    struct Order {
        // slot 0 (248 bits)
        address maker; // 0 = no open order with this id
        uint32 trancheId;
        uint40 expiry;
        IMarketCore.Side side;
        // slot 1 (256 bits)
        uint96 remaining;
        uint96 minFill;
        uint64 price;
        // slot 2 (256 bits)
        uint128 cash;
        uint64 prev;
        uint64 next;
    }

    /// @dev Head (oldest) and tail (newest) of each side's list of one tranche, one slot.
    struct Ends {
        uint64 bidHead;
        uint64 bidTail;
        uint64 askHead;
        uint64 askTail;
    }

    mapping(uint256 orderId => Order) internal _orders;
    mapping(uint32 trancheId => Ends) private _ends;

    /// @dev Stores a new order at the tail of its list.
    function _append(uint256 id, Order memory o) internal {
        Ends memory ends = _ends[o.trancheId];
        bool bid = o.side == IMarketCore.Side.Bid;
        uint64 tail = bid ? ends.bidTail : ends.askTail;
        o.prev = tail;
        _orders[id] = o;
        // Lossless: ids come from a uint64 counter.
        if (tail != 0) _orders[tail].next = uint64(id);
        if (bid) {
            if (tail == 0) ends.bidHead = uint64(id);
            ends.bidTail = uint64(id);
        } else {
            if (tail == 0) ends.askHead = uint64(id);
            ends.askTail = uint64(id);
        }
        _ends[o.trancheId] = ends;
    }

    /// @dev Unlinks and deletes an open order (`o` is its stored copy).
    function _remove(uint256 id, Order memory o) internal {
        bool bid = o.side == IMarketCore.Side.Bid;
        if (o.prev != 0) _orders[o.prev].next = o.next;
        if (o.next != 0) _orders[o.next].prev = o.prev;
        if (o.prev == 0 || o.next == 0) {
            Ends storage ends = _ends[o.trancheId];
            if (bid) {
                if (o.prev == 0) ends.bidHead = o.next;
                if (o.next == 0) ends.bidTail = o.prev;
            } else {
                if (o.prev == 0) ends.askHead = o.next;
                if (o.next == 0) ends.askTail = o.prev;
            }
        }
        delete _orders[id];
    }

    function _head(uint32 trancheId, IMarketCore.Side side) internal view returns (uint256) {
        Ends memory ends = _ends[trancheId];
        return side == IMarketCore.Side.Bid ? ends.bidHead : ends.askHead;
    }

    /// @dev `a` is a better price than `b` for `side` (higher bid, lower ask).
    function _better(IMarketCore.Side side, uint256 a, uint256 b) private pure returns (bool) {
        return side == IMarketCore.Side.Bid ? a > b : a < b;
    }

    /// @dev The best unexpired order by price, then time (the list is in time order, so the first seen wins ties).
    function _best(uint32 trancheId, IMarketCore.Side side) internal view returns (uint256 bestId, Order memory bestOrder) {
        for (uint256 id = _head(trancheId, side); id != 0;) {
            Order memory o = _orders[id];
            if (block.timestamp < o.expiry && (bestId == 0 || _better(side, o.price, bestOrder.price))) {
                bestId = id;
                bestOrder = o;
            }
            id = o.next;
        }
    }

    /// @dev Up to `levels` price levels of unexpired orders, best first: repeated selection of the next best price
    /// strictly worse than the previous level (O(levels × open orders), views only).
    function _depth(uint32 trancheId, IMarketCore.Side side, uint256 levels)
        internal
        view
        returns (ITrancheMarket.Level[] memory result)
    {
        uint256 count;
        for (uint256 id = _head(trancheId, side); id != 0; id = _orders[id].next) ++count;
        Order[] memory live = new Order[](count);
        uint256 n;
        for (uint256 id = _head(trancheId, side); id != 0;) {
            Order memory o = _orders[id];
            if (block.timestamp < o.expiry) live[n++] = o;
            id = o.next;
        }
        result = new ITrancheMarket.Level[](levels < n ? levels : n);
        uint256 found;
        bool havePrevious;
        uint256 previous;
        while (found < result.length) {
            ITrancheMarket.Level memory level;
            bool any;
            for (uint256 i; i < n; ++i) {
                uint256 price = live[i].price;
                if (havePrevious && !_better(side, previous, price)) continue;
                if (!any || _better(side, price, level.price)) {
                    level = ITrancheMarket.Level({price: price, amount: 0, orders: 0});
                    any = true;
                }
            }
            if (!any) break;
            for (uint256 i; i < n; ++i) {
                if (live[i].price == level.price) {
                    level.amount += live[i].remaining;
                    ++level.orders;
                }
            }
            result[found++] = level;
            previous = level.price;
            havePrevious = true;
        }
        // Fewer distinct prices than slots: trim the array in place.
        assembly ("memory-safe") {
            mstore(result, found)
        }
    }
}
