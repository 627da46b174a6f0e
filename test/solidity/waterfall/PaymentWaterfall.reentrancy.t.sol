// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPaymentWaterfall} from "../../../contracts/interfaces/IPaymentWaterfall.sol";
import {IServicerReports} from "../../../contracts/interfaces/IServicerReports.sol";
import {PaymentWaterfall} from "../../../contracts/waterfall/PaymentWaterfall.sol";
import {ServicerReports} from "../../../contracts/waterfall/ServicerReports.sol";
import {WaterfallLens} from "../../../contracts/waterfall/WaterfallLens.sol";
import {ReentrantStablecoin} from "../mocks/ReentrantStablecoin.sol";
import {WaterfallDealFixture} from "../helpers/WaterfallDealFixture.sol";

/// @notice The waterfall's reentrancy guard (a bit of its pool word, docs/adr/0020-waterfall-execution-gas.md): a
/// settlement token that calls back from inside a transfer is refused on every guarded path, the refused call
/// moves nothing, and the bit is cleared after a guarded call so the next one runs.
contract PaymentWaterfallReentrancyTest is Test, WaterfallDealFixture {
    ReentrantStablecoin internal cash;
    ServicerReports internal reports;
    PaymentWaterfall internal waterfall;
    address internal servicer = makeAddr("servicer");
    address internal trustee = makeAddr("trustee");
    address internal servicerPayee = makeAddr("servicer-payee");

    function setUp() public {
        cash = new ReentrantStablecoin(address(this));
        reports = new ServicerReports(address(this), POOL, 100);
        IPaymentWaterfall.ClassTerms[] memory classes = new IPaymentWaterfall.ClassTerms[](2);
        classes[0] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.Standard, 8e14, 50_000, 0);
        classes[1] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.Standard, 1.5e14, 60_000, 1);
        waterfall = _deployWaterfall(
            IERC20(address(cash)),
            reports,
            _dealTerms(false, 0),
            classes,
            IPaymentWaterfall.Payees({servicer: servicerPayee, trustee: makeAddr("trustee-payee"), residual: makeAddr("residual")}),
            servicer,
            trustee
        );
        cash.mint(address(this), RESERVE);
        cash.approve(address(waterfall), RESERVE);
        cash.mint(servicer, POOL);
        vm.prank(servicer);
        cash.approve(address(waterfall), type(uint256).max);
    }

    function test_openReserveRefusesReentry() public {
        cash.arm(address(waterfall), abi.encodeCall(IPaymentWaterfall.withdraw, ()));
        vm.expectRevert(IPaymentWaterfall.WaterfallReentrantCall.selector);
        waterfall.openReserve();
        cash.arm(address(0), ""); // the refused call's one shot was undone with it
        waterfall.openReserve(); // the guard was left clear
        assertEq(cash.balanceOf(address(waterfall)), RESERVE);
    }

    function test_fundRefusesReentryAndLeavesTheGuardClear() public {
        waterfall.openReserve();
        // Even a caller holding the servicer role (here the token itself) cannot take cash back mid-deposit.
        waterfall.grantRole(waterfall.SERVICER_ROLE(), address(cash));
        cash.arm(address(waterfall), abi.encodeCall(IPaymentWaterfall.defund, (1, 1)));
        vm.expectRevert(IPaymentWaterfall.WaterfallReentrantCall.selector);
        vm.prank(servicer);
        waterfall.fund(1, 1e6);
        cash.arm(address(0), "");
        vm.startPrank(servicer);
        waterfall.fund(1, 1e6);
        waterfall.defund(1, 1e6);
        vm.stopPrank();
        assertEq(waterfall.dealState().funded, 0);
    }

    function test_fundAndExecuteRefusesReentryMidPeriodAndRunsOnceClear() public {
        waterfall.openReserve();
        IServicerReports.ServicerReport memory r = _month();
        vm.prank(servicer);
        bytes32 h = reports.submit(r);
        vm.prank(trustee);
        reports.attest(r.period, h);
        vm.warp(waterfall.recordDateOf(1) + 1);
        waterfall.markRecordDate();

        // The servicer's deposit calls back into `execute` of the same report: refused, nothing stored.
        cash.arm(address(waterfall), abi.encodeCall(IPaymentWaterfall.execute, (r)));
        vm.expectRevert(IPaymentWaterfall.WaterfallReentrantCall.selector);
        vm.prank(servicer);
        waterfall.fundAndExecute(r);
        assertEq(waterfall.dealState().period, 0);

        // Funded in advance, the first transfer is a class token pulling its distribution, after the engine wrote
        // the new state: the guard bit survived that write, so a call back into `execute` is still refused.
        uint256 due = new WaterfallLens().remittanceDue(waterfall, r);
        cash.arm(address(0), "");
        vm.prank(servicer);
        waterfall.fund(1, due);
        cash.arm(address(waterfall), abi.encodeCall(IPaymentWaterfall.execute, (r)));
        vm.expectRevert(IPaymentWaterfall.WaterfallReentrantCall.selector);
        waterfall.execute(r);
        assertEq(waterfall.dealState().period, 0);
        cash.arm(address(0), "");
        vm.prank(servicer);
        waterfall.defund(1, due);

        // Unarmed, the period runs once; the engine's state write kept the guard bit, and it is cleared after.
        vm.prank(servicer);
        waterfall.fundAndExecute(r);
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        assertEq(s.period, 1);
        assertEq(s.poolBalance, r.endingPoolBalance);
        assertEq(s.funded, 0);
        vm.prank(servicerPayee);
        assertGt(waterfall.withdraw(), 0);
        vm.prank(servicer);
        waterfall.fund(2, 1e6);
    }

    function _month() private pure returns (IServicerReports.ServicerReport memory r) {
        r.period = 1;
        r.interestCollected = uint128(POOL / 200);
        r.scheduledPrincipal = uint128(POOL / 400);
        r.endingPoolBalance = uint128(POOL - POOL / 400);
        r.endingLoanCount = 100;
        r.loanRoot = keccak256("root");
        r.fileHash = keccak256("file");
    }
}
