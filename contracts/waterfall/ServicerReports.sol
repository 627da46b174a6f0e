// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IServicerReports} from "../interfaces/IServicerReports.sol";

/// @title The servicer's monthly reports of one deal, attested by the trustee
/// @notice Holds no cash: the deal's PaymentWaterfall reads the attested hash of a period and runs the report
/// whose `abi.encode` hashes to it. A period's report must tie to the previous attested ending balance and be
/// internally consistent before it can even be submitted, so the trustee attests only reports that could run.
contract ServicerReports is IServicerReports, AccessControl {
    using SafeCast for uint256;

    /// @notice Submits the monthly report.
    bytes32 public constant SERVICER_ROLE = keccak256("SERVICER_ROLE");
    /// @notice Attests the monthly report; never held by a servicer key.
    bytes32 public constant TRUSTEE_ROLE = keccak256("TRUSTEE_ROLE");

    /// @dev The reporting cycle in one slot: the last attested period and the submitted one awaiting attestation.
    struct Cycle {
        uint32 lastAttested;
        uint32 pendingPeriod;
        address submitter;
    }

    /// @dev What the next report must tie to (last attested) and what it becomes on attestation (pending).
    struct Balances {
        uint96 lastEndingBalance;
        uint32 lastLoanCount;
        uint96 pendingEndingBalance;
        uint32 pendingLoanCount;
    }

    Cycle private _cycle;
    Balances private _balances;
    mapping(uint256 period => bytes32) private _hashes;

    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the servicer and trustee roles.
    /// @param initialPoolBalance The pool balance at closing (the LoanPool record's UPB), settlement-token units.
    /// @param initialLoanCount Loans in the pool at closing.
    constructor(address admin, uint256 initialPoolBalance, uint256 initialLoanCount) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _balances = Balances({
            lastEndingBalance: initialPoolBalance.toUint96(),
            lastLoanCount: initialLoanCount.toUint32(),
            pendingEndingBalance: 0,
            pendingLoanCount: 0
        });
    }

    /// @inheritdoc IServicerReports
    function submit(ServicerReport calldata report) external onlyRole(SERVICER_ROLE) returns (bytes32 reportHash) {
        Cycle memory cycle = _cycle;
        Balances memory balances = _balances;
        uint256 period = report.period;
        uint256 expected = uint256(cycle.lastAttested) + 1;
        if (period != expected) revert ReportsWrongPeriod(period, expected);
        _checkTies(report, balances.lastEndingBalance, balances.lastLoanCount);

        reportHash = _hashCalldata(report);
        _hashes[period] = reportHash;
        cycle.pendingPeriod = uint32(period); // lossless: period == lastAttested + 1 <= 2^32
        cycle.submitter = msg.sender;
        _cycle = cycle;
        balances.pendingEndingBalance = uint96(report.endingPoolBalance); // lossless: <= lastEndingBalance
        balances.pendingLoanCount = report.endingLoanCount;
        _balances = balances;
        emit ReportSubmitted(period, reportHash, msg.sender, report);
    }

    /// @inheritdoc IServicerReports
    function attest(uint256 period, bytes32 reportHash) external onlyRole(TRUSTEE_ROLE) {
        Cycle memory cycle = _cycle;
        if (period == 0 || cycle.pendingPeriod != period) revert ReportsNothingToAttest(period);
        bytes32 submitted = _hashes[period];
        if (submitted != reportHash) revert ReportsHashMismatch(period, reportHash, submitted);
        if (cycle.submitter == msg.sender) revert ReportsAttesterIsSubmitter(period, msg.sender);

        cycle.lastAttested = uint32(period); // lossless: period == pendingPeriod
        cycle.pendingPeriod = 0;
        _cycle = cycle;
        Balances memory balances = _balances;
        balances.lastEndingBalance = balances.pendingEndingBalance;
        balances.lastLoanCount = balances.pendingLoanCount;
        _balances = balances;
        emit ReportAttested(period, reportHash, msg.sender);
    }

    /// @inheritdoc IServicerReports
    function attestedHash(uint256 period) external view returns (bytes32) {
        return period != 0 && period <= _cycle.lastAttested ? _hashes[period] : bytes32(0);
    }

    /// @inheritdoc IServicerReports
    function reportOf(uint256 period) external view returns (bytes32 reportHash, bool attested) {
        reportHash = _hashes[period];
        attested = period != 0 && period <= _cycle.lastAttested;
    }

    /// @inheritdoc IServicerReports
    function lastAttested() external view returns (uint256 period, uint256 endingPoolBalance, uint256 endingLoanCount) {
        Balances memory balances = _balances;
        return (_cycle.lastAttested, balances.lastEndingBalance, balances.lastLoanCount);
    }

    /// @inheritdoc IServicerReports
    function pending() external view returns (uint256 period, address servicer) {
        Cycle memory cycle = _cycle;
        return cycle.pendingPeriod == 0 ? (0, address(0)) : (cycle.pendingPeriod, cycle.submitter);
    }

    /// @inheritdoc IServicerReports
    function hashReport(ServicerReport calldata report) external pure returns (bytes32) {
        return keccak256(abi.encode(report));
    }

    /// @dev The servicer and trustee roles never meet in one address, whatever the order of the grants.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        if (role == SERVICER_ROLE && hasRole(TRUSTEE_ROLE, account)) revert ReportsRoleConflict(account, TRUSTEE_ROLE);
        if (role == TRUSTEE_ROLE && hasRole(SERVICER_ROLE, account)) revert ReportsRoleConflict(account, SERVICER_ROLE);
        return super._grantRole(role, account);
    }

    /// @dev ABI size of a `ServicerReport`: 26 static words.
    uint256 private constant REPORT_SIZE = 26 * 32;

    /// @dev `keccak256(abi.encode(report))` straight from calldata: a report is a static struct, so its ABI encoding
    /// is exactly its (already validated) argument bytes.
    function _hashCalldata(ServicerReport calldata report) private pure returns (bytes32 h) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let free := mload(0x40)
            calldatacopy(free, report, REPORT_SIZE)
            h := keccak256(free, REPORT_SIZE)
        }
    }

    /// @dev Bits of `reconciliationWarnings` above the twelve 16-bit flag-code fields.
    uint256 private constant WARNING_FIELDS_BITS = 12 * 16;

    /// @dev The balance ties to the previous ending; delinquency and loan counts fit in the pool; the warning word
    /// is a packing of the flag codes (so every reader can unpack it).
    function _checkTies(ServicerReport calldata r, uint256 previousBalance, uint256 previousLoans) private pure {
        uint256 period = r.period;
        uint256 reduction = uint256(r.scheduledPrincipal) + r.curtailments + r.payoffs + r.liquidationProceeds
            + r.realizedLoss;
        if (reduction > previousBalance) revert ReportsPrincipalExceedsPool(period, reduction, previousBalance);
        // unchecked: reduction <= previousBalance just above.
        unchecked {
            if (previousBalance - reduction != r.endingPoolBalance) {
                revert ReportsBalanceDoesNotTie(period, r.endingPoolBalance, previousBalance - reduction);
            }
        }
        uint256 delinquent = uint256(r.delinquent30.balance) + r.delinquent60.balance + r.delinquent90Plus.balance
            + r.foreclosure.balance + r.reo.balance;
        if (delinquent > r.endingPoolBalance) {
            revert ReportsDelinquencyExceedsPool(period, delinquent, r.endingPoolBalance);
        }
        uint256 delinquentLoans = uint256(r.delinquent30.count) + r.delinquent60.count + r.delinquent90Plus.count
            + r.foreclosure.count + r.reo.count;
        if (delinquentLoans > r.endingLoanCount) {
            revert ReportsDelinquentCountExceedsLoans(period, delinquentLoans, r.endingLoanCount);
        }
        uint256 accountedLoans = uint256(r.endingLoanCount) + r.payoffCount;
        if (accountedLoans > previousLoans) revert ReportsLoanCountRises(period, accountedLoans, previousLoans);
        if ((r.endingLoanCount == 0) != (r.endingPoolBalance == 0)) {
            revert ReportsLoanCountMismatch(period, r.endingLoanCount, r.endingPoolBalance);
        }
        if (r.reconciliationWarnings >> WARNING_FIELDS_BITS != 0) {
            revert ReportsInvalidWarnings(period, r.reconciliationWarnings);
        }
    }
}
