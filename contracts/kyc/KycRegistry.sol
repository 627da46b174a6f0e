// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
// The INVESTOR_* constants are used in `_writeRows`' assembly, where solhint does not see them.
// solhint-disable no-unused-import
import {
    InvestorWord,
    InvestorWordLibrary,
    INVESTOR_CLASSES_SHIFT,
    INVESTOR_COUNTRY_SHIFT,
    INVESTOR_FROZEN_BIT
} from "../libraries/InvestorWord.sol";
// solhint-enable no-unused-import
import {RulesWordLibrary} from "../libraries/RulesWord.sol";

/// @title Platform-wide KYC allowlist
/// @notice One packed storage slot per wallet, logged as stored by `InvestorUpdated` next to the off-chain record hash
/// (only emitted), so an auditor can rebuild the registry from `InvestorUpdated` / `InvestorRevoked` /
/// `InvestorFrozen` logs alone.
contract KycRegistry is IKycRegistry, AccessControl {
    /// @notice Onboards, updates, revokes and freezes investors.
    bytes32 public constant COMPLIANCE_ROLE = keccak256("COMPLIANCE_ROLE");

    uint8 public constant CLASS_RETAIL = 1;
    uint8 public constant CLASS_ACCREDITED = 2;
    uint8 public constant CLASS_QIB = 4;
    uint8 public constant CLASS_INSTITUTIONAL = 8;
    /// @notice Non-US person (Regulation S).
    uint8 public constant CLASS_NON_US = 16;
    /// @notice Every defined class bit.
    uint8 public constant ALL_CLASSES = 31;

    /// @dev One `InvestorUpdate` row in calldata: five static words.
    uint256 private constant ROW_BYTES = 0xa0;

    /// @dev `Investor` packed as an `InvestorWord` (the same bits the struct would occupy in storage).
    mapping(address account => InvestorWord record) private _records;

    /// @param admin Receives DEFAULT_ADMIN_ROLE (grants and revokes roles).
    /// @param compliance Receives COMPLIANCE_ROLE.
    constructor(address admin, address compliance) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(COMPLIANCE_ROLE, compliance);
    }

    /// @inheritdoc IKycRegistry
    function setInvestor(InvestorUpdate calldata update) external onlyRole(COMPLIANCE_ROLE) {
        uint256 offset;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            offset := update
        }
        if (_writeRows(offset, 1) != 0) _setInvestor(update);
    }

    /// @inheritdoc IKycRegistry
    function setInvestors(InvestorUpdate[] calldata updates) external onlyRole(COMPLIANCE_ROLE) {
        uint256 offset;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            offset := updates.offset
        }
        uint256 failed = _writeRows(offset, updates.length);
        // The first invalid row: its checked write reverts with its error (undoing the rows before it).
        if (failed != 0) _setInvestor(updates[(failed - offset) / ROW_BYTES]);
    }

    /// @inheritdoc IKycRegistry
    function revoke(address account, bytes32 reason) external onlyRole(COMPLIANCE_ROLE) {
        InvestorWord record = _records[account];
        if (record.classes() == 0) revert KycUnknownInvestor(account);
        // Refusing a no-op keeps the log honest: one `InvestorRevoked` per revocation.
        if (record.verifiedUntil() == 0) revert KycAlreadyRevoked(account);
        _records[account] = record.revoked();
        emit InvestorRevoked(account, reason);
    }

    /// @inheritdoc IKycRegistry
    /// @dev Any non-zero address can be frozen, onboarded or not, so a sanctioned wallet can be blocked
    /// before it ever applies.
    function setFrozen(address account, bool frozen) external onlyRole(COMPLIANCE_ROLE) {
        if (account == address(0)) revert KycZeroAddress();
        InvestorWord record = _records[account];
        if (record.frozen() == frozen) revert KycFreezeUnchanged(account, frozen);
        _records[account] = record.withFrozen(frozen);
        emit InvestorFrozen(account, frozen);
    }

    /// @inheritdoc IKycRegistry
    function investor(address account) external view returns (Investor memory) {
        return _unpack(_records[account]);
    }

    /// @inheritdoc IKycRegistry
    function investorPair(address a, address b) external view returns (Investor memory, Investor memory) {
        return (_unpack(_records[a]), _unpack(_records[b]));
    }

    /// @inheritdoc IKycRegistry
    /// @dev Read on every token transfer, so the two mapping reads and the return are written out (no ABI encoder).
    function investorPairPacked(address a, address b) external view returns (InvestorWord, InvestorWord) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x20, _records.slot)
            mstore(0x00, a)
            let recordA := sload(keccak256(0x00, 0x40))
            mstore(0x00, b)
            let recordB := sload(keccak256(0x00, 0x40))
            mstore(0x00, recordA)
            mstore(0x20, recordB)
            return(0x00, 0x40)
        }
    }

    /// @inheritdoc IKycRegistry
    function isVerified(address account) external view returns (bool) {
        InvestorWord record = _records[account];
        return record.verifiedUntil() > block.timestamp && !record.frozen();
    }

    /// @dev Writes `count` update rows starting at calldata `offset` (the ABI decoder has checked that they lie within
    /// the calldata) and emits their `InvestorUpdated`; stops at the first row that fails any check and returns its
    /// calldata offset (0 when every row was written; a row never starts at 0, where the selector is), leaving that row
    /// to `_setInvestor`, which reverts with its precise error. The same checks as `_setInvestor`, in one branch: a
    /// field wider than its type, a zero account, an expiry not in the future, a class set empty or with an undefined
    /// bit, a country above 999. The event logs the word just stored and the row's record hash (two data words).
    function _writeRows(uint256 offset, uint256 count) private returns (uint256 failed) {
        uint256 maxCountry = RulesWordLibrary.MAX_COUNTRY_CODE;
        bytes32 investorUpdated = InvestorUpdated.selector;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let data := mload(0x40)
            mstore(0x20, _records.slot)
            let end := add(offset, mul(count, ROW_BYTES))
            for { let row := offset } lt(row, end) { row := add(row, ROW_BYTES) } {
                let account := calldataload(row)
                let verifiedUntil := calldataload(add(row, 0x20))
                let country := calldataload(add(row, 0x40))
                let classes := calldataload(add(row, 0x60))
                if or(
                    or(or(shr(160, account), shr(64, verifiedUntil)), or(gt(country, maxCountry), gt(classes, ALL_CLASSES))),
                    or(or(iszero(account), iszero(classes)), iszero(gt(verifiedUntil, timestamp())))
                ) {
                    failed := row
                    break
                }
                mstore(0x00, account)
                let slot := keccak256(0x00, 0x40)
                // A re-verification keeps the freeze flag (bit 88): only `setFrozen` lifts a freeze.
                let record :=
                    or(
                        or(verifiedUntil, shl(INVESTOR_COUNTRY_SHIFT, country)),
                        or(shl(INVESTOR_CLASSES_SHIFT, classes), and(sload(slot), INVESTOR_FROZEN_BIT))
                    )
                sstore(slot, record)
                mstore(data, record)
                mstore(add(data, 0x20), calldataload(add(row, 0x80)))
                log2(data, 0x40, investorUpdated, account)
            }
        }
    }

    /// @dev A re-verification keeps the freeze flag: only `setFrozen` lifts a freeze.
    /// The row's four value fields are read as raw calldata words and range-checked together in one branch,
    /// instead of through the ABI decoder's per-field read-and-check helpers: the same rejection of dirty
    /// (out-of-range) fields, ~300 gas cheaper per row, which keeps a single onboarding under 50k gas.
    function _setInvestor(InvestorUpdate calldata update) private {
        uint256 account;
        uint256 verifiedUntil;
        uint256 country;
        uint256 classes;
        // Raw reads of four static words (the struct is static, so `update` is its calldata offset).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            account := calldataload(update)
            verifiedUntil := calldataload(add(update, 0x20))
            country := calldataload(add(update, 0x40))
            classes := calldataload(add(update, 0x60))
        }
        // A field wider than its ABI type is malformed calldata, which the ABI decoder would refuse too.
        if ((account >> 160) | (verifiedUntil >> 64) | (country >> 16) | (classes >> 8) != 0) {
            revert KycMalformedUpdate();
        }
        if (account == 0) revert KycZeroAddress();
        // Casts below are lossless: every field was range-checked above.
        if (verifiedUntil <= block.timestamp) {
            revert KycExpiryInPast(address(uint160(account)), uint64(verifiedUntil), block.timestamp);
        }
        if (classes == 0 || classes & ~uint256(ALL_CLASSES) != 0) {
            revert KycInvalidClasses(address(uint160(account)), uint8(classes));
        }
        // Tokens pack blocked codes in 10 bits (0–999), so a larger code would slip past every blocked-country list.
        if (country > RulesWordLibrary.MAX_COUNTRY_CODE) {
            revert KycInvalidCountry(address(uint160(account)), uint16(country));
        }
        address wallet = address(uint160(account));
        InvestorWord record = InvestorWordLibrary.pack(
            uint64(verifiedUntil), uint16(country), uint8(classes), _records[wallet].frozen()
        );
        _records[wallet] = record;
        emit InvestorUpdated(wallet, record, update.recordHash);
    }

    function _unpack(InvestorWord record) private pure returns (Investor memory) {
        return Investor({
            verifiedUntil: record.verifiedUntil(),
            country: record.country(),
            classes: record.classes(),
            frozen: record.frozen()
        });
    }
}
