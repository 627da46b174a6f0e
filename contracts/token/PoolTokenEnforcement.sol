// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {IPoolToken} from "../interfaces/IPoolToken.sol";
import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";
import {DistributionMath} from "../libraries/DistributionMath.sol";
import {InvestorWord} from "../libraries/InvestorWord.sol";
import {RulesWord, RulesWordLibrary} from "../libraries/RulesWord.sol";
import {PoolTokenBase} from "./PoolTokenBase.sol";
import {PoolTokenLocks} from "./PoolTokenLocks.sol";

/// @title The tranche token's cold enforcement paths: freezes, forced transfers, wallet recovery, rule changes, and
/// the restriction views (`detectTransferRestriction`, `canTransfer`, `canSend`, `canReceive`)
/// @notice Deployed by each `PoolToken` constructor and reached only by DELEGATECALL from that token, so its code
/// runs on the token's storage, under the token's roles, with the token's address as `this` and the caller's
/// `msg.sender`. It keeps about 6 KB of rarely-run code out of the token's runtime, which must stay at least
/// 4 KB under the 24,576-byte limit (EIP-170). Called directly it only sees its own, empty storage: no role is
/// ever granted there, so every function reverts.
/// @dev The same pattern as Balancer v3's `VaultExtension`. Storage: exactly `PoolTokenBase`'s, nothing else.
contract PoolTokenEnforcement is PoolTokenLocks {
    using SafeCast for uint256;

    /// @param registry The token's KYC registry (immutables are code, so they are passed again).
    /// @param cashToken_ The token's settlement token.
    constructor(IKycRegistry registry, IERC20Metadata cashToken_, uint256 faceCap_)
        PoolTokenBase(registry, cashToken_, faceCap_)
    {}

    /// @notice See `IPoolToken.setAddressFrozen`.
    function setAddressFrozen(address account, bool frozen) external onlyRole(COMPLIANCE_ROLE) {
        Account storage stored = _accounts[account];
        uint8 flags = stored.flags;
        if ((flags & FLAG_FROZEN != 0) == frozen) revert IPoolToken.TokenAddressFreezeUnchanged(account, frozen);
        stored.flags = frozen ? flags | FLAG_FROZEN : flags & ~FLAG_FROZEN;
        emit IPoolToken.AddressFrozen(account, frozen);
    }

    /// @notice See `IERC7943Fungible.setFrozenTokens`. The frozen amount may exceed the balance (it then freezes
    /// whatever arrives later).
    function setFrozenTokens(address account, uint256 amount) external onlyRole(COMPLIANCE_ROLE) returns (bool) {
        Holds memory holds = _holds[account];
        if (holds.frozen == amount) revert IPoolToken.TokenFrozenAmountUnchanged(account, amount);
        holds.frozen = amount.toUint96();
        _storeHolds(account, holds);
        emit IERC7943Fungible.Frozen(account, amount);
        return true;
    }

    /// @notice See `IERC7943Fungible.forcedTransfer`.
    function forcedTransfer(address from, address to, uint256 amount)
        external
        onlyRole(COMPLIANCE_ROLE)
        returns (bool)
    {
        _forcedTransfer(from, to, amount);
        return true;
    }

    /// @notice See `IPoolToken.forcedTransferWithReason`.
    function forcedTransferWithReason(address from, address to, uint256 amount, string calldata reason)
        external
        onlyRole(COMPLIANCE_ROLE)
    {
        _forcedTransfer(from, to, amount);
        emit IPoolToken.ForcedTransferReasonRecorded(from, to, amount, reason);
    }

    /// @notice See `IPoolToken.recoverWallet`.
    /// @dev Merges the lost wallet's position into the new wallet's: both accruals are settled at the current index
    /// first (so cash earned so far stays exactly where it was earned), then balances, frozen amounts and settled
    /// accruals add up. A token-level address freeze stays on the lost wallet. The lost wallet's escrow locks are
    /// released (`Unlocked` per escrow, so `lockedOf` rebuilt from logs stays exact): the escrows' orders point at
    /// the lost wallet, can no longer settle, and are cancelled off those events. The new wallet's own locks stay.
    function recoverWallet(address lostWallet, address newWallet) external onlyRole(COMPLIANCE_ROLE) {
        if (newWallet == lostWallet) revert IPoolToken.TokenRecoveryToSelf(lostWallet);
        (Hot memory hot, Account memory lost, Account memory target) = _load(lostWallet, newWallet, Mode.Recovery);
        ITransferRestrictions.Restriction code =
            _restriction(lostWallet, newWallet, lost.balance, Mode.Recovery, hot, lost, target);
        if (code != ITransferRestrictions.Restriction.None) {
            revert ITransferRestrictions.TokenTransferRestricted(code, lostWallet, newWallet, lost.balance);
        }

        uint128 index = hot.index;
        _settle(lostWallet, lost, index);
        _settle(newWallet, target, index);
        uint256 accrued = _accruedScaledAt(lostWallet);
        Holds memory holds = _holdsOf(lostWallet, lost.flags);
        if (lost.flags & FLAG_HOLDS != 0) {
            if (holds.locked != 0) _releaseEscrowLocks(lostWallet, holds.locked);
            delete _holds[lostWallet];
            if (holds.frozen != 0) emit IERC7943Fungible.Frozen(lostWallet, 0);
        }
        // Record dates: the new wallet is the same holder, so for a pending distribution its record-date balance is
        // its own plus the lost wallet's (each its tagged snapshot, or its balance if untagged, since an untagged
        // balance has not moved since the record date); the lost wallet keeps none.
        uint24 pendingTag =
            hot.flags & HOT_RECORD_PENDING == 0 ? 0 : (uint256(_supply.distributionCount) + 1).toUint24();
        if (pendingTag != 0) {
            uint256 lostRecord = lost.recordTag == pendingTag ? _recordBalance[lostWallet] : lost.balance;
            uint256 targetRecord = target.recordTag == pendingTag ? _recordBalance[newWallet] : target.balance;
            _recordBalance[newWallet] = lostRecord + targetRecord;
            _recordBalance[lostWallet] = 0;
            target.recordTag = pendingTag;
            _hot.flags = hot.flags | HOT_RECORD_TAGGED;
        }
        _accounts[lostWallet] =
            Account({balance: 0, checkpoint: index, flags: lost.flags & FLAG_FROZEN, recordTag: pendingTag});
        if (accrued != 0) {
            delete _accruedScaled[lostWallet];
            _accruedScaled[newWallet] += accrued;
        }
        // Two holders become one when both held tokens; the count never grows.
        if (hot.flags & HOT_COUNTING != 0 && lost.balance != 0 && target.balance != 0) {
            _hot.holderCount = hot.holderCount - 1;
        }
        // Cannot overflow: the two balances are part of the supply, a uint96.
        target.balance += lost.balance;
        if (holds.frozen != 0) {
            Holds memory targetHolds = _holdsOf(newWallet, target.flags);
            targetHolds.frozen += holds.frozen;
            _holds[newWallet] = targetHolds;
            target.flags |= FLAG_HOLDS;
            emit IERC7943Fungible.Frozen(newWallet, targetHolds.frozen);
        }
        _accounts[newWallet] = target;
        emit IERC20.Transfer(lostWallet, newWallet, lost.balance);
        emit IPoolToken.WalletRecovered(lostWallet, newWallet, lost.balance, accrued / DistributionMath.INDEX_SCALE);
    }

    /// @notice See `ITransferRestrictions.setTransferRules`.
    function setTransferRules(ITransferRestrictions.TransferRules calldata rules) external onlyRole(COMPLIANCE_ROLE) {
        _setTransferRules(rules);
    }

    function _setTransferRules(ITransferRestrictions.TransferRules calldata rules) private {
        (RulesWord word, uint256 overflow) = RulesWordLibrary.encode(rules);
        if (RulesWord.unwrap(word) == RulesWord.unwrap(_rules) && overflow == _moreBlockedCountries) {
            revert ITransferRestrictions.TokenRulesUnchanged();
        }
        uint8 flags = _hot.flags;
        // A cap is checked against the count, so it needs one that is exact (`countHolders` first).
        if (word.maxHolders() != 0 && flags & HOT_COUNTING == 0) revert IPoolToken.TokenHolderCountNotTracked();
        _hot.flags = word.isEmpty() ? flags & ~HOT_HAS_RULES : flags | HOT_HAS_RULES;
        _rules = word;
        _moreBlockedCountries = overflow;
        emit ITransferRestrictions.TransferRulesUpdated(
            rules.allowedClasses, rules.minHolding, rules.maxHolders, rules.lockupUntil, rules.blockedCountries
        );
    }

    /// @notice See `IPoolToken.countHolders`. The balances of all accounts add up to the total supply, so distinct
    /// accounts with non-zero balances that add up to it leave every other account at zero: the list is complete.
    function countHolders(address[] calldata holders) external onlyRole(COMPLIANCE_ROLE) {
        Hot memory hot = _loadHot();
        if (hot.flags & HOT_COUNTING != 0) revert IPoolToken.TokenHolderCountAlreadyTracked();
        uint256 listed;
        address previous;
        for (uint256 i; i < holders.length; ++i) {
            address holder = holders[i];
            // The zero address never holds a balance, so starting from it refuses nothing a proof needs.
            if (holder <= previous) revert IPoolToken.TokenHolderProofNotAscending(i, holder);
            uint256 balance = _accounts[holder].balance;
            if (balance == 0) revert IPoolToken.TokenHolderProofZeroBalance(i, holder);
            listed += balance;
            previous = holder;
        }
        uint256 supply = _supply.totalSupply;
        if (listed != supply) revert IPoolToken.TokenHolderProofIncomplete(listed, supply);
        _hot.holderCount = holders.length.toUint24();
        _hot.flags = hot.flags | HOT_COUNTING;
        emit IPoolToken.HolderCountingStarted(holders.length);
    }

    // ------------------------------------------------------------------------------------------------
    // Restriction views (read-only DELEGATECALL from the token's views: the token's transfers use the same rule
    // path directly, and no contract of the platform calls these on chain)
    // ------------------------------------------------------------------------------------------------

    /// @notice See `ITransferRestrictions.detectTransferRestriction`: what `_update` would decide for a holder's
    /// transfer now.
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8) {
        (Hot memory hot, Account memory src, Account memory dst) = _load(from, to, Mode.Transfer);
        return uint8(_restriction(from, to, amount, Mode.Transfer, hot, src, dst));
    }

    /// @notice See `IERC7943Fungible`; reached by a read-only DELEGATECALL from the token's view of the same name.
    /// @dev Answers as if `from` held at least `amount`: ERC-7943 says `canTransfer` must not fail for a mere balance
    /// shortfall. Every rule still applies, the frozen and locked parts included (with a shortfall, any such part
    /// fails it). `detectTransferRestriction` is the binding answer for an actual transfer (`InsufficientBalance`).
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        (Hot memory hot, Account memory src, Account memory dst) = _load(from, to, Mode.Transfer);
        // Lossless: a larger amount cannot be held by anyone (balances are uint96), so it fails the rules anyway.
        if (src.balance < amount && amount <= type(uint96).max) src.balance = uint96(amount);
        return _restriction(from, to, amount, Mode.Transfer, hot, src, dst) == ITransferRestrictions.Restriction.None;
    }

    /// @notice See `IERC7943Fungible`; reached by a read-only DELEGATECALL from the token's view of the same name.
    /// @dev True when the sender-side rules pass (not paused, no lockup, KYC valid, not frozen, country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canSend(address account) external view returns (bool) {
        Hot memory hot = _hot;
        RulesWord rules = _rulesOf(hot);
        if (hot.flags & HOT_PAUSED != 0 || block.timestamp < rules.lockupUntil()) return false;
        (InvestorWord record,) = _kycRegistry.investorPairPacked(account, account);
        return _senderRestriction(record, _accounts[account].flags, rules) == ITransferRestrictions.Restriction.None;
    }

    /// @notice See `IERC7943Fungible`; reached by a read-only DELEGATECALL from the token's view of the same name.
    /// @dev True when the recipient-side rules pass (not paused, KYC valid, not frozen, class and country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canReceive(address account) external view returns (bool) {
        Hot memory hot = _hot;
        if (hot.flags & HOT_PAUSED != 0 || account == address(0) || account == address(this)) return false;
        (InvestorWord record,) = _kycRegistry.investorPairPacked(account, account);
        return _recipientRestriction(record, _accounts[account].flags, _rulesOf(hot))
            == ITransferRestrictions.Restriction.None;
    }

    function _forcedTransfer(address from, address to, uint256 amount) private {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (from == to) revert IPoolToken.TokenForcedTransferToSelf(from);
        _update(from, to, amount, Mode.Forced);
        emit IERC7943Fungible.ForcedTransfer(from, to, amount);
    }

}
