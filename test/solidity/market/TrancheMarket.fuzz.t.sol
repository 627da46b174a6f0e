// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SettlementMath} from "../../../contracts/market/SettlementMath.sol";
import {IMarketCore} from "../../../contracts/interfaces/IMarketCore.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {MarketFixture} from "./helpers/MarketFixture.sol";

/// @notice Properties of the pure settlement math.
contract SettlementMathFuzzTest is Test {
    /// @dev Days since 1970-01-01 of a civil date (H. Hinnant's `days_from_civil`), the inverse to check against.
    function _daysFromCivil(uint256 y, uint256 m, uint256 d) internal pure returns (uint256) {
        if (m <= 2) y -= 1;
        uint256 era = y / 400;
        uint256 yoe = y - era * 400;
        uint256 mp = m > 2 ? m - 3 : m + 9;
        uint256 doy = (153 * mp + 2) / 5 + d - 1;
        uint256 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    function testFuzz_civilDateRoundTrips(uint256 time) public pure {
        time = bound(time, 0, 253_402_300_799); // up to 9999-12-31
        (uint256 y, uint256 m, uint256 d) = SettlementMath.civilDate(time);
        assertEq(_daysFromCivil(y, m, d), time / 86_400);
        assertTrue(m >= 1 && m <= 12 && d >= 1 && d <= 31);
    }

    function testFuzz_thirtyDaysPerMonthAndNeverNegative(uint256 from, uint256 span) public pure {
        from = bound(from, 946_684_800, 4_102_444_800); // 2000–2100
        span = bound(span, 0, 3_650 days);
        uint256 days_ = SettlementMath.days30360(from, from + span);
        // 30/360 never strays more than a few days a month from the actual count, and a year is exactly 360.
        assertLe(days_, span / 1 days + span / 28 days * 3 + 3);
        (uint256 y, uint256 m, uint256 d) = SettlementMath.civilDate(from);
        if (d <= 28 && y < 2099) {
            assertEq(SettlementMath.days30360(from, from + 365 days + (SettlementMath.isLeapYear(m > 2 ? y + 1 : y) ? 1 days : 0)), 360);
        }
    }

    function testFuzz_roundingUpExceedsRoundingDownByAtMostOne(uint96 face, uint64 price, uint32 coupon, uint16 days_)
        public
        pure
    {
        price = uint64(bound(price, 1, 200e8));
        coupon = uint32(bound(coupon, 0, 1_000_000));
        uint256 up = SettlementMath.principalCash(face, price, Math.Rounding.Ceil);
        uint256 down = SettlementMath.principalCash(face, price, Math.Rounding.Floor);
        assertLe(down, up);
        assertLe(up - down, 1);
        uint256 aUp = SettlementMath.accruedInterest(face, coupon, days_, Math.Rounding.Ceil);
        uint256 aDown = SettlementMath.accruedInterest(face, coupon, days_, Math.Rounding.Floor);
        assertLe(aUp - aDown, 1);
        // Rounded down never pays more than the exact amount, rounded up never less.
        assertLe(down * SettlementMath.PAR, uint256(face) * price);
        assertGe(up * SettlementMath.PAR, uint256(face) * price);
    }
}

/// @notice The maker never trades beyond what it signed up for, and escrow covers every fill.
contract TrancheMarketFuzzTest is MarketFixture {
    address internal seller;
    address internal buyer;
    address internal distributor = makeAddr("distributor");

    function setUp() public {
        _deployMarket(new TestStablecoin(address(this)));
        seller = _investor("seller", 900_000e6, 0);
        buyer = _investor("buyer", 0, 100_000_000e6);
        _investor("other", 100_000e6, 0);
    }

    function _paydown(uint256 principal) internal {
        if (principal == 0) return;
        cash.mint(distributor, principal);
        vm.startPrank(distributor);
        cash.approve(address(token), principal);
        token.distribute(0, principal);
        vm.stopPrank();
    }

    /// @dev The exact (rational) cash of a settlement times PAR × PPM × 360, for comparisons without rounding.
    function _exactScaled(uint256 currentFace, uint256 price, uint256 days_) internal pure returns (uint256) {
        return currentFace * price * 1e6 * 360 + currentFace * 55_000 * days_ * SettlementMath.PAR;
    }

    function testFuzz_aSellingMakerReceivesAtLeastItsPriceOnEveryFill(
        uint64 price,
        uint256 amount,
        uint256 firstFill,
        uint256 paydown,
        uint256 wait
    ) public {
        price = uint64(bound(price, 50e8, 150e8));
        amount = bound(amount, 2 * LOT, 800_000e6); // the seller keeps at least a lot
        firstFill = bound(firstFill, LOT, amount - LOT);
        vm.prank(seller);
        uint256 id = market.placeAsk(address(token), price, amount, LOT, block.timestamp + 60 days);
        _paydown(bound(paydown, 0, 200_000e6));
        vm.warp(block.timestamp + bound(wait, 0, 40 days));

        uint256[2] memory parts = [firstFill, amount - firstFill];
        for (uint256 i; i < 2; ++i) {
            uint256 before = cash.balanceOf(seller);
            uint256 paidBefore = cash.balanceOf(buyer);
            vm.prank(buyer);
            market.fill(id, parts[i], type(uint256).max);
            uint256 received = cash.balanceOf(seller) - before;
            assertEq(paidBefore - cash.balanceOf(buyer), received, "buyer pays exactly what the seller receives");
            uint256 currentFace = SettlementMath.currentFaceDown(parts[i], token.currentFace(), token.totalSupply());
            uint256 days_ = SettlementMath.days30360(CUTOFF, block.timestamp);
            uint256 exact = _exactScaled(currentFace, price, days_);
            assertGe(received * SettlementMath.PAR * 1e6 * 360, exact, "seller below its price");
            // …and by less than one unit per component above it.
            assertLe(received * SettlementMath.PAR * 1e6 * 360, exact + 2 * SettlementMath.PAR * 1e6 * 360);
        }
        assertEq(token.lockedOf(seller, address(market)), 0);
        assertEq(token.balanceOf(buyer), amount);
        vm.expectRevert(abi.encodeWithSignature("MarketUnknownOrder(uint256)", id));
        market.order(id);
    }

    /// @notice Books closed: whenever a record date is pending, no fill of either side settles, whatever the
    /// timing; once the period is distributed the same orders settle on the lower face with interest accrued from
    /// the record date, and a bid placed inside the window still covers its fill.
    /// @dev The seller received `price` on the current face plus 30/360 accrued from `recordDate`, rounded up.
    function _assertPaidFromRecordDate(uint256 received, uint256 amount, uint256 price, uint256 recordDate) internal view {
        uint256 currentFace = SettlementMath.currentFaceDown(amount, token.currentFace(), token.totalSupply());
        uint256 exact = _exactScaled(currentFace, price, SettlementMath.days30360(recordDate, block.timestamp));
        assertGe(received * SettlementMath.PAR * 1e6 * 360, exact, "seller below its price on the new face");
        assertLe(received * SettlementMath.PAR * 1e6 * 360, exact + 2 * SettlementMath.PAR * 1e6 * 360);
    }

    function testFuzz_nothingSettlesBetweenARecordDateAndItsDistribution(
        uint64 price,
        uint256 amount,
        uint256 toRecordDate,
        uint256 inWindow,
        uint256 principal,
        uint256 afterDistribution
    ) public {
        price = uint64(bound(price, 50e8, 150e8));
        amount = bound(amount, LOT, 400_000e6); // the seller (900,000) sells it twice: into the ask's taker, then the bid
        vm.prank(seller);
        uint256 ask = market.placeAsk(address(token), price, amount, LOT, block.timestamp + 90 days);
        vm.warp(block.timestamp + bound(toRecordDate, 0, 30 days));
        vm.prank(distributor);
        token.markRecordDate();
        uint256 recordDate = block.timestamp;
        vm.warp(block.timestamp + bound(inWindow, 0, 20 days));
        // A bid placed with the books closed: its deposit is priced from the record date on today's face.
        vm.prank(buyer);
        uint256 bid = market.placeBid(address(token), price, amount, LOT, block.timestamp + 60 days);
        bytes memory closed = abi.encodeWithSelector(IMarketCore.MarketBooksClosed.selector, address(token), 1, recordDate);
        vm.prank(buyer);
        vm.expectRevert(closed);
        market.fill(ask, amount, type(uint256).max);
        vm.prank(seller);
        vm.expectRevert(closed);
        market.fill(bid, amount, 0);

        principal = bound(principal, 0, 200_000e6);
        cash.mint(distributor, principal + 1);
        vm.startPrank(distributor);
        cash.approve(address(token), principal + 1);
        token.distribute(1, principal);
        vm.stopPrank();
        vm.warp(block.timestamp + bound(afterDistribution, 0, 25 days));

        uint256 before = cash.balanceOf(seller);
        vm.prank(buyer);
        market.fill(ask, amount, type(uint256).max);
        _assertPaidFromRecordDate(cash.balanceOf(seller) - before, amount, price, recordDate);
        // The bid placed in the window covers its fill after the paydown; its maker gets the rest back.
        uint256 deposit = market.order(bid).cash;
        uint256 buyerBefore = cash.balanceOf(buyer);
        vm.prank(seller);
        market.fill(bid, amount, 0);
        assertEq(cash.balanceOf(address(market)), 0, "escrow emptied by the closing fill");
        assertLe(cash.balanceOf(buyer) - buyerBefore, deposit);
    }

    function testFuzz_aBuyingMakerNeverPaysAboveItsPriceAndItsDepositCoversEveryFill(
        uint64 price,
        uint256 amount,
        uint256 firstFill,
        uint256 paydown,
        uint256 ttl,
        uint256 wait
    ) public {
        price = uint64(bound(price, 50e8, 150e8));
        amount = bound(amount, 2 * LOT, 800_000e6); // the seller keeps at least a lot
        firstFill = bound(firstFill, LOT, amount - LOT);
        uint256 expiry = block.timestamp + bound(ttl, 1 days, 90 days);
        uint256 buyerCash = cash.balanceOf(buyer);
        vm.prank(buyer);
        uint256 id = market.placeBid(address(token), price, amount, LOT, expiry);
        uint256 deposit = buyerCash - cash.balanceOf(buyer);
        _paydown(bound(paydown, 0, 200_000e6));
        vm.warp(block.timestamp + bound(wait, 0, expiry - 1 - block.timestamp));

        uint256 paid = _sellInto(id, firstFill, price) + _sellInto(id, amount - firstFill, price);
        // Everything not paid to the seller came back to the buyer, to the unit.
        assertEq(buyerCash - cash.balanceOf(buyer), paid, "buyer's net outlay == what the seller received");
        assertLe(paid, deposit);
        assertEq(cash.balanceOf(address(market)), 0);
    }

    /// @dev The seller hits bid `id` for `amount`; checks the buying maker paid at most its price; returns the cash.
    function _sellInto(uint256 id, uint256 amount, uint256 price) internal returns (uint256 received) {
        uint256 before = cash.balanceOf(seller);
        vm.prank(seller);
        market.fill(id, amount, 0);
        received = cash.balanceOf(seller) - before;
        uint256 currentFace = SettlementMath.currentFaceDown(amount, token.currentFace(), token.totalSupply());
        uint256 exact = _exactScaled(currentFace, price, SettlementMath.days30360(CUTOFF, block.timestamp));
        assertLe(received * SettlementMath.PAR * 1e6 * 360, exact, "buyer above its price");
    }

    function testFuzz_cancelReturnsExactlyWhatRemains(uint256 amount, uint256 fillAmount, bool fillFirst, bool bid) public {
        amount = bound(amount, 2 * LOT, 500_000e6);
        fillAmount = bound(fillAmount, LOT, amount - LOT);
        uint256 sellerLockBefore = token.lockedOf(seller, address(market));
        uint256 buyerCash = cash.balanceOf(buyer);
        uint256 id;
        if (bid) {
            vm.prank(buyer);
            id = market.placeBid(address(token), 100e8, amount, LOT, block.timestamp + 5 days);
        } else {
            vm.prank(seller);
            id = market.placeAsk(address(token), 100e8, amount, LOT, block.timestamp + 5 days);
        }
        uint256 spent;
        if (fillFirst) {
            uint256 sellerCash = cash.balanceOf(seller);
            vm.prank(bid ? seller : buyer);
            market.fill(id, fillAmount, bid ? 0 : type(uint256).max);
            if (bid) spent = cash.balanceOf(seller) - sellerCash;
        }
        vm.prank(bid ? buyer : seller);
        market.cancel(id);
        if (bid) {
            assertEq(buyerCash - cash.balanceOf(buyer), spent, "bid cancel: all but the fills came back");
        } else {
            assertEq(token.lockedOf(seller, address(market)), sellerLockBefore, "ask cancel: lock fully released");
        }
        assertEq(cash.balanceOf(address(market)), 0);
    }

    function testFuzz_nobodyButTheMakerCancelsBeforeExpiry(address caller, uint256 ttl, uint256 wait) public {
        vm.assume(caller != seller);
        ttl = bound(ttl, 1 hours, 30 days);
        vm.prank(seller);
        uint256 id = market.placeAsk(address(token), 100e8, 10_000e6, LOT, block.timestamp + ttl);
        uint256 expiry = block.timestamp + ttl;
        vm.warp(block.timestamp + bound(wait, 0, 2 * ttl));
        vm.prank(caller);
        if (block.timestamp < expiry) {
            vm.expectRevert(
                abi.encodeWithSignature("MarketNotCancellable(uint256,address,uint256)", id, caller, expiry)
            );
            market.cancel(id);
        } else {
            market.cancel(id);
            assertEq(token.lockedOf(seller, address(market)), 0);
        }
    }

    function testFuzz_aTakerLimitBelowTheCashRefusesTheFill(uint256 amount, uint256 shortBy) public {
        amount = bound(amount, LOT, 500_000e6);
        vm.prank(seller);
        uint256 id = market.placeAsk(address(token), 101e8, amount, LOT, block.timestamp + 5 days);
        (, uint256 principal, uint256 accrued,,) = market.quote(address(token), amount, 101e8);
        uint256 limit = principal + accrued - bound(shortBy, 1, principal + accrued);
        vm.prank(buyer);
        vm.expectRevert(
            abi.encodeWithSelector(IMarketCore.MarketCashAboveLimit.selector, id, principal + accrued, limit)
        );
        market.fill(id, amount, limit);
    }
}
