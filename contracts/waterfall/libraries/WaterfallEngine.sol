// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IPaymentWaterfall} from "../../interfaces/IPaymentWaterfall.sol";
import {IServicerReports} from "../../interfaces/IServicerReports.sol";
import {ClassWord} from "./ClassWord.sol";
import {WaterfallMath} from "./WaterfallMath.sol";

/// @title One period of the payment waterfall, in exact integers
/// @notice The Solidity twin of `runPeriod` in src/analytics/deal/waterfall.ts: same steps in the same order,
/// same rounding (WaterfallMath), same place for every unit of dust. `runPeriod` is pure: the caller passes the
/// terms, the state and the collateral and gets the period's result back. `executePeriod` runs the same steps on
/// the deal's `Book` — the PaymentWaterfall's own storage, by delegate call — so no terms or state cross the call
/// boundary as ABI-encoded structs: it gets the class terms as a flat array of words, reads the state words, emits
/// every line, writes the new state words and returns only what the waterfall pays out (docs/adr/0020-waterfall-execution-gas.md).
/// Step names: cleanUpCall, payFees, payInterest, writeUp, payPrincipal, fundReserve, allocateLosses, payResidual
/// (docs/waterfall-model.md).
library WaterfallEngine {
    using WaterfallMath for uint256;
    using SafeCast for uint256;

    /// @notice `Pool.flags`: the clean-up call was exercised (no period runs after it).
    uint8 internal constant FLAG_CALLED = 1;
    /// @notice `Pool.flags`: the initial reserve was deposited (or none is required).
    uint8 internal constant FLAG_RESERVE_OPEN = 2;
    /// @notice `Pool.flags`: the next period's record date is marked.
    uint8 internal constant FLAG_RECORD_DATE = 4;
    /// @notice `Pool.flags`: a guarded function of the waterfall is running (its reentrancy guard).
    uint8 internal constant FLAG_ENTERED = 8;

    /// @notice The word every step reads, in one slot. It is never zero once deployed (the balance is, only after
    /// the reserve flag is set), so no period pays a zero-to-non-zero write for it — the first loss included.
    struct Pool {
        uint96 balance;
        uint96 cumulativeLoss;
        uint32 period;
        uint8 flags;
    }

    /// @notice What is carried to the next period besides the pool: the reserve account and unpaid fees.
    struct Carried {
        uint96 reserve;
        uint80 servicingFeeShortfall;
        uint80 trusteeFeeShortfall;
    }

    /// @notice The cash deposited for the next period. `kept` is set at deployment and never cleared, so the slot
    /// never returns to zero: a deposit is never a zero-to-non-zero write, and a period that finds nothing deposited
    /// (`fundAndExecute`'s usual case) does not write it at all.
    struct Funding {
        uint96 funded;
        bool kept;
    }

    /// @notice What the payees are owed and have not withdrawn, in one slot: a period writes it once for the fees
    /// and the residual. It stays non-zero once fees accrue.
    struct Held {
        uint80 servicerOwed;
        uint80 trusteeOwed;
        uint96 residualOwed;
    }

    /// @notice A class's state, in one slot.
    struct ClassSlot {
        uint96 balance;
        uint80 interestShortfall;
        uint80 writtenDown;
    }

    /// @notice The PaymentWaterfall's storage (one struct, so one storage pointer crosses the delegate call). The
    /// class terms are the waterfall's immutables (`ClassWord`), passed along.
    struct Book {
        Pool pool;
        Carried carried;
        Funding funding;
        Held held;
        mapping(uint256 index => ClassSlot) classes;
        mapping(uint256 index => uint96) originalBalances;
        mapping(uint256 index => uint128[]) schedules;
    }

    /// @notice The deal-level terms one period needs (the waterfall's immutables): a static tuple, cheap to pass.
    struct DealParams {
        uint256 originalPoolBalance;
        uint256 principalMode;
        uint256 servicingFeePpm;
        uint256 servicingFeeFixed;
        uint256 trusteeFeePpm;
        uint256 trusteeFeeFixed;
        uint256 hasDelinquencyTrigger;
        uint256 delinquencyTriggerPpm;
        uint256 hasLossTrigger;
        uint256 cumulativeLossTriggerPpm;
        uint256 reserveTargetPpm;
        uint256 reserveFloor;
        uint256 overcollateralizationTargetPpm;
        uint256 cleanUpCallPpm;
    }

    /// @notice What the waterfall moves after `executePeriod` (the new state is already written).
    struct Settlement {
        uint256 period;
        uint256 cashAvailable;
        uint256 servicingFeePaid;
        uint256 trusteeFeePaid;
        uint256 residual;
    }

    /// @notice What one class token is told after a period, in the order the waterfall calls it.
    struct ClassMove {
        uint256 accretion;
        uint256 writeUp;
        uint256 interestPaid;
        uint256 principalPaid;
        uint256 lossAllocated;
    }

    uint8 internal constant STANDARD = uint8(IPaymentWaterfall.ClassKind.Standard);
    uint8 internal constant ACCRUAL = uint8(IPaymentWaterfall.ClassKind.Accrual);
    uint8 internal constant INTEREST_ONLY = uint8(IPaymentWaterfall.ClassKind.InterestOnly);

    /// @notice The terms one period needs, in memory. `scheduledBalance` is the PAC target after this period.
    struct Class {
        uint8 kind;
        uint256 couponPpm;
        uint256 interestRank;
        uint256 notionalMask;
        bool scheduled;
        uint256 scheduledBalance;
    }

    struct Terms {
        uint256 originalPoolBalance;
        uint8 principalMode;
        uint256 servicingFeePpm;
        uint256 servicingFeeFixed;
        uint256 trusteeFeePpm;
        uint256 trusteeFeeFixed;
        bool hasDelinquencyTrigger;
        uint256 delinquencyTriggerPpm;
        bool hasLossTrigger;
        uint256 cumulativeLossTriggerPpm;
        uint256 reserveTargetPpm;
        uint256 reserveFloor;
        uint256 overcollateralizationTargetPpm;
        uint256 cleanUpCallPpm;
        Class[] classes;
    }

    /// @notice The model's `CollateralPeriod`: prepayments = curtailments + payoffs; the 60+ delinquent
    /// balance = 60–89 + 90+ + foreclosure + REO.
    struct Collateral {
        uint256 interestCollected;
        uint256 scheduledPrincipal;
        uint256 prepayments;
        uint256 liquidationProceeds;
        uint256 realizedLoss;
        uint256 recoveries;
        uint256 delinquent60Plus;
        uint256 endingPoolBalance;
    }

    /// @notice Working values of one period that do not belong in the result.
    struct Scratch {
        uint256 pot;
        uint256 principalCollected;
        uint256 required;
        uint256 basic;
        uint256[] afterAccretion;
    }

    /// @notice The model's collateral from the servicer's aggregates.
    function collateralOf(IServicerReports.ServicerReport calldata r)
        internal
        pure
        returns (WaterfallEngine.Collateral memory)
    {
        return WaterfallEngine.Collateral({
            interestCollected: r.interestCollected,
            scheduledPrincipal: r.scheduledPrincipal,
            prepayments: uint256(r.curtailments) + r.payoffs,
            liquidationProceeds: r.liquidationProceeds,
            realizedLoss: r.realizedLoss,
            recoveries: r.recoveries,
            delinquent60Plus: uint256(r.delinquent60.balance) + r.delinquent90Plus.balance + r.foreclosure.balance
                + r.reo.balance,
            endingPoolBalance: r.endingPoolBalance
        });
    }

    /// @notice Runs period `state.period + 1` and returns everything it does (the model's `PeriodResult`).
    /// Reverts if the report does not tie to the pool balance or the deal was called; conservation is checked
    /// before return.
    function runPeriod(
        Terms memory t,
        IPaymentWaterfall.DealState memory s,
        IPaymentWaterfall.ClassState[] memory c,
        Collateral memory r
    ) public pure returns (IPaymentWaterfall.PeriodResult memory) {
        return _run(t, s, c, r);
    }

    /// @notice Runs the next period on the waterfall's `Book` (delegate call: the caller's storage and logs) with
    /// the class terms `words` (in order): reads the state, emits one event per waterfall line, writes the new pool, carried and class
    /// words, and returns what the caller pays out — it checks the cash, books the fees and residual and drives
    /// the class tokens. The caller checks the period, the attestation and the record date before.
    function executePeriod(
        Book storage b,
        DealParams calldata d,
        ClassWord[] calldata words,
        Collateral calldata r,
        bytes32 reportHash,
        address residualPayee
    ) external returns (Settlement memory o, ClassMove[] memory moves) {
        (IPaymentWaterfall.DealState memory s, IPaymentWaterfall.ClassState[] memory c, uint8 flags) =
            _stateOf(b, words.length);
        IPaymentWaterfall.PeriodResult memory p = _run(_termsOf(b, d, words, s.period + 1), s, c, r);
        _emitLines(p, reportHash, residualPayee);
        moves = _store(b, p, flags);
        o = Settlement({
            period: p.period,
            cashAvailable: p.cashAvailable,
            servicingFeePaid: p.servicingFeePaid,
            trusteeFeePaid: p.trusteeFeePaid,
            residual: p.residual
        });
    }

    /// @dev The deal's state and the pool flags from the book. Internal: the waterfall's `dealState()` view inlines the
    /// same reading, so the two cannot drift apart.
    function dealStateOf(Book storage b) internal view returns (IPaymentWaterfall.DealState memory s, uint8 flags) {
        Pool memory pool = b.pool;
        Carried memory carried = b.carried;
        flags = pool.flags;
        s.period = pool.period;
        s.poolBalance = pool.balance;
        s.reserveBalance = carried.reserve;
        s.cumulativeLoss = pool.cumulativeLoss;
        s.servicingFeeShortfall = carried.servicingFeeShortfall;
        s.trusteeFeeShortfall = carried.trusteeFeeShortfall;
        s.called = flags & FLAG_CALLED != 0;
        s.reserveOpen = flags & FLAG_RESERVE_OPEN != 0;
    }

    /// @dev The deal's and the classes' state from the book, and the pool flags.
    function _stateOf(Book storage b, uint256 n)
        private
        view
        returns (IPaymentWaterfall.DealState memory s, IPaymentWaterfall.ClassState[] memory c, uint8 flags)
    {
        (s, flags) = dealStateOf(b);
        c = new IPaymentWaterfall.ClassState[](n);
        for (uint256 i; i < n; ++i) {
            ClassSlot memory slot = b.classes[i];
            c[i] = IPaymentWaterfall.ClassState({
                balance: slot.balance,
                interestShortfall: slot.interestShortfall,
                writtenDown: slot.writtenDown
            });
        }
    }

    /// @dev Writes the period's new state to the book and lists what each class token is told. The record-date flag
    /// is spent (the next period needs its own mark); the guard bit stays as the caller set it.
    function _store(Book storage b, IPaymentWaterfall.PeriodResult memory p, uint8 flags)
        private
        returns (ClassMove[] memory moves)
    {
        b.pool = Pool({
            balance: p.poolEnding.toUint96(),
            cumulativeLoss: p.cumulativeLoss.toUint96(),
            period: uint32(p.period), // lossless: the registry numbers periods in 32 bits
            flags: (flags & (FLAG_RESERVE_OPEN | FLAG_ENTERED)) | (p.cleanUpCallProceeds != 0 ? FLAG_CALLED : 0)
        });
        b.carried = Carried({
            reserve: p.reserveEnding.toUint96(),
            servicingFeeShortfall: (p.servicingFeeCarried + p.servicingFeeDue - p.servicingFeePaid).toUint80(),
            trusteeFeeShortfall: (p.trusteeFeeCarried + p.trusteeFeeDue - p.trusteeFeePaid).toUint80()
        });
        uint256 n = p.endingBalance.length;
        moves = new ClassMove[](n);
        for (uint256 i; i < n; ++i) {
            b.classes[i] = ClassSlot({
                balance: p.endingBalance[i].toUint96(),
                interestShortfall: p.interestShortfall[i].toUint80(),
                writtenDown: p.writtenDown[i].toUint80()
            });
            moves[i] = ClassMove({
                accretion: p.accretion[i],
                writeUp: p.writeUp[i],
                interestPaid: p.interestPaid[i],
                principalPaid: p.principalPaid[i],
                lossAllocated: p.lossAllocated[i]
            });
        }
    }

    /// @dev The engine's terms from the deal parameters and the class words (`scheduledBalance` for `period`).
    function _termsOf(Book storage b, DealParams calldata d, ClassWord[] calldata words, uint256 period)
        private
        view
        returns (Terms memory t)
    {
        t.originalPoolBalance = d.originalPoolBalance;
        t.principalMode = uint8(d.principalMode);
        t.servicingFeePpm = d.servicingFeePpm;
        t.servicingFeeFixed = d.servicingFeeFixed;
        t.trusteeFeePpm = d.trusteeFeePpm;
        t.trusteeFeeFixed = d.trusteeFeeFixed;
        t.hasDelinquencyTrigger = d.hasDelinquencyTrigger != 0;
        t.delinquencyTriggerPpm = d.delinquencyTriggerPpm;
        t.hasLossTrigger = d.hasLossTrigger != 0;
        t.cumulativeLossTriggerPpm = d.cumulativeLossTriggerPpm;
        t.reserveTargetPpm = d.reserveTargetPpm;
        t.reserveFloor = d.reserveFloor;
        t.overcollateralizationTargetPpm = d.overcollateralizationTargetPpm;
        t.cleanUpCallPpm = d.cleanUpCallPpm;
        uint256 n = words.length;
        t.classes = new Class[](n);
        for (uint256 i; i < n; ++i) {
            ClassWord w = words[i];
            Class memory k = t.classes[i];
            k.kind = w.kind();
            k.couponPpm = w.couponPpm();
            k.interestRank = w.interestRank();
            k.notionalMask = w.notionalMask();
            k.scheduled = w.scheduled();
            if (k.scheduled) {
                uint128[] storage schedule = b.schedules[i];
                k.scheduledBalance = period <= schedule.length ? schedule[period - 1] : 0;
            }
        }
    }

    function _run(
        Terms memory t,
        IPaymentWaterfall.DealState memory s,
        IPaymentWaterfall.ClassState[] memory c,
        Collateral memory r
    ) private pure returns (IPaymentWaterfall.PeriodResult memory p) {
        p.period = s.period + 1;
        if (s.called) revert IPaymentWaterfall.WaterfallDealCalled(p.period);
        Scratch memory x;
        _cleanUpCall(t, s, r, p, x);
        _payFees(t, s, p, x);
        _payInterest(t, s, c, p, x);
        _writeUp(t, c, r, p, x);
        _payPrincipalAndReserve(t, r, p, x);
        _allocateLosses(t, c, p, x);
        // payResidual: whatever is left, including every unit of rounding dust.
        p.residual = x.pot;
        _checkConservation(p);
    }

    /// @dev Ties the report to the pool and applies the clean-up call: the collateral bought at par.
    function _cleanUpCall(
        Terms memory t,
        IPaymentWaterfall.DealState memory s,
        Collateral memory r,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        uint256 principalCollected = r.scheduledPrincipal + r.prepayments + r.liquidationProceeds;
        uint256 reduction = principalCollected + r.realizedLoss;
        uint256 expected = reduction > s.poolBalance ? 0 : s.poolBalance - reduction;
        if (reduction > s.poolBalance || expected != r.endingPoolBalance) {
            revert IPaymentWaterfall.WaterfallReportDoesNotTie(p.period, r.endingPoolBalance, expected);
        }
        x.principalCollected = principalCollected;
        p.poolBeginning = s.poolBalance;
        uint256 grossLoss = s.cumulativeLoss + r.realizedLoss;
        p.cumulativeLoss = grossLoss > r.recoveries ? grossLoss - r.recoveries : 0;
        bool called = r.endingPoolBalance != 0
            && r.endingPoolBalance * WaterfallMath.PPM < t.cleanUpCallPpm * t.originalPoolBalance;
        p.cleanUpCallProceeds = called ? r.endingPoolBalance : 0;
        p.poolEnding = called ? 0 : r.endingPoolBalance;
        p.cashAvailable = r.interestCollected + principalCollected + r.recoveries + p.cleanUpCallProceeds;
        x.pot = p.cashAvailable;
    }

    /// @dev payFees: servicing, then trustee, each its carried shortfall plus this period's accrual on the
    /// beginning pool balance plus the fixed fee. The model pays the sum as one line; the split is sequential.
    function _payFees(
        Terms memory t,
        IPaymentWaterfall.DealState memory s,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        p.servicingFeeDue = s.poolBalance.monthlyAccrual(t.servicingFeePpm) + t.servicingFeeFixed;
        p.trusteeFeeDue = s.poolBalance.monthlyAccrual(t.trusteeFeePpm) + t.trusteeFeeFixed;
        p.servicingFeeCarried = s.servicingFeeShortfall;
        p.trusteeFeeCarried = s.trusteeFeeShortfall;
        p.servicingFeePaid = WaterfallMath.min(p.servicingFeeCarried + p.servicingFeeDue, x.pot);
        x.pot -= p.servicingFeePaid;
        p.trusteeFeePaid = WaterfallMath.min(p.trusteeFeeCarried + p.trusteeFeeDue, x.pot);
        x.pot -= p.trusteeFeePaid;
    }

    /// @dev payInterest: by rank, carried shortfall first, pro rata within a rank; then the reserve for what is
    /// still unpaid, same order. A Z bond accrues (its interest is added to its balance) while a non-Z bond
    /// class listed before it has a beginning balance.
    function _payInterest(
        Terms memory t,
        IPaymentWaterfall.DealState memory s,
        IPaymentWaterfall.ClassState[] memory c,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        uint256 n = c.length;
        p.beginningBalance = new uint256[](n);
        p.interestCurrent = new uint256[](n);
        p.interestCarried = new uint256[](n);
        p.accretion = new uint256[](n);
        uint256[] memory due = new uint256[](n);
        bool outstandingBefore;
        for (uint256 i; i < n; ++i) {
            Class memory k = t.classes[i];
            uint256 begin = c[i].balance;
            p.beginningBalance[i] = begin;
            p.interestCarried[i] = c[i].interestShortfall;
            uint256 current = begin.monthlyAccrual(k.couponPpm);
            p.interestCurrent[i] = current;
            bool accruing = k.kind == ACCRUAL && outstandingBefore;
            if (accruing) p.accretion[i] = current;
            due[i] = c[i].interestShortfall + (accruing ? 0 : current);
            if (k.kind != INTEREST_ONLY && k.kind != ACCRUAL && begin != 0) outstandingBefore = true;
        }
        uint256[] memory order = _rankOrder(t);
        (uint256[] memory paid, uint256 spent) = _payByRank(t, order, x.pot, due);
        x.pot -= spent;
        uint256[] memory unpaid = new uint256[](n);
        uint256 unpaidTotal;
        for (uint256 i; i < n; ++i) {
            unpaid[i] = due[i] - paid[i];
            unpaidTotal += unpaid[i];
        }
        p.reserveBeginning = s.reserveBalance;
        // Nothing unpaid (the usual month): the reserve pays nothing and nothing is short — exactly what the pass
        // below would give. `unpaid` (all zeros) stands for both zero lines and `paid` for the interest paid; no
        // later step writes these three arrays.
        if (unpaidTotal == 0) {
            p.interestFromReserve = unpaid;
            p.interestShortfall = unpaid;
            p.interestPaid = paid;
            return;
        }
        (p.interestFromReserve, p.reserveDraw) = _payByRank(t, order, s.reserveBalance, unpaid);
        p.interestPaid = new uint256[](n);
        p.interestShortfall = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 total = paid[i] + p.interestFromReserve[i];
            p.interestPaid[i] = total;
            p.interestShortfall[i] = due[i] - total;
        }
    }

    /// @dev The classes in ascending interest rank, ties in list order (insertion sort: at most 16 classes).
    function _rankOrder(Terms memory t) private pure returns (uint256[] memory order) {
        uint256 n = t.classes.length;
        order = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 rank = t.classes[i].interestRank;
            uint256 j = i;
            while (j > 0 && t.classes[order[j - 1]].interestRank > rank) {
                order[j] = order[j - 1];
                --j;
            }
            order[j] = i;
        }
    }

    /// @dev Pays `due` from `available` by ascending interest rank (`order`); equal ranks share pro rata to what
    /// is due, dust in list order. Returns each class's payment and their total.
    function _payByRank(Terms memory t, uint256[] memory order, uint256 available, uint256[] memory due)
        private
        pure
        returns (uint256[] memory paid, uint256 spent)
    {
        uint256 n = due.length;
        paid = new uint256[](n);
        uint256 left = available;
        uint256 i;
        while (i < n) {
            uint256 rank = t.classes[order[i]].interestRank;
            uint256 end = i + 1;
            while (end < n && t.classes[order[end]].interestRank == rank) ++end;
            if (end == i + 1) {
                uint256 k = order[i];
                uint256 pay = WaterfallMath.min(left, due[k]);
                paid[k] = pay;
                left -= pay;
            } else {
                uint256[] memory claims = new uint256[](end - i);
                for (uint256 m = i; m < end; ++m) {
                    claims[m - i] = due[order[m]];
                }
                uint256[] memory shares = WaterfallMath.allocateProRata(left, claims, claims);
                for (uint256 m = i; m < end; ++m) {
                    paid[order[m]] = shares[m - i];
                    left -= shares[m - i];
                }
            }
            i = end;
        }
        // unchecked: `left` starts at `available` and only decreases (each payment is at most what is left).
        unchecked {
            spent = available - left;
        }
    }

    /// @dev writeUp: recoveries restore earlier losses, in list order (senior first), each up to what the
    /// class lost and has not had back.
    function _writeUp(
        Terms memory t,
        IPaymentWaterfall.ClassState[] memory c,
        Collateral memory r,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        uint256 n = c.length;
        uint256[] memory writtenDown = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (t.classes[i].kind != INTEREST_ONLY) writtenDown[i] = c[i].writtenDown;
        }
        p.writeUp = WaterfallMath.allocateSequential(r.recoveries, writtenDown);
        p.writtenDown = writtenDown; // the loss step adds this period's losses and takes the write-ups off
        x.afterAccretion = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            if (t.classes[i].kind != INTEREST_ONLY) {
                x.afterAccretion[i] = p.beginningBalance[i] + p.accretion[i] + p.writeUp[i];
            }
        }
    }

    /// @dev payPrincipal (basic, out of principal collected, accretion, recoveries and call proceeds), then
    /// fundReserve (top-up to target or release), then payPrincipal again from excess spread down to the OC
    /// target; the total is allocated to the classes in one step.
    function _payPrincipalAndReserve(
        Terms memory t,
        Collateral memory r,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        uint256 bondTotal = WaterfallMath.sum(x.afterAccretion);
        p.overcollateralizationTarget =
            p.poolEnding == 0 ? 0 : t.originalPoolBalance.ppmOf(t.overcollateralizationTargetPpm);
        uint256 targetBonds = p.poolEnding > p.overcollateralizationTarget
            ? p.poolEnding - p.overcollateralizationTarget
            : 0;
        x.required = bondTotal > targetBonds ? bondTotal - targetBonds : 0;
        uint256 principalSources =
            x.principalCollected + WaterfallMath.sum(p.accretion) + r.recoveries + p.cleanUpCallProceeds;
        x.basic = WaterfallMath.min(WaterfallMath.min(x.required, principalSources), x.pot);
        x.pot -= x.basic;

        // fundReserve
        uint256 reserve = p.reserveBeginning - p.reserveDraw;
        p.reserveTarget = p.poolEnding == 0
            ? 0
            : _max(t.reserveFloor, p.poolEnding.ppmOf(t.reserveTargetPpm));
        if (reserve < p.reserveTarget) {
            p.reserveDeposit = WaterfallMath.min(p.reserveTarget - reserve, x.pot);
            x.pot -= p.reserveDeposit;
        } else {
            p.reserveRelease = reserve - p.reserveTarget;
            x.pot += p.reserveRelease;
        }
        p.reserveEnding = reserve + p.reserveDeposit - p.reserveRelease;

        uint256 extra = WaterfallMath.min(x.required - x.basic, x.pot);
        x.pot -= extra;

        p.delinquencyTripped = t.hasDelinquencyTrigger
            && WaterfallMath.exceedsPpm(r.delinquent60Plus, r.endingPoolBalance, t.delinquencyTriggerPpm);
        p.lossTripped = t.hasLossTrigger
            && WaterfallMath.exceedsPpm(p.cumulativeLoss, t.originalPoolBalance, t.cumulativeLossTriggerPpm);
        p.sequentialApplied = t.principalMode == uint8(IPaymentWaterfall.PrincipalMode.Sequential)
            || (
                t.principalMode == uint8(IPaymentWaterfall.PrincipalMode.ProRataUntilTrigger)
                    && (p.delinquencyTripped || p.lossTripped)
            );
        p.principalPaid = _allocatePrincipal(t, x.basic + extra, x.afterAccretion, p.sequentialApplied);
    }

    /// @dev (1) scheduled classes in list order down to their scheduled balance; (2) unscheduled bond classes,
    /// sequential or pro rata by balance; (3) scheduled classes in list order with whatever is left.
    function _allocatePrincipal(Terms memory t, uint256 amount, uint256[] memory balances, bool sequential)
        private
        pure
        returns (uint256[] memory paid)
    {
        uint256 n = balances.length;
        paid = new uint256[](n);
        uint256 left = amount;
        uint256 unscheduledCount;
        uint256 scheduledCount;
        for (uint256 i; i < n; ++i) {
            Class memory k = t.classes[i];
            if (k.kind == INTEREST_ONLY) continue;
            if (!k.scheduled) {
                ++unscheduledCount;
                continue;
            }
            ++scheduledCount;
            uint256 above = balances[i] > k.scheduledBalance ? balances[i] - k.scheduledBalance : 0;
            uint256 pay = WaterfallMath.min(above, left);
            paid[i] = pay;
            left -= pay;
        }
        left = _payUnscheduled(t, left, balances, paid, unscheduledCount, sequential);
        if (left != 0 && scheduledCount != 0) {
            for (uint256 i; i < n && left != 0; ++i) {
                Class memory k = t.classes[i];
                if (k.kind == INTEREST_ONLY || !k.scheduled) continue;
                uint256 pay = WaterfallMath.min(balances[i] - paid[i], left);
                paid[i] += pay;
                left -= pay;
            }
        }
        if (left != 0) revert IPaymentWaterfall.WaterfallPrincipalExceedsBonds(left);
    }

    function _payUnscheduled(
        Terms memory t,
        uint256 left,
        uint256[] memory balances,
        uint256[] memory paid,
        uint256 count,
        bool sequential
    ) private pure returns (uint256) {
        if (count == 0) return left;
        uint256[] memory caps = new uint256[](count);
        uint256[] memory index = new uint256[](count);
        uint256 k;
        for (uint256 i; i < balances.length; ++i) {
            Class memory c = t.classes[i];
            if (c.kind == INTEREST_ONLY || c.scheduled) continue;
            caps[k] = balances[i];
            index[k++] = i;
        }
        // Unscheduled classes have been paid nothing yet, so their weights (balances) equal their caps.
        uint256[] memory shares = sequential
            ? WaterfallMath.allocateSequential(left, caps)
            : WaterfallMath.allocateProRata(left, caps, caps);
        for (k = 0; k < count; ++k) {
            paid[index[k]] = shares[k];
            left -= shares[k];
        }
        return left;
    }

    /// @dev allocateLosses: bonds above the ending pool balance are written down, last class first; then the
    /// interest-only notionals are recomputed from the ending balances.
    function _allocateLosses(
        Terms memory t,
        IPaymentWaterfall.ClassState[] memory c,
        IPaymentWaterfall.PeriodResult memory p,
        Scratch memory x
    ) private pure {
        uint256 n = c.length;
        uint256[] memory afterPrincipal = new uint256[](n);
        uint256 bonds;
        for (uint256 i; i < n; ++i) {
            afterPrincipal[i] = x.afterAccretion[i] - p.principalPaid[i];
            bonds += afterPrincipal[i];
        }
        uint256 excess = bonds > p.poolEnding ? bonds - p.poolEnding : 0;
        p.lossAllocated = new uint256[](n);
        p.endingBalance = new uint256[](n);
        for (uint256 j = n; j > 0 && excess != 0; --j) {
            uint256 loss = WaterfallMath.min(excess, afterPrincipal[j - 1]);
            p.lossAllocated[j - 1] = loss;
            excess -= loss;
        }
        for (uint256 i; i < n; ++i) {
            p.endingBalance[i] = afterPrincipal[i] - p.lossAllocated[i];
            p.writtenDown[i] = p.writtenDown[i] - p.writeUp[i] + p.lossAllocated[i];
        }
        for (uint256 i; i < n; ++i) {
            Class memory k = t.classes[i];
            if (k.kind != INTEREST_ONLY) continue;
            if (k.notionalMask == 0) {
                p.endingBalance[i] = p.poolEnding;
                continue;
            }
            uint256 notional;
            for (uint256 j; j < n; ++j) {
                if (k.notionalMask & (1 << j) != 0) notional += p.endingBalance[j];
            }
            p.endingBalance[i] = notional;
        }
    }

    /// @dev fees + interest + principal + reserve movement + residual == cash available (design invariant 2).
    function _checkConservation(IPaymentWaterfall.PeriodResult memory p) private pure {
        uint256 out = p.servicingFeePaid + p.trusteeFeePaid + WaterfallMath.sum(p.interestPaid)
            + WaterfallMath.sum(p.principalPaid) + p.reserveDeposit + p.residual;
        uint256 into = p.cashAvailable + p.reserveRelease + p.reserveDraw;
        if (out != into) revert IPaymentWaterfall.WaterfallConservationBroken(p.period, into, out);
    }

    /// @dev One event per waterfall line, in the order of the steps.
    function _emitLines(IPaymentWaterfall.PeriodResult memory p, bytes32 reportHash, address residualPayee) private {
        uint256 period = p.period;
        if (p.cleanUpCallProceeds != 0) emit IPaymentWaterfall.CleanUpCallExercised(period, p.cleanUpCallProceeds);
        emit IPaymentWaterfall.FeesPaid(
            period,
            p.servicingFeeDue,
            p.servicingFeeCarried,
            p.servicingFeePaid,
            p.trusteeFeeDue,
            p.trusteeFeeCarried,
            p.trusteeFeePaid
        );
        uint256 n = p.endingBalance.length;
        for (uint256 i; i < n; ++i) {
            emit IPaymentWaterfall.InterestPaid(
                period,
                i,
                p.interestCurrent[i],
                p.interestCarried[i],
                p.interestPaid[i],
                p.interestFromReserve[i],
                p.interestShortfall[i],
                p.accretion[i]
            );
        }
        for (uint256 i; i < n; ++i) {
            if (p.writeUp[i] != 0) emit IPaymentWaterfall.LossWrittenUp(period, i, p.writeUp[i]);
        }
        for (uint256 i; i < n; ++i) {
            emit IPaymentWaterfall.PrincipalPaid(period, i, p.principalPaid[i], p.endingBalance[i]);
        }
        emit IPaymentWaterfall.ReserveMoved(
            period, p.reserveDraw, p.reserveDeposit, p.reserveRelease, p.reserveTarget, p.reserveEnding
        );
        for (uint256 i; i < n; ++i) {
            if (p.lossAllocated[i] != 0) emit IPaymentWaterfall.LossAllocated(period, i, p.lossAllocated[i]);
        }
        emit IPaymentWaterfall.ResidualPaid(period, residualPayee, p.residual);
        emit IPaymentWaterfall.PeriodExecuted(
            period,
            reportHash,
            p.cashAvailable,
            p.poolEnding,
            p.cumulativeLoss,
            p.overcollateralizationTarget,
            p.sequentialApplied,
            p.delinquencyTripped,
            p.lossTripped
        );
    }

    function _max(uint256 a, uint256 b) private pure returns (uint256) {
        return a > b ? a : b;
    }
}
