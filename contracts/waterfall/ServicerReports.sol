// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IServicerReports} from "../interfaces/IServicerReports.sol";
import {ReportEncoding} from "./libraries/ReportEncoding.sol";

/// @title The servicer's monthly reports of one deal, attested by the trustee
/// @notice Holds no cash: the deal's PaymentWaterfall reads the attested hash of the period it runs and runs the
/// report whose `abi.encode` hashes to it. A period's report must tie to the previous attested ending balance and
/// be internally consistent before it can even be submitted, so the trustee attests only reports that could run.
/// Storage holds only what execution needs (docs/adr/0019-report-storage.md): the hashes of the last
/// `HASHES_HELD` periods in a ring, the two latest ending balances, and a hash chain over every attested report;
/// the reports themselves live in the `ReportSubmitted` logs, which the chain head authenticates.
contract ServicerReports is IServicerReports, AccessControl {
    using SafeCast for uint256;

    /// @notice Submits the monthly report.
    bytes32 public constant SERVICER_ROLE = keccak256("SERVICER_ROLE");
    /// @notice Attests the monthly report; never held by a servicer key.
    bytes32 public constant TRUSTEE_ROLE = keccak256("TRUSTEE_ROLE");

    /// @inheritdoc IServicerReports
    uint256 public constant HASHES_HELD = 12;

    /// @dev What an empty ring slot holds: nonzero, so that every period's hash rewrites a slot (5,000 gas) instead
    /// of creating one (22,100). Never returned: a slot is read only for a period it was written for.
    bytes32 private constant EMPTY_SLOT = bytes32(uint256(1));

    /// @dev The reporting cycle in one slot: the last attested period and the submitted one awaiting attestation.
    struct Cycle {
        uint32 lastAttested;
        uint32 pendingPeriod;
        address submitter;
    }

    Cycle private _cycle;
    /// @dev Ending pool balance (low 96 bits) and loan count (next 32) of a period, at index `period % 2`: the last
    /// attested period's and the pending one's never share an index, so attestation moves nothing.
    uint128[2] private _endings;
    /// @dev `keccak256(abi.encode(previous head, period, reportHash))` over every attested period in order, from 0.
    bytes32 private _chainHead;
    /// @dev The report hash of period p at index `p % HASHES_HELD` (for the pending period: as submitted).
    bytes32[HASHES_HELD] private _recentHashes;

    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the servicer and trustee roles.
    /// @param initialPoolBalance The pool balance at closing (the LoanPool record's UPB), settlement-token units.
    /// @param initialLoanCount Loans in the pool at closing.
    constructor(address admin, uint256 initialPoolBalance, uint256 initialLoanCount) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _endings[0] = _packEnding(initialPoolBalance.toUint96(), initialLoanCount.toUint32());
        for (uint256 i; i < HASHES_HELD; ++i) {
            _recentHashes[i] = EMPTY_SLOT;
        }
    }

    /// @inheritdoc IServicerReports
    function submit(ServicerReport calldata report) external onlyRole(SERVICER_ROLE) returns (bytes32 reportHash) {
        uint256 last = _cycle.lastAttested;
        uint256 period = _word(report, 0);
        // unchecked: last < 2^32.
        unchecked {
            if (period != last + 1) revert ReportsWrongPeriod(period, last + 1);
        }
        reportHash = _canonicalHash(report);
        uint128 previous = _endings[last & 1];
        _checkTies(report, uint96(previous), uint32(previous >> 96));

        _recentHashes[period % HASHES_HELD] = reportHash;
        // lossless: period is a uint32 word (`_canonicalHash`).
        _cycle = Cycle({lastAttested: uint32(last), pendingPeriod: uint32(period), submitter: msg.sender});
        // lossless: endingPoolBalance <= the previous ending balance, a uint96 (checked in `_checkTies`).
        _endings[period & 1] =
            _packEnding(uint96(_word(report, W_ENDING_POOL_BALANCE)), uint32(_word(report, W_ENDING_LOAN_COUNT)));
        _logSubmitted(report, reportHash);
    }

    /// @inheritdoc IServicerReports
    function attest(uint256 period, bytes32 reportHash) external onlyRole(TRUSTEE_ROLE) {
        Cycle memory cycle = _cycle;
        if (period == 0 || cycle.pendingPeriod != period) revert ReportsNothingToAttest(period);
        bytes32 submitted = _recentHashes[period % HASHES_HELD];
        if (submitted != reportHash) revert ReportsHashMismatch(period, reportHash, submitted);
        if (cycle.submitter == msg.sender) revert ReportsAttesterIsSubmitter(period, msg.sender);

        // lossless: period == pendingPeriod, a uint32.
        _cycle = Cycle({lastAttested: uint32(period), pendingPeriod: 0, submitter: address(0)});
        _chainHead = keccak256(abi.encode(_chainHead, period, reportHash));
        emit ReportAttested(period, reportHash, msg.sender);
    }

    /// @inheritdoc IServicerReports
    function attestedHash(uint256 period) external view returns (bytes32) {
        uint256 last = _cycle.lastAttested;
        if (period == 0 || period > last) return bytes32(0);
        // unchecked: period <= last. Within HASHES_HELD - 1 of the last attested, a period is held whatever is
        // pending (the waterfall's case: it asks for the period after the last executed).
        unchecked {
            if (last - period >= HASHES_HELD - 1) _requireHeld(period, _cycle);
        }
        return _recentHashes[period % HASHES_HELD];
    }

    /// @inheritdoc IServicerReports
    function reportOf(uint256 period) external view returns (bytes32 reportHash, bool attested) {
        Cycle memory cycle = _cycle;
        attested = period != 0 && period <= cycle.lastAttested;
        if (!attested && (period == 0 || period != cycle.pendingPeriod)) return (bytes32(0), false);
        _requireHeld(period, cycle);
        reportHash = _recentHashes[period % HASHES_HELD];
    }

    /// @inheritdoc IServicerReports
    function attestedChain() external view returns (uint256 period, bytes32 head) {
        return (_cycle.lastAttested, _chainHead);
    }

    /// @inheritdoc IServicerReports
    function lastAttested() external view returns (uint256 period, uint256 endingPoolBalance, uint256 endingLoanCount) {
        period = _cycle.lastAttested;
        uint128 ending = _endings[period & 1];
        return (period, uint96(ending), uint32(ending >> 96));
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

    /// @dev Reverts unless the ring still holds `period`'s hash: the newest period written (the pending one, else
    /// the last attested) and the `HASHES_HELD - 1` before it.
    function _requireHeld(uint256 period, Cycle memory cycle) private pure {
        uint256 newest = cycle.pendingPeriod == 0 ? cycle.lastAttested : cycle.pendingPeriod;
        // unchecked: period <= newest here (an attested or the pending period).
        unchecked {
            if (newest - period >= HASHES_HELD) revert ReportsHistoryInLogs(period, newest - HASHES_HELD + 1);
        }
    }

    /// @dev One `_endings` entry: the balance in the low 96 bits, the loan count above it.
    function _packEnding(uint96 balance, uint32 loanCount) private pure returns (uint128) {
        return uint128(balance) | (uint128(loanCount) << 96);
    }

    // The report's 26 words (`ReportEncoding.SIZE`) are in the order of its fields (buckets inline, count first).
    /// @dev Bit i set: word i of the encoding is a uint32 (period, payoffCount, the five bucket counts,
    /// endingLoanCount); `UINT128_WORDS` likewise; the rest are bytes32 or uint256 and take any value.
    uint256 private constant UINT32_WORDS = 0x2aa881;
    uint256 private constant UINT128_WORDS = 0x55577e;

    /// @dev `keccak256(abi.encode(report))` straight from calldata: a report is a static struct, so its ABI encoding
    /// is exactly its argument bytes once every word fits its field's type — checked here in one pass (refused with
    /// `ReportsFieldOutOfRange`, as the decoder would refuse it, instead of field by field on each read).
    function _canonicalHash(ServicerReport calldata report) private pure returns (bytes32 h) {
        uint256 outOfRange;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let r := report
            // uint32 words: period, payoffCount, the five bucket counts, endingLoanCount.
            let small := or(calldataload(r), calldataload(add(r, 0xe0)))
            small := or(small, or(calldataload(add(r, 0x160)), calldataload(add(r, 0x1a0))))
            small := or(small, or(calldataload(add(r, 0x1e0)), calldataload(add(r, 0x220))))
            small := or(small, or(calldataload(add(r, 0x260)), calldataload(add(r, 0x2a0))))
            // uint128 words: the ten amounts, the five bucket balances, endingPoolBalance.
            let large := or(calldataload(add(r, 0x20)), calldataload(add(r, 0x40)))
            large := or(large, or(calldataload(add(r, 0x60)), calldataload(add(r, 0x80))))
            large := or(large, or(calldataload(add(r, 0xa0)), calldataload(add(r, 0xc0))))
            large := or(large, or(calldataload(add(r, 0x100)), calldataload(add(r, 0x120))))
            large := or(large, or(calldataload(add(r, 0x140)), calldataload(add(r, 0x180))))
            large := or(large, or(calldataload(add(r, 0x1c0)), calldataload(add(r, 0x200))))
            large := or(large, or(calldataload(add(r, 0x240)), calldataload(add(r, 0x280))))
            large := or(large, calldataload(add(r, 0x2c0)))
            outOfRange := or(shr(32, small), shr(128, large))
        }
        if (outOfRange != 0) _revertOutOfRange(report);
        h = ReportEncoding.hashOf(report);
    }

    /// @dev Names the first word that does not fit its field's type (only on the way to a revert).
    function _revertOutOfRange(ServicerReport calldata report) private pure {
        for (uint256 word; word < ReportEncoding.SIZE / 32; ++word) {
            uint256 value;
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                value := calldataload(add(report, shl(5, word)))
            }
            uint256 bits = (UINT32_WORDS >> word) & 1 == 1 ? 32 : (UINT128_WORDS >> word) & 1 == 1 ? 128 : 256;
            if (bits < 256 && value >> bits != 0) revert ReportsFieldOutOfRange(word, value);
        }
    }

    /// @dev Word `word` of the report's encoding, read without the decoder's range check (`_canonicalHash` did it).
    function _word(ServicerReport calldata report, uint256 word) private pure returns (uint256 value) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            value := calldataload(add(report, shl(5, word)))
        }
    }

    /// @dev `emit ReportSubmitted(report.period, reportHash, msg.sender, report)` with the event data copied straight
    /// from calldata (the report's canonical ABI encoding, as in `_canonicalHash`), not re-encoded field by field.
    function _logSubmitted(ServicerReport calldata report, bytes32 reportHash) private {
        bytes32 topic = ReportSubmitted.selector;
        uint256 size = ReportEncoding.SIZE;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let free := mload(0x40)
            calldatacopy(free, report, size)
            log4(free, size, topic, calldataload(report), reportHash, caller())
        }
    }

    /// @dev Bits of `reconciliationWarnings` above the twelve 16-bit flag-code fields.
    uint256 private constant WARNING_FIELDS_BITS = 12 * 16;

    // Word indices of the fields `_checkTies` reads.
    uint256 private constant W_SCHEDULED = 4;
    uint256 private constant W_CURTAILMENTS = 5;
    uint256 private constant W_PAYOFFS = 6;
    uint256 private constant W_PAYOFF_COUNT = 7;
    uint256 private constant W_LIQUIDATION_PROCEEDS = 8;
    uint256 private constant W_REALIZED_LOSS = 9;
    uint256 private constant W_DELINQUENT30 = 11; // count; balance at the next word; four more buckets follow
    uint256 private constant W_ENDING_LOAN_COUNT = 21;
    uint256 private constant W_ENDING_POOL_BALANCE = 22;
    uint256 private constant W_WARNINGS = 25;

    /// @dev The balance ties to the previous ending; delinquency and loan counts fit in the pool; the warning word
    /// is a packing of the flag codes (so every reader can unpack it). Every word fits its type (`_canonicalHash`).
    function _checkTies(ServicerReport calldata r, uint256 previousBalance, uint256 previousLoans) private pure {
        uint256 period = _word(r, 0);
        uint256 ending = _word(r, W_ENDING_POOL_BALANCE);
        uint256 endingLoans = _word(r, W_ENDING_LOAN_COUNT);
        uint256 reduction;
        uint256 delinquent;
        uint256 delinquentLoans;
        // unchecked: every term is below 2^128 (`_canonicalHash`), so five of them sum below 2^131.
        unchecked {
            reduction = _word(r, W_SCHEDULED) + _word(r, W_CURTAILMENTS) + _word(r, W_PAYOFFS)
                + _word(r, W_LIQUIDATION_PROCEEDS) + _word(r, W_REALIZED_LOSS);
            for (uint256 b; b < 5; ++b) {
                delinquentLoans += _word(r, W_DELINQUENT30 + 2 * b);
                delinquent += _word(r, W_DELINQUENT30 + 2 * b + 1);
            }
        }
        if (reduction > previousBalance) revert ReportsPrincipalExceedsPool(period, reduction, previousBalance);
        // unchecked: reduction <= previousBalance just above.
        unchecked {
            if (previousBalance - reduction != ending) {
                revert ReportsBalanceDoesNotTie(period, ending, previousBalance - reduction);
            }
        }
        if (delinquent > ending) revert ReportsDelinquencyExceedsPool(period, delinquent, ending);
        if (delinquentLoans > endingLoans) {
            revert ReportsDelinquentCountExceedsLoans(period, delinquentLoans, endingLoans);
        }
        // unchecked: both below 2^32.
        unchecked {
            uint256 accountedLoans = endingLoans + _word(r, W_PAYOFF_COUNT);
            if (accountedLoans > previousLoans) revert ReportsLoanCountRises(period, accountedLoans, previousLoans);
        }
        if ((endingLoans == 0) != (ending == 0)) revert ReportsLoanCountMismatch(period, endingLoans, ending);
        uint256 warnings = _word(r, W_WARNINGS);
        if (warnings >> WARNING_FIELDS_BITS != 0) revert ReportsInvalidWarnings(period, warnings);
    }
}
