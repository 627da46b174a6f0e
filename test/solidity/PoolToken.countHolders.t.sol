// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPoolToken} from "../../contracts/interfaces/IPoolToken.sol";
import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";
import {HolderProofs} from "./helpers/HolderProofs.sol";

/// @notice `countHolders` (docs/adr/0021-holder-counting.md) over random holder sets — random addresses, random
/// balances minted, some sold out again: the sorted complete list, and only it, switches counting on; every proper
/// subset, every list with an extra address that holds nothing, every list out of order or with a repeat is refused
/// with exactly its error, and a refusal changes nothing.
contract PoolTokenCountHoldersFuzzTest is PoolTokenFixture {
    uint256 internal constant MAX_ACCOUNTS = 8;
    uint256 internal constant MAX_BALANCE = 1e15;

    function setUp() public {
        _deploy(_openRules());
    }

    function testFuzz_onlyTheSortedCompleteListProvesTheHolders(uint256 seed, uint8 size) public {
        (address[] memory accounts, address[] memory idle) = _randomHolders(seed, _bound(size, 0, MAX_ACCOUNTS));
        address[] memory complete = _sortedHolders(accounts);
        uint256 hot = _hotWord();

        _expectEveryProperSubsetRefused(complete);
        _expectEveryIdleAddressRefused(complete, idle);
        _expectEveryDisorderRefused(complete, seed);
        _assertDoesNotCount();
        assertEq(_hotWord(), hot, "refused proofs leave the hot word as it was");

        vm.expectEmit(address(token));
        emit IPoolToken.HolderCountingStarted(complete.length);
        _countHolders(complete);
        _assertCounts(accounts);
        assertEq(token.holderCount(), complete.length, "the count is the length of the proof");
        _expectRefused(complete, abi.encodeWithSelector(IPoolToken.TokenHolderCountAlreadyTracked.selector));
    }

    /// @dev After the proof the count follows the balances, and a cap can be set and bites.
    function testFuzz_theCountFollowsTheBalancesFromTheProofOn(uint256 seed, uint8 size) public {
        (address[] memory accounts,) = _randomHolders(seed, _bound(size, 1, MAX_ACCOUNTS));
        address[] memory complete = _sortedHolders(accounts);
        _countHolders(complete);

        address newcomer = makeAddr("newcomer");
        _onboard(newcomer, uint64(START + 365 days), US, ALL_CLASSES);
        ITransferRestrictions.TransferRules memory capped = _openRules();
        capped.minHolding = 1;
        capped.maxHolders = uint32(complete.length);
        _setRules(capped);

        address seller = complete[seed % complete.length];
        uint256 balance = token.balanceOf(seller);
        if (balance > 1) {
            // Part of a holding to a new holder would make one holder more than the cap.
            vm.prank(seller);
            vm.expectRevert(
                _restricted(
                    uint8(ITransferRestrictions.Restriction.HolderLimitReached), seller, newcomer, balance - 1
                )
            );
            token.transfer(newcomer, balance - 1);
        }
        // All of it: the seller leaves as the newcomer arrives, the count stays.
        vm.prank(seller);
        token.transfer(newcomer, balance);
        assertEq(token.holderCount(), complete.length, "one holder out, one in");
        address[] memory everyone = new address[](accounts.length + 1);
        for (uint256 i = 0; i < accounts.length; ++i) {
            everyone[i] = accounts[i];
        }
        everyone[accounts.length] = newcomer;
        _assertCounts(everyone);
    }

    function testFuzz_onlyComplianceProves(address caller) public {
        vm.assume(caller != compliance);
        vm.prank(caller);
        vm.expectRevert();
        token.countHolders(new address[](0));
        _assertDoesNotCount();
    }

    // ---------------------------------------------------------------- the refusals

    /// @dev Every proper subset (the list keeps its order, so only the sum can tell): the listed balances fall short.
    function _expectEveryProperSubsetRefused(address[] memory complete) internal {
        uint256 n = complete.length;
        uint256 supply = token.totalSupply();
        for (uint256 mask = 0; mask + 1 < (1 << n); ++mask) {
            address[] memory subset = new address[](n);
            uint256 size;
            uint256 listed;
            for (uint256 i = 0; i < n; ++i) {
                if (mask & (1 << i) == 0) continue;
                subset[size++] = complete[i];
                listed += token.balanceOf(complete[i]);
            }
            // solhint-disable-next-line no-inline-assembly
            assembly ("memory-safe") {
                mstore(subset, size)
            }
            assertLt(listed, supply, "a proper subset holds less than the supply");
            _expectRefused(
                subset, abi.encodeWithSelector(IPoolToken.TokenHolderProofIncomplete.selector, listed, supply)
            );
        }
    }

    /// @dev An address that holds nothing — never did, or sold out — inserted where it sorts, or the zero address.
    function _expectEveryIdleAddressRefused(address[] memory complete, address[] memory idle) internal {
        for (uint256 k = 0; k < idle.length; ++k) {
            address extra = idle[k];
            assertEq(token.balanceOf(extra), 0, "an idle address holds nothing");
            uint256 at;
            while (at < complete.length && complete[at] < extra) ++at;
            _expectRefused(
                HolderProofs.insert(complete, at, extra),
                abi.encodeWithSelector(IPoolToken.TokenHolderProofZeroBalance.selector, at, extra)
            );
        }
        _expectRefused(
            HolderProofs.insert(complete, 0, address(0)),
            abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, 0, address(0))
        );
    }

    /// @dev Every neighbour swap, every repeat, and a random shuffle: refused at the first entry out of order.
    function _expectEveryDisorderRefused(address[] memory complete, uint256 seed) internal {
        uint256 n = complete.length;
        for (uint256 i = 0; i + 1 < n; ++i) {
            address[] memory swapped = HolderProofs.copy(complete);
            (swapped[i], swapped[i + 1]) = (swapped[i + 1], swapped[i]);
            _expectRefused(
                swapped, abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, i + 1, complete[i])
            );
        }
        for (uint256 i = 0; i < n; ++i) {
            _expectRefused(
                HolderProofs.insert(complete, i + 1, complete[i]),
                abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, i + 1, complete[i])
            );
        }
        if (n < 2) return;
        address[] memory shuffled = HolderProofs.copy(complete);
        for (uint256 i = n - 1; i > 0; --i) {
            uint256 j = uint256(keccak256(abi.encode(seed, "shuffle", i))) % (i + 1);
            (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
        }
        uint256 first = 1;
        while (first < n && shuffled[first] > shuffled[first - 1]) ++first;
        if (first == n) return; // the shuffle left it sorted: that is the complete proof, proven below
        _expectRefused(
            shuffled,
            abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, first, shuffled[first])
        );
    }

    function _expectRefused(address[] memory proof, bytes memory expected) internal {
        vm.prank(compliance);
        (bool ok, bytes memory returned) = address(token).call(abi.encodeCall(IPoolToken.countHolders, (proof)));
        assertFalse(ok, "a proof that is not the sorted complete list went through");
        assertEq(returned, expected, "refused with exactly its error");
    }

    // ---------------------------------------------------------------- arrangement

    /// @return accounts `count` random addresses, each minted a random balance; about one in four sold all of it to
    /// another, so holds nothing again.
    /// @return idle Addresses that hold nothing: those sellers, and one never minted.
    function _randomHolders(uint256 seed, uint256 count)
        internal
        returns (address[] memory accounts, address[] memory idle)
    {
        accounts = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, "holder", i)));
            accounts[i] = address(uint160(r));
            _onboard(accounts[i], uint64(START + 365 days), US, ALL_CLASSES);
            _mint(accounts[i], _bound(r >> 160, 1, MAX_BALANCE));
        }
        idle = new address[](count + 1);
        uint256 idleCount;
        for (uint256 i = 0; i < count && count >= 2; ++i) {
            if (uint256(keccak256(abi.encode(seed, "sells out", i))) % 4 != 0) continue;
            address buyer = accounts[(i + 1) % count];
            uint256 balance = token.balanceOf(accounts[i]);
            if (balance == 0) continue;
            vm.prank(accounts[i]);
            token.transfer(buyer, balance);
            idle[idleCount++] = accounts[i];
        }
        for (uint256 k = 0; k < idleCount;) {
            // A seller may have been bought into again by the one before it (the last sells to the first).
            if (token.balanceOf(idle[k]) != 0) idle[k] = idle[--idleCount];
            else ++k;
        }
        address neverMinted = address(uint160(uint256(keccak256(abi.encode(seed, "never minted")))));
        _onboard(neverMinted, uint64(START + 365 days), US, ALL_CLASSES);
        idle[idleCount++] = neverMinted;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(idle, idleCount)
        }
    }
}
