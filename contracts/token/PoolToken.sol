// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IDistributions} from "../interfaces/IDistributions.sol";
import {IERC7943Fungible} from "../interfaces/IERC7943Fungible.sol";
import {IKycRegistry} from "../interfaces/IKycRegistry.sol";
import {ILockable} from "../interfaces/ILockable.sol";
import {IPoolToken} from "../interfaces/IPoolToken.sol";
import {IWaterfallClassToken} from "../interfaces/IWaterfallClassToken.sol";
import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";
import {InvestorWord} from "../libraries/InvestorWord.sol";
import {RulesWord, RulesWordLibrary} from "../libraries/RulesWord.sol";
import {PoolTokenBase} from "./PoolTokenBase.sol";
import {PoolTokenDistributions} from "./PoolTokenDistributions.sol";
import {PoolTokenAdmin} from "./PoolTokenAdmin.sol";
import {PoolTokenEnforcement} from "./PoolTokenEnforcement.sol";
import {PoolTokenLocks} from "./PoolTokenLocks.sol";
import {RestrictionMessages} from "./RestrictionMessages.sol";

/// @title Restricted tranche token in original face, with pull-based P&I distributions
/// @notice One tranche (or a pass-through pool) as a restricted ERC-20. The concerns live in their own files:
/// `PoolTokenBase` (storage and the one `_update` path), `PoolTokenDistributions` (P&I and factor),
/// `PoolTokenLocks` (per-escrow locks), `PoolTokenEnforcement` (freezes, forced transfers, recovery, rule changes,
/// the restriction views — cold code run by DELEGATECALL), `PoolTokenAdmin` (issuance, face changes, roles, sweep,
/// likewise) and `RulesWord` (the rules as a library over a typed word). This contract is the ERC-20 surface, the
/// distributions the waterfall makes every period (`distribute`, `markRecordDate`), claims, pause and the views.
/// @dev Fee-on-transfer or rebasing settlement tokens are not supported: `distribute` books the amount it asks for.
contract PoolToken is PoolTokenDistributions, PoolTokenLocks, IPoolToken {
    using SafeCast for uint256;

    uint8 private immutable _decimals;
    /// @dev The English texts live in their own contract (deployed by the constructor) so this one stays small;
    /// London has no init-code limit, so embedding its creation code is free.
    RestrictionMessages private immutable _messages;
    /// @dev The cold enforcement paths, run by DELEGATECALL on this token's storage (see `PoolTokenEnforcement`).
    address private immutable _enforcement;
    /// @dev The cold administrative paths (issuance, face changes, record dates, roles, sweep), likewise.
    address private immutable _admin;

    /// @param name_ ERC-20 name, e.g. "MBS 2026-1 Class A".
    /// @param symbol_ ERC-20 symbol.
    /// @param registry The platform KYC registry.
    /// @param cashToken_ The settlement stablecoin; this token copies its decimals so one unit of face
    ///        is one unit of cash.
    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the operating roles.
    /// @param rules The initial transfer rules.
    /// @param faceCap_ The class's original face as the pool record commits it, in token units: the most face this
    ///        token can ever issue (`LoanPool` checks it equals its record).
    constructor(
        string memory name_,
        string memory symbol_,
        IKycRegistry registry,
        IERC20Metadata cashToken_,
        address admin,
        TransferRules memory rules,
        uint256 faceCap_
    ) PoolTokenBase(registry, cashToken_, faceCap_) {
        _name = name_;
        _symbol = symbol_;
        _decimals = cashToken_.decimals();
        _messages = new RestrictionMessages();
        _enforcement = address(new PoolTokenEnforcement(registry, cashToken_, faceCap_));
        _admin = address(new PoolTokenAdmin(registry, cashToken_, faceCap_));
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        (RulesWord word, uint256 overflow) = RulesWordLibrary.encode(rules);
        // A cap needs the exact count from the first holder on; without one, nothing is counted (ADR 0021).
        if (!word.isEmpty()) _hot.flags = rules.maxHolders != 0 ? HOT_HAS_RULES | HOT_COUNTING : HOT_HAS_RULES;
        _rules = word;
        _moreBlockedCountries = overflow;
        emit TransferRulesUpdated(
            rules.allowedClasses, rules.minHolding, rules.maxHolders, rules.lockupUntil, rules.blockedCountries
        );
    }

    // ------------------------------------------------------------------------------------------------
    // ERC-20
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @notice Original face issued (constant once the issuance window closes).
    function totalSupply() external view returns (uint256) {
        return _supply.totalSupply;
    }

    /// @notice `account`'s balance in original face.
    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance;
    }

    /// @notice See IERC20.
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    /// @notice See IERC20. Reverts with `TokenTransferRestricted` when a rule forbids the transfer.
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @notice See IERC20. Reverts with `TokenTransferRestricted` when a rule forbids the transfer, including a
    /// spender frozen in the registry or on this token (`SpenderFrozen`), and with `ERC20InsufficientAllowance` for a
    /// spender without allowance even for a zero amount (no `Transfer` out of someone else's wallet without consent:
    /// address poisoning).
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (msg.sender != from) {
            if (_allowances[from][msg.sender] == 0) revert ERC20InsufficientAllowance(msg.sender, 0, value);
            (uint256 spender,) = _investorPair(msg.sender, msg.sender);
            if (InvestorWord.wrap(spender).frozen() || _accounts[msg.sender].flags & FLAG_FROZEN != 0) {
                revert TokenTransferRestricted(Restriction.SpenderFrozen, from, to, value);
            }
            _spendAllowance(from, msg.sender, value);
        }
        _transfer(from, to, value);
        return true;
    }

    /// @notice See IERC20.
    function approve(address spender, uint256 value) external returns (bool) {
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    // ------------------------------------------------------------------------------------------------
    // Issuance
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPoolToken
    function mint(address, uint256) external {
        _delegateTo(_admin);
    }

    /// @inheritdoc IDistributions
    /// @dev Closes the issuance window: minting after a write-down would raise the factor.
    function allocateLoss(uint256) external {
        _delegateTo(_admin);
    }

    /// @inheritdoc IPoolToken
    function burn(address, uint256) external {
        _delegateTo(_admin);
    }

    // ------------------------------------------------------------------------------------------------
    // Write-ups and accretion (the waterfall's cold paths; docs/adr/0015-record-dates.md). `distribute` and
    // `markRecordDate`, which the waterfall calls on every class every period, run here (PoolTokenDistributions).
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IWaterfallClassToken
    function writeUp(uint256) external {
        _delegateTo(_admin);
    }

    /// @inheritdoc IWaterfallClassToken
    function accrete(uint256) external {
        _delegateTo(_admin);
    }

    // ------------------------------------------------------------------------------------------------
    // Pause
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IPoolToken
    function pause() external onlyRole(PAUSER_ROLE) {
        uint8 flags = _hot.flags;
        if (flags & HOT_PAUSED != 0) revert TokenPauseUnchanged(true);
        _hot.flags = flags | HOT_PAUSED;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IPoolToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        uint8 flags = _hot.flags;
        if (flags & HOT_PAUSED == 0) revert TokenPauseUnchanged(false);
        _hot.flags = flags & ~HOT_PAUSED;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IPoolToken
    function paused() external view returns (bool) {
        return _hot.flags & HOT_PAUSED != 0;
    }

    // ------------------------------------------------------------------------------------------------
    // Enforcement (cold paths, run by DELEGATECALL; each checks its role in `PoolTokenEnforcement`)
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc ILockable
    function lock(address, uint256) external override(ILockable, PoolTokenLocks) {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc ILockable
    function unlock(address, uint256) external override(ILockable, PoolTokenLocks) {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IPoolToken
    function setAddressFrozen(address, bool) external {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IERC7943Fungible
    function setFrozenTokens(address, uint256) external returns (bool) {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Reverts with `TokenForcedTransferToSelf` when `from == to`: such a move changes no balance and would
    /// only release `from`'s frozen and locked amounts.
    function forcedTransfer(address, address, uint256) external returns (bool) {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IPoolToken
    function forcedTransferWithReason(address, address, uint256, string calldata) external {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IPoolToken
    function recoverWallet(address, address) external {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc ITransferRestrictions
    function setTransferRules(TransferRules calldata) external {
        _delegateTo(_enforcement);
    }

    /// @inheritdoc IPoolToken
    function sweep(address, address, uint256) external {
        _delegateTo(_admin);
    }

    /// @inheritdoc IPoolToken
    function faceCap() external view returns (uint256) {
        return _faceCap;
    }

    /// @notice See `IAccessControl.grantRole` (role admin; run by `PoolTokenEnforcement`, like every cold path).
    function grantRole(bytes32, address) public override {
        _delegateTo(_admin);
    }

    /// @notice See `IAccessControl.revokeRole`.
    function revokeRole(bytes32, address) public override {
        _delegateTo(_admin);
    }

    /// @notice See `IAccessControl.renounceRole`.
    function renounceRole(bytes32, address) public override {
        _delegateTo(_admin);
    }

    /// @inheritdoc IPoolToken
    function isAddressFrozen(address account) external view returns (bool) {
        return _accounts[account].flags & FLAG_FROZEN != 0;
    }

    /// @inheritdoc IERC7943Fungible
    function getFrozenTokens(address account) external view returns (uint256) {
        return _holds[account].frozen;
    }

    // ------------------------------------------------------------------------------------------------
    // Transfer rules and restriction views
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc ITransferRestrictions
    function transferRules() external view returns (TransferRules memory) {
        return _rules.decode(_moreBlockedCountries);
    }

    /// @inheritdoc ITransferRestrictions
    /// @dev Run by `PoolTokenEnforcement` (read-only DELEGATECALL, like the other restriction views below): no
    /// contract of the platform calls these on chain, and the token's own transfers use the same rule path directly.
    function detectTransferRestriction(address, address, uint256) external view returns (uint8) {
        _delegateView(_enforcement);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Answers as if `from` held at least `amount`: ERC-7943 says `canTransfer` must not fail for a mere balance
    /// shortfall. Every rule still applies, the frozen and locked parts included (with a shortfall, any such part
    /// fails it). `detectTransferRestriction` is the binding answer for an actual transfer (`InsufficientBalance`).
    function canTransfer(address, address, uint256) external view returns (bool) {
        _delegateView(_enforcement);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev True when the sender-side rules pass (not paused, no lockup, KYC valid, not frozen, country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canSend(address) external view returns (bool) {
        _delegateView(_enforcement);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev True when the recipient-side rules pass (not paused, KYC valid, not frozen, class and country
    /// allowed); the amount-dependent rules are for `canTransfer`.
    function canReceive(address) external view returns (bool) {
        _delegateView(_enforcement);
    }

    /// @inheritdoc ITransferRestrictions
    function messageForTransferRestriction(uint8 code) external view returns (string memory) {
        return _messages.messageFor(code);
    }

    /// @inheritdoc IPoolToken
    function setClaimOperator(address, bool) external {
        _delegateTo(_admin);
    }

    /// @inheritdoc IPoolToken
    function isClaimOperator(address holder, address operator) external view returns (bool) {
        return _claimOperators[holder][operator];
    }

    /// @inheritdoc IPoolToken
    function kycRegistry() external view returns (IKycRegistry) {
        return _kycRegistry;
    }

    /// @inheritdoc IPoolToken
    function holderCount() external view returns (uint256) {
        Hot memory hot = _loadHot();
        if (hot.flags & HOT_COUNTING == 0) revert TokenHolderCountNotTracked();
        return hot.holderCount;
    }

    /// @inheritdoc IPoolToken
    function isHolderCountTracked() external view returns (bool) {
        return _hot.flags & HOT_COUNTING != 0;
    }

    /// @inheritdoc IPoolToken
    function countHolders(address[] calldata) external {
        _delegateTo(_enforcement);
    }

    // ------------------------------------------------------------------------------------------------
    // ERC-165
    // ------------------------------------------------------------------------------------------------

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC7943Fungible).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------------
    // Internal
    // ------------------------------------------------------------------------------------------------

    /// @dev Runs the same call on `target` (`PoolTokenEnforcement` or `PoolTokenAdmin`) in this token's context and
    /// returns or reverts with its result. Never returns to the caller's Solidity code.
    function _delegateTo(address target) private {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    /// @dev `_delegateTo` for the restriction views, which reach only view functions of `target`: the call reads and
    /// never writes (within a STATICCALL the EVM enforces that). Solidity refuses a DELEGATECALL in a view function,
    /// so `_delegateTo` is called through a function pointer retyped as view; the code run is the same.
    function _delegateView(address target) private view {
        function(address) delegate = _delegateTo;
        function(address) view asView;
        // solhint-disable-next-line no-inline-assembly
        assembly {
            asView := delegate
        }
        asView(target);
        // Never reached (`_delegateTo` returns or reverts the call itself); tells the compiler so.
        // solhint-disable-next-line no-inline-assembly
        assembly {
            invalid()
        }
    }
}
