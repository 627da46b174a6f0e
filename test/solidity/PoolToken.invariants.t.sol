// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {IPoolToken} from "../../contracts/interfaces/IPoolToken.sol";
import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";
import {PoolTokenHandler, IMintableCash} from "./handlers/PoolTokenHandler.sol";
import {PoolTokenHotWord} from "./helpers/PoolTokenHotWord.sol";

/// @notice Deploys a live tranche and lets the fuzzer drive it through PoolTokenHandler.
abstract contract PoolTokenInvariantSetup is PoolTokenFixture {
    uint256 internal constant ACTORS = 10;
    uint256 internal constant FIRST_ISSUE = 1e9;

    PoolTokenHandler internal handler;

    /// @dev Not retail, North Korea blocked, a lot size: from the start some actors are outside the rules.
    function _initialRules() internal pure returns (ITransferRestrictions.TransferRules memory rules) {
        rules.allowedClasses = ALL_CLASSES & ~CLASS_RETAIL;
        rules.minHolding = 1_000;
        rules.blockedCountries = new uint16[](1);
        rules.blockedCountries[0] = NORTH_KOREA;
    }

    function _actors() internal returns (address[] memory actors) {
        actors = new address[](ACTORS);
        for (uint256 i = 0; i < ACTORS; ++i) {
            actors[i] = makeAddr(string.concat("actor-", vm.toString(i)));
        }
    }

    function _startHandler(ITransferRestrictions.TransferRules memory rules) internal {
        handler = new PoolTokenHandler(
            IPoolToken(address(token)),
            registry,
            IMintableCash(address(cash)),
            PoolTokenHandler.Roles({
                compliance: compliance,
                issuer: issuer,
                pauser: pauser,
                distributor: distributor,
                escrow: escrow,
                otherEscrow: otherEscrow,
                claimAgent: claimAgent
            }),
            _actors(),
            rules
        );
        cash.grantRole(cash.MINTER_ROLE(), address(handler));
        handler.bootstrap(FIRST_ISSUE);
    }

    function _targetHandler() internal {
        // Weighted by repetition: holders trade and claim far more often than compliance intervenes.
        bytes4[] memory selectors = new bytes4[](30);
        selectors[0] = PoolTokenHandler.mint.selector;
        selectors[1] = PoolTokenHandler.mint.selector;
        selectors[2] = PoolTokenHandler.burn.selector;
        selectors[3] = PoolTokenHandler.transfer.selector;
        selectors[4] = PoolTokenHandler.transfer.selector;
        selectors[5] = PoolTokenHandler.transfer.selector;
        selectors[6] = PoolTokenHandler.transfer.selector;
        selectors[7] = PoolTokenHandler.transferFrom.selector;
        selectors[8] = PoolTokenHandler.transferFrom.selector;
        selectors[9] = PoolTokenHandler.transferWhilePaused.selector;
        selectors[10] = PoolTokenHandler.claim.selector;
        selectors[11] = PoolTokenHandler.claim.selector;
        selectors[12] = PoolTokenHandler.lock.selector;
        selectors[13] = PoolTokenHandler.unlock.selector;
        selectors[14] = PoolTokenHandler.settleLocked.selector;
        selectors[15] = PoolTokenHandler.settleLocked.selector;
        selectors[16] = PoolTokenHandler.onboard.selector;
        selectors[17] = PoolTokenHandler.onboard.selector;
        selectors[18] = PoolTokenHandler.revoke.selector;
        selectors[19] = PoolTokenHandler.warp.selector;
        selectors[20] = PoolTokenHandler.warp.selector;
        selectors[21] = PoolTokenHandler.setAddressFrozen.selector;
        selectors[22] = PoolTokenHandler.setFrozenTokens.selector;
        selectors[23] = PoolTokenHandler.setTransferRules.selector;
        selectors[24] = PoolTokenHandler.forcedTransfer.selector;
        selectors[25] = PoolTokenHandler.recoverWallet.selector;
        selectors[26] = PoolTokenHandler.distribute.selector;
        selectors[27] = PoolTokenHandler.allocateLoss.selector;
        selectors[28] = PoolTokenHandler.setRegistryFrozen.selector;
        selectors[29] = PoolTokenHandler.countHolders.selector;
        targetContract(address(handler));
        targetSelector(StdInvariant.FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ------------------------------------------------------------ the invariants, shared with the mutant tests

    /// Invariant 1: nobody unverified, expired, frozen or outside the rules gains (or sends) a balance, except by
    /// a forced transfer (wallet recovery too must pass the recipient's KYC, class and country rules); lot size and
    /// holder cap hold after every regular transfer.
    function _checkNoIneligibleAddressEverGainsABalance() internal view {
        assertEq(handler.violationCount(PoolTokenHandler.Breach.IneligibleGain), 0, handler.firstViolation());
        assertEq(handler.violationCount(PoolTokenHandler.Breach.IneligibleSend), 0, handler.firstViolation());
        assertEq(handler.violationCount(PoolTokenHandler.Breach.RuleBreach), 0, handler.firstViolation());
    }

    /// A transfer goes through iff detectTransferRestriction said 0, and a refusal carries that code.
    function _checkTransferOutcomeAlwaysMatchesTheReasonCode() internal view {
        assertEq(handler.violationCount(PoolTokenHandler.Breach.CodeMismatch), 0, handler.firstViolation());
    }

    /// Invariant 2.
    function _checkBalancesSumToTotalSupply() internal view {
        address[] memory actors = handler.allActors();
        uint256 sum;
        for (uint256 i = 0; i < actors.length; ++i) {
            sum += token.balanceOf(actors[i]);
        }
        assertEq(sum, token.totalSupply(), "sum of balances == totalSupply");
    }

    /// Invariant 3: the token holds exactly distributed − claimed; claimed + claimable + dust never exceed what
    /// was distributed, and what they leave unexplained is below one unit per holder (each holder's sub-unit
    /// remainder) plus one (the dust floor); in scaled units the books balance exactly.
    function _checkCashIsConservedAndRoundingIsBounded() internal view {
        (uint256 distributed, uint256 claimed, uint256 dust) = token.cashTotals();
        assertEq(distributed, handler.ghostDistributed(), "distributed == cash paid in");
        assertEq(claimed, handler.ghostClaimed(), "claimed == cash paid out");
        assertEq(cash.balanceOf(address(token)), distributed - claimed, "token cash == distributed - claimed");
        address[] memory actors = handler.allActors();
        uint256 owed;
        uint256 accrued;
        for (uint256 i = 0; i < actors.length; ++i) {
            owed += token.claimable(actors[i]);
            accrued += token.accruedScaledOf(actors[i]);
        }
        assertLe(claimed + owed + dust, distributed, "claimed + claimable + dust <= distributed");
        assertLe(distributed - claimed - owed - dust, actors.length + 1, "unexplained rounding <= holders + 1");
        uint256 scale = token.indexScale();
        assertEq(accrued + claimed * scale + token.dustScaled(), distributed * scale, "scaled cash conservation");
    }

    /// Invariant 4 (and what distributions, claims, locks and recoveries must do exactly).
    function _checkEarnedCashIsNeverMovedByTransfers() internal view {
        assertEq(handler.violationCount(PoolTokenHandler.Breach.EarnedCashMoved), 0, handler.firstViolation());
        assertEq(handler.violationCount(PoolTokenHandler.Breach.Accounting), 0, handler.firstViolation());
        assertEq(handler.violationCount(PoolTokenHandler.Breach.UnexpectedRevert), 0, handler.firstViolation());
    }

    /// Invariant 5.
    function _checkLockedAndFrozenStayWithinBalanceAndWhatWasSet() internal view {
        address[] memory actors = handler.allActors();
        for (uint256 i = 0; i < actors.length; ++i) {
            address a = actors[i];
            assertLe(token.totalLockedOf(a), token.balanceOf(a), "locked <= balance");
            assertLe(token.totalLockedOf(a), handler.lockedCeiling(a), "locked <= locked by the escrows, net");
            assertEq(
                token.lockedOf(a, escrow) + token.lockedOf(a, otherEscrow),
                token.totalLockedOf(a),
                "total lock = sum of the per-escrow locks"
            );
            assertLe(token.getFrozenTokens(a), handler.frozenCeiling(a), "frozen <= frozen by compliance");
        }
    }

    /// Invariant 6, and current face = original face − principal − losses.
    function _checkFactorNeverIncreases() internal view {
        assertEq(handler.violationCount(PoolTokenHandler.Breach.FactorIncrease), 0, handler.firstViolation());
        assertLe(token.factor(), 1e18, "factor <= 1");
        if (handler.issuanceClosed()) {
            assertEq(
                token.currentFace(),
                handler.ghostOriginalFace() - handler.ghostPrincipal() - handler.ghostLoss(),
                "current face == original face - principal - losses"
            );
        }
    }

    /// Invariant 7: where the token counts (deployed with a cap, or since a proof), its count is the number of non-zero
    /// balances; where it does not, it says so and writes no count (ADR 0021). Only a proof switches counting on, and
    /// every bad proof was refused with its own error, changing nothing.
    function _checkHolderCountMatchesNonZeroBalances() internal view {
        assertEq(handler.violationCount(PoolTokenHandler.Breach.HolderCount), 0, handler.firstViolation());
        assertEq(
            token.isHolderCountTracked(), handler.ghostCounting(), "the token counts iff deployed with a cap or proven"
        );
        if (!handler.ghostCounting()) {
            _assertDoesNotCount();
            return;
        }
        address[] memory actors = handler.allActors();
        uint256 holders;
        for (uint256 i = 0; i < actors.length; ++i) {
            if (token.balanceOf(actors[i]) != 0) ++holders;
        }
        assertEq(token.holderCount(), holders, "holderCount == non-zero balances");
        assertEq(PoolTokenHotWord.holderBits(_hotWord()), holders, "the hot word's count == non-zero balances");
    }
}

/// @notice The design's invariants over random sequences of issuance, trading, escrow, compliance actions,
/// distributions, losses and claims, from a tranche deployed with `_campaignRules`.
abstract contract PoolTokenInvariantCampaign is PoolTokenInvariantSetup {
    function setUp() public {
        ITransferRestrictions.TransferRules memory rules = _campaignRules();
        _deploy(rules);
        _startHandler(rules);
        _targetHandler();
    }

    function _campaignRules() internal pure virtual returns (ITransferRestrictions.TransferRules memory);

    /// @dev Names the campaign's census totals (`afterInvariant`).
    function _censusName() internal pure virtual returns (string memory);

    function invariant_noIneligibleAddressEverGainsABalance() public view {
        _checkNoIneligibleAddressEverGainsABalance();
    }

    function invariant_transferOutcomeAlwaysMatchesTheReasonCode() public view {
        _checkTransferOutcomeAlwaysMatchesTheReasonCode();
    }

    function invariant_balancesSumToTotalSupply() public view {
        _checkBalancesSumToTotalSupply();
    }

    function invariant_cashIsConservedAndRoundingIsBounded() public view {
        _checkCashIsConservedAndRoundingIsBounded();
    }

    function invariant_earnedCashIsNeverMovedByTransfers() public view {
        _checkEarnedCashIsNeverMovedByTransfers();
    }

    function invariant_lockedAndFrozenStayWithinBalanceAndWhatWasSet() public view {
        _checkLockedAndFrozenStayWithinBalanceAndWhatWasSet();
    }

    function invariant_factorNeverIncreases() public view {
        _checkFactorNeverIncreases();
    }

    function invariant_holderCountMatchesNonZeroBalances() public view {
        _checkHolderCountMatchesNonZeroBalances();
    }

    /// @dev The campaign's census of the holder-count paths (ADR 0021), which the runner does not print for a passing
    /// campaign: with `POOL_TOKEN_CENSUS_RUNS=<runs of the profile>` set, every run adds its handler counters to
    /// process-wide totals (one set per campaign), and the last run stops the campaign with them as its message. Run it
    /// on one invariant, so that a campaign's runs follow one another:
    /// `POOL_TOKEN_CENSUS_RUNS=24 npx hardhat test solidity --grep invariant_holderCountMatchesNonZeroBalances
    /// test/solidity/PoolToken.invariants.t.sol` (both campaigns then "fail" with their census; 256 for the heavy
    /// profile).
    uint8 private constant HOLDER_LIMIT_REACHED = uint8(ITransferRestrictions.Restriction.HolderLimitReached);

    function afterInvariant() public {
        uint256 runs = vm.envOr("POOL_TOKEN_CENSUS_RUNS", uint256(0));
        if (runs == 0) return;
        string memory runsKey = string.concat("POOL_TOKEN_CENSUS_", _censusName(), "_RUNS");
        uint256 done = vm.envOr(runsKey, uint256(0)) + 1;
        vm.setEnv(runsKey, vm.toString(done));
        string memory summary = string.concat(
            _censusName(),
            " census after ",
            vm.toString(done),
            " runs: countHolders succeeded ",
            _tally("proofs", handler.successes("countHolders"), handler.calls("countHolders")),
            ", broken proofs refused with their error ",
            _tally("broken", handler.successes("brokenProofRefused"), handler.calls("brokenProofRefused")),
            ", second proofs refused ",
            _tally("second", handler.successes("secondProofRefused"), handler.calls("secondProofRefused")),
            ", caps refused without a count ",
            _tally("caps", handler.successes("capRefusedWithoutCount"), handler.calls("capRefusedWithoutCount"))
        );
        summary = string.concat(
            summary,
            ", rules set ",
            _tally("rules", handler.successes("setTransferRules"), handler.calls("setTransferRules")),
            ", transfers ",
            _tally("transfers", handler.successes("transfer"), handler.calls("transfer")),
            ", refused at the holder cap ",
            vm.toString(_tallyOne("cap", handler.refusals(HOLDER_LIMIT_REACHED))),
            ", runs ending on a counting token ",
            _tally("counting", token.isHolderCountTracked() ? 1 : 0, 1)
        );
        if (done == runs) assertTrue(false, summary);
    }

    /// @dev Adds `successes` and `calls` to the process-wide totals named `key`; returns "successes/calls" so far.
    function _tally(string memory key, uint256 successes, uint256 calls) private returns (string memory) {
        string memory ok = string.concat("POOL_TOKEN_CENSUS_", _censusName(), "_", vm.toUppercase(key), "_SUCCESSES");
        string memory all = string.concat("POOL_TOKEN_CENSUS_", _censusName(), "_", vm.toUppercase(key), "_CALLS");
        successes += vm.envOr(ok, uint256(0));
        calls += vm.envOr(all, uint256(0));
        vm.setEnv(ok, vm.toString(successes));
        vm.setEnv(all, vm.toString(calls));
        return string.concat(vm.toString(successes), "/", vm.toString(calls));
    }

    function _tallyOne(string memory key, uint256 count) private returns (uint256) {
        string memory total = string.concat("POOL_TOKEN_CENSUS_", _censusName(), "_", vm.toUppercase(key));
        count += vm.envOr(total, uint256(0));
        vm.setEnv(total, vm.toString(count));
        return count;
    }
}

/// @notice From a tranche without a cap, which does not count its holders (ADR 0021) until the campaign proves them
/// (`PoolTokenHandler.countHolders`, or compliance setting a cap): runs cover the uncounted token, the proof, broken
/// proofs, and the counted token after it.
contract PoolTokenInvariantTest is PoolTokenInvariantCampaign {
    function _campaignRules() internal pure override returns (ITransferRestrictions.TransferRules memory) {
        return _initialRules();
    }

    function _censusName() internal pure override returns (string memory) {
        return "UNCAPPED";
    }
}

/// @notice From a tranche deployed with a holder cap, which counts from its first holder: the cap bites from the
/// start, and a proof is refused as a second one.
contract PoolTokenCappedInvariantTest is PoolTokenInvariantCampaign {
    function _campaignRules() internal pure override returns (ITransferRestrictions.TransferRules memory rules) {
        rules = _initialRules();
        // Five holders after the bootstrap, ten actors: room to grow, and a cap the campaign can reach.
        rules.maxHolders = 7;
    }

    function _censusName() internal pure override returns (string memory) {
        return "CAPPED";
    }
}
