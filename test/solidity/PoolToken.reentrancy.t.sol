// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDistributions} from "../../contracts/interfaces/IDistributions.sol";
import {KycRegistry} from "../../contracts/kyc/KycRegistry.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";
import {ReentrantStablecoin} from "./mocks/ReentrantStablecoin.sol";

/// @notice The packed reentrancy guard (a flag in the token's hot slot): a settlement token that calls back into
/// the pool token mid-payout is refused, and the flag is cleared once the outer call finishes.
contract PoolTokenReentrancyTest is PoolTokenFixture {
    uint256 internal constant FACE = 1_000_000e6;
    uint256 internal constant INTEREST = 5_000e6;

    ReentrantStablecoin internal evilCash;
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    function setUp() public {
        evilCash = new ReentrantStablecoin(admin);
        _deployWith(new KycRegistry(admin, compliance), evilCash, _openRules());
        _onboard(alice, uint64(START + 365 days), US, CLASS_ACCREDITED);
        _onboard(bob, uint64(START + 365 days), US, CLASS_ACCREDITED);
        _mint(alice, FACE);
        _mint(bob, FACE);
        _distribute(INTEREST, 0);
        // This test contract and the settlement token's hook trigger `claimFor` as the payout bot would.
        token.grantRole(token.CLAIM_AGENT_ROLE(), address(this));
        token.grantRole(token.CLAIM_AGENT_ROLE(), address(evilCash));
    }

    function test_aClaimReenteredFromTheCashTokenIsRefused() public {
        evilCash.arm(address(token), abi.encodeCall(IDistributions.claimFor, (bob)));

        vm.expectRevert(IDistributions.TokenReentrantCall.selector);
        vm.prank(alice);
        token.claim();
    }

    function test_aClaimForTheSameHolderReenteredFromTheCashTokenIsRefused() public {
        evilCash.arm(address(token), abi.encodeCall(IDistributions.claim, ()));

        vm.expectRevert(IDistributions.TokenReentrantCall.selector);
        token.claimFor(alice);
    }

    function test_aDistributionReenteredFromTheCashTokenIsRefused() public {
        cash.mint(distributor, INTEREST);
        vm.startPrank(distributor);
        cash.approve(address(token), INTEREST);
        evilCash.arm(address(token), abi.encodeCall(IDistributions.claimFor, (alice)));

        vm.expectRevert(IDistributions.TokenReentrantCall.selector);
        token.distribute(INTEREST, 0);
        vm.stopPrank();
    }

    function test_theGuardIsReleasedAfterEachCallSoLaterClaimsPay() public {
        uint256 half = INTEREST / 2;

        vm.prank(alice);
        assertEq(token.claim(), half, "alice is paid her half");
        assertEq(token.claimFor(bob), half, "a second guarded call right after is not refused");
        _distribute(INTEREST, 0);
        assertEq(token.claimFor(alice), half, "and again after a (guarded) distribution");

        (uint256 distributed, uint256 claimed,) = token.cashTotals();
        assertEq(distributed, 2 * INTEREST, "distributed total");
        assertEq(claimed, 3 * half, "claimed total counts every payout once");
    }
}
