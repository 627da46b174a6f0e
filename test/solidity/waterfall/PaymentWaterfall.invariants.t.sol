// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {TestStablecoin} from "../../../contracts/mocks/TestStablecoin.sol";
import {IPaymentWaterfall} from "../../../contracts/interfaces/IPaymentWaterfall.sol";
import {IServicerReports} from "../../../contracts/interfaces/IServicerReports.sol";
import {PaymentWaterfall} from "../../../contracts/waterfall/PaymentWaterfall.sol";
import {ServicerReports} from "../../../contracts/waterfall/ServicerReports.sol";
import {WaterfallLens} from "../../../contracts/waterfall/WaterfallLens.sol";
import {MockClassToken} from "../../../contracts/mocks/MockClassToken.sol";
import {WaterfallDealFixture} from "../helpers/WaterfallDealFixture.sol";

/// @notice Drives one deal's monthly cycle with random (tying) servicer months, bad reports, short and long cash,
/// self-attestation attempts, record dates and withdrawals, each from its own role key, and keeps ghost totals of
/// the cash that came in and went out. With `failOnRevert: false` a failed check inside a call would go
/// unnoticed, so every breach is counted in `violations` (the first described in `firstViolation`).
contract WaterfallHandler is Test {
    TestStablecoin public immutable cash;
    ServicerReports public immutable reports;
    PaymentWaterfall public immutable waterfall;
    WaterfallLens public immutable lens;
    MockClassToken[] public tokens;
    address public immutable servicer;
    address public immutable trustee;
    address[3] public payees;

    uint256 public violations;
    string public firstViolation;
    /// @notice Cash put in: every remittance executed plus the initial reserve.
    uint256 public ghostIn;
    /// @notice Cash the payees withdrew.
    uint256 public ghostWithdrawn;
    uint256 public ghostExecuted;
    uint256 public ghostRejected;
    mapping(uint256 period => bytes32) public ghostAttested;
    /// @notice The registry's chain over attested reports, folded from the reports the handler itself ran.
    bytes32 public ghostChain;

    constructor(
        TestStablecoin cash_,
        ServicerReports reports_,
        PaymentWaterfall waterfall_,
        WaterfallLens lens_,
        MockClassToken[] memory tokens_,
        address servicer_,
        address trustee_,
        address[3] memory payees_,
        uint256 initialReserve
    ) {
        cash = cash_;
        reports = reports_;
        waterfall = waterfall_;
        lens = lens_;
        tokens = tokens_;
        servicer = servicer_;
        trustee = trustee_;
        payees = payees_;
        ghostIn = initialReserve;
    }

    function tokenCount() external view returns (uint256) {
        return tokens.length;
    }

    // ------------------------------------------------------------------------------------------------
    // Actions
    // ------------------------------------------------------------------------------------------------

    /// @notice A good month: submit, attest, fund exactly, execute; then the per-period checks.
    function runPeriod(uint256[8] memory seeds) external {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        if (s.called) return;
        IServicerReports.ServicerReport memory r = _month(s, seeds);
        _submitAndAttest(r);
        uint256 due = lens.remittanceDue(waterfall, r);
        (uint256[] memory faces, uint256[] memory written) = _faces();
        _fundExactly(s.period + 1, due);
        _markRecordDateAtMonthEnd();

        waterfall.execute(r);
        ++ghostExecuted;
        ghostIn += due;
        _checkPeriod(s, faces, written, keccak256(abi.encode(r)));
    }

    /// @notice A report for a period other than the next is refused by the registry and by the waterfall.
    function wrongPeriod(uint256 seed, uint256 offset) external {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        IServicerReports.ServicerReport memory r = _month(s, [seed, seed >> 8, seed >> 16, 0, 0, 0, 0, 0]);
        r.period = uint32(bound(offset, 0, 1000));
        if (r.period == s.period + 1) r.period += 1;
        vm.prank(servicer);
        try reports.submit(r) {
            _violation("registry took a report for the wrong period");
        } catch {}
        _expectRefusal(r, "waterfall executed a report for the wrong period");
    }

    /// @notice With the cash short or long by `delta`, execution is refused and nothing moves; then it is fixed.
    function wrongCash(uint256[8] memory seeds, uint256 delta, bool long) external {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        if (s.called) return;
        IServicerReports.ServicerReport memory r = _month(s, seeds);
        _submitAndAttest(r);
        uint256 due = lens.remittanceDue(waterfall, r);
        delta = bound(delta, 1, 1e12);
        if (!long && delta > due) delta = due;
        uint256 deposit = long ? due + delta : due - delta;
        _fundExactly(s.period + 1, deposit);
        if (deposit != due) _expectRefusal(r, "waterfall executed with the wrong cash");
        // Put it right (as `mbs remit` would) and run the period.
        _fundExactly(s.period + 1, due);
        _markRecordDateAtMonthEnd();
        (uint256[] memory faces, uint256[] memory written) = _faces();
        waterfall.execute(r);
        ++ghostExecuted;
        ghostIn += due;
        _checkPeriod(s, faces, written, keccak256(abi.encode(r)));
    }

    /// @notice The servicer's key can never attest, and an attested report can never be replaced.
    function tamper(uint256[8] memory seeds) external {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        IServicerReports.ServicerReport memory r = _month(s, seeds);
        vm.prank(servicer);
        try reports.submit(r) returns (bytes32 h) {
            vm.prank(servicer);
            try reports.attest(r.period, h) {
                _violation("the servicer attested its own report");
            } catch {}
        } catch {}
        if (s.period != 0) {
            r.period = uint32(s.period);
            vm.prank(servicer);
            try reports.submit(r) {
                _violation("an attested period was submitted again");
            } catch {}
        }
    }

    /// @notice Anyone marks the next record date, at a random time: never before the period's month has ended.
    function markRecordDate(uint256 secondsAhead) external {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        if (s.called) return;
        vm.warp(block.timestamp + bound(secondsAhead, 0, 40 days));
        uint256 recordDate = waterfall.recordDateOf(s.period + 1);
        vm.prank(address(uint160(secondsAhead | 1)));
        try waterfall.markRecordDate() {
            if (block.timestamp <= recordDate) _violation("a record date was marked before its month ended");
        } catch {}
    }

    /// @dev The keeper at the boundary: the clock moved past the month end if needed, then the mark (once).
    function _markRecordDateAtMonthEnd() private {
        uint256 recordDate = waterfall.recordDateOf(waterfall.dealState().period + 1);
        if (block.timestamp <= recordDate) vm.warp(recordDate + 1);
        try waterfall.markRecordDate() {} catch {}
    }

    function withdraw(uint256 who) external {
        address payee = payees[bound(who, 0, 2)];
        uint256 owed = waterfall.owed(payee);
        if (owed == 0) return;
        vm.prank(payee);
        uint256 paid = waterfall.withdraw();
        if (paid != owed) _violation("a payee withdrew other than what it was owed");
        ghostWithdrawn += paid;
    }

    // ------------------------------------------------------------------------------------------------
    // Checks and helpers
    // ------------------------------------------------------------------------------------------------

    function _checkPeriod(
        IPaymentWaterfall.DealState memory before,
        uint256[] memory faces,
        uint256[] memory written,
        bytes32 ran
    ) private {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        if (s.period != before.period + 1) _violation("a period ran other than once and in order");
        (bytes32 h, bool attested) = reports.reportOf(s.period);
        if (!attested || h != ran) _violation("a period ran on a report other than the attested one");
        ghostAttested[s.period] = ran;
        ghostChain = keccak256(abi.encode(ghostChain, s.period, ran));
        // Factors never rise except by a write-up or accretion: principal lowers face, a loss moves face into
        // the written-down total, a write-up moves it back, so face + written-down never rises — except a Z
        // bond's, by at most one month of its coupon.
        for (uint256 i; i < tokens.length; ++i) {
            IPaymentWaterfall.ClassState memory c = waterfall.classState(i);
            IPaymentWaterfall.ClassTerms memory k = waterfall.classTerms(i);
            if (k.kind == IPaymentWaterfall.ClassKind.InterestOnly) continue;
            uint256 face = tokens[i].currentFace();
            if (face != c.balance) _violation("a token's current face differs from its class balance");
            uint256 allowance = k.kind == IPaymentWaterfall.ClassKind.Accrual ? (faces[i] * k.couponPpm) / 12e6 : 0;
            if (face + c.writtenDown > faces[i] + written[i] + allowance) {
                _violation("a factor rose other than by a write-up or accretion");
            }
        }
    }

    function _expectRefusal(IServicerReports.ServicerReport memory r, string memory breach) private {
        uint256 held = cash.balanceOf(address(waterfall));
        uint256 period = waterfall.dealState().period;
        try waterfall.execute(r) {
            _violation(breach);
        } catch {
            ++ghostRejected;
        }
        if (cash.balanceOf(address(waterfall)) != held || waterfall.dealState().period != period) {
            _violation("a refused execution moved something");
        }
    }

    function _submitAndAttest(IServicerReports.ServicerReport memory r) private {
        vm.prank(servicer);
        bytes32 h = reports.submit(r);
        vm.prank(trustee);
        reports.attest(r.period, h);
    }

    /// @dev Tops the deposit for `period` up or down to exactly `amount`.
    function _fundExactly(uint256 period, uint256 amount) private {
        uint256 funded = waterfall.dealState().funded;
        vm.startPrank(servicer);
        if (amount > funded) {
            cash.mint(servicer, amount - funded);
            cash.approve(address(waterfall), amount - funded);
            waterfall.fund(period, amount - funded);
        } else if (amount < funded) {
            waterfall.defund(period, funded - amount);
        }
        vm.stopPrank();
    }

    function _faces() private view returns (uint256[] memory faces, uint256[] memory written) {
        faces = new uint256[](tokens.length);
        written = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            faces[i] = tokens[i].currentFace();
            written[i] = waterfall.classState(i).writtenDown;
        }
    }

    /// @dev A random month that ties to the pool balance and fits the registry's checks.
    function _month(IPaymentWaterfall.DealState memory s, uint256[8] memory seeds)
        private
        pure
        returns (IServicerReports.ServicerReport memory r)
    {
        uint256 pool = s.poolBalance;
        uint256 left = pool;
        r.period = uint32(s.period + 1);
        r.interestCollected = uint128(bound(seeds[0], 0, pool / 40 + 1));
        r.scheduledPrincipal = uint128(bound(seeds[1], 0, left / 50));
        left -= r.scheduledPrincipal;
        r.payoffs = uint128(bound(seeds[2], 0, seeds[2] % 10 == 0 ? left : left / 10));
        left -= r.payoffs;
        r.curtailments = uint128(bound(seeds[3], 0, left / 100));
        left -= r.curtailments;
        r.realizedLoss = uint128(bound(seeds[4], 0, seeds[4] % 3 == 0 ? left / 20 : 0));
        left -= r.realizedLoss;
        r.liquidationProceeds = uint128(bound(seeds[5], 0, left / 50));
        left -= r.liquidationProceeds;
        r.recoveries = uint128(bound(seeds[6], 0, s.cumulativeLoss / 2));
        r.endingPoolBalance = uint128(left);
        r.endingLoanCount = left == 0 ? 0 : 100;
        uint128 delinquent = uint128(bound(seeds[7], 0, left));
        r.delinquent60 = IServicerReports.Bucket({count: delinquent == 0 ? 0 : 1, balance: delinquent});
        r.loanRoot = keccak256(abi.encode("root", seeds));
        r.fileHash = keccak256(abi.encode("file", seeds));
        r.reconciliationWarnings = seeds[7] % 7 == 0 ? (uint256(seeds[0] % 65_536) << 128) | 1 : 0;
    }

    function _violation(string memory what) private {
        if (violations == 0) firstViolation = what;
        ++violations;
    }
}

/// @notice The design invariants of the remittance cycle (docs/design.md 2–4) on a senior / mezzanine / Z deal with
/// an IO strip, fees, a reserve, OC and a loss trigger, driven by WaterfallHandler.
contract PaymentWaterfallInvariants is StdInvariant, Test, WaterfallDealFixture {
    WaterfallHandler internal handler;
    TestStablecoin internal cash;
    PaymentWaterfall internal waterfall;
    ServicerReports internal reports;
    MockClassToken[] internal tokens;

    function setUp() public {
        address servicer = makeAddr("servicer");
        address trustee = makeAddr("trustee");
        address[3] memory payees = [makeAddr("servicer-payee"), makeAddr("trustee-payee"), makeAddr("residual")];
        cash = new TestStablecoin(address(this));
        reports = new ServicerReports(address(this), POOL, 100);

        IPaymentWaterfall.ClassTerms[] memory classes = new IPaymentWaterfall.ClassTerms[](4);
        classes[0] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.Standard, 7e14, 50_000, 0);
        classes[1] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.Standard, 1.5e14, 60_000, 1);
        classes[2] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.Accrual, 1e14, 70_000, 2);
        classes[3] = _classOn(IERC20(address(cash)), IPaymentWaterfall.ClassKind.InterestOnly, uint96(POOL), 5_000, 3);
        for (uint256 i; i < 4; ++i) {
            tokens.push(MockClassToken(address(classes[i].token)));
        }
        waterfall = _deployWaterfall(
            IERC20(address(cash)),
            reports,
            _dealTerms(true, 50_000),
            classes,
            IPaymentWaterfall.Payees({servicer: payees[0], trustee: payees[1], residual: payees[2]}),
            servicer,
            trustee
        );
        WaterfallLens lens = new WaterfallLens();
        cash.mint(address(this), RESERVE);
        cash.approve(address(waterfall), RESERVE);
        waterfall.openReserve();

        MockClassToken[] memory list = new MockClassToken[](4);
        for (uint256 i; i < 4; ++i) {
            list[i] = tokens[i];
        }
        handler = new WaterfallHandler(cash, reports, waterfall, lens, list, servicer, trustee, payees, RESERVE);
        cash.grantRole(cash.MINTER_ROLE(), address(handler));
        cash.grantRole(cash.MINTER_ROLE(), servicer);

        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = WaterfallHandler.runPeriod.selector;
        selectors[1] = WaterfallHandler.runPeriod.selector;
        selectors[2] = WaterfallHandler.runPeriod.selector;
        selectors[3] = WaterfallHandler.wrongPeriod.selector;
        selectors[4] = WaterfallHandler.wrongCash.selector;
        selectors[5] = WaterfallHandler.tamper.selector;
        selectors[6] = WaterfallHandler.markRecordDate.selector;
        selectors[7] = WaterfallHandler.withdraw.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @notice After each run: the good months really ran, and bad ones were really refused (not vacuous).
    function afterInvariant() public view {
        assertGt(handler.ghostExecuted(), 0, "no period ran");
        assertGt(handler.ghostRejected(), 0, "no bad report or cash was tried");
    }

    function invariant_noHandlerCheckFailed() public view {
        assertEq(handler.violations(), 0, handler.firstViolation());
    }

    /// @notice Per period and at every moment: the waterfall holds exactly the cash deposited for the next period,
    /// the reserve, and the fees and residual not yet withdrawn.
    function invariant_cashBookBalances() public view {
        (uint256 funded, uint256 reserve, uint256 fees, uint256 residual) = waterfall.cashBook();
        assertEq(cash.balanceOf(address(waterfall)), funded + reserve + fees + residual);
    }

    /// @notice Over the whole history: everything remitted (and the initial reserve) is in a class token, was
    /// withdrawn by a payee, or is still held by the waterfall — not a unit created or lost.
    function invariant_cashConservedOverHistory() public view {
        uint256 distributed;
        for (uint256 i; i < tokens.length; ++i) {
            distributed += tokens[i].distributedCash();
            assertEq(cash.balanceOf(address(tokens[i])), tokens[i].distributedCash());
        }
        assertEq(handler.ghostIn(), distributed + handler.ghostWithdrawn() + cash.balanceOf(address(waterfall)));
    }

    /// @notice Σ class current face == pool balance − OC, with OC never negative.
    function invariant_classFacesWithinPool() public view {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        uint256 faces;
        for (uint256 i; i < 3; ++i) {
            faces += tokens[i].currentFace();
            assertEq(tokens[i].currentFace(), waterfall.classState(i).balance);
        }
        assertLe(faces, s.poolBalance);
        // The IO strip's notional is the pool.
        assertEq(waterfall.classState(3).balance, s.poolBalance);
    }

    /// @notice Periods run once and in order; every attested report stays as it was attested: the registry's chain
    /// head is the fold of exactly the reports the handler ran, and the hashes it still holds are theirs.
    function invariant_periodsOnceInOrderAndReportsImmutable() public view {
        IPaymentWaterfall.DealState memory s = waterfall.dealState();
        assertEq(s.period, handler.ghostExecuted());
        (uint256 attested, bytes32 head) = reports.attestedChain();
        assertEq(attested, s.period, "every attested period ran");
        assertEq(head, handler.ghostChain());
        uint256 held = reports.HASHES_HELD() - 1; // held even while the next period is pending
        for (uint256 p = s.period; p != 0 && p + held > s.period; --p) {
            assertEq(reports.attestedHash(p), handler.ghostAttested(p));
        }
        for (uint256 i; i < tokens.length; ++i) {
            assertEq(tokens[i].distributionCount(), s.period);
        }
    }
}
