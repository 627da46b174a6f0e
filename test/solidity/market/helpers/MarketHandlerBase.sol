// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {TestStablecoin} from "../../../../contracts/mocks/TestStablecoin.sol";
import {TrancheMarket} from "../../../../contracts/market/TrancheMarket.sol";
import {IMarketCore} from "../../../../contracts/interfaces/IMarketCore.sol";
import {ITrancheMarket} from "../../../../contracts/interfaces/ITrancheMarket.sol";

/// @notice The slice of a tranche token the handler reads and drives; the mock and the real PoolToken both have it.
interface IHandledTrancheToken {
    function balanceOf(address account) external view returns (uint256);
    function totalLockedOf(address holder) external view returns (uint256);
    function lockedOf(address holder, address escrow) external view returns (uint256);
    function recordDatePending() external view returns (bool pending, uint256 recordDate);
    function currentFace() external view returns (uint256);
    function distribute(uint256 interest, uint256 principal) external;
    function markRecordDate() external;
}

/// @notice Drives the order book through places, fills, cancels, expiries, distributions, record dates and
/// eligibility changes, keeping ghost books of what each order was given and what it paid out.
/// @dev With `failOnRevert: false` an assertion inside a handler call would only revert that call, so every breach
/// is counted in `violations` for the invariant functions to check. What depends on the token — who may hold, how
/// eligibility is changed, what a distribution earns — is left to the suite's handler through the hooks below.
abstract contract MarketHandlerBase is Test {
    uint256 internal constant LOT = 1_000e6;

    TrancheMarket public immutable market;
    TestStablecoin public immutable cash;
    address public immutable distributor;
    IHandledTrancheToken private immutable _token;

    /// @dev Investors 0..4 are eligible unless frozen or revoked; `outsider` is never eligible.
    address[] public actors;
    address public outsider;

    struct Ghost {
        address maker;
        bool ask;
        uint256 amount;
        uint256 filled;
        uint256 deposit;
        uint256 spent;
        uint256 refunded;
        bool closed;
    }

    uint256[] public orderIds;
    mapping(uint256 => Ghost) public ghosts;
    /// @notice Cash put into the market by bids minus every payment out of it.
    uint256 public escrowed;

    uint256 public violations;
    /// @dev Whether the class's books were closed (a record date pending) when the current fill was sent; a state
    /// variable only because the fill step has no stack slot left.
    bool private _closedAtFill;
    string public firstViolation;
    uint256 public fills;
    uint256 public cancels;

    constructor(TrancheMarket market_, address token_, TestStablecoin cash_, address distributor_, address[] memory actors_, address outsider_) {
        market = market_;
        _token = IHandledTrancheToken(token_);
        cash = cash_;
        distributor = distributor_;
        actors = actors_;
        outsider = outsider_;
    }

    /// @notice The handler's actions, weighted (fills four times, places and cancels twice) for `targetSelector`.
    function actionSelectors() external pure returns (bytes4[] memory selectors) {
        selectors = new bytes4[](16);
        selectors[0] = MarketHandlerBase.placeAsk.selector;
        selectors[1] = MarketHandlerBase.placeAsk.selector;
        selectors[2] = MarketHandlerBase.placeBid.selector;
        selectors[3] = MarketHandlerBase.placeBid.selector;
        selectors[4] = MarketHandlerBase.fill.selector;
        selectors[5] = MarketHandlerBase.fill.selector;
        selectors[6] = MarketHandlerBase.fill.selector;
        selectors[7] = MarketHandlerBase.cancel.selector;
        selectors[8] = MarketHandlerBase.cancel.selector;
        selectors[9] = MarketHandlerBase.warp.selector;
        selectors[10] = MarketHandlerBase.distribute.selector;
        selectors[11] = MarketHandlerBase.markRecordDate.selector;
        selectors[12] = MarketHandlerBase.setFrozen.selector;
        selectors[13] = MarketHandlerBase.revoke.selector;
        selectors[14] = MarketHandlerBase.reinstate.selector;
        selectors[15] = MarketHandlerBase.fill.selector;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function orderCount() external view returns (uint256) {
        return orderIds.length;
    }

    function _breach(string memory what) internal {
        if (violations == 0) firstViolation = what;
        ++violations;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    // --------------------------------------------------------------------------------------------
    // Hooks for the token under test
    // --------------------------------------------------------------------------------------------

    /// @dev Whether `who` may send or receive the tranche now, from the suite's own model of eligibility.
    function _mayHold(address who) internal view virtual returns (bool);

    /// @dev Called right before a distribution; what it returns is handed to `_afterDistribution`.
    function _beforeDistribution() internal view virtual returns (uint256) {
        return 0;
    }

    /// @dev Called right after a distribution, for suites that book what each holder earned.
    function _afterDistribution(uint256 beforeDistribution) internal virtual {}

    /// @notice Freezes or unfreezes an actor in the token's eligibility source.
    function setFrozen(uint256 actorSeed, bool frozen) external virtual;

    /// @notice Takes an actor's eligibility away.
    function revoke(uint256 actorSeed) external virtual;

    /// @notice Gives an actor its eligibility back.
    function reinstate(uint256 actorSeed) external virtual;

    // --------------------------------------------------------------------------------------------
    // Actions
    // --------------------------------------------------------------------------------------------

    function placeAsk(uint256 actorSeed, uint256 priceSeed, uint256 amountSeed, uint256 minSeed, uint256 ttlSeed) external {
        address maker = _actor(actorSeed);
        uint256 free = _token.balanceOf(maker) - _token.totalLockedOf(maker);
        if (free < LOT) return;
        uint256 amount = bound(amountSeed, LOT, free);
        uint256 minFill = bound(minSeed, LOT, amount);
        uint256 price = bound(priceSeed, 90e8, 110e8);
        uint256 expiry = block.timestamp + bound(ttlSeed, 1 hours, 20 days);
        vm.prank(maker);
        try market.placeAsk(address(_token), price, amount, minFill, expiry) returns (uint256 id) {
            orderIds.push(id);
            ghosts[id] = Ghost({maker: maker, ask: true, amount: amount, filled: 0, deposit: 0, spent: 0, refunded: 0, closed: false});
        } catch {
            // A frozen seller may still lock; an ineligible one too: the token decides at settlement.
        }
    }

    function placeBid(uint256 actorSeed, uint256 priceSeed, uint256 amountSeed, uint256 minSeed, uint256 ttlSeed) external {
        address maker = _actor(actorSeed);
        uint256 amount = bound(amountSeed, LOT, 200_000e6);
        uint256 minFill = bound(minSeed, LOT, amount);
        uint256 price = bound(priceSeed, 90e8, 110e8);
        uint256 expiry = block.timestamp + bound(ttlSeed, 1 hours, 20 days);
        uint256 before = cash.balanceOf(maker);
        vm.prank(maker);
        try market.placeBid(address(_token), price, amount, minFill, expiry) returns (uint256 id) {
            uint256 deposit = before - cash.balanceOf(maker);
            if (deposit != market.order(id).cash) _breach("bid escrow differs from what the maker paid");
            escrowed += deposit;
            orderIds.push(id);
            ghosts[id] = Ghost({maker: maker, ask: false, amount: amount, filled: 0, deposit: deposit, spent: 0, refunded: 0, closed: false});
        } catch {}
    }

    function fill(uint256 orderSeed, uint256 takerSeed, uint256 amountSeed) external {
        if (orderIds.length == 0) return;
        uint256 id = orderIds[orderSeed % orderIds.length];
        Ghost storage g = ghosts[id];
        // One taker in six is the never-eligible outsider.
        address taker = takerSeed % 6 == 5 ? outsider : _actor(takerSeed);
        uint256 remaining = g.amount - g.filled;
        uint256 amount = remaining == 0 ? LOT : bound(amountSeed, LOT, remaining);
        if (!g.closed && amount != remaining && remaining - amount < LOT) amount = remaining;
        (address seller, address buyer) = g.ask ? (g.maker, taker) : (taker, g.maker);
        uint256 sellerCash = cash.balanceOf(seller);
        uint256 buyerCash = cash.balanceOf(buyer);
        uint256 buyerTokens = _token.balanceOf(buyer);
        uint256 marketCash = cash.balanceOf(address(market));
        bool buyerMayReceive = _mayHold(buyer);
        bool sellerMaySend = _mayHold(seller);
        (_closedAtFill,) = _token.recordDatePending();
        vm.prank(taker);
        try market.fill(id, amount, g.ask ? type(uint256).max : 0) {
            if (g.closed) _breach("a closed order settled again");
            if (_closedAtFill) _breach("an order settled between a record date and its distribution");
            if (!buyerMayReceive) _breach("an ineligible or frozen buyer received tokens");
            if (!sellerMaySend) _breach("an ineligible or frozen seller delivered tokens");
            ++fills;
            g.filled += amount;
            if (g.filled > g.amount) _breach("filled beyond the order's size");
            if (_token.balanceOf(buyer) != buyerTokens + amount) _breach("buyer did not receive exactly the fill");
            uint256 received = cash.balanceOf(seller) - sellerCash;
            if (g.ask) {
                if (buyerCash - cash.balanceOf(buyer) != received) _breach("ask fill: paid != received");
            } else {
                uint256 out = marketCash - cash.balanceOf(address(market));
                uint256 refund = cash.balanceOf(buyer) - buyerCash;
                g.spent += received;
                g.refunded += refund;
                escrowed -= out;
                if (out != received + refund) _breach("bid fill: escrow out != seller + refund");
            }
            if (g.filled == g.amount) {
                g.closed = true;
                if (!g.ask && g.deposit != g.spent + g.refunded) _breach("closed bid did not return its whole deposit");
            }
        } catch {}
    }

    function cancel(uint256 orderSeed, uint256 callerSeed, bool byMaker) external {
        if (orderIds.length == 0) return;
        uint256 id = orderIds[orderSeed % orderIds.length];
        Ghost storage g = ghosts[id];
        address caller = byMaker ? g.maker : _actor(callerSeed);
        uint256 locked = _token.lockedOf(g.maker, address(market));
        uint256 makerCash = cash.balanceOf(g.maker);
        // The maker, or anyone once the order has expired, may always close an open order, books closed or not.
        bool mayClose = !g.closed && (caller == g.maker || block.timestamp >= market.order(id).expiry);
        vm.prank(caller);
        try market.cancel(id) {
            if (g.closed) _breach("a closed order was cancelled");
            g.closed = true;
            ++cancels;
            if (g.ask) {
                if (locked - _token.lockedOf(g.maker, address(market)) != g.amount - g.filled) {
                    _breach("cancel did not release exactly the unfilled lock");
                }
            } else {
                uint256 refund = cash.balanceOf(g.maker) - makerCash;
                g.refunded += refund;
                escrowed -= refund;
                if (g.deposit != g.spent + g.refunded) _breach("cancel did not return exactly the unspent deposit");
            }
        } catch {
            if (mayClose) _breach("an open order's cancel was refused");
        }
    }

    function warp(uint256 seed) external {
        vm.warp(block.timestamp + bound(seed, 1 minutes, 6 days));
    }

    function distribute(uint256 interestSeed, uint256 principalSeed) external {
        uint256 face = _token.currentFace();
        uint256 principal = bound(principalSeed, 0, face / 50);
        uint256 interest = bound(interestSeed, 0, face / 200);
        if (interest + principal == 0) return;
        cash.mint(distributor, interest + principal);
        uint256 beforeDistribution = _beforeDistribution();
        vm.startPrank(distributor);
        cash.approve(address(_token), interest + principal);
        _token.distribute(interest, principal);
        vm.stopPrank();
        _afterDistribution(beforeDistribution);
    }

    function markRecordDate() external {
        vm.prank(distributor);
        _token.markRecordDate();
    }

    // --------------------------------------------------------------------------------------------
    // Views for the invariants
    // --------------------------------------------------------------------------------------------

    /// @notice Σ remaining of `maker`'s open asks, from the ghost books.
    function openAskFace(address maker) external view returns (uint256 sum) {
        for (uint256 i; i < orderIds.length; ++i) {
            Ghost storage g = ghosts[orderIds[i]];
            if (g.ask && !g.closed && g.maker == maker) sum += g.amount - g.filled;
        }
    }

    /// @notice Σ cash of the open bids, as the market reports them.
    function openBidCash() external view returns (uint256 sum) {
        for (uint256 i; i < orderIds.length; ++i) {
            uint256 id = orderIds[i];
            if (!ghosts[id].ask && !ghosts[id].closed) sum += market.order(id).cash;
        }
    }

    /// @notice Whether the market still reports every closed order as gone and every open one as open.
    function bookAgreesWithGhosts() external view returns (bool) {
        for (uint256 i; i < orderIds.length; ++i) {
            uint256 id = orderIds[i];
            Ghost storage g = ghosts[id];
            try market.order(id) returns (ITrancheMarket.OrderView memory o) {
                if (g.closed || o.remaining != g.amount - g.filled) return false;
                if (o.side != (g.ask ? IMarketCore.Side.Ask : IMarketCore.Side.Bid)) return false;
            } catch {
                if (!g.closed) return false;
            }
        }
        return true;
    }
}
