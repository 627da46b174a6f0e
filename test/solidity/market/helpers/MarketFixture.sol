// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LoanPool} from "../../../../contracts/pool/LoanPool.sol";
import {ILoanPool} from "../../../../contracts/interfaces/ILoanPool.sol";
import {TestStablecoin} from "../../../../contracts/mocks/TestStablecoin.sol";
import {MockTrancheToken} from "../../../../contracts/mocks/MockTrancheToken.sol";
import {TrancheMarket} from "../../../../contracts/market/TrancheMarket.sol";
import {BilateralMarket} from "../../../../contracts/market/BilateralMarket.sol";

/// @notice A listed tranche (coupon 5.5 %, cut-off 2027-03-01, lot 1,000 units) on both venues, with its cash.
abstract contract MarketFixture is Test {
    uint256 internal constant CUTOFF = 1_803_859_200; // 2027-03-01T00:00:00Z
    uint256 internal constant START = CUTOFF + 15 days + 10 hours;
    uint256 internal constant LOT = 1_000e6;
    uint256 internal constant PAR = 100e8;

    TestStablecoin internal cash;
    MockTrancheToken internal token;
    LoanPool internal pool;
    TrancheMarket internal market;
    BilateralMarket internal desk;

    function _deployMarket(TestStablecoin cash_) internal {
        vm.warp(START);
        cash = cash_;
        token = new MockTrancheToken(IERC20(address(cash)));
        token.setFaceCap(1e13); // 1e9 cents of original face in 6-decimal units
        ILoanPool.Tranche[] memory tranches = new ILoanPool.Tranche[](1);
        tranches[0] = ILoanPool.Tranche({token: address(token), couponPpm: 55_000, seniority: 1, originalFaceCents: 1e9});
        pool = new LoanPool(
            ILoanPool.Commitment({
                merkleRoot: keccak256("root"),
                tapeHash: keccak256("tape"),
                statsHash: keccak256("stats"),
                rulesHash: keccak256("rules"),
                upbCents: 1e9,
                loanCount: 10,
                cutoffDate: uint64(CUTOFF)
            }),
            "MBSC 2027-1",
            "mbs-chain Trust 2027-1",
            true,
            0,
            tranches
        );
        market = new TrancheMarket(address(this));
        desk = new BilateralMarket(address(this));
        market.grantRole(market.LISTING_ROLE(), address(this));
        desk.grantRole(desk.LISTING_ROLE(), address(this));
        market.listTranche(pool, 0);
        desk.listTranche(pool, 0);
        token.setEscrow(address(market), true);
        token.setEscrow(address(desk), true);
        token.setMinHolding(uint96(LOT));
    }

    /// @dev An eligible investor holding `face` of the tranche and `dollars` of cash, both approved to both venues.
    function _investor(string memory name, uint256 face, uint256 dollars) internal returns (address who) {
        who = makeAddr(name);
        token.setEligible(who, true);
        if (face != 0) token.mint(who, face);
        cash.mint(who, dollars);
        vm.startPrank(who);
        token.approve(address(market), type(uint256).max);
        token.approve(address(desk), type(uint256).max);
        cash.approve(address(market), type(uint256).max);
        cash.approve(address(desk), type(uint256).max);
        vm.stopPrank();
    }
}
