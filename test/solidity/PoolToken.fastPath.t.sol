// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "forge-std/Vm.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IWaterfallClassToken} from "../../contracts/interfaces/IWaterfallClassToken.sol";
import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {KycRegistry} from "../../contracts/kyc/KycRegistry.sol";
import {PoolToken} from "../../contracts/token/PoolToken.sol";
import {TestStablecoin} from "../../contracts/mocks/TestStablecoin.sol";
import {IKycRegistry} from "../../contracts/interfaces/IKycRegistry.sol";
import {PoolTokenGeneralPath} from "./mocks/PoolTokenGeneralPath.sol";
import {UnreliableKycRegistry} from "./mocks/UnreliableKycRegistry.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";
import {PoolTokenHotWord} from "./helpers/PoolTokenHotWord.sol";

/// @notice The transfer fast path against the general path, differentially: from the same random state (KYC records,
/// expiries, freezes, classes, countries — more than fit inline too —, rules, lot sizes, holder caps, lockups, pause,
/// frozen parts, locks, distributions, pending record dates), one transfer run both ways must end the same: the same
/// success or the same revert data, the same hot word, account words, accrual slots and events. Both on tokens that
/// count their holders (deployed with a cap, or proven by `countHolders`) and on tokens that do not (ADR 0021), where
/// neither path may write a count.
contract PoolTokenFastPathTest is PoolTokenFixture {
    uint256 internal constant PARTIES = 5;
    uint16[4] internal countries = [US, CANADA, UK, NORTH_KOREA];

    address[PARTIES] internal parties;
    PoolTokenGeneralPath internal harness;

    function setUp() public {
        for (uint256 i = 0; i < PARTIES; ++i) {
            parties[i] = makeAddr(string.concat("fast-path-party-", vm.toString(i)));
        }
    }

    function testFuzz_fastAndGeneralPathEndTheSame(
        uint256 seed,
        uint8 fromIndex,
        uint8 toIndex,
        uint256 amount,
        bool counting
    ) public {
        ITransferRestrictions.TransferRules memory rules = _rulesFrom(seed);
        // Counting from deployment needs a cap in the initial rules; without counting there can be no cap.
        if (!counting) rules.maxHolders = 0;
        _deployHarness(rules);
        // A token that counts without a cap: proven on a fresh token (an empty list), or after the random state below
        // (the complete list of its holders, with the distribution, holds, freezes and pause in place).
        bool proveLater = counting && rules.maxHolders == 0 && (seed >> 96) % 2 == 0;
        if (counting && rules.maxHolders == 0 && !proveLater) _countHolders(new address[](0));
        _randomState(seed);
        if (proveLater) _countHoldersAmong(_parties());
        assertEq(token.isHolderCountTracked(), counting, "the token counts iff the run asked for it");
        address from = parties[fromIndex % PARTIES];
        address to = toIndex % 7 == 6 ? address(0) : toIndex % 7 == 5 ? address(token) : parties[toIndex % PARTIES];
        uint256 balance = token.balanceOf(from);
        // Mostly amounts near the balance and the lot size (where the rules bite), sometimes anything.
        uint256 shape = amount % 5;
        amount = shape == 0 ? amount % (balance + 2) : shape == 1 ? balance : shape == 2 ? amount % 3e9 : shape == 3
            ? (balance > 5e9 ? balance - amount % 5e9 : amount % 5e9)
            : amount;

        uint256 snapshot = vm.snapshotState();
        bytes32 fast = _run(from, to, amount, false);
        vm.revertToState(snapshot);
        bytes32 general = _run(from, to, amount, true);
        assertEq(fast, general, "fast and general path disagree");
        _assertCountFollows(counting);
    }

    /// @dev A clean state (everyone verified, nothing pending) where the fast path is taken unless a rule bites: lot
    /// sizes, holder caps, class sets, inline blocked countries and lockups at their boundaries.
    function testFuzz_fastAndGeneralPathAgreeOnTheRulesAtTheirBoundaries(
        uint256 seed,
        uint8 fromIndex,
        uint8 toIndex,
        uint256 amount
    ) public {
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.allowedClasses = uint8(bound(seed, 1, ALL_CLASSES));
        rules.minHolding = uint96(bound(seed >> 8, 1, 3e9));
        // Mostly a cap (the token counts from deployment); sometimes none, on a token that counts (proven on a fresh
        // token) or does not.
        uint256 counting = (seed >> 124) % 4;
        if (counting < 2) rules.maxHolders = uint32(bound(seed >> 40, 2, PARTIES + 1));
        if ((seed >> 72) % 4 == 0) rules.lockupUntil = uint40(START + 10 days);
        uint256 blocked = (seed >> 80) % 4;
        rules.blockedCountries = new uint16[](blocked);
        for (uint256 i = 0; i < blocked; ++i) {
            rules.blockedCountries[i] = countries[(seed >> (88 + 4 * i)) % 4];
        }
        _deployHarness(rules);
        if (counting == 2) _countHolders(new address[](0));
        for (uint256 i = 0; i < PARTIES; ++i) {
            uint256 p = uint256(keccak256(abi.encode(seed, i)));
            uint8 classes = p % 3 == 0 ? uint8(1 + (p >> 8) % ALL_CLASSES) : ALL_CLASSES;
            // Some verifications expire before the transfer (at 15 days), some investors are frozen platform-wide.
            _onboard(parties[i], uint64(START + ((p >> 32) % 5 == 0 ? 10 days : 365 days)), countries[(p >> 16) % 4], classes);
            if ((p >> 40) % 7 == 0) {
                vm.prank(compliance);
                registry.setFrozen(parties[i], true);
            }
            if (p % 4 == 0) continue;
            vm.prank(issuer);
            try token.mint(parties[i], 3e9 + (p >> 24) % 1e10) {} catch {}
        }
        vm.warp(START + ((seed >> 120) % 2 == 0 ? 5 days : 15 days));
        address from = parties[fromIndex % PARTIES];
        address to = parties[toIndex % PARTIES];
        uint256 balance = token.balanceOf(from);
        uint256 shape = amount % 4;
        amount = shape == 0 ? amount % (balance + 1) : shape == 1 ? balance : shape == 2
            ? amount % 4e9
            : (balance > 4e9 ? balance - amount % 4e9 : amount % (balance + 1));

        uint256 snapshot = vm.snapshotState();
        bytes32 fast = _run(from, to, amount, false);
        vm.revertToState(snapshot);
        bytes32 general = _run(from, to, amount, true);
        assertEq(fast, general, "fast and general path disagree");
        _assertCountFollows(counting < 3);
    }

    /// @dev A harness with `rules`, every party onboarded, parties 0 and 1 holding 1,000,000 each.
    function _deployWithTwoHolders(ITransferRestrictions.TransferRules memory rules) private {
        _deployHarness(rules);
        for (uint256 i = 0; i < PARTIES; ++i) {
            _onboard(parties[i], uint64(START + 365 days), US, CLASS_ACCREDITED);
        }
        _mint(parties[0], 1_000_000e6);
        _mint(parties[1], 1_000_000e6);
    }

    /// @dev Every common shape takes the fast path and costs what the benchmark says; here: the same end state as
    /// the general path for a plain repeat transfer, a first transfer and a sell-out, after a distribution settled.
    function test_commonShapesEndTheSame() public {
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.minHolding = 1_000e6;
        rules.maxHolders = 4;
        rules.blockedCountries = new uint16[](1);
        rules.blockedCountries[0] = NORTH_KOREA;
        _deployWithTwoHolders(rules);
        _distribute(5_000e6, 20_000e6);
        vm.prank(parties[0]);
        token.transfer(parties[1], 10_000e6); // settles both
        _expectSame(parties[0], parties[1], 10_000e6); // repeat
        _expectSame(parties[0], parties[2], 10_000e6); // new holder
        _expectSame(parties[1], parties[0], 1_000_000e6); // a balance topped up
        _expectSame(parties[1], parties[3], token.balanceOf(parties[1])); // sells out to a new holder
        _assertCounts(_parties());
    }

    /// @dev The same shapes on a token without a cap, which does not count: no path writes a count, and the first
    /// transfer to a new holder leaves the hot word as it was.
    function test_commonShapesEndTheSameOnATokenThatDoesNotCount() public {
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.minHolding = 1_000e6;
        rules.blockedCountries = new uint16[](1);
        rules.blockedCountries[0] = NORTH_KOREA;
        _deployWithTwoHolders(rules);
        _assertDoesNotCount();
        uint256 hot = harness.hotWord();
        _expectSame(parties[0], parties[2], 10_000e6); // new holder
        assertEq(harness.hotWord(), hot, "a first transfer on a token that does not count leaves the hot word alone");
        _distribute(5_000e6, 20_000e6);
        _expectSame(parties[0], parties[1], 10_000e6); // repeat, both settle
        _expectSame(parties[1], parties[0], 1_000_000e6); // a balance topped up
        _expectSame(parties[1], parties[3], token.balanceOf(parties[1])); // sells out to a new holder
        _assertDoesNotCount();
    }

    /// @dev After a proof the same shapes move the count on both paths, from the proven number on.
    function test_commonShapesEndTheSameAfterAProof() public {
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.minHolding = 1_000e6;
        _deployWithTwoHolders(rules);
        _mint(parties[4], 5_000e6);
        _countHoldersAmong(_parties());
        _assertCounts(_parties());
        _expectSame(parties[0], parties[2], 10_000e6); // new holder: 4
        _expectSame(parties[4], parties[1], 5_000e6); // sells out to a holder: 3
        _expectSame(parties[1], parties[3], token.balanceOf(parties[1])); // sells out to a new holder: 3
        assertEq(token.holderCount(), 3, "the count moved from the proven number");
        _assertCounts(_parties());
    }

    /// @dev The raw reads of PoolTokenHotWord match the token's own layout.
    function test_theHotWordHelperMatchesTheTokensLayout() public {
        _deployHarness(_openRules());
        (uint256 slot, uint256 holdersShift, uint256 flagsShift, uint8 countingFlag) = harness.hotLayout();
        assertEq(slot, PoolTokenHotWord.SLOT, "slot");
        assertEq(holdersShift, PoolTokenHotWord.HOLDERS_SHIFT, "holder-count shift");
        assertEq(flagsShift, PoolTokenHotWord.FLAGS_SHIFT, "flags shift");
        assertEq(countingFlag, PoolTokenHotWord.COUNTING, "counting flag");
        _countHolders(new address[](0));
        assertEq(_hotWord(), harness.hotWord(), "the raw read is the hot word");
        assertTrue(PoolTokenHotWord.counting(_hotWord()), "the counting flag reads as set");
    }

    /// @dev The fast path's bare registry call fails as the general path's typed call does: a registry revert is
    /// re-raised with its own data, and an answer shorter than two words is refused (empty revert, like the decoder).
    function test_aFailingRegistryFailsBothPathsAlike() public {
        UnreliableKycRegistry unreliable = new UnreliableKycRegistry();
        vm.warp(START);
        cash = new TestStablecoin(admin);
        harness = new PoolTokenGeneralPath(
            "FNMA 2000-Q1 A", "MBS-A", IKycRegistry(address(unreliable)), IERC20Metadata(address(cash)), admin,
            _openRules(), FACE_CAP
        );
        token = harness;
        token.grantRole(token.ISSUER_ROLE(), issuer);
        _mint(parties[0], 1_000e6);
        _expectSame(parties[0], parties[1], 10e6); // a working registry: the fast path moves

        unreliable.setFailure(UnreliableKycRegistry.Failure.Reverts);
        vm.prank(parties[0]);
        vm.expectRevert(abi.encodeWithSelector(UnreliableKycRegistry.RegistryUnavailable.selector, 7));
        token.transfer(parties[1], 10e6);
        vm.prank(parties[0]);
        vm.expectRevert(abi.encodeWithSelector(UnreliableKycRegistry.RegistryUnavailable.selector, 7));
        harness.transferGeneral(parties[1], 10e6);

        unreliable.setFailure(UnreliableKycRegistry.Failure.ShortAnswer);
        vm.prank(parties[0]);
        vm.expectRevert(bytes(""));
        token.transfer(parties[1], 10e6);
        vm.prank(parties[0]);
        vm.expectRevert(bytes(""));
        harness.transferGeneral(parties[1], 10e6);
    }

    function _expectSame(address from, address to, uint256 amount) private {
        uint256 snapshot = vm.snapshotState();
        bytes32 general = _run(from, to, amount, true);
        vm.revertToState(snapshot);
        bytes32 fast = _run(from, to, amount, false);
        assertEq(fast, general, "fast and general path disagree");
        assertEq(token.balanceOf(to) >= amount, true, "the transfer went through");
    }

    /// @dev One transfer, and a digest of everything it may change.
    function _run(address from, address to, uint256 amount, bool generalOnly) private returns (bytes32) {
        vm.recordLogs();
        vm.prank(from);
        (bool ok, bytes memory data) = generalOnly
            ? address(harness).call(abi.encodeCall(PoolTokenGeneralPath.transferGeneral, (to, amount)))
            : address(harness).call(abi.encodeCall(PoolToken.transfer, (to, amount)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        // The count's view too: its answer where the token counts, its refusal where it does not.
        (bool counted, bytes memory count) = address(harness).staticcall(abi.encodeCall(PoolToken.holderCount, ()));
        bytes memory state =
            abi.encode(ok, data, harness.hotWord(), harness.isHolderCountTracked(), counted, count);
        for (uint256 i = 0; i < PARTIES; ++i) {
            address party = parties[i];
            state = abi.encode(state, harness.accountWord(party), harness.accrualWord(party));
        }
        for (uint256 i = 0; i < logs.length; ++i) {
            state = abi.encode(state, logs[i].emitter, logs[i].topics, logs[i].data);
        }
        return keccak256(state);
    }

    /// @dev After the transfer: a token that counts has its count right; one that does not wrote no count.
    function _assertCountFollows(bool counting) private view {
        if (counting) _assertCounts(_parties());
        else _assertDoesNotCount();
    }

    function _parties() private view returns (address[] memory list) {
        list = new address[](PARTIES);
        for (uint256 i = 0; i < PARTIES; ++i) {
            list[i] = parties[i];
        }
    }

    function _deployHarness(ITransferRestrictions.TransferRules memory rules) private {
        vm.warp(START);
        registry = new KycRegistry(admin, compliance);
        cash = new TestStablecoin(admin);
        harness = new PoolTokenGeneralPath(
            "FNMA 2000-Q1 A", "MBS-A", registry, IERC20Metadata(address(cash)), admin, rules, FACE_CAP
        );
        token = harness;
        token.grantRole(token.ISSUER_ROLE(), issuer);
        token.grantRole(token.COMPLIANCE_ROLE(), compliance);
        token.grantRole(token.PAUSER_ROLE(), pauser);
        token.grantRole(token.DISTRIBUTOR_ROLE(), distributor);
        token.grantRole(token.ESCROW_ROLE(), escrow);
        cash.grantRole(cash.MINTER_ROLE(), address(this));
    }

    function _rulesFrom(uint256 seed) private view returns (ITransferRestrictions.TransferRules memory rules) {
        rules = _openRules();
        uint256 shape = seed % 6;
        if (shape == 0) return rules; // no rule at all
        if ((seed >> 8) % 2 == 0) rules.allowedClasses = uint8(bound(seed >> 9, 1, ALL_CLASSES));
        if (shape >= 2) rules.minHolding = uint96(bound(seed >> 16, 1, 5e9));
        if (shape >= 3) rules.maxHolders = uint32(bound(seed >> 48, 1, PARTIES));
        if (shape == 4) rules.lockupUntil = uint40(START + bound(seed >> 64, 0, 20 days));
        uint256 blocked = (seed >> 80) % 3 == 0 ? 0 : (seed >> 80) % 3 == 1 ? 1 : 9; // 9 needs the overflow word
        rules.blockedCountries = new uint16[](blocked);
        for (uint256 i = 0; i < blocked; ++i) {
            rules.blockedCountries[i] = i == 0 ? countries[(seed >> 88) % 4] : uint16(500 + i);
        }
    }

    /// @dev KYC states, balances, a distribution and its settlements, holds, freezes, pause and record dates.
    function _randomState(uint256 seed) private {
        uint256 r = uint256(keccak256(abi.encode(seed, "state")));
        for (uint256 i = 0; i < PARTIES; ++i) {
            uint256 p = uint256(keccak256(abi.encode(r, i)));
            if (p % 11 == 0) continue; // never onboarded
            // Mostly long verifications and every class (so that many transfers pass and the rules on amounts bite),
            // sometimes short ones (expired by the transfer) and a random class set.
            uint64 until = uint64(START + ((p >> 8) % 3 == 0 ? 1 days + (p >> 12) % 60 days : 365 days));
            uint8 classes = (p >> 24) % 2 == 0 ? ALL_CLASSES : uint8(1 + (p >> 28) % ALL_CLASSES);
            _onboard(parties[i], until, countries[(p >> 16) % 4], classes);
            if (p % 13 == 1) {
                vm.prank(compliance);
                registry.setFrozen(parties[i], true);
            }
        }
        for (uint256 i = 0; i < PARTIES; ++i) {
            uint256 p = uint256(keccak256(abi.encode(r, i, "mint")));
            if (p % 4 == 0) continue;
            vm.prank(issuer);
            try token.mint(parties[i], 1 + p % 2e10) {} catch {}
        }
        if (r % 3 != 0 && token.totalSupply() != 0) {
            _distribute(1_000e6 + r % 1e9, 0);
            // Some parties settle the distribution by moving (to themselves, changing nothing else).
            for (uint256 i = 0; i < PARTIES; ++i) {
                if ((r >> (8 + i)) & 1 == 0) continue;
                vm.prank(parties[i]);
                try token.transfer(parties[i], 0) {} catch {}
            }
        }
        if ((r >> 20) % 5 == 0) {
            vm.prank(distributor);
            IWaterfallClassToken(address(token)).markRecordDate();
            // A holder's first move after it is tagged; the fast path must leave tagged holders to the general one.
            vm.prank(parties[(r >> 24) % PARTIES]);
            try token.transfer(parties[(r >> 28) % PARTIES], 1 + (r >> 32) % 1e9) {} catch {}
        }
        if ((r >> 40) % 7 == 0) {
            vm.prank(compliance);
            token.setAddressFrozen(parties[(r >> 44) % PARTIES], true);
        }
        if ((r >> 48) % 6 == 0) {
            address holder = parties[(r >> 52) % PARTIES];
            uint256 part = token.balanceOf(holder) / 3;
            if (part != 0) _setFrozenTokens(holder, part);
        }
        if ((r >> 56) % 6 == 0) {
            address holder = parties[(r >> 60) % PARTIES];
            uint256 part = token.balanceOf(holder) / 4;
            vm.prank(holder);
            token.approve(escrow, part);
            vm.prank(escrow);
            try token.lock(holder, part) {} catch {}
        }
        if ((r >> 64) % 9 == 0) {
            vm.prank(pauser);
            token.pause();
        }
        // Some verifications expire, some lockups end.
        vm.warp(START + (r >> 72) % 40 days);
    }
}
