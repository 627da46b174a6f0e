// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ILoanPool} from "./ILoanPool.sol";

/// @title What every venue of the secondary market shares: listings, the taker fee and MBS settlement cash
/// @notice Each venue (the order book, the bilateral desk) is its own escrow on the token (per-escrow locks).
/// Settlement cash = price × current face / 100 + accrued interest: 30/360 at the class coupon from the start of
/// the accrual period — the token's latest record date, or the pool's cut-off date before the first record date —
/// to the settlement date (the UTC date of the block). A buyer settling before the record date therefore receives
/// the next payment and pays the seller the interest accrued so far. Between a record date and its distribution
/// the books are closed (`MarketBooksClosed`): the seller of record keeps the period's P&I and no buyer pays for it. Amounts of tokens are in original face (the
/// token's units); prices per 100 of current face with 8 decimals (`PRICE_SCALE`, 101.5 = 10_150_000_000).
/// Cash is rounded in the maker's favour (up when the maker sells, down when it buys); the taker pays the fee
/// (rounded down) and bounds its cash with a limit. The token's own transfer rules decide eligibility: a refused
/// settlement reverts with the token's reason and moves nothing.
interface IMarketCore {
    /// @notice Which side an order or a proposal is on: Bid buys tokens for cash, Ask sells tokens for cash.
    enum Side {
        Bid,
        Ask
    }

    /// @notice One listed tranche.
    /// @param token The tranche token.
    /// @param couponPpm Annual coupon in parts per million (from the pool record).
    /// @param accrualStart Start of the first accrual period (the pool's cut-off date), used until the token has a
    ///        record date.
    struct Listing {
        address token;
        uint32 couponPpm;
        uint40 accrualStart;
    }

    /// @notice Class `poolIndex` of `pool` was listed as `trancheId`.
    event TrancheListed(
        uint32 indexed trancheId,
        address indexed token,
        address indexed pool,
        uint256 poolIndex,
        uint32 couponPpm,
        uint40 accrualStart
    );
    /// @notice The taker fee changed.
    event TakerFeeSet(address recipient, uint16 feeBps);
    /// @notice One settlement, the trade tape: `ref` is the venue's order or trade id. `amount` is original face;
    /// `principal + accrued` is what the buyer's side paid, `fee` what the taker paid on top (buying) or had
    /// deducted (selling).
    event Traded(
        address indexed token,
        address indexed seller,
        address indexed buyer,
        uint256 ref,
        uint256 amount,
        uint256 currentFace,
        uint256 price,
        uint256 principal,
        uint256 accrued,
        uint256 accrualDays,
        uint256 fee
    );

    error MarketNotListed(address token);
    error MarketAlreadyListed(address token);
    /// @notice Above `maxBps`, or a fee without a recipient (`maxBps` 0).
    error MarketFeeTooHigh(uint16 feeBps, uint16 maxBps);
    error MarketInvalidPrice(uint256 price);
    /// @notice Amount and minimum fill must satisfy 0 < lotSize <= minFill <= amount (a trade: amount > 0).
    error MarketInvalidSize(uint256 amount, uint256 minFill, uint256 lotSize);
    error MarketInvalidExpiry(uint256 expiry, uint256 time);
    /// @notice A buyer would pay `cash` (fee included) above its limit.
    error MarketCashAboveLimit(uint256 ref, uint256 cash, uint256 limit);
    /// @notice A seller would receive `cash` (fee deducted) below its limit.
    error MarketCashBelowLimit(uint256 ref, uint256 cash, uint256 limit);
    /// @notice The escrowed cash no longer covers the settlement (the face rose after a write-up or accretion).
    error MarketBidUnderfunded(uint256 ref, uint256 needed, uint256 available);
    error MarketSelfTrade(uint256 ref, address account);
    /// @notice The cash token delivered less than it was asked to (fee-on-transfer coins are not supported).
    error MarketCashShortDelivered(uint256 expected, uint256 received);
    error MarketReentrantCall();
    /// @notice The class has no current face (nothing issued, or all paid down or written off): nothing to price.
    error MarketNothingOutstanding(address token);
    /// @notice Books closed: the record date of the class's distribution `distributionId` passed at `recordDate`
    /// (Unix time) and that distribution is not made yet. No settlement of the class until it is: the holders of
    /// record are fixed and the period's principal is not yet off the face, so a price on today's face would make the
    /// buyer pay for principal the seller of record receives. Orders and proposals stay open (cancel and withdraw
    /// always work) and settle after the distribution, at the then-current face with interest accrued from
    /// `recordDate` (docs/adr/0018-market-books-closed.md).
    error MarketBooksClosed(address token, uint256 distributionId, uint256 recordDate);

    /// @notice Lists class `index` of `pool`: token, coupon and first accrual date (the cut-off date) come from the
    /// pool record, never typed by an operator. Listing role. The venue also needs the token's escrow role.
    function listTranche(ILoanPool pool, uint256 index) external returns (uint32 trancheId);

    /// @notice Sets the taker fee (basis points of the settlement cash, at most `MAX_FEE_BPS`) and its recipient.
    /// Fee role.
    function setTakerFee(address recipient, uint16 feeBps) external;

    /// @notice The listing id of `token` (0: not listed).
    function trancheIdOf(address token) external view returns (uint32);


    /// @notice What settling `amount` at `price` now would cost a buyer, rounded up (an upper bound), and the taker
    /// fee on it. Reverts `MarketBooksClosed` while the class's books are closed (nothing can settle).
    function quote(address token, uint256 amount, uint256 price)
        external
        view
        returns (uint256 currentFace, uint256 principal, uint256 accrued, uint256 accrualDays, uint256 fee);

    /// @notice The cash a bid or a buying proposer escrows for `amount` at `price` until `expiry`: today's current
    /// face with interest accrued to the expiry date, rounded up. Also while the books are closed (orders may be
    /// placed then): interest from the pending record date, today's face — enough after the distribution, which
    /// only lowers the face and starts the accrual at that record date.
    function bidDeposit(address token, uint256 amount, uint256 price, uint256 expiry) external view returns (uint256);

    /// @notice Taker fee recipient and rate.
    function takerFee() external view returns (address recipient, uint16 feeBps);
}
