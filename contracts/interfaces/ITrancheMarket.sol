// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketCore} from "./IMarketCore.sol";

/// @title The order book of the secondary market: a DvP escrow with limit orders per tranche
/// @notice Asks lock the seller's tokens in the seller's wallet through the token's per-escrow lock (P&I keeps
/// accruing to the seller until settlement); bids hold the buyer's stablecoin here. A fill moves tokens to the
/// buyer, cash to the seller and the taker fee to the fee account in one transaction, or nothing.
/// Ordering model (docs/market.md): orders never change except for their remaining size and are taken by explicit
/// id, so a maker never trades at another price or beyond its size, whatever the order of transactions; a cancel
/// and a fill racing each other settle in block order, each completely or not at all.
interface ITrancheMarket is IMarketCore {
    /// @notice An open order as the views return it.
    struct OrderView {
        uint256 orderId;
        address token;
        address maker;
        Side side;
        uint256 price;
        uint256 remaining;
        uint256 minFill;
        uint256 expiry;
        uint256 cash;
    }

    /// @notice Aggregated size at one price.
    struct Level {
        uint256 price;
        uint256 amount;
        uint256 orders;
    }

    /// @notice An order was placed; `cashDeposit` is the cash a bid escrowed (0 for an ask, whose `amount` was
    /// locked in the maker's wallet).
    event OrderPlaced(
        uint256 indexed orderId,
        address indexed token,
        address indexed maker,
        Side side,
        uint256 price,
        uint256 amount,
        uint256 minFill,
        uint256 expiry,
        uint256 cashDeposit
    );
    /// @notice `amount` of order `orderId` was filled by `taker`; `remaining` is left; when it is 0 the order is
    /// closed and `cashRefunded` (a bid's unspent deposit) went back to the maker. The cash legs are in `Traded`.
    event OrderFilled(
        uint256 indexed orderId, address indexed taker, uint256 amount, uint256 remaining, uint256 cashRefunded
    );
    /// @notice Order `orderId` was closed unfilled by `by` (its maker, or anyone once `expired`), releasing
    /// `tokensUnlocked` in the maker's wallet or refunding `cashRefunded`.
    event OrderCancelled(
        uint256 indexed orderId, address indexed by, bool expired, uint256 tokensUnlocked, uint256 cashRefunded
    );

    /// @notice No open order with this id (never placed, filled or cancelled).
    error MarketUnknownOrder(uint256 orderId);
    error MarketOrderExpired(uint256 orderId, uint256 expiry);
    /// @notice A fill below the order's minimum, above what remains, or leaving less than the minimum behind.
    error MarketInvalidFill(uint256 orderId, uint256 amount, uint256 remaining, uint256 minFill);
    /// @notice Only the maker may cancel before expiry.
    error MarketNotCancellable(uint256 orderId, address caller, uint256 expiry);

    /// @notice Sells `amount` of original face at `price`: locks it in the caller's wallet (spending the caller's
    /// token allowance to the market). `minFill` is the smallest fill accepted (at least the token's lot size).
    function placeAsk(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry)
        external
        returns (uint256 orderId);

    /// @notice Buys `amount` of original face at `price`: escrows `bidDeposit(token, amount, price, expiry)`, so every
    /// fill until expiry is covered; what is not spent is refunded when the order closes.
    function placeBid(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry)
        external
        returns (uint256 orderId);

    /// @notice Takes `amount` of order `orderId`. On an ask the caller buys and pays at most `cashLimit` (fee
    /// included) from its wallet; on a bid the caller sells (spending its token allowance to the market) and
    /// receives at least `cashLimit` (fee deducted).
    function fill(uint256 orderId, uint256 amount, uint256 cashLimit) external;

    /// @notice Cancels an order: its maker at any time, anyone after expiry. Returns exactly what remains of what
    /// was put in (locked tokens released, unspent cash refunded).
    function cancel(uint256 orderId) external;

    /// @notice Order `orderId` while it is open (reverts `MarketUnknownOrder` once closed or never placed).
    function order(uint256 orderId) external view returns (OrderView memory);

    /// @notice Best open, unexpired order of `side` on `token` by price, then time (orderId 0 when none).
    function best(address token, Side side) external view returns (OrderView memory);

    /// @notice Up to `levels` price levels of `side`, best first, of open unexpired orders.
    function depth(address token, Side side, uint256 levels) external view returns (Level[] memory);
}
