// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";

/// @notice `distribute` and `markRecordDate`, the waterfall's per-period calls, run in the token itself on raw words
/// (docs/adr/0013, 2026-12-05 amendment): the role is DISTRIBUTOR_ROLE's alone, granted and revoked as any role, and
/// the record date shares the supply word with the face and the distribution count without disturbing them.
contract PoolTokenDistributeTest is PoolTokenFixture {
    uint256 internal constant FACE = 1_000_000e6;

    address internal alice = makeAddr("alice");

    function setUp() public {
        _deploy(_openRules());
        _onboard(alice, uint64(START + 365 days), US, CLASS_ACCREDITED);
        _mint(alice, FACE);
    }

    function testFuzz_onlyACurrentDistributorMarksAndDistributes(address waterfall, uint256 interest)
        public
    {
        vm.assume(waterfall != distributor && waterfall != address(0) && waterfall != address(token));
        interest = _bound(interest, 1, 1_000_000e6);
        bytes32 role = token.DISTRIBUTOR_ROLE();
        bytes memory denied = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, waterfall, role
        );

        _expectBothRefused(waterfall, denied, interest);

        token.grantRole(role, waterfall);
        cash.mint(waterfall, interest);
        vm.startPrank(waterfall);
        cash.approve(address(token), interest);
        token.markRecordDate();
        token.distribute(interest, 0);
        vm.stopPrank();
        assertEq(token.distributionCount(), 1);

        token.revokeRole(role, waterfall);
        _expectBothRefused(waterfall, denied, interest);
    }

    /// @dev `waterfall` is refused both a record date and a distribution with `denied`.
    function _expectBothRefused(address waterfall, bytes memory denied, uint256 interest) private {
        vm.startPrank(waterfall);
        vm.expectRevert(denied);
        token.markRecordDate();
        vm.expectRevert(denied);
        token.distribute(interest, 0);
        vm.stopPrank();
    }

    /// @dev The record date shares the supply word with the face and the distribution count: marking it and
    /// distributing leave every other field as it was, and a distribution without a pending record date dates itself.
    function testFuzz_theRecordDateSitsInTheSupplyWordWithoutDisturbingIt(uint32 gap, uint256 principal) public {
        principal = _bound(principal, 0, FACE);
        uint256 markedAt = START + 1 + uint256(gap);
        vm.warp(markedAt);
        vm.prank(distributor);
        token.markRecordDate();
        (bool pending, uint256 recordDate) = token.recordDatePending();
        assertTrue(pending);
        assertEq(recordDate, markedAt);
        assertEq(token.currentFace(), FACE);
        assertEq(token.totalSupply(), FACE);
        assertEq(token.distributionCount(), 0);

        vm.warp(markedAt + 15 days);
        _distribute(1_000e6, principal);
        (pending, recordDate) = token.recordDatePending();
        assertFalse(pending);
        assertEq(recordDate, markedAt, "the pending record date is the distribution's");
        assertEq(token.lastRecordDate(), markedAt);
        assertEq(token.currentFace(), FACE - principal);
        assertEq(token.totalSupply(), FACE);
        assertEq(token.distributionCount(), 1);

        vm.warp(markedAt + 45 days);
        _distribute(1_000e6, 0);
        assertEq(token.lastRecordDate(), markedAt + 45 days, "with none pending, the distribution's own");
        assertEq(token.currentFace(), FACE - principal);
        assertEq(token.distributionCount(), 2);

        // The face changes of the cold paths rewrite the same word: the record date and the count stay.
        uint256 face = FACE - principal;
        uint256 loss = face / 3;
        vm.startPrank(distributor);
        token.allocateLoss(loss);
        token.writeUp(loss / 2);
        vm.stopPrank();
        assertEq(token.currentFace(), face - loss + loss / 2);
        assertEq(token.lastRecordDate(), markedAt + 45 days);
        assertEq(token.distributionCount(), 2);
        assertEq(token.totalSupply(), FACE);
    }
}
