// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPoolToken} from "../../../contracts/interfaces/IPoolToken.sol";
import {IKycRegistry} from "../../../contracts/interfaces/IKycRegistry.sol";
import {ITransferRestrictions} from "../../../contracts/interfaces/ITransferRestrictions.sol";
import {IDistributions} from "../../../contracts/interfaces/IDistributions.sol";
import {ILockable} from "../../../contracts/interfaces/ILockable.sol";
import {IERC7943Fungible} from "../../../contracts/interfaces/IERC7943Fungible.sol";
import {RestrictionModel} from "../helpers/RestrictionModel.sol";
import {HolderProofs} from "../helpers/HolderProofs.sol";
import {PoolTokenHotWord} from "../helpers/PoolTokenHotWord.sol";

/// @notice The settlement token as the handler needs it: an ERC-20 it may mint to fund distributions.
interface IMintableCash is IERC20 {
    function mint(address to, uint256 amount) external;
}

/// @notice Drives a PoolToken through every kind of action its users take, with each privileged action sent
/// from its own role key, and keeps ghost state: the KYC and rules compliance set (the model of who may hold
/// the token, kept independently of the registry), what was frozen and locked, and the cash paid in and out.
/// @dev With `failOnRevert: false` a failed assertion inside a handler call would only revert that call and go
/// unnoticed, so every breach is counted in `violations` (and the first one described in `firstViolation`)
/// for the invariant functions to check.
contract PoolTokenHandler is Test {
    /// @notice How a call may change balances and claimable cash, which decides what is checked after it.
    enum Kind {
        Regular, // holders, escrow, KYC and rule changes: rules apply, earned cash never moves
        Issuance, // mint/burn: the recipient of a mint must be eligible, earned cash never moves
        Enforcement, // forced transfer by compliance: rules waived, earned cash never moves
        Recovery, // wallet recovery: the recipient's KYC, class and country rules apply; cash checked in `recoverWallet`
        Distribution, // claimable may only grow, checked in `distribute`
        Claim // only the claimant's claimable may change, checked in `claim`
    }

    /// @notice Kinds of breach, each counted separately.
    enum Breach {
        IneligibleGain, // invariant 1: an ineligible address gained balance other than by a forced transfer
        IneligibleSend, // an address that may not send lost balance other than by enforcement
        RuleBreach, // lot size or holder cap broken by a regular transfer
        CodeMismatch, // outcome differs from detectTransferRestriction, or the revert carries another code
        EarnedCashMoved, // invariant 4: a non-cash action changed someone's claimable
        FactorIncrease, // invariant 6
        Accounting, // a distribution, claim, lock or recovery did not do exactly what it says
        UnexpectedRevert, // a call that the rules allow failed
        HolderCount // ADR 0021: the count wrong, written while not counting, or the proof not doing exactly its job
    }

    uint256 internal constant MAX_MINT = 1e13;
    uint256 internal constant MAX_CASH = 1e12;

    IPoolToken public immutable token;
    IKycRegistry public immutable registry;
    IMintableCash public immutable cash;
    address public immutable compliance;
    address public immutable issuer;
    address public immutable pauser;
    address public immutable distributor;
    address public immutable escrow;
    /// @dev A second escrow with the escrow role: locks are per (holder, escrow), and neither may touch the other's.
    address public immutable otherEscrow;
    /// @dev Holds CLAIM_AGENT_ROLE: the payout bot that may trigger `claimFor` for any holder.
    address public immutable claimAgent;

    address[] public actors;

    /// @dev Ghost of the registry as compliance wrote it.
    mapping(address account => IKycRegistry.Investor) public kyc;
    mapping(address account => bool) public tokenFrozen;
    /// @dev Upper bounds: what compliance froze and the escrow locked, net of releases.
    mapping(address account => uint256) public frozenCeiling;
    mapping(address account => uint256) public lockedCeiling;
    ITransferRestrictions.TransferRules internal rules;

    uint256[9] public violations;
    string public firstViolation;

    uint256 public ghostDistributed;
    uint256 public ghostClaimed;
    uint256 public ghostPrincipal;
    uint256 public ghostLoss;
    uint256 public ghostOriginalFace;
    bool public issuanceClosed;
    /// @dev Whether the token counts its holders: from deployment with a cap, or from a successful proof on (ADR 0021).
    bool public ghostCounting;
    uint256 public lastFactor = 1e18;
    mapping(string action => uint256) public calls;
    mapping(string action => uint256) public successes;
    /// @dev How often each reason code refused a holder transfer: shows what the campaign exercised.
    mapping(uint8 code => uint256) public refusals;
    /// @dev How often each kind of broken proof was refused with exactly its error.
    mapping(HolderProofs.Broken how => uint256) public brokenProofsRefused;

    uint256[] internal balanceBefore;
    uint256[] internal claimableBefore;
    uint256 internal holdersBefore;
    uint256 internal hotBefore;
    address internal recoveryLost;
    address internal recoveryFresh;

    struct Roles {
        address compliance;
        address issuer;
        address pauser;
        address distributor;
        address escrow;
        address otherEscrow;
        address claimAgent;
    }

    constructor(
        IPoolToken token_,
        IKycRegistry registry_,
        IMintableCash cash_,
        Roles memory roles,
        address[] memory actors_,
        ITransferRestrictions.TransferRules memory rules_
    ) {
        token = token_;
        registry = registry_;
        cash = cash_;
        compliance = roles.compliance;
        issuer = roles.issuer;
        pauser = roles.pauser;
        distributor = roles.distributor;
        escrow = roles.escrow;
        otherEscrow = roles.otherEscrow;
        claimAgent = roles.claimAgent;
        actors = actors_;
        _setGhostRules(rules_);
        ghostCounting = rules_.maxHolders != 0;
        balanceBefore = new uint256[](actors_.length);
        claimableBefore = new uint256[](actors_.length);
    }

    // ================================================================= issuance

    function mint(uint256 toSeed, uint256 amount) external {
        address to = _recipient(toSeed);
        amount = _bound(amount, 1, MAX_MINT);
        _snapshot();
        vm.prank(issuer);
        (bool ok,) = address(token).call(abi.encodeCall(IPoolToken.mint, (to, amount)));
        _count("mint", ok);
        if (ok && issuanceClosed) _breach(Breach.Accounting, "mint after the issuance window closed");
        _checkAfter(Kind.Issuance, address(0));
    }

    function burn(uint256 fromSeed, uint256 amount) external {
        address from = _pick(fromSeed, _hasBalance);
        amount = _bound(amount, 0, token.balanceOf(from));
        _snapshot();
        vm.prank(issuer);
        (bool ok,) = address(token).call(abi.encodeCall(IPoolToken.burn, (from, amount)));
        _count("burn", ok);
        if (ok && issuanceClosed) _breach(Breach.Accounting, "burn after the issuance window closed");
        _checkAfter(Kind.Issuance, address(0));
    }

    // ================================================================= holders

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        address from = _pick(fromSeed, _hasBalance);
        address to = _recipient(toSeed);
        uint256 amount = _amount(from, amountSeed);
        uint8 code = token.detectTransferRestriction(from, to, amount);
        _snapshot();
        vm.prank(from);
        (bool ok, bytes memory returned) = address(token).call(abi.encodeCall(IERC20.transfer, (to, amount)));
        _count("transfer", ok);
        _checkOutcome(ok, returned, code, from, to, amount);
        _checkAfter(Kind.Regular, address(0));
    }

    function transferFrom(uint256 spenderSeed, uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        address spender = _actor(spenderSeed);
        address from = _pick(fromSeed, _hasBalance);
        address to = _recipient(toSeed);
        uint256 amount = _amount(from, amountSeed);
        vm.prank(from);
        // At least one unit: a spender without any allowance is refused even for zero (issue 7, hole 8).
        token.approve(spender, amount == 0 ? 1 : amount);
        uint8 code = token.detectTransferRestriction(from, to, amount);
        // A frozen spender is refused with its own code before any other rule (issue 7, hole 5).
        if (spender != from && (kyc[spender].frozen || tokenFrozen[spender])) {
            code = uint8(ITransferRestrictions.Restriction.SpenderFrozen);
        }
        _snapshot();
        vm.prank(spender);
        (bool ok, bytes memory returned) =
            address(token).call(abi.encodeCall(IERC20.transferFrom, (from, to, amount)));
        _count("transferFrom", ok);
        _checkOutcome(ok, returned, code, from, to, amount);
        _checkAfter(Kind.Regular, address(0));
    }

    /// @notice A transfer attempted while the token is paused must be refused with a reason.
    function transferWhilePaused(uint256 fromSeed, uint256 toSeed, uint256 amountSeed) external {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        uint256 amount = _amount(from, amountSeed);
        vm.prank(pauser);
        token.pause();
        uint8 code = token.detectTransferRestriction(from, to, amount);
        if (code == 0) _breach(Breach.CodeMismatch, "paused, yet detectTransferRestriction returned 0");
        _snapshot();
        vm.prank(from);
        (bool ok, bytes memory returned) = address(token).call(abi.encodeCall(IERC20.transfer, (to, amount)));
        _count("transferWhilePaused", ok);
        _checkOutcome(ok, returned, code, from, to, amount);
        _checkAfter(Kind.Regular, address(0));
        vm.prank(pauser);
        token.unpause();
    }

    function claim(uint256 holderSeed, bool byBot) external {
        address holder = _pick(holderSeed, _hasClaimable);
        uint256 owed = token.claimable(holder);
        uint256 cashBefore = cash.balanceOf(holder);
        _snapshot();
        vm.prank(byBot ? claimAgent : holder);
        (bool ok, bytes memory returned) = byBot
            ? address(token).call(abi.encodeCall(IDistributions.claimFor, (holder)))
            : address(token).call(abi.encodeCall(IDistributions.claim, ()));
        _count("claim", ok);
        if (ok) {
            uint256 paid = abi.decode(returned, (uint256));
            ghostClaimed += cash.balanceOf(holder) - cashBefore;
            if (paid != owed || cash.balanceOf(holder) - cashBefore != owed || token.claimable(holder) != 0) {
                _breach(Breach.Accounting, "a claim did not pay exactly what was claimable");
            }
            if (_frozen(holder)) _breach(Breach.Accounting, "a frozen holder was paid (claims wait while frozen)");
        } else if (owed != 0 && !_frozen(holder)) {
            _breach(Breach.UnexpectedRevert, "claim of a non-zero accrual by an unfrozen holder failed");
        }
        _checkAfter(Kind.Claim, holder);
    }

    // ================================================================= escrow

    function lock(uint256 holderSeed, uint256 amountSeed, bool byOther) external {
        address holder = _pick(holderSeed, _hasBalance);
        address by = byOther ? otherEscrow : escrow;
        uint256 amount = _bound(amountSeed, 0, _free(holder));
        vm.prank(holder);
        token.approve(by, amount);
        uint256 lockedBefore = token.totalLockedOf(holder);
        uint256 ownBefore = token.lockedOf(holder, by);
        uint256 theirsBefore = token.lockedOf(holder, byOther ? escrow : otherEscrow);
        _snapshot();
        vm.prank(by);
        (bool ok,) = address(token).call(abi.encodeCall(ILockable.lock, (holder, amount)));
        _count("lock", ok);
        if (ok) {
            lockedCeiling[holder] += amount;
            if (
                token.totalLockedOf(holder) != lockedBefore + amount || token.lockedOf(holder, by) != ownBefore + amount
                    || token.lockedOf(holder, byOther ? escrow : otherEscrow) != theirsBefore
                    || token.allowance(holder, by) != 0
            ) {
                _breach(Breach.Accounting, "lock did not lock exactly the amount for its escrow and spend the allowance");
            }
        }
        _checkLockSums(holder);
        _checkAfter(Kind.Regular, address(0));
    }

    /// @dev `overreach`: the escrow tries to release one unit more than it locked itself (which may be within the
    /// other escrow's lock): it must be refused.
    function unlock(uint256 holderSeed, uint256 amountSeed, bool byOther, bool overreach) external {
        address holder = _pick(holderSeed, _hasLocked);
        address by = byOther ? otherEscrow : escrow;
        uint256 lockedBefore = token.totalLockedOf(holder);
        uint256 own = token.lockedOf(holder, by);
        uint256 amount = overreach ? own + 1 : _bound(amountSeed, 0, own);
        _snapshot();
        vm.prank(by);
        (bool ok,) = address(token).call(abi.encodeCall(ILockable.unlock, (holder, amount)));
        _count("unlock", ok);
        if (ok && overreach) _breach(Breach.Accounting, "an escrow released more than it had locked");
        if (ok) {
            lockedCeiling[holder] -= Math.min(amount, lockedCeiling[holder]);
            if (token.totalLockedOf(holder) != lockedBefore - amount || token.lockedOf(holder, by) != own - amount) {
                _breach(Breach.Accounting, "unlock amount");
            }
        } else if (!overreach) {
            _breach(Breach.UnexpectedRevert, "unlock within the escrow's own lock failed");
        }
        _checkLockSums(holder);
        _checkAfter(Kind.Regular, address(0));
    }

    function settleLocked(uint256 holderSeed, uint256 toSeed, uint256 amountSeed, bool byOther, bool overreach)
        external
    {
        address holder = _pick(holderSeed, _hasLocked);
        address by = byOther ? otherEscrow : escrow;
        address to = _recipient(toSeed);
        uint256 lockedBefore = token.totalLockedOf(holder);
        uint256 own = token.lockedOf(holder, by);
        uint256 amount = overreach ? own + 1 : _bound(amountSeed, 0, own);
        _snapshot();
        vm.prank(by);
        (bool ok,) = address(token).call(abi.encodeCall(ILockable.settleLocked, (holder, to, amount)));
        _count("settleLocked", ok);
        if (ok && overreach) _breach(Breach.Accounting, "an escrow settled more than it had locked");
        if (ok) {
            lockedCeiling[holder] -= Math.min(amount, lockedCeiling[holder]);
            if (token.totalLockedOf(holder) != lockedBefore - amount || token.lockedOf(holder, by) != own - amount) {
                _breach(Breach.Accounting, "settleLocked did not release exactly the settled amount of its own lock");
            }
        }
        _checkLockSums(holder);
        _checkAfter(Kind.Regular, address(0));
    }

    /// @dev The holder's total lock is exactly the sum of the two escrows' locks.
    function _checkLockSums(address holder) internal {
        if (token.lockedOf(holder, escrow) + token.lockedOf(holder, otherEscrow) != token.totalLockedOf(holder)) {
            _breach(Breach.Accounting, "total lock differs from the sum of the escrows' locks");
        }
    }

    struct Position {
        uint256 balance;
        uint256 frozen;
        uint256 locked;
        uint256 accrued;
    }

    function _position(address account) internal view returns (Position memory) {
        return Position({
            balance: token.balanceOf(account),
            frozen: token.getFrozenTokens(account),
            locked: token.totalLockedOf(account),
            accrued: token.accruedScaledOf(account)
        });
    }

    /// @dev A recovery merges exactly: balances, frozen parts and accruals (at index precision) add up; the lost
    /// wallet's locks are released, not carried; the target's own locks stay.
    function _checkMerged(address lost, address target, Position memory lostBefore, Position memory targetBefore)
        internal
    {
        Position memory lostAfter = _position(lost);
        Position memory targetAfter = _position(target);
        if (lostAfter.accrued != 0 || targetAfter.accrued != targetBefore.accrued + lostBefore.accrued) {
            _breach(Breach.Accounting, "recovery did not move exactly the unclaimed cash");
        }
        if (
            lostAfter.balance != 0 || targetAfter.balance != targetBefore.balance + lostBefore.balance
                || lostAfter.frozen != 0 || targetAfter.frozen != targetBefore.frozen + lostBefore.frozen
        ) _breach(Breach.Accounting, "recovery did not merge the whole position");
        if (lostAfter.locked != 0 || targetAfter.locked != targetBefore.locked) {
            _breach(Breach.Accounting, "recovery carried the lost wallet's locks or lost the target's");
        }
    }

    // ================================================================= compliance: KYC

    function onboard(uint256 actorSeed, uint256 classSeed, uint256 countrySeed, uint256 term) external {
        address account = _actor(actorSeed);
        _onboard(account, classSeed, countrySeed, term);
    }

    function revoke(uint256 actorSeed) external {
        address account = _actor(actorSeed);
        _snapshot();
        vm.prank(compliance);
        (bool ok,) = address(registry).call(abi.encodeCall(IKycRegistry.revoke, (account, "handler")));
        _count("revoke", ok);
        if (ok) kyc[account].verifiedUntil = 0;
        else if (kyc[account].classes != 0 && kyc[account].verifiedUntil != 0) {
            _breach(Breach.UnexpectedRevert, "revoke of an onboarded, unrevoked investor failed");
        }
        _checkAfter(Kind.Regular, address(0));
    }

    function setRegistryFrozen(uint256 actorSeed, bool frozen) external {
        address account = _actor(actorSeed);
        if (kyc[account].frozen == frozen) return; // a no-op is refused
        _snapshot();
        vm.prank(compliance);
        registry.setFrozen(account, frozen);
        kyc[account].frozen = frozen;
        _count("setRegistryFrozen", true);
        _checkAfter(Kind.Regular, address(0));
    }

    /// @notice Lets verifications run out (and lockups end).
    function warp(uint256 secondsForward) external {
        _snapshot();
        vm.warp(block.timestamp + _bound(secondsForward, 1 minutes, 5 days));
        _count("warp", true);
        _checkAfter(Kind.Regular, address(0));
    }

    // ================================================================= compliance: token

    function setAddressFrozen(uint256 actorSeed, bool frozen) external {
        address account = _actor(actorSeed);
        if (tokenFrozen[account] == frozen) return; // a no-op is refused
        _snapshot();
        vm.prank(compliance);
        token.setAddressFrozen(account, frozen);
        tokenFrozen[account] = frozen;
        _count("setAddressFrozen", true);
        _checkAfter(Kind.Regular, address(0));
    }

    function setFrozenTokens(uint256 actorSeed, uint256 amountSeed) external {
        address account = _actor(actorSeed);
        uint256 amount = _bound(amountSeed, 0, token.balanceOf(account));
        _snapshot();
        vm.prank(compliance);
        (bool ok,) = address(token).call(abi.encodeCall(IERC7943Fungible.setFrozenTokens, (account, amount)));
        _count("setFrozenTokens", ok);
        if (ok) frozenCeiling[account] = amount;
        _checkAfter(Kind.Regular, address(0));
    }

    function setTransferRules(uint256 seed) external {
        ITransferRestrictions.TransferRules memory next;
        // Mostly permissive, so that transfers keep happening.
        next.allowedClasses = seed % 4 != 0 ? 31 : uint8(1 + (seed >> 8) % 31);
        if ((seed >> 16) % 3 == 0) next.minHolding = uint64(_bound(seed >> 24, 1, 1e9));
        if ((seed >> 64) % 3 == 0) next.maxHolders = uint32(_bound(seed >> 72, 1, actors.length));
        // A cap needs a lot size (a cap counted from one unit could be filled with dust).
        if (next.maxHolders != 0 && next.minHolding == 0) next.minHolding = 1;
        if ((seed >> 104) % 8 == 0) next.lockupUntil = uint40(block.timestamp + _bound(seed >> 112, 1, 1 days));
        uint256 blocked = (seed >> 160) % 3;
        next.blockedCountries = new uint16[](blocked);
        if (blocked > 0) next.blockedCountries[0] = 408;
        if (blocked > 1) next.blockedCountries[1] = 826;
        if (keccak256(abi.encode(token.transferRules())) == keccak256(abi.encode(next))) return; // a no-op
        if (next.maxHolders != 0 && !ghostCounting) {
            // A cap needs a count (ADR 0021): compliance proves the holders first, or has the cap refused.
            if ((seed >> 200) % 2 == 0) {
                if (!_proveHolders()) return;
            } else {
                _refuseCapWithoutCount(next);
                return;
            }
        }
        _snapshot();
        vm.prank(compliance);
        (bool ok, bytes memory returned) =
            address(token).call(abi.encodeCall(ITransferRestrictions.setTransferRules, (next)));
        _count("setTransferRules", ok);
        if (ok) _setGhostRules(next);
        else _breach(Breach.UnexpectedRevert, string.concat("valid rules refused: ", vm.toString(returned)));
        _checkAfter(Kind.Regular, address(0));
    }

    /// @dev A cap on a token that does not count is refused with `TokenHolderCountNotTracked` and changes nothing.
    function _refuseCapWithoutCount(ITransferRestrictions.TransferRules memory next) internal {
        bytes memory rulesBefore = abi.encode(token.transferRules());
        _snapshot();
        vm.prank(compliance);
        (bool ok, bytes memory returned) =
            address(token).call(abi.encodeCall(ITransferRestrictions.setTransferRules, (next)));
        bool refusedRight = !ok && keccak256(returned)
            == keccak256(abi.encodeWithSelector(IPoolToken.TokenHolderCountNotTracked.selector));
        _count("capRefusedWithoutCount", refusedRight);
        if (!refusedRight) _breach(Breach.HolderCount, "a cap on a token that does not count was not refused as such");
        if (keccak256(abi.encode(token.transferRules())) != keccak256(rulesBefore) || _hot() != hotBefore) {
            _breach(Breach.HolderCount, "a refused cap changed the rules or the hot word");
        }
        if (ok) _setGhostRules(next); // keep the ghost on the token's side, the breach is counted
        _checkAfter(Kind.Regular, address(0));
    }

    // ================================================================= compliance: holder count (ADR 0021)

    /// @notice On a token that does not count yet, compliance proves its holders: the sorted list of the actors with a
    /// balance (the actors hold the whole supply). Two times in three the proof is broken on purpose (a holder missing,
    /// one listed twice, two swapped, an address holding nothing, the zero address) and must be refused with exactly
    /// its error, changing nothing: broken proofs are only tried before the first good one, and an uncounted token is
    /// worth keeping for a while. On a token that counts, a second proof is refused.
    function countHolders(uint256 seed) external {
        if (ghostCounting) {
            bytes memory alreadyCounting = abi.encodeWithSelector(IPoolToken.TokenHolderCountAlreadyTracked.selector);
            _count("secondProofRefused", _tryProof(_completeProof(), alreadyCounting));
            return;
        }
        if (seed % 3 == 0) {
            _proveHolders();
            return;
        }
        address[] memory complete = _completeProof();
        address idle = _pick(seed >> 16, _holdsNothing);
        if (token.balanceOf(idle) != 0) idle = address(0); // every actor holds something
        HolderProofs.Broken how = HolderProofs.Broken((seed >> 8) % 5);
        if (!HolderProofs.canBreak(complete, how, idle)) how = HolderProofs.Broken.ZeroAddress;
        (address[] memory proof, bytes memory expected) =
            HolderProofs.broken(IERC20(address(token)), complete, how, seed >> 24, idle);
        bool refusedRight = _tryProof(proof, expected);
        if (refusedRight) ++brokenProofsRefused[how];
        _count("brokenProofRefused", refusedRight);
    }

    /// @dev `countHolders(proof)`, which must be refused with exactly `expected` and change nothing.
    function _tryProof(address[] memory proof, bytes memory expected) internal returns (bool refusedRight) {
        bool countingBefore = token.isHolderCountTracked();
        _snapshot();
        vm.prank(compliance);
        (bool ok, bytes memory returned) = address(token).call(abi.encodeCall(IPoolToken.countHolders, (proof)));
        refusedRight = !ok && keccak256(returned) == keccak256(expected);
        if (!refusedRight) {
            _breach(
                Breach.HolderCount,
                string.concat("a bad proof was not refused with ", vm.toString(expected), ": ", vm.toString(returned))
            );
        }
        if (_hot() != hotBefore || token.isHolderCountTracked() != countingBefore) {
            refusedRight = false;
            _breach(Breach.HolderCount, "a refused proof changed the hot word");
        }
        if (ok && !countingBefore) ghostCounting = true; // keep the ghost on the token's side, the breach is counted
        _checkAfter(Kind.Regular, address(0));
    }

    /// @dev The complete proof: it must go through, set the count to its length (and nothing else in the hot word),
    /// and say so in `HolderCountingStarted`.
    function _proveHolders() internal returns (bool ok) {
        address[] memory proof = _completeProof();
        _snapshot();
        vm.recordLogs();
        vm.prank(compliance);
        bytes memory returned;
        (ok, returned) = address(token).call(abi.encodeCall(IPoolToken.countHolders, (proof)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        _count("countHolders", ok);
        if (!ok) {
            _breach(Breach.HolderCount, string.concat("a complete proof was refused: ", vm.toString(returned)));
            _checkAfter(Kind.Regular, address(0));
            return false;
        }
        ghostCounting = true;
        uint256 mask = uint256(type(uint24).max) << PoolTokenHotWord.HOLDERS_SHIFT;
        uint256 expectedHot = (hotBefore & ~mask) | (proof.length << PoolTokenHotWord.HOLDERS_SHIFT)
            | (uint256(PoolTokenHotWord.COUNTING) << PoolTokenHotWord.FLAGS_SHIFT);
        if (_hot() != expectedHot || token.holderCount() != proof.length) {
            _breach(Breach.HolderCount, "a proof did not set exactly the count and the counting flag");
        }
        if (
            logs.length != 1 || logs[0].emitter != address(token) || logs[0].topics.length != 1
                || logs[0].topics[0] != IPoolToken.HolderCountingStarted.selector
                || keccak256(logs[0].data) != keccak256(abi.encode(proof.length))
        ) _breach(Breach.HolderCount, "a proof did not emit exactly HolderCountingStarted(holders)");
        _checkAfter(Kind.Regular, address(0));
    }

    function _completeProof() internal view returns (address[] memory) {
        return HolderProofs.sortedHolders(IERC20(address(token)), actors);
    }

    function forcedTransfer(uint256 fromSeed, uint256 toSeed, uint256 amountSeed, bool withReason) external {
        address from = _pick(fromSeed, _hasBalance);
        address to = _actor(toSeed);
        uint256 amount = _bound(amountSeed, 0, token.balanceOf(from));
        _snapshot();
        vm.prank(compliance);
        (bool ok,) = withReason
            ? address(token).call(
                abi.encodeCall(IPoolToken.forcedTransferWithReason, (from, to, amount, "court order"))
            )
            : address(token).call(abi.encodeCall(IERC7943Fungible.forcedTransfer, (from, to, amount)));
        _count("forcedTransfer", ok);
        // A forced "move" to the sender itself would change no balance, only release the escrow's lock and the
        // freeze, so it must be refused.
        if (ok && from == to) _breach(Breach.Accounting, "a forced transfer to the sender itself went through");
        _checkAfter(Kind.Enforcement, address(0));
    }

    /// @notice Recovery to any other actor, freshly verified with a random profile: the tranche's class and country
    /// rules decide whether it may take the position. A target that already holds tokens, a frozen part, escrow
    /// locks or unclaimed cash is merged into (issue 7, hole 3).
    function recoverWallet(uint256 lostSeed, uint256 newSeed, uint256 classSeed, uint256 countrySeed) external {
        address lost = _pick(lostSeed, _hasBalance);
        address target = actors[newSeed % actors.length];
        if (target == lost) return;
        _onboard(target, classSeed, countrySeed, 30 days);
        if (kyc[target].frozen) {
            vm.prank(compliance);
            registry.setFrozen(target, false);
            kyc[target].frozen = false;
        }
        if (tokenFrozen[target]) {
            vm.prank(compliance);
            token.setAddressFrozen(target, false);
            tokenFrozen[target] = false;
        }
        Position memory lostBefore = _position(lost);
        Position memory targetBefore = _position(target);
        (recoveryLost, recoveryFresh) = (lost, target);
        _snapshot();
        vm.prank(compliance);
        (bool ok, bytes memory returned) =
            address(token).call(abi.encodeCall(IPoolToken.recoverWallet, (lost, target)));
        _count("recoverWallet", ok);
        if (ok) {
            _checkMerged(lost, target, lostBefore, targetBefore);
            frozenCeiling[target] += frozenCeiling[lost];
            frozenCeiling[lost] = 0;
            lockedCeiling[lost] = 0;
        } else if (_mayReceive(target)) {
            _breach(Breach.UnexpectedRevert, "recovery to an eligible wallet failed");
        } else if (bytes4(returned) != ITransferRestrictions.TokenTransferRestricted.selector) {
            _breach(Breach.CodeMismatch, "recovery to an ineligible wallet failed without a reason code");
        }
        // An ineligible target that got the position anyway is an IneligibleGain, caught here.
        _checkAfter(Kind.Recovery, address(0));
    }

    // ================================================================= distributor

    function distribute(uint256 interestSeed, uint256 principalSeed) external {
        uint256 supply = token.totalSupply();
        // Within the documented range of the index (lifetime cash up to ~3.4e11 × face).
        uint256 interest = _bound(interestSeed, 0, Math.min(MAX_CASH, supply));
        uint256 face = token.currentFace();
        // One time in eight, principal above the current face, which must be refused.
        uint256 principal = principalSeed % 8 == 0 ? face + 1 : _bound(principalSeed >> 8, 0, face);
        uint256 paid = interest + principal;
        cash.mint(distributor, paid);
        vm.prank(distributor);
        cash.approve(address(token), paid);
        _snapshot();
        vm.prank(distributor);
        (bool ok, bytes memory returned) =
            address(token).call(abi.encodeCall(IDistributions.distribute, (interest, principal)));
        _count("distribute", ok);
        if (ok) {
            if (principal > face) _breach(Breach.Accounting, "principal above current face was accepted");
            _closeIssuance();
            ghostDistributed += paid;
            ghostPrincipal += principal;
            _checkShares(supply, paid);
        } else {
            // The unspent cash stays with the distributor, outside the token's books.
            bool expected = principal > face || supply == 0
                || keccak256(returned) == keccak256(abi.encodeWithSelector(IDistributions.TokenNothingOutstanding.selector));
            if (!expected) _breach(Breach.UnexpectedRevert, "a valid distribution failed");
        }
        _checkAfter(Kind.Distribution, address(0));
    }

    function allocateLoss(uint256 amountSeed) external {
        uint256 amount = _bound(amountSeed, 0, token.currentFace());
        _snapshot();
        vm.prank(distributor);
        (bool ok,) = address(token).call(abi.encodeCall(IDistributions.allocateLoss, (amount)));
        _count("allocateLoss", ok);
        if (ok) {
            ghostLoss += amount;
            // A write-down closes issuance too: minting afterwards would raise the factor.
            _closeIssuance();
        }
        _checkAfter(Kind.Regular, address(0));
    }

    // ================================================================= views for the invariants

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function allActors() external view returns (address[] memory) {
        return actors;
    }

    function violationCount(Breach breach) external view returns (uint256) {
        return violations[uint256(breach)];
    }

    /// @notice Onboards the actors and issues the first balances, so that runs start from a live tranche.
    function bootstrap(uint256 issued) external {
        for (uint256 i = 0; i < actors.length; ++i) {
            // The last two actors are never onboarded up front: wallets for recovery, or outsiders.
            if (i + 2 >= actors.length) break;
            // Actor 5 is retail and actor 6 resident in a blocked country: both are outside the initial rules.
            uint256 classSeed = i == 5 ? 0 : 29;
            uint256 countrySeed = i == 6 ? 3 : i % 3;
            _onboard(actors[i], classSeed, countrySeed, 60 days);
        }
        for (uint256 i = 0; i < 5; ++i) {
            vm.prank(issuer);
            token.mint(actors[i], issued * (i + 1));
        }
    }

    // ================================================================= internals

    function _onboard(address account, uint256 classSeed, uint256 countrySeed, uint256 term) internal {
        uint16[4] memory countries = [uint16(840), 124, 826, 408];
        IKycRegistry.InvestorUpdate memory update = IKycRegistry.InvestorUpdate({
            account: account,
            verifiedUntil: uint64(block.timestamp + _bound(term, 1 hours, 60 days)),
            country: countries[countrySeed % 4],
            classes: uint8(1 + classSeed % 31),
            recordHash: keccak256(abi.encode(account, block.timestamp))
        });
        _snapshot();
        vm.prank(compliance);
        (bool ok,) = address(registry).call(abi.encodeCall(IKycRegistry.setInvestor, (update)));
        _count("onboard", ok);
        if (ok) {
            IKycRegistry.Investor storage ghost = kyc[account];
            ghost.verifiedUntil = update.verifiedUntil;
            ghost.country = update.country;
            ghost.classes = update.classes;
        } else {
            _breach(Breach.UnexpectedRevert, "onboarding a valid record failed");
        }
        _checkAfter(Kind.Regular, address(0));
    }

    function _checkOutcome(bool ok, bytes memory returned, uint8 code, address from, address to, uint256 amount)
        internal
    {
        ++refusals[code];
        if (ok != (code == 0)) {
            _breach(Breach.CodeMismatch, string.concat("outcome differs from reason code ", vm.toString(code)));
        } else if (!ok) {
            bytes memory expected =
                abi.encodeWithSelector(ITransferRestrictions.TokenTransferRestricted.selector, code, from, to, amount);
            if (keccak256(returned) != keccak256(expected)) {
                _breach(Breach.CodeMismatch, string.concat("revert does not carry reason code ", vm.toString(code)));
            }
        }
    }

    function _snapshot() internal {
        for (uint256 i = 0; i < actors.length; ++i) {
            balanceBefore[i] = token.balanceOf(actors[i]);
            claimableBefore[i] = token.claimable(actors[i]);
        }
        hotBefore = _hot();
        holdersBefore = token.isHolderCountTracked() ? token.holderCount() : 0;
    }

    function _hot() internal view returns (uint256) {
        return PoolTokenHotWord.read(vm, address(token));
    }

    function _checkAfter(Kind kind, address claimant) internal {
        bool rulesApply = kind == Kind.Regular;
        uint256 nonZero;
        for (uint256 i = 0; i < actors.length; ++i) {
            address account = actors[i];
            uint256 balance = token.balanceOf(account);
            if (balance != 0) ++nonZero;
            uint256 before = balanceBefore[i];
            // Only a forced transfer may hand a balance to an ineligible address (invariant 1).
            if (balance > before && kind != Kind.Enforcement && !_mayReceive(account)) {
                _breach(Breach.IneligibleGain, string.concat("ineligible gain: ", vm.toString(account)));
            }
            if (balance < before && rulesApply && !_maySend(account)) {
                _breach(Breach.IneligibleSend, string.concat("ineligible send: ", vm.toString(account)));
            }
            if (balance != before && rulesApply && balance != 0 && balance < rules.minHolding) {
                _breach(Breach.RuleBreach, string.concat("below the lot size: ", vm.toString(account)));
            }
            _checkClaimable(kind, claimant, account, claimableBefore[i]);
        }
        _checkCount(rulesApply, nonZero);
        uint256 factor = token.factor();
        if (factor > lastFactor) _breach(Breach.FactorIncrease, "the factor increased");
        lastFactor = factor;
    }

    /// @dev Where the token counts, its count is the number of non-zero balances and the cap holds; where it does not,
    /// it has no cap and its hot word holds no count. Only a proof switches counting on, and nothing switches it off.
    function _checkCount(bool rulesApply, uint256 nonZero) internal {
        bool counting = token.isHolderCountTracked();
        uint256 hot = _hot();
        if (counting != ghostCounting || counting != PoolTokenHotWord.counting(hot)) {
            _breach(Breach.HolderCount, "the token's counting flag differs from what the campaign did");
        }
        if (!counting) {
            if (PoolTokenHotWord.holderBits(hot) != 0) {
                _breach(Breach.HolderCount, "a count was written on a token that does not count");
            }
            if (rules.maxHolders != 0) _breach(Breach.HolderCount, "a cap on a token that does not count");
            return;
        }
        uint256 holders = token.holderCount();
        if (holders != nonZero || PoolTokenHotWord.holderBits(hot) != holders) {
            _breach(Breach.HolderCount, "holderCount differs from the non-zero balances");
        }
        if (rulesApply && rules.maxHolders != 0 && holders > holdersBefore && holders > rules.maxHolders) {
            _breach(Breach.RuleBreach, "holder cap exceeded");
        }
    }

    function _checkClaimable(Kind kind, address claimant, address account, uint256 before) internal {
        uint256 claimable = token.claimable(account);
        if (kind == Kind.Distribution) {
            if (claimable < before) _breach(Breach.Accounting, "a distribution lowered a claimable");
        } else if (kind == Kind.Recovery) {
            // The two wallets involved are checked in recoverWallet; nobody else's cash may move.
            if (claimable != before && account != recoveryLost && account != recoveryFresh) {
                _breach(Breach.EarnedCashMoved, "recovery moved a third party's cash");
            }
        } else if (!(kind == Kind.Claim && account == claimant) && claimable != before) {
            _breach(Breach.EarnedCashMoved, string.concat("claimable moved: ", vm.toString(account)));
        }
    }

    /// @dev Each holder's new accrual is its pro-rata share, to one unit either way (remainders carry over).
    function _checkShares(uint256 supply, uint256 paid) internal {
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 share = Math.mulDiv(balanceBefore[i], paid, supply);
            uint256 gained = token.claimable(actors[i]) - Math.min(claimableBefore[i], token.claimable(actors[i]));
            if (gained + 1 < share || gained > share + 1) {
                _breach(Breach.Accounting, string.concat("pro-rata share off: ", vm.toString(actors[i])));
            }
        }
    }

    /// @dev May `account` receive under the rules compliance set? The exact second of expiry is given the
    /// benefit of the doubt (it is tested precisely in the fuzz suite).
    function _mayReceive(address account) internal view returns (bool) {
        IKycRegistry.Investor memory k = kyc[account];
        if (k.verifiedUntil == 0 || block.timestamp > k.verifiedUntil) return false;
        if (k.frozen || tokenFrozen[account]) return false;
        if (k.classes & rules.allowedClasses == 0) return false;
        return !RestrictionModel.isBlocked(rules.blockedCountries, k.country);
    }

    function _maySend(address account) internal view returns (bool) {
        IKycRegistry.Investor memory k = kyc[account];
        if (k.verifiedUntil == 0 || block.timestamp > k.verifiedUntil) return false;
        if (k.frozen || tokenFrozen[account]) return false;
        if (block.timestamp < rules.lockupUntil) return false;
        return !RestrictionModel.isBlocked(rules.blockedCountries, k.country);
    }

    function _frozen(address account) internal view returns (bool) {
        return kyc[account].frozen || tokenFrozen[account];
    }

    function _free(address account) internal view returns (uint256) {
        uint256 encumbered = token.getFrozenTokens(account) + token.totalLockedOf(account);
        uint256 balance = token.balanceOf(account);
        return balance > encumbered ? balance - encumbered : 0;
    }

    /// @dev Amounts that hit the edges: all free tokens, the whole balance, anything up to either.
    function _amount(address from, uint256 seed) internal view returns (uint256) {
        uint256 mode = seed % 4;
        if (mode == 0) return _free(from);
        if (mode == 1) return token.balanceOf(from);
        if (mode == 2) return _bound(seed >> 8, 0, token.balanceOf(from));
        return _bound(seed >> 8, 0, _free(from));
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev The first actor from `seed` on that satisfies `wanted`, or the seed's actor if none does: a
    /// sender that holds something makes a far more interesting call than one that holds nothing.
    function _pick(uint256 seed, function(address) internal view returns (bool) wanted)
        internal
        view
        returns (address)
    {
        for (uint256 k = 0; k < actors.length; ++k) {
            address candidate = actors[(seed + k) % actors.length];
            if (wanted(candidate)) return candidate;
        }
        return _actor(seed);
    }

    /// @dev Three times in four an actor the model says may receive, otherwise anyone: refusals are
    /// interesting, but so are the transfers that go through.
    function _recipient(uint256 seed) internal view returns (address) {
        return seed % 4 == 0 ? _actor(seed >> 2) : _pick(seed >> 2, _mayReceive);
    }

    function _hasBalance(address account) internal view returns (bool) {
        return token.balanceOf(account) != 0;
    }

    function _holdsNothing(address account) internal view returns (bool) {
        return token.balanceOf(account) == 0;
    }

    function _hasLocked(address account) internal view returns (bool) {
        return token.totalLockedOf(account) != 0;
    }

    function _hasClaimable(address account) internal view returns (bool) {
        return token.claimable(account) != 0;
    }

    function _setGhostRules(ITransferRestrictions.TransferRules memory next) internal {
        rules.allowedClasses = next.allowedClasses;
        rules.minHolding = next.minHolding;
        rules.maxHolders = next.maxHolders;
        rules.lockupUntil = next.lockupUntil;
        delete rules.blockedCountries;
        for (uint256 i = 0; i < next.blockedCountries.length; ++i) {
            rules.blockedCountries.push(next.blockedCountries[i]);
        }
    }

    function _closeIssuance() internal {
        if (issuanceClosed) return;
        issuanceClosed = true;
        ghostOriginalFace = token.totalSupply();
    }

    function _count(string memory action, bool ok) internal {
        ++calls[action];
        if (ok) ++successes[action];
    }

    function _breach(Breach breach, string memory why) internal {
        ++violations[uint256(breach)];
        if (bytes(firstViolation).length == 0) firstViolation = why;
    }
}
