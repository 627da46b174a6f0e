// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketCore} from "../../../contracts/interfaces/IMarketCore.sol";
import {ITrancheMarket} from "../../../contracts/interfaces/ITrancheMarket.sol";
import {IBilateralMarket} from "../../../contracts/interfaces/IBilateralMarket.sol";
import {ITrancheReceiver} from "../../../contracts/mocks/MockTrancheToken.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {ReentrantStablecoin} from "../mocks/ReentrantStablecoin.sol";
import {SkimmingStablecoin} from "../mocks/SkimmingStablecoin.sol";
import {MarketFixture} from "./helpers/MarketFixture.sol";

/// @notice MALICIOUS, tests only: a buyer whose wallet, on receiving tranche tokens, calls back into the market.
contract ReenteringBuyer is ITrancheReceiver {
    address private _target;
    bytes private _reentry;

    function arm(address target, bytes calldata reentry) external {
        _target = target;
        _reentry = reentry;
    }

    function call(address target, bytes calldata data) external {
        (bool ok, bytes memory returned) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }

    function onTrancheReceived(address, uint256) external {
        address target = _target;
        if (target == address(0)) return;
        delete _target;
        (bool ok, bytes memory returned) = target.call(_reentry);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(returned, 0x20), mload(returned))
            }
        }
    }
}

/// @notice A stablecoin and a receiver that call back into the market in the middle of a settlement find it locked:
/// the whole settlement reverts and nothing moves.
contract TrancheMarketReentrancyTest is MarketFixture {
    ReentrantStablecoin internal evilCash;
    address internal seller;
    address internal buyer;

    function setUp() public {
        evilCash = new ReentrantStablecoin(address(this));
        _deployMarket(TestStablecoin(address(evilCash)));
        seller = _investor("seller", 500_000e6, 0);
        buyer = _investor("buyer", 0, 10_000_000e6);
    }

    function _ask() internal returns (uint256 id) {
        vm.prank(seller);
        id = market.placeAsk(address(token), 101e8, 100_000e6, LOT, block.timestamp + 1 days);
    }

    function test_cashCallbackDuringAskFillCannotCancelTheOrder() public {
        uint256 id = _ask();
        evilCash.arm(address(market), abi.encodeCall(ITrancheMarket.cancel, (id)));
        vm.prank(buyer);
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        market.fill(id, 50_000e6, type(uint256).max);
        assertEq(token.balanceOf(buyer), 0);
        assertEq(market.order(id).remaining, 100_000e6);
    }

    function test_cashCallbackDuringAskFillCannotFillAgain() public {
        uint256 id = _ask();
        evilCash.arm(address(market), abi.encodeCall(ITrancheMarket.fill, (id, 50_000e6, type(uint256).max)));
        vm.prank(buyer);
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        market.fill(id, 50_000e6, type(uint256).max);
        assertEq(token.lockedOf(seller, address(market)), 100_000e6);
    }

    function test_cashCallbackDuringBidPlacementAndRefundIsRefused() public {
        evilCash.arm(address(market), abi.encodeCall(ITrancheMarket.cancel, (1)));
        vm.prank(buyer);
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        market.placeBid(address(token), 99e8, 50_000e6, LOT, block.timestamp + 1 days);

        evilCash.arm(address(0), "");
        vm.prank(buyer);
        uint256 id = market.placeBid(address(token), 99e8, 50_000e6, LOT, block.timestamp + 1 days);
        uint256 deposit = market.order(id).cash;
        // The refund on cancel calls back into the market: locked out, the cancel reverts, the deposit stays.
        evilCash.arm(address(market), abi.encodeCall(ITrancheMarket.fill, (id, LOT, 0)));
        vm.prank(buyer);
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        market.cancel(id);
        assertEq(evilCash.balanceOf(address(market)), deposit);
    }

    function test_cashCallbackDuringBilateralConfirmationIsRefused() public {
        vm.prank(seller);
        uint256 tradeId = desk.proposeTrade(address(token), buyer, IMarketCore.Side.Ask, 20_000e6, 100e8, block.timestamp + 1 days, 0);
        IBilateralMarket.TradeTerms memory terms = IBilateralMarket.TradeTerms({
            trancheId: 1,
            seller: seller,
            buyer: buyer,
            proposer: IMarketCore.Side.Ask,
            amount: 20_000e6,
            price: 100e8,
            expiry: uint40(block.timestamp + 1 days),
            deposit: 0
        });
        evilCash.arm(address(desk), abi.encodeCall(IBilateralMarket.withdrawTrade, (tradeId, terms)));
        vm.prank(buyer);
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        desk.confirmTrade(tradeId, terms, type(uint256).max);
        assertEq(desk.tradeHash(tradeId), desk.hashTerms(terms));
    }

    function test_receiverHookDuringDeliveryIsRefused() public {
        ReenteringBuyer attacker = new ReenteringBuyer();
        token.setEligible(address(attacker), true);
        evilCash.mint(address(attacker), 1_000_000e6);
        attacker.call(address(evilCash), abi.encodeCall(evilCash.approve, (address(market), type(uint256).max)));
        token.setHooks(true);
        uint256 id = _ask();
        attacker.arm(address(market), abi.encodeCall(ITrancheMarket.cancel, (id)));
        vm.expectRevert(IMarketCore.MarketReentrantCall.selector);
        attacker.call(address(market), abi.encodeCall(ITrancheMarket.fill, (id, 50_000e6, type(uint256).max)));
        // Disarmed, the same fill goes through.
        attacker.arm(address(0), "");
        attacker.call(address(market), abi.encodeCall(ITrancheMarket.fill, (id, 50_000e6, type(uint256).max)));
        assertEq(token.balanceOf(address(attacker)), 50_000e6);
    }
}

/// @notice A fee-on-transfer coin would leave the escrow short of what it owes: the bid is refused.
contract TrancheMarketSkimmingCashTest is MarketFixture {
    function test_refusesABidWhoseCashArrivesShort() public {
        _deployMarket(TestStablecoin(address(new SkimmingStablecoin(address(this)))));
        _investor("seller", 500_000e6, 0);
        address buyer = _investor("buyer", 0, 10_000_000e6);
        uint256 deposit = market.bidDeposit(address(token), 50_000e6, 99e8, block.timestamp + 1 days);
        vm.prank(buyer);
        vm.expectRevert(abi.encodeWithSelector(IMarketCore.MarketCashShortDelivered.selector, deposit, deposit - deposit / 1000));
        market.placeBid(address(token), 99e8, 50_000e6, LOT, block.timestamp + 1 days);
    }
}
