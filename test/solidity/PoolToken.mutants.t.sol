// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {KycRegistry} from "../../contracts/kyc/KycRegistry.sol";
import {TestStablecoin} from "../../contracts/mocks/TestStablecoin.sol";
import {PoolTokenInvariantSetup} from "./PoolToken.invariants.t.sol";
import {PoolTokenHandler} from "./handlers/PoolTokenHandler.sol";
import {FreezeBlindKycRegistry} from "./mocks/FreezeBlindKycRegistry.sol";
import {SkimmingStablecoin} from "./mocks/SkimmingStablecoin.sol";

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
