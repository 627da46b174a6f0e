// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title The servicer's monthly reports of one deal: submitted by the servicer, attested by the trustee
/// @notice Kept apart from the money: this contract holds no cash and moves none. It stores only what execution
/// needs: the hashes (`keccak256(abi.encode(report))`) of the last `HASHES_HELD` periods, the latest ending
/// balances, and a hash chain over every attested report. The full report travels in calldata and in the
/// `ReportSubmitted` event, so every report is rebuilt from logs; folding the attested hashes of the
/// `ReportAttested` logs into the chain (`attestedChain`) proves the rebuilt history is exactly the attested one.
/// Periods are strictly sequential: period n+1 can be submitted only once period n is attested. Before
/// attestation the servicer may replace its report; after attestation nothing can change it, by construction:
/// only the next period can be submitted, and the chain head commits to every attested hash. The trustee
/// attests a hash it has checked, and never the report it submitted itself: the servicer and trustee roles
/// are never held by the same address.
/// Units: money in settlement-token units (6-decimal stablecoin: 1 USD = 1,000,000), counts in loans.
interface IServicerReports {
    /// @notice Loans in one delinquency status at the end of the period, and their unpaid principal balance.
    struct Bucket {
        uint32 count;
        uint128 balance;
    }

    /// @notice One month's servicer report, aggregated over the loan-level rows whose Merkle root it carries.
    /// @param period 1, 2, 3 … (strictly sequential).
    /// @param interestCollected Gross interest collected and remitted (fees are paid out of it by the waterfall).
    /// @param servicingFee Servicing fee the servicer reports for the period (information; the waterfall pays
    ///        the fee the deal's terms set).
    /// @param trusteeFee Trustee fee the servicer reports for the period (information, likewise).
    /// @param scheduledPrincipal Scheduled principal collected.
    /// @param curtailments Partial prepayments.
    /// @param payoffs Full prepayments (loans paid off), `payoffCount` loans.
    /// @param liquidationProceeds Net proceeds of loans liquidated this period.
    /// @param realizedLoss Unpaid balance of loans liquidated this period less their proceeds.
    /// @param recoveries Cash recovered on loans liquidated in earlier periods (subsequent recoveries).
    /// @param delinquent30 30–59 days delinquent; `delinquent60` 60–89; `delinquent90Plus` 90+ not in
    ///        foreclosure; `foreclosure` in foreclosure; `reo` real estate owned.
    /// @param endingLoanCount Loans outstanding at the end of the period.
    /// @param endingPoolBalance Pool unpaid principal balance at the end of the period. It must tie:
    ///        previous ending − scheduled − curtailments − payoffs − liquidation proceeds − realized loss.
    /// @param loanRoot Merkle root of the period's loan-level rows (one leaf per loan).
    /// @param fileHash Content hash (keccak256) of the servicer's remittance file.
    /// @param reconciliationWarnings What off-chain reconciliation let through with a warning, packed: 16 bits per
    ///        flag code, code i (in the order of `FLAG_CODES`, src/remittance/policy.ts: unknown-loan,
    ///        loan-vanished, paid-off-reappeared, upb-rise-unmodified, capitalization, beginning-balance-mismatch,
    ///        removal-balance-mismatch, principal-does-not-tie, principal-vs-schedule, delinquency-jump,
    ///        liquidation-without-proceeds, cash-mismatch) counting its warnings at bits 16·i … 16·i + 15,
    ///        saturating at 65,535; bits 192 and above are zero (`submit` refuses others: `ReportsInvalidWarnings`). Errors never reach the chain (a report with one
    ///        is not submitted). Information for investors (hashed and attested with the rest); execution ignores it.
    struct ServicerReport {
        uint32 period;
        uint128 interestCollected;
        uint128 servicingFee;
        uint128 trusteeFee;
        uint128 scheduledPrincipal;
        uint128 curtailments;
        uint128 payoffs;
        uint32 payoffCount;
        uint128 liquidationProceeds;
        uint128 realizedLoss;
        uint128 recoveries;
        Bucket delinquent30;
        Bucket delinquent60;
        Bucket delinquent90Plus;
        Bucket foreclosure;
        Bucket reo;
        uint32 endingLoanCount;
        uint128 endingPoolBalance;
        bytes32 loanRoot;
        bytes32 fileHash;
        uint256 reconciliationWarnings;
    }

    /// @notice The servicer submitted (or, before attestation, replaced) the report of `period`.
    /// @param reportHash `keccak256(abi.encode(report))`, what the trustee attests.
    event ReportSubmitted(
        uint256 indexed period, bytes32 indexed reportHash, address indexed servicer, ServicerReport report
    );
    /// @notice The trustee attested the report of `period`; from now on it never changes.
    event ReportAttested(uint256 indexed period, bytes32 indexed reportHash, address indexed trustee);

    /// @notice The report is for `period`, but the next period to report is `expected`.
    error ReportsWrongPeriod(uint256 period, uint256 expected);
    /// @notice The ending pool balance does not tie to the previous ending less principal and liquidated balance.
    error ReportsBalanceDoesNotTie(uint256 period, uint256 endingPoolBalance, uint256 expected);
    /// @notice Principal and liquidated balance exceed the pool's previous ending balance.
    error ReportsPrincipalExceedsPool(uint256 period, uint256 reduction, uint256 previousBalance);
    /// @notice The delinquency buckets add up to more than the ending pool balance.
    error ReportsDelinquencyExceedsPool(uint256 period, uint256 delinquentBalance, uint256 endingPoolBalance);
    /// @notice The delinquency buckets count more loans than are outstanding.
    error ReportsDelinquentCountExceedsLoans(uint256 period, uint256 delinquentCount, uint256 endingLoanCount);
    /// @notice Ending loans plus payoffs exceed the loans outstanding at the start (a static pool gains no loans).
    error ReportsLoanCountRises(uint256 period, uint256 endingPlusPayoffs, uint256 previousLoanCount);
    /// @notice The packed warning counts set bits above the last flag code's field (bit 192 and up).
    error ReportsInvalidWarnings(uint256 period, uint256 reconciliationWarnings);
    /// @notice Word `word` of the report's ABI encoding (0 = period, in the order of the fields, a bucket's count
    /// before its balance) holds `value`, which does not fit its field's type (a uint32 or uint128).
    error ReportsFieldOutOfRange(uint256 word, uint256 value);
    /// @notice A pool with a balance has no loans, or loans with no balance.
    error ReportsLoanCountMismatch(uint256 period, uint256 endingLoanCount, uint256 endingPoolBalance);
    /// @notice Attestation of a period that has no submitted, unattested report.
    error ReportsNothingToAttest(uint256 period);
    /// @notice The trustee attests a different report than the one submitted.
    error ReportsHashMismatch(uint256 period, bytes32 attested, bytes32 submitted);
    /// @notice The address that submitted the report may not attest it.
    error ReportsAttesterIsSubmitter(uint256 period, address account);
    /// @notice One address may not hold both the servicer and the trustee role.
    error ReportsRoleConflict(address account, bytes32 heldRole);
    /// @notice `period`'s hash is no longer held on chain (only periods from `oldestHeld` on are): rebuild it from
    /// the `ReportSubmitted`/`ReportAttested` logs and check them against `attestedChain`.
    error ReportsHistoryInLogs(uint256 period, uint256 oldestHeld);

    /// @notice Submits (or replaces, before attestation) the report of the next period. Servicer role.
    /// @return reportHash `keccak256(abi.encode(report))`.
    function submit(ServicerReport calldata report) external returns (bytes32 reportHash);

    /// @notice Attests the submitted report of `period`, identified by its hash. Trustee role; never the
    /// address that submitted it.
    function attest(uint256 period, bytes32 reportHash) external;

    /// @notice Periods whose report hash is held on chain: the newest written (the pending period, else the last
    /// attested) and the ones before it, this many in all. Older hashes are in the logs.
    function HASHES_HELD() external view returns (uint256);

    /// @notice The hash of `period`'s report if it is attested, zero if it is not (yet). The period the waterfall
    /// runs next is always held (execution trails attestation); an older one reverts `ReportsHistoryInLogs`.
    function attestedHash(uint256 period) external view returns (bytes32);

    /// @notice The hash of `period`'s report as submitted (attested or pending), and whether it is attested; zero
    /// and false for a period never submitted. An older period than those held reverts `ReportsHistoryInLogs`.
    function reportOf(uint256 period) external view returns (bytes32 reportHash, bool attested);

    /// @notice The last attested period and the head of the chain over every attested report: starting from zero,
    /// `head = keccak256(abi.encode(head, period, reportHash))` for periods 1 … `period` in order. Whoever rebuilds
    /// the reports from the logs folds their hashes the same way and compares.
    function attestedChain() external view returns (uint256 period, bytes32 head);

    /// @notice The last attested period (0 before the first) and the pool balance and loan count it ended with.
    function lastAttested() external view returns (uint256 period, uint256 endingPoolBalance, uint256 endingLoanCount);

    /// @notice The period submitted and waiting for attestation (0 if none) and who submitted it.
    function pending() external view returns (uint256 period, address servicer);

    /// @notice `keccak256(abi.encode(report))`: the hash the trustee attests and the waterfall checks.
    function hashReport(ServicerReport calldata report) external pure returns (bytes32);
}
