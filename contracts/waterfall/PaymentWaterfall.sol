// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IPaymentWaterfall} from "../interfaces/IPaymentWaterfall.sol";
import {IServicerReports} from "../interfaces/IServicerReports.sol";
import {IWaterfallClassToken} from "../interfaces/IWaterfallClassToken.sol";
import {DealCalendar} from "../libraries/DealCalendar.sol";
import {ClassWord, ClassWordLibrary} from "./libraries/ClassWord.sol";
import {ReportEncoding} from "./libraries/ReportEncoding.sol";
import {WaterfallEngine} from "./libraries/WaterfallEngine.sol";
import {WaterfallTerms} from "./libraries/WaterfallTerms.sol";

/// @title The payment waterfall of one deal
/// @notice Holds the cash deposited for the next period, the reserve account and the fees and residual not yet
/// withdrawn — exactly, at every moment: cash balance == funded + reserve + owed (see `cashBook`). A period runs
/// the `WaterfallEngine` on the attested report and this contract's own storage (delegate call: it emits one event
/// per waterfall line and writes the new state), books fees and residual for their payees to withdraw and then
/// drives each class token (accretion, write-up, distribution of interest and principal, loss). The class tokens
/// pull their cash from here. Storage layout and gas: docs/adr/0020-waterfall-execution-gas.md.
contract PaymentWaterfall is IPaymentWaterfall, AccessControl {
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @notice Deposits (and may take back before execution) the cash of each period.
    bytes32 public constant SERVICER_ROLE = keccak256("SERVICER_ROLE");
    /// @notice The deal's trustee (granted at deployment; record dates are marked by anyone once due, so the
    /// waterfall itself checks this role nowhere — it names the trustee for tooling and audits).
    bytes32 public constant TRUSTEE_ROLE = keccak256("TRUSTEE_ROLE");

    uint8 private constant FLAG_CALLED = WaterfallEngine.FLAG_CALLED;
    uint8 private constant FLAG_RESERVE_OPEN = WaterfallEngine.FLAG_RESERVE_OPEN;
    uint8 private constant FLAG_RECORD_DATE = WaterfallEngine.FLAG_RECORD_DATE;
    uint8 private constant FLAG_ENTERED = WaterfallEngine.FLAG_ENTERED;

    IERC20 private immutable _cash;
    IServicerReports private immutable _reports;
    address private immutable _servicerPayee;
    address private immutable _trusteePayee;
    address private immutable _residualPayee;

    // Deal-level terms: immutable, so a period reads them for free.
    uint256 private immutable _originalPoolBalance;
    uint8 private immutable _principalMode;
    uint256 private immutable _servicingFeePpm;
    uint256 private immutable _servicingFeeFixed;
    uint256 private immutable _trusteeFeePpm;
    uint256 private immutable _trusteeFeeFixed;
    bool private immutable _hasDelinquencyTrigger;
    uint256 private immutable _delinquencyTriggerPpm;
    bool private immutable _hasLossTrigger;
    uint256 private immutable _cumulativeLossTriggerPpm;
    uint256 private immutable _reserveTargetPpm;
    uint256 private immutable _reserveFloor;
    uint256 private immutable _reserveInitialBalance;
    uint256 private immutable _overcollateralizationTargetPpm;
    uint256 private immutable _cleanUpCallPpm;
    uint256 private immutable _cutoffDate;
    /// @dev Month index (`year × 12 + month − 1`) of the cut-off: period n's collection month is this + n.
    uint256 private immutable _cutoffMonth;

    /// @dev The classes' terms, one word each, in order (`_classCount` of the 16 are set): immutables, so a period
    /// reads them for free instead of one cold slot per class (the Balancer-pool way of holding a short list).
    uint256 private immutable _classCount;
    ClassWord private immutable _class0;
    ClassWord private immutable _class1;
    ClassWord private immutable _class2;
    ClassWord private immutable _class3;
    ClassWord private immutable _class4;
    ClassWord private immutable _class5;
    ClassWord private immutable _class6;
    ClassWord private immutable _class7;
    ClassWord private immutable _class8;
    ClassWord private immutable _class9;
    ClassWord private immutable _class10;
    ClassWord private immutable _class11;
    ClassWord private immutable _class12;
    ClassWord private immutable _class13;
    ClassWord private immutable _class14;
    ClassWord private immutable _class15;

    /// @dev Every word a period reads or writes (the engine runs on it by delegate call; layout in WaterfallEngine).
    WaterfallEngine.Book private _book;

    /// @dev The reentrancy guard is a bit of the pool word, which every guarded path reads anyway and a period
    /// writes anyway: no separate slot to read cold and write twice (docs/adr/0020-waterfall-execution-gas.md).
    modifier nonReentrant() {
        uint8 flags = _book.pool.flags;
        if (flags & FLAG_ENTERED != 0) revert WaterfallReentrantCall();
        _book.pool.flags = flags | FLAG_ENTERED;
        _;
        _book.pool.flags &= ~FLAG_ENTERED;
    }

    /// @param cash The settlement stablecoin (the class tokens' cash token).
    /// @param reportRegistry The deal's servicer reports.
    /// @param terms The deal's terms (validated; see `WaterfallTerms`).
    /// @param classes The classes in order of principal priority, each with its token.
    /// @param payees_ Where fees and the residual go.
    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the servicer and trustee roles.
    constructor(
        IERC20 cash,
        IServicerReports reportRegistry,
        DealTerms memory terms,
        ClassTerms[] memory classes,
        Payees memory payees_,
        address admin
    ) {
        WaterfallTerms.validate(terms, classes);
        if (payees_.servicer == address(0)) revert WaterfallInvalidTerms("payees_.servicer", type(uint256).max, 0);
        if (payees_.trustee == address(0)) revert WaterfallInvalidTerms("payees_.trustee", type(uint256).max, 0);
        if (payees_.residual == address(0)) revert WaterfallInvalidTerms("payees_.residual", type(uint256).max, 0);
        _cash = cash;
        _reports = reportRegistry;
        _servicerPayee = payees_.servicer;
        _trusteePayee = payees_.trustee;
        _residualPayee = payees_.residual;
        _originalPoolBalance = terms.originalPoolBalance;
        _principalMode = uint8(terms.principalMode);
        _servicingFeePpm = terms.servicingFeePpm;
        _servicingFeeFixed = terms.servicingFeeFixed;
        _trusteeFeePpm = terms.trusteeFeePpm;
        _trusteeFeeFixed = terms.trusteeFeeFixed;
        _hasDelinquencyTrigger = terms.hasDelinquencyTrigger;
        _delinquencyTriggerPpm = terms.delinquencyTriggerPpm;
        _hasLossTrigger = terms.hasLossTrigger;
        _cumulativeLossTriggerPpm = terms.cumulativeLossTriggerPpm;
        _reserveTargetPpm = terms.reserveTargetPpm;
        _reserveFloor = terms.reserveFloor;
        _reserveInitialBalance = terms.reserveInitialBalance;
        _overcollateralizationTargetPpm = terms.overcollateralizationTargetPpm;
        _cleanUpCallPpm = terms.cleanUpCallPpm;
        _cutoffDate = terms.cutoffDate;
        _cutoffMonth = DealCalendar.monthIndexOf(terms.cutoffDate);

        uint96[] memory initial = WaterfallTerms.initialBalances(terms, classes);
        ClassWord[16] memory words;
        for (uint256 i; i < classes.length; ++i) {
            ClassTerms memory c = classes[i];
            words[i] = ClassWordLibrary.pack(c);
            _book.classes[i] = WaterfallEngine.ClassSlot({balance: initial[i], interestShortfall: 0, writtenDown: 0});
            if (c.kind != ClassKind.InterestOnly) _book.originalBalances[i] = c.originalBalance;
            if (c.scheduled) _book.schedules[i] = c.schedule;
            // The class token pulls each distribution's cash from here.
            cash.forceApprove(address(c.token), type(uint256).max);
        }
        _classCount = classes.length;
        _class0 = words[0];
        _class1 = words[1];
        _class2 = words[2];
        _class3 = words[3];
        _class4 = words[4];
        _class5 = words[5];
        _class6 = words[6];
        _class7 = words[7];
        _class8 = words[8];
        _class9 = words[9];
        _class10 = words[10];
        _class11 = words[11];
        _class12 = words[12];
        _class13 = words[13];
        _class14 = words[14];
        _class15 = words[15];
        _book.funding.kept = true;
        _book.pool = WaterfallEngine.Pool({
            balance: terms.originalPoolBalance,
            cumulativeLoss: 0,
            period: 0,
            flags: terms.reserveInitialBalance == 0 ? FLAG_RESERVE_OPEN : 0
        });
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------------------------------------
    // The monthly cycle
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPaymentWaterfall
    /// @dev No role: the calendar decides. Whoever calls after the month end fixes the same holders a keeper
    /// running at the boundary would have, unless balances moved in between (docs/adr/0017-record-date-calendar.md).
    function markRecordDate() external {
        WaterfallEngine.Pool memory pool = _book.pool;
        uint256 period = uint256(pool.period) + 1;
        if (pool.flags & FLAG_CALLED != 0) revert WaterfallDealCalled(period);
        if (pool.flags & FLAG_RECORD_DATE != 0) revert WaterfallRecordDateAlreadyMarked(period);
        uint256 recordDate = _recordDateOf(period);
        if (block.timestamp <= recordDate) revert WaterfallRecordDateNotReached(period, recordDate, block.timestamp);
        _book.pool.flags = pool.flags | FLAG_RECORD_DATE;
        emit RecordDateMarked(period, recordDate, block.timestamp);
        ClassWord[] memory words = _classWords();
        for (uint256 i; i < words.length; ++i) {
            words[i].token().markRecordDate();
        }
    }

    /// @inheritdoc IPaymentWaterfall
    function recordDateOf(uint256 period) external view returns (uint256) {
        return _recordDateOf(period);
    }

    /// @inheritdoc IPaymentWaterfall
    function openReserve() external nonReentrant {
        WaterfallEngine.Pool memory pool = _book.pool;
        if (pool.flags & FLAG_RESERVE_OPEN != 0 || pool.period != 0) revert WaterfallReserveAlreadyOpen();
        _book.pool.flags = pool.flags | FLAG_RESERVE_OPEN;
        _book.carried.reserve = uint96(_reserveInitialBalance); // lossless: validated as a uint96 term
        emit ReserveOpened(msg.sender, _reserveInitialBalance);
        _cash.safeTransferFrom(msg.sender, address(this), _reserveInitialBalance);
    }

    /// @inheritdoc IPaymentWaterfall
    function fund(uint256 period, uint256 amount) external onlyRole(SERVICER_ROLE) nonReentrant {
        if (amount == 0) revert WaterfallZeroAmount();
        _checkNextPeriod(period);
        uint256 total = _book.funding.funded + amount;
        _book.funding.funded = total.toUint96();
        emit Funded(period, msg.sender, amount, total);
        _cash.safeTransferFrom(msg.sender, address(this), amount);
    }

    /// @inheritdoc IPaymentWaterfall
    function defund(uint256 period, uint256 amount) external onlyRole(SERVICER_ROLE) nonReentrant {
        if (amount == 0) revert WaterfallZeroAmount();
        _checkNextPeriod(period);
        uint256 funded = _book.funding.funded;
        if (amount > funded) revert WaterfallDefundExceedsFunded(period, amount, funded);
        // unchecked: amount <= funded just above.
        unchecked {
            funded -= amount;
        }
        _book.funding.funded = uint96(funded); // lossless: below the stored uint96
        emit Defunded(period, msg.sender, amount, funded);
        _cash.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IPaymentWaterfall
    function execute(IServicerReports.ServicerReport calldata report) external nonReentrant {
        _execute(report, false);
    }

    /// @inheritdoc IPaymentWaterfall
    function fundAndExecute(IServicerReports.ServicerReport calldata report)
        external
        onlyRole(SERVICER_ROLE)
        nonReentrant
        returns (uint256 deposited)
    {
        return _execute(report, true);
    }

    /// @dev One period. With `depositShortfall`, the caller (the servicer) deposits what the funding lacks of the
    /// remittance, so the cash equals it by construction; otherwise the funding must equal it exactly.
    function _execute(IServicerReports.ServicerReport calldata report, bool depositShortfall)
        private
        returns (uint256 deposited)
    {
        bytes32 reportHash = _checkReport(report);
        // The engine checks, computes and emits every line of the period and writes the new pool, carried and class
        // words (delegate call: in this contract's storage); all of it is undone unless the cash matches below.
        ClassWord[] memory words = _classWords();
        (WaterfallEngine.Settlement memory o, WaterfallEngine.ClassMove[] memory moves) = WaterfallEngine
            .executePeriod(_book, _dealParams(), words, WaterfallEngine.collateralOf(report), reportHash, _residualPayee);
        uint256 funded = _book.funding.funded;
        uint256 fundedBefore = funded;
        if (depositShortfall && funded < o.cashAvailable) {
            // unchecked: funded < cashAvailable just above.
            unchecked {
                deposited = o.cashAvailable - funded;
            }
            emit Funded(o.period, msg.sender, deposited, o.cashAvailable);
            funded = o.cashAvailable;
        }
        if (funded < o.cashAvailable) revert WaterfallCashShort(o.period, o.cashAvailable, funded);
        if (funded > o.cashAvailable) revert WaterfallCashLong(o.period, o.cashAvailable, funded);

        // Effects: the deposits are spent; the cash owed to payees (the rest is the classes' and the reserve's).
        if (fundedBefore != 0) _book.funding.funded = 0;
        WaterfallEngine.Held memory held = _book.held;
        _book.held = WaterfallEngine.Held({
            servicerOwed: (held.servicerOwed + o.servicingFeePaid).toUint80(),
            trusteeOwed: (held.trusteeOwed + o.trusteeFeePaid).toUint80(),
            residualOwed: (held.residualOwed + o.residual).toUint96()
        });

        // Interactions: the servicer's deposit first (the class tokens pull from this contract's balance), then the
        // class tokens (trusted: this contract is their distributor) pull their cash.
        if (deposited != 0) _cash.safeTransferFrom(msg.sender, address(this), deposited);
        uint256 n = moves.length;
        for (uint256 i; i < n; ++i) {
            WaterfallEngine.ClassMove memory k = moves[i];
            IWaterfallClassToken token = words[i].token();
            if (k.accretion != 0) token.accrete(k.accretion);
            if (k.writeUp != 0) token.writeUp(k.writeUp);
            token.distribute(k.interestPaid, k.principalPaid);
            if (k.lossAllocated != 0) token.allocateLoss(k.lossAllocated);
        }
    }

    /// @inheritdoc IPaymentWaterfall
    function withdraw() external nonReentrant returns (uint256 amount) {
        WaterfallEngine.Held memory held = _book.held;
        if (msg.sender == _servicerPayee) {
            amount += held.servicerOwed;
            held.servicerOwed = 0;
        }
        if (msg.sender == _trusteePayee) {
            amount += held.trusteeOwed;
            held.trusteeOwed = 0;
        }
        if (msg.sender == _residualPayee) {
            amount += held.residualOwed;
            held.residualOwed = 0;
        }
        _book.held = held;
        if (amount == 0) revert WaterfallNothingToWithdraw(msg.sender);
        emit Withdrawn(msg.sender, amount);
        _cash.safeTransfer(msg.sender, amount);
    }

    // ------------------------------------------------------------------------------------------------
    // Views
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPaymentWaterfall
    function dealState() external view returns (DealState memory s) {
        s = _dealState();
        s.funded = _book.funding.funded;
    }

    /// @inheritdoc IPaymentWaterfall
    function classState(uint256 index) external view returns (ClassState memory) {
        WaterfallEngine.ClassSlot memory c = _book.classes[index];
        if (index >= _classCount) revert WaterfallInvalidTerms("classIndex", index, index);
        return ClassState({balance: c.balance, interestShortfall: c.interestShortfall, writtenDown: c.writtenDown});
    }

    /// @inheritdoc IPaymentWaterfall
    function classTerms(uint256 index) external view returns (ClassTerms memory) {
        if (index >= _classCount) revert WaterfallInvalidTerms("classIndex", index, index);
        ClassWord w = _classWords()[index];
        return ClassTerms({
            token: w.token(),
            kind: ClassKind(w.kind()),
            couponPpm: w.couponPpm(),
            interestRank: w.interestRank(),
            originalBalance: _book.originalBalances[index],
            notionalMask: w.notionalMask(),
            scheduled: w.scheduled(),
            schedule: _book.schedules[index]
        });
    }

    /// @inheritdoc IPaymentWaterfall
    function classCount() external view returns (uint256) {
        return _classCount;
    }

    /// @inheritdoc IPaymentWaterfall
    function dealTerms() external view returns (DealTerms memory) {
        return DealTerms({
            originalPoolBalance: uint96(_originalPoolBalance),
            principalMode: PrincipalMode(_principalMode),
            servicingFeePpm: uint32(_servicingFeePpm),
            servicingFeeFixed: uint64(_servicingFeeFixed),
            trusteeFeePpm: uint32(_trusteeFeePpm),
            trusteeFeeFixed: uint64(_trusteeFeeFixed),
            hasDelinquencyTrigger: _hasDelinquencyTrigger,
            delinquencyTriggerPpm: uint32(_delinquencyTriggerPpm),
            hasLossTrigger: _hasLossTrigger,
            cumulativeLossTriggerPpm: uint32(_cumulativeLossTriggerPpm),
            reserveTargetPpm: uint32(_reserveTargetPpm),
            reserveFloor: uint96(_reserveFloor),
            reserveInitialBalance: uint96(_reserveInitialBalance),
            overcollateralizationTargetPpm: uint32(_overcollateralizationTargetPpm),
            cleanUpCallPpm: uint32(_cleanUpCallPpm),
            cutoffDate: uint64(_cutoffDate)
        });
    }

    /// @inheritdoc IPaymentWaterfall
    function owed(address account) external view returns (uint256 amount) {
        WaterfallEngine.Held memory held = _book.held;
        if (account == _servicerPayee) amount += held.servicerOwed;
        if (account == _trusteePayee) amount += held.trusteeOwed;
        if (account == _residualPayee) amount += held.residualOwed;
    }

    /// @notice The cash this contract holds for others, by purpose; their sum is always its cash balance.
    function cashBook()
        external
        view
        returns (uint256 funded, uint256 reserve, uint256 feesOwed, uint256 residualOwed)
    {
        WaterfallEngine.Held memory held = _book.held;
        return (
            _book.funding.funded, _book.carried.reserve, uint256(held.servicerOwed) + held.trusteeOwed, held.residualOwed
        );
    }

    /// @notice The payees of fees and residual.
    function payees() external view returns (Payees memory) {
        return Payees({servicer: _servicerPayee, trustee: _trusteePayee, residual: _residualPayee});
    }

    /// @notice PAC schedule of class `index` (scheduled balance after period t at t − 1).
    function scheduleOf(uint256 index) external view returns (uint128[] memory) {
        return _book.schedules[index];
    }

    /// @inheritdoc IPaymentWaterfall
    function reports() external view returns (IServicerReports) {
        return _reports;
    }

    /// @inheritdoc IPaymentWaterfall
    function cashToken() external view returns (address) {
        return address(_cash);
    }

    // ------------------------------------------------------------------------------------------------
    // Internals
    // ------------------------------------------------------------------------------------------------

    /// @dev Checks the report is the next period's and attested and its record date marked; returns its hash.
    function _checkReport(IServicerReports.ServicerReport calldata report) private view returns (bytes32 reportHash) {
        WaterfallEngine.Pool memory pool = _book.pool;
        uint256 period = uint256(pool.period) + 1;
        if (pool.flags & FLAG_CALLED != 0) revert WaterfallDealCalled(period);
        if (report.period != period) revert WaterfallWrongPeriod(report.period, period);
        if (pool.flags & FLAG_RESERVE_OPEN == 0) revert WaterfallReserveNotOpen(_reserveInitialBalance);
        reportHash = ReportEncoding.hashOf(report);
        bytes32 attested = _reports.attestedHash(period);
        if (attested != reportHash) revert WaterfallReportNotAttested(period, reportHash, attested);
        // The period's cash goes to its holders of record: never to whoever holds at execution.
        if (pool.flags & FLAG_RECORD_DATE == 0) revert WaterfallRecordDateNotMarked(period, _recordDateOf(period));
    }

    function _dealState() private view returns (DealState memory s) {
        (s,) = WaterfallEngine.dealStateOf(_book);
    }

    /// @dev The deal-level terms, from immutables.
    function _dealParams() private view returns (WaterfallEngine.DealParams memory) {
        return WaterfallEngine.DealParams({
            originalPoolBalance: _originalPoolBalance,
            principalMode: _principalMode,
            servicingFeePpm: _servicingFeePpm,
            servicingFeeFixed: _servicingFeeFixed,
            trusteeFeePpm: _trusteeFeePpm,
            trusteeFeeFixed: _trusteeFeeFixed,
            hasDelinquencyTrigger: _hasDelinquencyTrigger ? 1 : 0,
            delinquencyTriggerPpm: _delinquencyTriggerPpm,
            hasLossTrigger: _hasLossTrigger ? 1 : 0,
            cumulativeLossTriggerPpm: _cumulativeLossTriggerPpm,
            reserveTargetPpm: _reserveTargetPpm,
            reserveFloor: _reserveFloor,
            overcollateralizationTargetPpm: _overcollateralizationTargetPpm,
            cleanUpCallPpm: _cleanUpCallPpm
        });
    }

    /// @dev The class words, in order. Unrolled: an immutable cannot be indexed, and copying all sixteen (a literal
    /// array) would copy the words no class uses.
    function _classWords() private view returns (ClassWord[] memory words) {
        uint256 n = _classCount;
        words = new ClassWord[](n); // n is 1 to 16 (validated at deployment)
        words[0] = _class0;
        if (n == 1) return words;
        words[1] = _class1;
        if (n == 2) return words;
        words[2] = _class2;
        if (n == 3) return words;
        words[3] = _class3;
        if (n == 4) return words;
        words[4] = _class4;
        if (n == 5) return words;
        words[5] = _class5;
        if (n == 6) return words;
        words[6] = _class6;
        if (n == 7) return words;
        words[7] = _class7;
        if (n == 8) return words;
        words[8] = _class8;
        if (n == 9) return words;
        words[9] = _class9;
        if (n == 10) return words;
        words[10] = _class10;
        if (n == 11) return words;
        words[11] = _class11;
        if (n == 12) return words;
        words[12] = _class12;
        if (n == 13) return words;
        words[13] = _class13;
        if (n == 14) return words;
        words[14] = _class14;
        if (n == 15) return words;
        words[15] = _class15;
    }

    /// @dev The last second of the period-th calendar month after the cut-off month.
    function _recordDateOf(uint256 period) private view returns (uint256) {
        return DealCalendar.monthEnd(_cutoffMonth + period);
    }

    function _checkNextPeriod(uint256 period) private view {
        WaterfallEngine.Pool memory pool = _book.pool;
        uint256 expected = uint256(pool.period) + 1;
        if (pool.flags & FLAG_CALLED != 0) revert WaterfallDealCalled(expected);
        if (period != expected) revert WaterfallWrongPeriod(period, expected);
    }
}
