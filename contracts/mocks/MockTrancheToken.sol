// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ITransferRestrictions} from "../interfaces/ITransferRestrictions.sol";

/// @notice Optional receiver hook (ERC-777 style) the mock calls on contract recipients when hooks are on.
interface ITrancheReceiver {
    function onTrancheReceived(address from, uint256 amount) external;
}

/// @title TESTS ONLY: a tranche token implementing the functions agreed in INTERFACES.md
/// @notice Stands in for the real PoolToken until its per-escrow locks and record dates land: per-escrow locks
/// that spend the holder's allowance, transfer rules with reason codes (eligibility, freeze, pause, lot size),
/// original-face balances with current face, pull-based P&I by a cumulative index (so locked tokens keep earning
/// for their holder), record dates, loss write-ups, and an optional receiver hook to test reentrancy.
contract MockTrancheToken is ERC20 {
    using SafeERC20 for IERC20;

    error TokenExceedsLocked(address holder, address escrow, uint256 amount, uint256 locked);
    error TokenTransferRestricted(ITransferRestrictions.Restriction code, address from, address to, uint256 amount);
    error NotEscrow(address caller);
    error TokenNothingToClaim(address holder);

    event Locked(address indexed holder, address indexed escrow, uint256 amount);
    event Unlocked(address indexed holder, address indexed escrow, uint256 amount);
    event LockedSettled(address indexed holder, address indexed to, address indexed escrow, uint256 amount);
    event RecordDateMarked(uint256 indexed distributionId, uint256 timestamp);

    uint256 private constant SCALE = 1e27;

    IERC20 private immutable _cash;
    uint96 public minHolding;
    bool public paused;
    bool public hooks;
    uint256 public currentFace;
    /// @dev The latest record date and whether its distribution is still to come.
    RecordDate private _record;

    struct RecordDate {
        uint64 timestamp;
        bool pending;
    }
    uint256 public distributionCount;
    uint256 public index;

    mapping(address => bool) public isEscrow;
    mapping(address => bool) public eligible;
    mapping(address => bool) public frozen;
    mapping(address holder => mapping(address escrow => uint256)) public lockedOf;
    mapping(address holder => uint256) public totalLockedOf;
    mapping(address holder => uint256) private _checkpoint;
    mapping(address holder => uint256) private _accruedScaled;

    constructor(IERC20 cash_) ERC20("Mock Tranche", "MOCK-A") {
        _cash = cash_;
    }

    // --- configuration (open to anyone: tests only) ---
    function setEscrow(address escrow, bool allowed) external {
        isEscrow[escrow] = allowed;
    }

    function setEligible(address account, bool ok) external {
        eligible[account] = ok;
    }

    function setFrozen(address account, bool value) external {
        frozen[account] = value;
    }

    function setPaused(bool value) external {
        paused = value;
    }

    function setMinHolding(uint96 value) external {
        minHolding = value;
    }

    function setHooks(bool value) external {
        hooks = value;
    }

    function mint(address to, uint256 amount) external {
        currentFace += amount;
        _mint(to, amount);
    }

    function cashToken() external view returns (address) {
        return address(_cash);
    }

    /// @notice The face `LoanPool` checks against its record (IPoolToken.faceCap); the market's fixture sets it to
    /// the class face it records.
    uint256 public faceCap;

    function setFaceCap(uint256 faceCap_) external {
        faceCap = faceCap_;
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }

    function transferRules() external view returns (ITransferRestrictions.TransferRules memory rules) {
        rules.allowedClasses = 0xff;
        rules.minHolding = minHolding;
    }

    // --- distributions and record dates ---
    /// @notice Pulls interest + principal from the caller and credits holders at the time of the call.
    function distribute(uint256 interest, uint256 principal) external {
        uint256 cash = interest + principal;
        index += cash * SCALE / totalSupply();
        currentFace -= principal;
        ++distributionCount;
        _record.pending = false;
        _cash.safeTransferFrom(msg.sender, address(this), cash);
    }

    function markRecordDate() external {
        _record = RecordDate({timestamp: uint64(block.timestamp), pending: true});
        emit RecordDateMarked(distributionCount + 1, block.timestamp);
    }

    function lastRecordDate() external view returns (uint256) {
        return _record.timestamp;
    }

    function recordDatePending() external view returns (bool pending, uint256 recordDate) {
        return (_record.pending, _record.timestamp);
    }

    function writeUp(uint256 amount) external {
        currentFace += amount;
    }

    function claimable(address holder) public view returns (uint256) {
        return (_accruedScaled[holder] + balanceOf(holder) * (index - _checkpoint[holder])) / SCALE;
    }

    function claim() external returns (uint256 amount) {
        amount = claimable(msg.sender);
        if (amount == 0) revert TokenNothingToClaim(msg.sender);
        _accruedScaled[msg.sender] = _accruedScaled[msg.sender] + balanceOf(msg.sender) * (index - _checkpoint[msg.sender])
            - amount * SCALE;
        _checkpoint[msg.sender] = index;
        _cash.safeTransfer(msg.sender, amount);
    }

    // --- per-escrow locks ---
    function lock(address holder, uint256 amount) external {
        if (!isEscrow[msg.sender]) revert NotEscrow(msg.sender);
        if (paused) revert TokenTransferRestricted(ITransferRestrictions.Restriction.Paused, holder, msg.sender, amount);
        _spendAllowance(holder, msg.sender, amount);
        uint256 free = balanceOf(holder) - totalLockedOf[holder];
        if (amount > free) {
            revert TokenTransferRestricted(ITransferRestrictions.Restriction.InsufficientUnfrozenBalance, holder, msg.sender, amount);
        }
        lockedOf[holder][msg.sender] += amount;
        totalLockedOf[holder] += amount;
        emit Locked(holder, msg.sender, amount);
    }

    function unlock(address holder, uint256 amount) external {
        _release(holder, msg.sender, amount);
        emit Unlocked(holder, msg.sender, amount);
    }

    function settleLocked(address holder, address to, uint256 amount) external {
        if (!isEscrow[msg.sender]) revert NotEscrow(msg.sender);
        _release(holder, msg.sender, amount);
        _transfer(holder, to, amount);
        emit LockedSettled(holder, to, msg.sender, amount);
    }

    /// @notice Enforcement stand-in: takes `amount` out of `escrow`'s lock on `holder` (as a forced transfer would).
    function enforcementRelease(address holder, address escrow, uint256 amount) external {
        _release(holder, escrow, amount);
        emit Unlocked(holder, escrow, amount);
    }

    function _release(address holder, address escrow, uint256 amount) private {
        uint256 locked = lockedOf[holder][escrow];
        if (amount > locked) revert TokenExceedsLocked(holder, escrow, amount, locked);
        lockedOf[holder][escrow] = locked - amount;
        totalLockedOf[holder] -= amount;
    }

    // --- the one rule path ---
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        return uint8(_restriction(from, to, amount));
    }

    function _restriction(address from, address to, uint256 amount)
        private
        view
        returns (ITransferRestrictions.Restriction)
    {
        if (paused) return ITransferRestrictions.Restriction.Paused;
        if (!eligible[from]) return ITransferRestrictions.Restriction.SenderNotVerified;
        if (frozen[from]) return ITransferRestrictions.Restriction.SenderFrozen;
        if (!eligible[to]) return ITransferRestrictions.Restriction.RecipientNotVerified;
        if (frozen[to]) return ITransferRestrictions.Restriction.RecipientFrozen;
        uint256 balance = balanceOf(from);
        if (amount > balance) return ITransferRestrictions.Restriction.InsufficientBalance;
        // Settlement already took `amount` out of the lock, so the rest of the locks stay off limits either way.
        if (amount > balance - totalLockedOf[from]) return ITransferRestrictions.Restriction.InsufficientUnfrozenBalance;
        uint256 fromAfter = balance - amount;
        uint256 toAfter = balanceOf(to) + amount;
        if ((fromAfter != 0 && fromAfter < minHolding) || toAfter < minHolding) {
            return ITransferRestrictions.Restriction.BelowMinimumHolding;
        }
        return ITransferRestrictions.Restriction.None;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            ITransferRestrictions.Restriction code = _restriction(from, to, value);
            if (code != ITransferRestrictions.Restriction.None) revert TokenTransferRestricted(code, from, to, value);
        }
        _book(from);
        _book(to);
        super._update(from, to, value);
        if (hooks && to.code.length != 0 && from != address(0)) ITrancheReceiver(to).onTrancheReceived(from, value);
    }

    function _book(address holder) private {
        if (holder == address(0)) return;
        _accruedScaled[holder] += balanceOf(holder) * (index - _checkpoint[holder]);
        _checkpoint[holder] = index;
    }
}
