// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IServicerReports} from "./IServicerReports.sol";
import {IWaterfallClassToken} from "./IWaterfallClassToken.sol";

/// @title The payment waterfall of one deal
/// @notice Executes one period at a time from a servicer report the trustee has attested (in the deal's
/// `IServicerReports`) and the cash the servicer deposited for it, which must equal the period's remittance
/// exactly. The order of payments, the rounding and where every unit of dust goes are those of the
/// TypeScript reference model (src/analytics/deal, docs/waterfall-model.md), step by step:
/// clean-up call → payFees → payInterest (by rank, pro rata within a rank, carried shortfall first, then the
/// reserve for what is still unpaid; Z bonds accrete) → writeUp (recoveries, senior first) → payPrincipal
/// (basic) → fundReserve (top-up to target or release) → payPrincipal (excess spread to the OC target) →
/// allocateLosses (junior first) → payResidual.
/// Pass-through, sequential, pro-rata, senior/mezzanine/junior with triggers, IO/PO, PAC/support and Z
/// deals are configurations of this one engine. Money in settlement-token units; rates in ppm (1e6 = 100 %).
/// Every line of every period is evented, so a trustee statement can be rebuilt from logs alone.
interface IPaymentWaterfall {
    enum ClassKind {
        Standard,
        Accrual,
        PrincipalOnly,
        InterestOnly
    }

    enum PrincipalMode {
        Sequential,
        ProRata,
        ProRataUntilTrigger
    }

    /// @notice The deal-level terms, fixed at deployment.
    /// @param originalPoolBalance Pool balance at closing.
    /// @param principalMode How principal goes to the unscheduled bond classes.
    /// @param servicingFeePpm Annual servicing fee on the period's beginning pool balance (30/360), plus
    ///        `servicingFeeFixed` a month; likewise the trustee fee.
    /// @param hasDelinquencyTrigger Whether the 60+ delinquency trigger exists: it trips when the 60+
    ///        delinquent balance exceeds `delinquencyTriggerPpm` of the ending pool balance.
    /// @param hasLossTrigger Whether the cumulative-loss trigger exists: it trips when cumulative net loss
    ///        exceeds `cumulativeLossTriggerPpm` of the original pool balance.
    /// @param reserveTargetPpm Reserve target = max(reserveFloor, reserveTargetPpm × ending pool); 0 once the
    ///        pool is gone. `reserveInitialBalance` is deposited once before period 1 (`openReserve`).
    /// @param overcollateralizationTargetPpm OC target, of the original pool balance.
    /// @param cleanUpCallPpm The collateral is called at par when the ending pool factor falls strictly under
    ///        this (0 = no call).
    /// @param cutoffDate The pool's cut-off date (Unix time, as `ILoanPool.Commitment.cutoffDate`; only its UTC
    ///        calendar month counts): period n collects the n-th calendar month after the cut-off month, and its
    ///        record date is that month's last second, 23:59:59 UTC (`recordDateOf`).
    struct DealTerms {
        uint96 originalPoolBalance;
        PrincipalMode principalMode;
        uint32 servicingFeePpm;
        uint64 servicingFeeFixed;
        uint32 trusteeFeePpm;
        uint64 trusteeFeeFixed;
        bool hasDelinquencyTrigger;
        uint32 delinquencyTriggerPpm;
        bool hasLossTrigger;
        uint32 cumulativeLossTriggerPpm;
        uint32 reserveTargetPpm;
        uint96 reserveFloor;
        uint96 reserveInitialBalance;
        uint32 overcollateralizationTargetPpm;
        uint32 cleanUpCallPpm;
        uint64 cutoffDate;
    }

    /// @notice One class, in order of principal priority (the first is the most senior).
    /// @param token The class token (this waterfall holds its DISTRIBUTOR role).
    /// @param couponPpm Annual coupon, 30/360 (0 for a principal-only class).
    /// @param interestRank Lower ranks are paid interest first; equal ranks share pro rata.
    /// @param originalBalance Original principal of a bond class; ignored for an interest-only class.
    /// @param notionalMask Interest-only class: bit i set = class i's balance is in the notional; 0 = the pool.
    /// @param scheduled A PAC class: paid toward `schedule[t − 1]` after period t (0 past the end) first.
    struct ClassTerms {
        IWaterfallClassToken token;
        ClassKind kind;
        uint32 couponPpm;
        uint8 interestRank;
        uint96 originalBalance;
        uint16 notionalMask;
        bool scheduled;
        uint128[] schedule;
    }

    /// @notice Where fees and the residual are paid (they withdraw what they are owed).
    struct Payees {
        address servicer;
        address trustee;
        address residual;
    }

    /// @notice The deal's state between periods.
    struct DealState {
        uint256 period;
        uint256 poolBalance;
        uint256 reserveBalance;
        uint256 cumulativeLoss;
        uint256 servicingFeeShortfall;
        uint256 trusteeFeeShortfall;
        bool called;
        bool reserveOpen;
        uint256 funded;
    }

    /// @notice One class's state between periods.
    /// @param balance Principal balance (an interest-only class: its notional).
    /// @param interestShortfall Unpaid interest carried to the next period.
    /// @param writtenDown Losses allocated and not yet written back up.
    struct ClassState {
        uint256 balance;
        uint256 interestShortfall;
        uint256 writtenDown;
    }

    /// @notice Everything one period does, as the reference model's `PeriodResult`.
    struct PeriodResult {
        uint256 period;
        uint256 poolBeginning;
        uint256 poolEnding;
        uint256 cumulativeLoss;
        uint256 cleanUpCallProceeds;
        uint256 cashAvailable;
        uint256 servicingFeeDue;
        uint256 servicingFeeCarried;
        uint256 servicingFeePaid;
        uint256 trusteeFeeDue;
        uint256 trusteeFeeCarried;
        uint256 trusteeFeePaid;
        uint256[] interestCurrent;
        uint256[] interestCarried;
        uint256[] interestPaid;
        uint256[] interestFromReserve;
        uint256[] interestShortfall;
        uint256[] accretion;
        uint256[] writeUp;
        uint256[] principalPaid;
        uint256[] lossAllocated;
        uint256[] beginningBalance;
        uint256[] endingBalance;
        uint256[] writtenDown;
        bool sequentialApplied;
        bool delinquencyTripped;
        bool lossTripped;
        uint256 reserveBeginning;
        uint256 reserveTarget;
        uint256 reserveDraw;
        uint256 reserveDeposit;
        uint256 reserveRelease;
        uint256 reserveEnding;
        uint256 overcollateralizationTarget;
        uint256 residual;
    }

    /// @notice The holders of record of `period` were fixed on every class token at `markedAt` (block time), for
    /// the period's scheduled record date `recordDate` (the end of its collection period; `markedAt` is later).
    event RecordDateMarked(uint256 indexed period, uint256 recordDate, uint256 markedAt);
    /// @notice The initial reserve was deposited.
    event ReserveOpened(address indexed from, uint256 amount);
    /// @notice Cash for `period` was deposited (`totalFunded` so far).
    event Funded(uint256 indexed period, address indexed from, uint256 amount, uint256 totalFunded);
    /// @notice Cash deposited for `period` was returned to the servicer before execution.
    event Defunded(uint256 indexed period, address indexed to, uint256 amount, uint256 totalFunded);
    /// @notice The clean-up call was exercised: the collateral was bought at par and the deal ends.
    event CleanUpCallExercised(uint256 indexed period, uint256 proceeds);
    /// @notice payFees: fees due this period (`servicingDue`, `trusteeDue`), carried from earlier, paid and
    /// carried forward. Servicing is paid before trustee.
    event FeesPaid(
        uint256 indexed period,
        uint256 servicingDue,
        uint256 servicingCarried,
        uint256 servicingPaid,
        uint256 trusteeDue,
        uint256 trusteeCarried,
        uint256 trusteePaid
    );
    /// @notice payInterest for one class: this period's interest, the shortfall carried in, what was paid
    /// (of which `fromReserve` drawn from the reserve), the shortfall carried out, and Z accretion.
    event InterestPaid(
        uint256 indexed period,
        uint256 indexed classIndex,
        uint256 current,
        uint256 carried,
        uint256 paid,
        uint256 fromReserve,
        uint256 shortfall,
        uint256 accretion
    );
    /// @notice Recoveries wrote a class's earlier losses back up (before principal).
    event LossWrittenUp(uint256 indexed period, uint256 indexed classIndex, uint256 amount);
    /// @notice payPrincipal for one class, and its balance after principal and losses.
    event PrincipalPaid(uint256 indexed period, uint256 indexed classIndex, uint256 amount, uint256 endingBalance);
    /// @notice allocateLosses: the class was written down by `amount` (junior first).
    event LossAllocated(uint256 indexed period, uint256 indexed classIndex, uint256 amount);
    /// @notice fundReserve (and draws for interest): the reserve's movements and balance.
    event ReserveMoved(
        uint256 indexed period, uint256 draw, uint256 deposit, uint256 release, uint256 target, uint256 ending
    );
    /// @notice payResidual: what was left, including every unit of rounding dust.
    event ResidualPaid(uint256 indexed period, address indexed residualHolder, uint256 amount);
    /// @notice The period closed: the report it ran on, the cash, the pool and the tests.
    event PeriodExecuted(
        uint256 indexed period,
        bytes32 indexed reportHash,
        uint256 cashAvailable,
        uint256 poolEnding,
        uint256 cumulativeLoss,
        uint256 overcollateralizationTarget,
        bool sequentialApplied,
        bool delinquencyTripped,
        bool lossTripped
    );
    /// @notice A payee withdrew what it was owed.
    event Withdrawn(address indexed payee, uint256 amount);

    /// @notice The report or cash is for `period`, but the next period is `expected`.
    error WaterfallWrongPeriod(uint256 period, uint256 expected);
    /// @notice The trustee has not attested this report for `period` (none, another, or not yet).
    error WaterfallReportNotAttested(uint256 period, bytes32 reportHash, bytes32 attestedHash);
    /// @notice The cash deposited is less than the period's remittance.
    error WaterfallCashShort(uint256 period, uint256 required, uint256 funded);
    /// @notice The cash deposited is more than the period's remittance (take the excess back with `defund`).
    error WaterfallCashLong(uint256 period, uint256 required, uint256 funded);
    /// @notice The deal was called; no period runs after the clean-up call.
    error WaterfallDealCalled(uint256 period);
    /// @notice The report's ending balance does not tie to the waterfall's pool balance.
    error WaterfallReportDoesNotTie(uint256 period, uint256 endingPoolBalance, uint256 expected);
    /// @notice The initial reserve must be deposited (`openReserve`) before period 1.
    error WaterfallReserveNotOpen(uint256 required);
    /// @notice The initial reserve was deposited already, or period 1 has run.
    error WaterfallReserveAlreadyOpen();
    /// @notice More cash to return than was deposited for `period`.
    error WaterfallDefundExceedsFunded(uint256 period, uint256 amount, uint256 funded);
    /// @notice Nothing is owed to `account`.
    error WaterfallNothingToWithdraw(address account);
    /// @notice A deposit of zero.
    error WaterfallZeroAmount();
    /// @notice The record date of `period` was marked already.
    error WaterfallRecordDateAlreadyMarked(uint256 period);
    /// @notice `period`'s record date (`recordDate`, the end of its collection period) has not passed at `currentTime` (block time).
    error WaterfallRecordDateNotReached(uint256 period, uint256 recordDate, uint256 currentTime);
    /// @notice `period` cannot be paid: its holders of record were never fixed (`markRecordDate`, after
    /// `recordDate`).
    error WaterfallRecordDateNotMarked(uint256 period, uint256 recordDate);
    /// @notice Unreachable by construction: principal above the bond balances (would mean a broken engine).
    error WaterfallPrincipalExceedsBonds(uint256 unallocated);
    /// @notice Unreachable by construction: cash in and out of a period differ (would mean a broken engine).
    error WaterfallConservationBroken(uint256 period, uint256 cashIn, uint256 cashOut);
    /// @notice A guarded function was re-entered while another one (which moves cash) was still running.
    error WaterfallReentrantCall();
    /// @notice Invalid deal terms at deployment: `field` names the offending term, `classIndex` the class
    /// (type(uint256).max for a deal-level term), `value` the offending value.
    error WaterfallInvalidTerms(bytes32 field, uint256 classIndex, uint256 value);

    /// @notice Fixes the holders of record of the next period on every class token: that period's cash goes
    /// to balances as of this call. Anyone may call (a keeper, at the boundary), once per period, and only once
    /// `block.timestamp` is past the period's record date (`recordDateOf`, the last second of its collection
    /// month); a period cannot be executed before it is marked.
    function markRecordDate() external;

    /// @notice The scheduled record date of `period` (≥ 1): 23:59:59 UTC on the last day of the `period`-th
    /// calendar month after the cut-off month.
    function recordDateOf(uint256 period) external view returns (uint256);

    /// @notice Deposits the initial reserve (`reserveInitialBalance`) from the caller, once, before period 1.
    function openReserve() external;

    /// @notice Deposits `amount` of cash for `period` (the next period) from the caller. Servicer role.
    function fund(uint256 period, uint256 amount) external;

    /// @notice Returns `amount` of the cash deposited for `period` to the caller before execution. Servicer role.
    function defund(uint256 period, uint256 amount) external;

    /// @notice Runs the next period on its attested report with the cash deposited for it. Anyone may call:
    /// the report, the cash and the terms decide everything.
    function execute(IServicerReports.ServicerReport calldata report) external;

    /// @notice The servicer's deposit and the execution in one transaction: deposits from the caller exactly what
    /// the period's remittance still needs beyond the cash already deposited (`Funded` when not zero), then runs
    /// the period as `execute` does. Servicer role. Refused, like `execute`, when more than the remittance is
    /// already deposited (`defund` it first) or the report is not attested, the record date not marked.
    /// @return deposited What was taken from the caller.
    function fundAndExecute(IServicerReports.ServicerReport calldata report) external returns (uint256 deposited);

    /// @notice Pays the caller the fees or residual it is owed. Returns the amount.
    function withdraw() external returns (uint256 amount);

    /// @notice The deal's state between periods.
    function dealState() external view returns (DealState memory);

    /// @notice Class `index`'s state between periods.
    function classState(uint256 index) external view returns (ClassState memory);

    /// @notice Class `index`'s terms (the PAC schedule through `scheduleOf`).
    function classTerms(uint256 index) external view returns (ClassTerms memory);

    /// @notice The number of classes.
    function classCount() external view returns (uint256);

    /// @notice The deal's terms.
    function dealTerms() external view returns (DealTerms memory);

    /// @notice Fees and residual owed to `account`, not yet withdrawn.
    function owed(address account) external view returns (uint256);

    /// @notice The deal's report registry and settlement token.
    function reports() external view returns (IServicerReports);

    /// @notice The settlement stablecoin.
    function cashToken() external view returns (address);
}
