// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {MarketFixture} from "./helpers/MarketFixture.sol";
import {MarketHandlerBase} from "./helpers/MarketHandlerBase.sol";
import {MarketInvariantChecks} from "./helpers/MarketInvariantChecks.sol";
import {MockTrancheToken} from "../../../contracts/mocks/MockTrancheToken.sol";
import {TrancheMarket} from "../../../contracts/market/TrancheMarket.sol";

/// @notice The market handler on the mock tranche token: eligibility and freezes live on the token itself, and
/// every distribution is booked as what each actor's whole balance (locked part included) earned.
contract MarketHandler is MarketHandlerBase {
    MockTrancheToken public immutable token;

    /// @notice P&I each actor earned, at index precision, from the balances it held at each distribution.
    mapping(address => uint256) public earnedScaled;

    constructor(TrancheMarket market_, MockTrancheToken token_, TestStablecoin cash_, address distributor_, address[] memory actors_, address outsider_)
        MarketHandlerBase(market_, address(token_), cash_, distributor_, actors_, outsider_)
    {
        token = token_;
    }

    function _mayHold(address who) internal view override returns (bool) {
        return token.eligible(who) && !token.frozen(who);
    }

    function _beforeDistribution() internal view override returns (uint256) {
        return token.index();
    }

    function _afterDistribution(uint256 indexBefore) internal override {
        uint256 delta = token.index() - indexBefore;
        // Every holder earns on its whole balance, locked or not: the locked part sits in its wallet.
        for (uint256 i; i < actors.length; ++i) {
            earnedScaled[actors[i]] += token.balanceOf(actors[i]) * delta;
        }
    }

    function setFrozen(uint256 actorSeed, bool frozen) external override {
        token.setFrozen(_actor(actorSeed), frozen);
    }

    function revoke(uint256 actorSeed) external override {
        token.setEligible(_actor(actorSeed), false);
    }

    function reinstate(uint256 actorSeed) external override {
        token.setEligible(_actor(actorSeed), true);
    }
}

/// @notice The order book under random sequences of place / fill / cancel / expiry / distribution / record date /
/// freeze / revocation: the design invariants of the escrow hold after every step.
contract TrancheMarketInvariants is MarketFixture, MarketInvariantChecks {
    MarketHandler internal handler;
    address internal distributor = makeAddr("distributor");

    function setUp() public {
        _deployMarket(new TestStablecoin(address(this)));
        address[] memory actors = new address[](5);
        for (uint256 i; i < actors.length; ++i) {
            actors[i] = _investor(string.concat("investor-", vm.toString(i)), i < 3 ? 400_000e6 : 0, 50_000_000e6);
        }
        address outsider = makeAddr("outsider");
        cash.mint(outsider, 50_000_000e6);
        vm.startPrank(outsider);
        cash.approve(address(market), type(uint256).max);
        token.approve(address(market), type(uint256).max);
        vm.stopPrank();
        handler = new MarketHandler(market, token, cash, distributor, actors, outsider);
        cash.grantRole(cash.MINTER_ROLE(), address(handler));

        targetContract(address(handler));
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: handler.actionSelectors()}));
    }

    /// @notice Each holder's lock for the market is exactly its open asks' remaining face, and within its balance.
    function invariant_locksMatchOpenAsksWithinBalance() public view {
        for (uint256 i; i < handler.actorCount(); ++i) {
            address who = handler.actors(i);
            uint256 locked = token.lockedOf(who, address(market));
            assertEq(locked, handler.openAskFace(who), "lock vs open asks");
            assertLe(locked, token.balanceOf(who), "lock above balance");
        }
    }

    /// @notice An address that was never eligible never holds the tranche.
    function invariant_noIneligibleHolder() public view {
        assertEq(token.balanceOf(handler.outsider()), 0, "outsider holds tokens");
    }

    function _marketHandler() internal view override returns (MarketHandlerBase) {
        return handler;
    }

    /// @notice After each run: orders were really placed and settled or closed, so the invariants did not hold on an
    /// idle book (not vacuous).
    /// @dev Also shows how much each campaign traded (run with -vv).
    function afterInvariant() public {
        emit log_named_uint("fills", handler.fills());
        emit log_named_uint("cancels", handler.cancels());
        emit log_named_uint("orders", handler.orderCount());
        assertGt(handler.orderCount(), 0, "no order was placed");
    }

    /// @notice Sellers keep every P&I payment made while their asks were open: claimable is exactly what their
    /// whole balances (locked part included) earned at each distribution.
    function invariant_sellersKeepTheirPAndI() public view {
        for (uint256 i; i < handler.actorCount(); ++i) {
            address who = handler.actors(i);
            assertEq(token.claimable(who), handler.earnedScaled(who) / 1e27, "claimable vs earned");
        }
    }
}

