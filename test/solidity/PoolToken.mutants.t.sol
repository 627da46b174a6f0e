// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {KycRegistry} from "../../contracts/kyc/KycRegistry.sol";
import {TestStablecoin} from "../../contracts/mocks/TestStablecoin.sol";
import {PoolTokenInvariantSetup} from "./PoolToken.invariants.t.sol";
import {PoolTokenHandler} from "./handlers/PoolTokenHandler.sol";
import {FreezeBlindKycRegistry} from "./mocks/FreezeBlindKycRegistry.sol";
import {SkimmingStablecoin} from "./mocks/SkimmingStablecoin.sol";
import {HolderProofs} from "./helpers/HolderProofs.sol";
import {PoolTokenHotWord} from "./helpers/PoolTokenHotWord.sol";

/// @notice The invariant checks can fail: wired to a deliberately broken dependency, the same handler and the
/// same checks the invariant campaign runs report the breach. (A check that cannot fail proves nothing.)
contract PoolTokenMutantTest is PoolTokenInvariantSetup {
    uint256 internal constant ONE_MILLION = 1e12; // 6 decimals

    function test_theEligibilityInvariantCatchesARegistryWhoseFreezeDoesNotReachTheToken() public {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        _deployWith(new FreezeBlindKycRegistry(compliance), new TestStablecoin(admin), rules);
        _startHandler(rules);

        // Actor 1 is verified and holds tokens; compliance freezes it; the broken registry lets it receive anyway.
        handler.setRegistryFrozen(1, true);
        handler.transfer(0, _directSeedFor(1), 0);

        assertGt(handler.violationCount(PoolTokenHandler.Breach.IneligibleGain), 0, "frozen recipient gained");
        vm.expectRevert();
        this.checkNoIneligibleAddressEverGainsABalance();
    }

    function test_theSameSequenceOnTheRealRegistryKeepsTheInvariant() public {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        _deployWith(new KycRegistry(admin, compliance), new TestStablecoin(admin), rules);
        _startHandler(rules);

        handler.setRegistryFrozen(1, true);
        handler.transfer(0, _directSeedFor(1), 0);

        assertEq(handler.refusals(uint8(ITransferRestrictions.Restriction.RecipientFrozen)), 1, "refused as frozen");
        this.checkNoIneligibleAddressEverGainsABalance();
    }

    function test_theCashConservationInvariantCatchesAFeeOnTransferSettlementToken() public {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        _deployWith(new KycRegistry(admin, compliance), new SkimmingStablecoin(admin), rules);
        _startHandler(rules);

        handler.distribute(ONE_MILLION, 1); // principal seed 1: interest only

        vm.expectRevert();
        this.checkCashIsConservedAndRoundingIsBounded();
    }

    function test_theSameDistributionInRealCashKeepsTheBooksBalanced() public {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        _deployWith(new KycRegistry(admin, compliance), new TestStablecoin(admin), rules);
        _startHandler(rules);

        handler.distribute(ONE_MILLION, 1);

        assertEq(handler.successes("distribute"), 1, "the distribution went through");
        this.checkCashIsConservedAndRoundingIsBounded();
    }

    // ------------------------------------------------------------ the holder count (ADR 0021)

    function test_theHolderCountInvariantCatchesACountThatDrifted() public {
        _startCapped();
        this.checkHolderCountMatchesNonZeroBalances();

        _storeHolderBits(token.holderCount() + 1);

        vm.expectRevert();
        this.checkHolderCountMatchesNonZeroBalances();
        handler.warp(1);
        assertGt(handler.violationCount(PoolTokenHandler.Breach.HolderCount), 0, "the handler saw the drift too");
    }

    function test_theHolderCountInvariantCatchesACountWrittenOnATokenThatDoesNotCount() public {
        _startUncapped();
        this.checkHolderCountMatchesNonZeroBalances();

        // What the token wrote before ADR 0021: the right number, on a token that is not meant to keep it.
        _storeHolderBits(5);

        vm.expectRevert();
        this.checkHolderCountMatchesNonZeroBalances();
        handler.warp(1);
        assertGt(handler.violationCount(PoolTokenHandler.Breach.HolderCount), 0, "the handler saw the written count");
    }

    function test_theHolderCountInvariantCatchesATokenThatStartedCountingWithoutAProof() public {
        _startUncapped();
        uint256 hot = _hotWord();
        uint256 counting = uint256(PoolTokenHotWord.COUNTING) << PoolTokenHotWord.FLAGS_SHIFT;
        vm.store(address(token), bytes32(PoolTokenHotWord.SLOT), bytes32(hot | counting));
        _storeHolderBits(5); // even with the right count

        vm.expectRevert();
        this.checkHolderCountMatchesNonZeroBalances();
    }

    function test_theHandlersProofSwitchesCountingOnAndASecondProofIsRefused() public {
        _startUncapped();

        handler.countHolders(3); // a multiple of 3: the complete proof

        assertEq(handler.successes("countHolders"), 1, "the complete proof went through");
        assertTrue(handler.ghostCounting() && token.isHolderCountTracked(), "the token counts from the proof on");
        assertEq(token.holderCount(), 5, "the bootstrap's five holders");
        this.checkHolderCountMatchesNonZeroBalances();

        handler.countHolders(3);
        assertEq(handler.successes("secondProofRefused"), 1, "a second proof is refused as such");
        this.checkHolderCountMatchesNonZeroBalances();
    }

    function test_theHandlersBrokenProofsAreEachRefusedWithTheirError() public {
        _startUncapped();
        for (uint256 how = 0; how <= uint256(type(HolderProofs.Broken).max); ++how) {
            // The handler breaks the proof when the seed is not a multiple of 3, the way `(seed >> 8) % 5` says.
            uint256 seed = 1;
            while ((seed >> 8) % 5 != how) seed += 3;
            handler.countHolders(seed);
            assertEq(handler.brokenProofsRefused(HolderProofs.Broken(how)), 1, vm.toString(how));
        }
        assertEq(handler.successes("brokenProofRefused"), 5, "every broken proof was refused with its error");
        assertFalse(token.isHolderCountTracked(), "no broken proof switched counting on");
        this.checkHolderCountMatchesNonZeroBalances();
    }

    function test_aCapOnATokenThatDoesNotCountIsRefusedOrProvenFirst() public {
        _startUncapped();
        // The handler reads a cap where `seed >> 64` is a multiple of 3, and `(seed >> 200) % 2` decides whether a cap
        // on an uncounted token is refused (1) or proven first (0): bits 200+201 (3 << 200) and 201+202 (6 << 200).
        uint256 refusedCap = uint256(3) << 200;
        uint256 capped = uint256(6) << 200;
        assertTrue((refusedCap >> 64) % 3 == 0 && (capped >> 64) % 3 == 0, "both seeds pick a cap");
        handler.setTransferRules(refusedCap);
        assertEq(handler.successes("capRefusedWithoutCount"), 1, "the cap was refused for want of a count");
        assertFalse(token.isHolderCountTracked(), "and nothing changed");

        handler.setTransferRules(capped);
        assertEq(handler.successes("countHolders"), 1, "compliance proved the holders first");
        assertEq(handler.successes("setTransferRules"), 1, "then the cap went in");
        assertGt(token.transferRules().maxHolders, 0, "a cap is in force");
        this.checkHolderCountMatchesNonZeroBalances();
        this.checkNoIneligibleAddressEverGainsABalance();
    }

    function checkHolderCountMatchesNonZeroBalances() external view {
        _checkHolderCountMatchesNonZeroBalances();
    }

    function _startUncapped() internal {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        _deployWith(new KycRegistry(admin, compliance), new TestStablecoin(admin), rules);
        _startHandler(rules);
        _assertDoesNotCount();
    }

    function _startCapped() internal {
        ITransferRestrictions.TransferRules memory rules = _initialRules();
        rules.maxHolders = 7;
        _deployWith(new KycRegistry(admin, compliance), new TestStablecoin(admin), rules);
        _startHandler(rules);
        assertTrue(token.isHolderCountTracked(), "a token deployed with a cap counts");
    }

    /// @dev Overwrites the hot word's count bits, as a broken token would.
    function _storeHolderBits(uint256 holders) internal {
        uint256 mask = uint256(type(uint24).max) << PoolTokenHotWord.HOLDERS_SHIFT;
        uint256 hot = (_hotWord() & ~mask) | (holders << PoolTokenHotWord.HOLDERS_SHIFT);
        vm.store(address(token), bytes32(PoolTokenHotWord.SLOT), bytes32(hot));
    }

    function checkNoIneligibleAddressEverGainsABalance() external view {
        _checkNoIneligibleAddressEverGainsABalance();
    }

    function checkCashIsConservedAndRoundingIsBounded() external view {
        _checkCashIsConservedAndRoundingIsBounded();
    }

    /// @dev The handler's recipient picker reads a seed that is a multiple of 4 as "actor seed >> 2", eligible or not.
    function _directSeedFor(uint256 i) internal pure returns (uint256) {
        return i << 2;
    }
}
