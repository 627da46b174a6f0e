// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";

/// @notice `distribute` and `markRecordDate` read DISTRIBUTOR_ROLE's membership straight from `AccessControl`'s
/// storage (one hash, no internal calls): the slot they read must be the one `grantRole` and `revokeRole` write, and
/// a revoked distributor, or anyone never granted the role, must be refused at once with OpenZeppelin's error.
contract PoolTokenDistributorRoleTest is PoolTokenFixture {
    uint256 internal constant FACE = 1_000_000e6;

    address internal alice = makeAddr("alice");

    function setUp() public {
        _deploy(_openRules());
        _onboard(alice, uint64(START + 365 days), US, CLASS_ACCREDITED);
        _mint(alice, FACE);
    }

    function testFuzz_theDistributorCheckReadsTheRoleThatGrantAndRevokeWrite(address waterfall, uint256 interest)
        public
    {
        vm.assume(waterfall != distributor && waterfall != address(0) && waterfall != address(token));
        interest = _bound(interest, 1, 1_000_000e6);
        bytes32 role = token.DISTRIBUTOR_ROLE();
        bytes32 slot = keccak256(abi.encode(waterfall, keccak256(abi.encode(role, uint256(0)))));
        bytes memory denied = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, waterfall, role
        );

        assertEq(uint256(vm.load(address(token), slot)), 0, "not a member yet");
        vm.startPrank(waterfall);
        vm.expectRevert(denied);
        token.markRecordDate();
        vm.expectRevert(denied);
        token.distribute(interest, 0);
        vm.stopPrank();

        token.grantRole(role, waterfall);
        assertEq(uint256(vm.load(address(token), slot)), 1, "grantRole writes the slot the check reads");
        cash.mint(waterfall, interest);
        vm.startPrank(waterfall);
        cash.approve(address(token), interest);
        token.markRecordDate();
        token.distribute(interest, 0);
        vm.stopPrank();
        assertEq(token.distributionCount(), 1);

        token.revokeRole(role, waterfall);
        assertEq(uint256(vm.load(address(token), slot)), 0, "revokeRole clears it");
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
        assertEq(token.lastRecordDate(), markedAt + 45 days, "without a pending record date it is the distribution's own");
        assertEq(token.currentFace(), FACE - principal);
        assertEq(token.distributionCount(), 2);
    }
}
