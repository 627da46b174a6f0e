// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {IPoolToken} from "../../contracts/interfaces/IPoolToken.sol";
import {IDistributions} from "../../contracts/interfaces/IDistributions.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";
import {RestrictionModel} from "./helpers/RestrictionModel.sol";

/// @notice Random KYC states, classes, countries, expiries, freezes, locks and rules against the token's
/// own answer: a transfer goes through iff `detectTransferRestriction` said 0, a refusal carries that code,
/// and the code names a rule the independent model says is broken. On tokens that count their holders (deployed with
/// a cap, or proven by `countHolders` before or after the positions were built) and on tokens that do not (no cap can
/// be set there, and the count stays unwritten: docs/adr/0021-holder-counting.md).
contract PoolTokenTransferFuzzTest is PoolTokenFixture {
    /// @dev Time passes between onboarding and the transfer, so that some verifications have expired.
    uint256 internal constant ELAPSED = 30 days;
    uint256 internal constant MAX_BALANCE = 1e15;
    uint8 internal constant PARTIES = 4;

    address[PARTIES] internal parties;
    address[2] internal fillers;
    address internal neverOnboarded = makeAddr("never-onboarded");
    address internal operator = makeAddr("operator");

    /// @dev How the arranged token comes to count its holders, if it does.
    enum Counting {
        FromDeployment, // deployed with a cap in its initial rules
        ProvenWhenFresh, // deployed without one, `countHolders([])` before any issuance
        ProvenWithPositions, // deployed without one, `countHolders` over the built positions (locks, freezes, KYC)
        Not // deployed without one, never proven: no cap may be set
    }

    mapping(address account => RestrictionModel.Party) internal model;
    Counting internal counting;
    bool internal paused;
    ITransferRestrictions.TransferRules internal rules;

    function setUp() public {
        for (uint256 i = 0; i < PARTIES; ++i) {
            parties[i] = makeAddr(string.concat("party-", vm.toString(i)));
        }
        fillers[0] = makeAddr("filler-0");
        fillers[1] = makeAddr("filler-1");
    }

    function testFuzz_transferGoesThroughIffNoRestrictionAndRefusalCarriesTheCode(
        uint256 seed,
        uint8 fromIndex,
        uint8 toIndex,
        uint8 amountMode,
        uint256 rawAmount,
        bool viaTransferFrom
    ) public {
        _arrange(seed);
        address from = parties[fromIndex % PARTIES];
        address to = _recipient(toIndex);
        vm.assume(from != to);
        uint256 amount = _pickAmount(model[from], amountMode, rawAmount);

        uint8 code = token.detectTransferRestriction(from, to, amount);
        _assertCodeMatchesModel(code, from, to, amount);
        if (code == uint8(ITransferRestrictions.Restriction.InsufficientBalance)) {
            // ERC-7943: a mere shortfall never fails canTransfer; it answers for the sender holding `amount`, which
            // the rules then decide exactly as for a sender that does.
            uint256 held = token.balanceOf(from);
            uint8 withBalance = _codeIfHolding(from, to, amount, amount - held);
            if (withBalance != type(uint8).max && held != 0) {
                assertEq(token.canTransfer(from, to, amount), withBalance == 0, "canTransfer ignores the shortfall only");
            }
        } else {
            assertEq(token.canTransfer(from, to, amount), code == 0, "canTransfer agrees with the reason code");
        }
        if (!registry.isVerified(from) || !registry.isVerified(to)) {
            // Including the second of expiry itself, where the model leaves the choice open.
            assertTrue(code != 0, "the token refuses a party the registry does not verify");
        }
        if (code == 0) {
            assertTrue(token.canSend(from) && token.canReceive(to), "an allowed transfer has a sender and a receiver");
        }

        uint256 fromBefore = token.balanceOf(from);
        uint256 toBefore = token.balanceOf(to);
        uint256 supplyBefore = token.totalSupply();
        (bool ok, bytes memory returned) = _send(from, to, amount, viaTransferFrom);

        assertEq(ok, code == 0, "the transfer goes through iff the reason code is 0");
        if (ok) {
            assertEq(token.balanceOf(from), fromBefore - amount, "sender debited");
            assertEq(token.balanceOf(to), toBefore + amount, "recipient credited");
            assertEq(token.totalSupply(), supplyBefore, "supply unchanged");
        } else {
            assertEq(returned, _restricted(code, from, to, amount), "the refusal carries the same reason code");
        }
        _assertCountFollowsTheFlag();
    }

    function testFuzz_mintGoesThroughIffTheRecipientMayHoldAndRefusalCarriesTheCode(
        uint256 seed,
        uint8 toIndex,
        uint256 amount
    ) public {
        _arrange(seed);
        address to = _recipient(toIndex);
        amount = _bound(amount, 0, MAX_BALANCE);
        (uint256 definite, uint256 maybe) = _mintViolations(to, amount);

        uint256 before = token.balanceOf(to);
        vm.prank(issuer);
        (bool ok, bytes memory returned) = address(token).call(abi.encodeCall(token.mint, (to, amount)));
        if (definite != 0) assertFalse(ok, "a mint to a recipient outside the rules went through");
        if (definite == 0 && maybe == 0) assertTrue(ok, "a mint to an eligible recipient was refused");
        if (ok) {
            assertEq(token.balanceOf(to), before + amount, "recipient credited");
        } else {
            _assertRefusal(returned, definite | maybe, address(0), to, amount);
        }
        _assertCountFollowsTheFlag();
    }

    /// @dev Issuance applies the recipient's rules but not the sender's or the lockup: the issuer stands in
    /// as a sender that passes every sender-side rule and never runs dry.
    function _mintViolations(address to, uint256 amount) internal view returns (uint256 definite, uint256 maybe) {
        RestrictionModel.Context memory ctx = _context();
        ctx.rules.lockupUntil = 0;
        RestrictionModel.Party memory issuance;
        issuance.verifiedUntil = type(uint64).max;
        issuance.balance = type(uint128).max;
        return RestrictionModel.violations(ctx, issuance, _recipientModel(to), amount);
    }

    function _assertRefusal(bytes memory returned, uint256 allowedCodes, address from, address to, uint256 amount)
        internal
        pure
    {
        assertEq(bytes4(returned), ITransferRestrictions.TokenTransferRestricted.selector, "refused with a reason code");
        (uint8 code, address f, address t, uint256 a) = _decodeRestricted(returned);
        assertTrue(allowedCodes & (1 << code) != 0, "the reason code names a rule that holds");
        assertEq(abi.encode(f, t, a), abi.encode(from, to, amount), "the revert names the transfer");
    }

    function test_everyReasonCodeHasAMessage() public {
        _deploy(_openRules());
        for (uint8 code = 0; code <= uint8(type(ITransferRestrictions.Restriction).max); ++code) {
            assertGt(bytes(token.messageForTransferRestriction(code)).length, 0, vm.toString(code));
        }
    }

    // ---------------------------------------------------------------- arrangement

    function _arrange(uint256 seed) internal {
        counting = Counting(uint256(keccak256(abi.encode(seed, "counting"))) % 4);
        ITransferRestrictions.TransferRules memory initial = _openRules();
        if (counting == Counting.FromDeployment) {
            // A cap far above anything arranged here; `_arrangeRules` replaces it (removing it keeps the count).
            initial.maxHolders = 1_000;
            initial.minHolding = 1;
        }
        _deploy(initial);
        if (counting == Counting.ProvenWhenFresh) _countHolders(new address[](0));
        // Everyone starts verified in every class so that issuance and locks succeed; the random
        // state is applied afterwards, the way it happens in real life.
        uint64 longAgo = uint64(START + 365 days);
        for (uint256 i = 0; i < PARTIES; ++i) {
            _onboard(parties[i], longAgo, US, ALL_CLASSES);
        }
        for (uint256 i = 0; i < fillers.length; ++i) {
            _onboard(fillers[i], longAgo, US, ALL_CLASSES);
            _mint(fillers[i], MAX_BALANCE);
        }
        for (uint256 i = 0; i < PARTIES; ++i) {
            _arrangePosition(parties[i], uint256(keccak256(abi.encode(seed, "position", i))));
        }
        for (uint256 i = 0; i < PARTIES; ++i) {
            _arrangeInvestor(parties[i], uint256(keccak256(abi.encode(seed, "investor", i))));
        }
        // The proof reads balances only: locked, frozen, revoked and expired holders count like any other.
        if (counting == Counting.ProvenWithPositions) _countHoldersAmong(_everyone());
        assertEq(token.isHolderCountTracked(), counting != Counting.Not, "the token counts as arranged");
        _arrangeRules(uint256(keccak256(abi.encode(seed, "rules"))));
        if (uint256(keccak256(abi.encode(seed, "pause"))) % 16 == 0) {
            vm.prank(pauser);
            token.pause();
            paused = true;
        }
        vm.warp(START + ELAPSED);
        // The model's count is the token's, where the token keeps one.
        _assertCountFollowsTheFlag();
        if (counting != Counting.Not) assertEq(token.holderCount(), _holderCount(), "the model counts as the token");
    }

    function _arrangePosition(address account, uint256 r) internal {
        RestrictionModel.Party storage p = model[account];
        p.account = account;
        if (r % 5 == 0) return;
        p.balance = _bound(r >> 8, 1, MAX_BALANCE);
        _mint(account, p.balance);
        if ((r >> 64) % 3 == 0) {
            p.locked = _bound(r >> 72, 0, p.balance);
            vm.prank(account);
            token.approve(escrow, p.locked);
            vm.prank(escrow);
            token.lock(account, p.locked);
        }
        if ((r >> 128) % 3 == 0) {
            p.frozenTokens = _bound(r >> 136, 0, p.balance - p.locked);
            _setFrozenTokens(account, p.frozenTokens);
        }
    }

    function _arrangeInvestor(address account, uint256 r) internal {
        RestrictionModel.Party storage p = model[account];
        p.classes = uint8(1 + (r % ALL_CLASSES));
        uint16[6] memory countries = [US, US, US, CANADA, UK, NORTH_KOREA];
        p.country = countries[(r >> 8) % 6];
        // Each rule is broken rarely enough that about a quarter of the arranged transfers are allowed.
        uint256 kycState = (r >> 16) % 32;
        if (kycState == 0) {
            p.verifiedUntil = uint64(START + 1 + ((r >> 24) % (ELAPSED - 1))); // expires before the transfer
        } else if (kycState == 1) {
            p.verifiedUntil = uint64(START + ELAPSED); // expires the very second of the transfer
        } else {
            p.verifiedUntil = uint64(START + ELAPSED + 1 + ((r >> 24) % 365 days));
        }
        _onboard(account, p.verifiedUntil, p.country, p.classes);
        if (kycState == 2) {
            vm.prank(compliance);
            registry.revoke(account, "fuzz");
            p.verifiedUntil = 0;
        }
        if ((r >> 64) % 16 == 0) {
            vm.prank(compliance);
            registry.setFrozen(account, true);
            p.frozen = true;
        }
        if ((r >> 72) % 16 == 0) {
            vm.prank(compliance);
            token.setAddressFrozen(account, true);
            p.frozen = true;
        }
    }

    function _arrangeRules(uint256 r) internal {
        rules.allowedClasses = r % 2 == 0 ? ALL_CLASSES : uint8(1 + ((r >> 8) % ALL_CLASSES));
        if ((r >> 16) % 3 == 0) rules.minHolding = uint64(_bound(r >> 24, 1, MAX_BALANCE / 2));
        if ((r >> 64) % 3 == 0) {
            uint256 holders = fillers.length;
            for (uint256 i = 0; i < PARTIES; ++i) {
                if (model[parties[i]].balance != 0) ++holders;
            }
            // Around the current count, where the cap bites.
            rules.maxHolders = uint32(holders + ((r >> 72) % 3)) - 1;
            // A cap needs a lot size (a cap counted from one unit could be filled with dust).
            if (rules.maxHolders != 0 && rules.minHolding == 0) rules.minHolding = 1;
            if (rules.maxHolders != 0 && counting == Counting.Not) {
                // A cap needs a count: refused, and nothing changes; the rules go in without it.
                bytes memory before = abi.encode(token.transferRules());
                vm.prank(compliance);
                vm.expectRevert(abi.encodeWithSelector(IPoolToken.TokenHolderCountNotTracked.selector));
                token.setTransferRules(rules);
                assertEq(abi.encode(token.transferRules()), before, "a refused cap leaves the rules as they were");
                rules.maxHolders = 0;
            }
        }
        uint256 lockup = (r >> 80) % 16;
        if (lockup == 0) rules.lockupUntil = uint40(START + ELAPSED + 1 + ((r >> 88) % 2 days));
        else if (lockup == 1) rules.lockupUntil = uint40(START + ELAPSED);
        else if (lockup == 2) rules.lockupUntil = uint40(START + 1 + ((r >> 88) % (ELAPSED - 1)));
        if ((r >> 128) % 4 == 0) rules.blockedCountries.push(NORTH_KOREA);
        if ((r >> 136) % 4 == 0) rules.blockedCountries.push(UK);
        _setRules(rules);
    }

    // ---------------------------------------------------------------- helpers

    /// @dev Mostly a party; one time in nine an address that can never receive.
    function _recipient(uint8 index) internal view returns (address) {
        uint8 i = index % 9;
        if (i < 2 * PARTIES) return parties[i % PARTIES];
        uint8 outsider = (index / 9) % 3;
        if (outsider == 0) return neverOnboarded;
        if (outsider == 1) return address(0);
        return address(token);
    }

    function _pickAmount(RestrictionModel.Party memory p, uint8 mode, uint256 raw) internal view returns (uint256) {
        uint256 encumbered = p.frozenTokens + p.locked;
        uint256 free = p.balance > encumbered ? p.balance - encumbered : 0;
        uint8 m = mode % 8;
        if (m == 0) return p.balance;
        if (m == 1) return free;
        if (m == 2) return free + 1;
        if (m == 3) return p.balance >= rules.minHolding ? p.balance - rules.minHolding + 1 : 1;
        if (m == 4) return 0;
        return _bound(raw, 0, p.balance + 1);
    }

    function _assertCodeMatchesModel(uint8 code, address from, address to, uint256 amount) internal view {
        RestrictionModel.Context memory ctx = _context();
        (uint256 definite, uint256 maybe) = RestrictionModel.violations(ctx, model[from], _recipientModel(to), amount);
        if (definite == 0 && maybe == 0) assertEq(code, 0, "no rule is broken, yet the token refuses");
        if (definite != 0) assertTrue(code != 0, "a rule is broken, yet the token allows the transfer");
        if (code != 0) {
            assertTrue((definite | maybe) & (1 << code) != 0, "the reason code names a rule that holds");
        }
    }

    function _recipientModel(address to) internal view returns (RestrictionModel.Party memory p) {
        p = model[to];
        p.account = to;
    }

    function _context() internal view returns (RestrictionModel.Context memory) {
        return RestrictionModel.Context({
            token: address(token),
            paused: paused,
            timestamp: block.timestamp,
            holderCountTracked: counting != Counting.Not,
            holderCount: _holderCount(),
            rules: rules
        });
    }

    /// @dev The model's count of the token's holders where the token counts them; 0 where it does not.
    function _holderCount() internal view returns (uint256 holders) {
        if (counting == Counting.Not) return 0;
        holders = fillers.length;
        for (uint256 i = 0; i < PARTIES; ++i) {
            if (model[parties[i]].balance != 0) ++holders;
        }
    }

    /// @dev The token counts exactly as arranged, and where it counts its count is every non-zero balance.
    function _assertCountFollowsTheFlag() internal view {
        if (counting == Counting.Not) _assertDoesNotCount();
        else _assertCounts(_everyone());
    }

    function _everyone() internal view returns (address[] memory list) {
        list = new address[](PARTIES + fillers.length);
        for (uint256 i = 0; i < PARTIES; ++i) {
            list[i] = parties[i];
        }
        for (uint256 i = 0; i < fillers.length; ++i) {
            list[PARTIES + i] = fillers[i];
        }
    }

    function _decodeRestricted(bytes memory returned)
        internal
        pure
        returns (uint8 code, address from, address to, uint256 amount)
    {
        bytes memory args = new bytes(returned.length - 4);
        for (uint256 i = 0; i < args.length; ++i) {
            args[i] = returned[i + 4];
        }
        return abi.decode(args, (uint8, address, address, uint256));
    }

    /// @dev The reason code if `from` held `extra` more, read in a snapshot that is rolled back (issuance may be closed or
    /// the mint refused, in which case the balance is written directly: only the answer matters here).
    function _codeIfHolding(address from, address to, uint256 amount, uint256 extra) internal returns (uint8 code) {
        uint256 snapshot = vm.snapshotState();
        vm.prank(issuer);
        (bool minted,) = address(token).call(abi.encodeCall(token.mint, (from, extra)));
        if (!minted) {
            vm.revertToState(snapshot);
            return type(uint8).max; // cannot build the state: skip the comparison below
        }
        code = token.detectTransferRestriction(from, to, amount);
        vm.revertToState(snapshot);
    }

    function _send(address from, address to, uint256 amount, bool viaTransferFrom)
        internal
        returns (bool ok, bytes memory returned)
    {
        if (!viaTransferFrom) {
            vm.prank(from);
            return address(token).call(abi.encodeCall(IERC20.transfer, (to, amount)));
        }
        vm.prank(from);
        // At least one unit: a spender without any allowance is refused even for zero (issue 7, hole 8).
        token.approve(operator, amount == 0 ? 1 : amount);
        vm.prank(operator);
        return address(token).call(abi.encodeCall(IERC20.transferFrom, (from, to, amount)));
    }
}

/// @notice Distribution math against an independent pro-rata computation.
contract PoolTokenDistributionFuzzTest is PoolTokenFixture {
    uint256 internal constant HOLDERS = 4;
    uint256 internal constant MAX_BALANCE = 1e15;
    uint256 internal constant MAX_CASH = 1e15;

    address[HOLDERS] internal holders;

    function setUp() public {
        _deploy(_openRules());
        for (uint256 i = 0; i < HOLDERS; ++i) {
            holders[i] = makeAddr(string.concat("holder-", vm.toString(i)));
            _onboard(holders[i], uint64(START + 3650 days), US, ALL_CLASSES);
        }
    }

    function testFuzz_eachHolderCanClaimItsProRataShareOfOneDistribution(
        uint256[HOLDERS] memory balances,
        uint256 interest,
        uint256 principal
    ) public {
        uint256 supply = _issue(balances);
        interest = _bound(interest, 0, MAX_CASH);
        principal = _bound(principal, 0, supply);
        _distribute(interest, principal);

        uint256 paid = interest + principal;
        uint256 sumClaimable;
        for (uint256 i = 0; i < HOLDERS; ++i) {
            uint256 exact = Math.mulDiv(token.balanceOf(holders[i]), paid, supply);
            uint256 claimable = token.claimable(holders[i]);
            assertLe(claimable, exact, "never more than the pro-rata share");
            assertLe(exact - claimable, 1, "at most one unit short of the pro-rata share");
            sumClaimable += claimable;
        }
        (uint256 distributed, uint256 claimed, uint256 dust) = token.cashTotals();
        assertEq(distributed, paid, "distributed total");
        assertEq(claimed, 0, "nothing claimed yet");
        assertLe(sumClaimable + dust, paid, "claimable plus dust never exceeds the cash paid in");
        assertLe(paid - sumClaimable - dust, HOLDERS, "unaccounted rounding is below one unit per holder");
        assertEq(cash.balanceOf(address(token)), paid, "the token holds the cash it owes");
    }

    function testFuzz_cashEarnedStaysWithTheHolderOfRecordWhateverMovesAfterwards(uint256 seed) public {
        uint256[HOLDERS] memory balances;
        for (uint256 i = 0; i < HOLDERS; ++i) {
            balances[i] = uint256(keccak256(abi.encode(seed, "balance", i)));
        }
        uint256 supply = _issue(balances);
        // earned[i] * supply = Σ over distributions of balance-at-the-time × cash (exact, no rounding).
        uint256[HOLDERS] memory earnedTimesSupply;
        uint256[HOLDERS] memory received;
        uint256 rounds = 1 + seed % 6;
        for (uint256 round = 0; round < rounds; ++round) {
            uint256 r = uint256(keccak256(abi.encode(seed, "round", round)));
            uint256 principal = _bound(r >> 64, 0, token.currentFace() / 4);
            uint256 interest = _bound(r, 0, MAX_CASH);
            for (uint256 i = 0; i < HOLDERS; ++i) {
                earnedTimesSupply[i] += token.balanceOf(holders[i]) * (interest + principal);
            }
            _distribute(interest, principal);
            _moveSomething(r);
            uint256 claimant = (r >> 160) % (HOLDERS + 1);
            if (claimant < HOLDERS && token.claimable(holders[claimant]) != 0) {
                uint256 cashBefore = cash.balanceOf(holders[claimant]);
                uint256 owed = token.claimable(holders[claimant]);
                vm.prank(holders[claimant]);
                assertEq(token.claim(), owed, "claim returns what was claimable");
                assertEq(cash.balanceOf(holders[claimant]) - cashBefore, owed, "claim pays what was claimable");
                received[claimant] += owed;
            }
        }
        for (uint256 i = 0; i < HOLDERS; ++i) {
            uint256 exact = earnedTimesSupply[i] / supply;
            uint256 total = received[i] + token.claimable(holders[i]);
            assertLe(total, exact, "a holder never gets more than it earned");
            assertLe(exact - total, 1, "a holder gets what it earned as holder of record, to one unit");
        }
    }

    function testFuzz_factorNeverIncreasesAndTracksCurrentFace(uint256 seed) public {
        uint256[HOLDERS] memory balances;
        for (uint256 i = 0; i < HOLDERS; ++i) {
            balances[i] = uint256(keccak256(abi.encode(seed, "balance", i)));
        }
        uint256 supply = _issue(balances);
        assertEq(token.factor(), 1e18, "a new tranche is at par");
        uint256 expectedFace = supply;
        uint256 previousFactor = token.factor();
        for (uint256 step = 0; step < 6; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, "step", step)));
            uint256 amount = _bound(r >> 8, 0, expectedFace);
            if (r % 3 == 0) {
                vm.prank(distributor);
                token.allocateLoss(amount);
            } else {
                _distribute(_bound(r >> 128, 0, MAX_CASH), amount);
            }
            expectedFace -= amount;
            uint256 factor = token.factor();
            assertLe(factor, previousFactor, "the factor never increases");
            assertEq(token.currentFace(), expectedFace, "current face falls one for one with principal and losses");
            assertApproxEqAbs(factor, expectedFace * 1e18 / supply, 1, "factor = current face / original face");
            for (uint256 i = 0; i < HOLDERS; ++i) {
                uint256 balance = token.balanceOf(holders[i]);
                uint256 exactFace = Math.mulDiv(balance, expectedFace, supply);
                assertLe(token.currentFaceOf(holders[i]), exactFace, "holder face never above the exact share");
                assertGe(token.currentFaceOf(holders[i]), balance * factor / 1e18, "holder face >= balance x factor");
            }
            previousFactor = factor;
        }
    }

    function testFuzz_principalAboveCurrentFaceIsRefused(uint256[HOLDERS] memory balances, uint256 excess) public {
        uint256 supply = _issue(balances);
        excess = _bound(excess, 1, MAX_CASH);
        cash.mint(distributor, supply + excess);
        vm.startPrank(distributor);
        cash.approve(address(token), supply + excess);
        vm.expectRevert(abi.encodeWithSelector(IDistributions.TokenExceedsCurrentFace.selector, supply + excess, supply));
        token.distribute(0, supply + excess);
        vm.stopPrank();
    }

    function _issue(uint256[HOLDERS] memory balances) internal returns (uint256 supply) {
        for (uint256 i = 0; i < HOLDERS; ++i) {
            uint256 b = _bound(balances[i], 0, MAX_BALANCE);
            if (i == 0 && b == 0) b = 1; // somebody must hold the tranche
            if (b != 0) _mint(holders[i], b);
            supply += b;
        }
    }

    /// @dev A transfer, a lock or a freeze between distributions: none may move cash already earned.
    function _moveSomething(uint256 r) internal {
        address from = holders[(r >> 8) % HOLDERS];
        address to = holders[(r >> 16) % HOLDERS];
        uint256 amount = _bound(r >> 24, 0, token.balanceOf(from) - token.totalLockedOf(from) - token.getFrozenTokens(from));
        uint256 action = (r >> 96) % 3;
        if (action == 0) {
            vm.prank(from);
            token.transfer(to, amount);
        } else if (action == 1) {
            vm.prank(from);
            token.approve(escrow, amount);
            vm.prank(escrow);
            token.lock(from, amount);
        } else {
            uint256 frozen = token.getFrozenTokens(from) + amount;
            _setFrozenTokens(from, frozen);
        }
    }
}

/// @notice Forced transfers against frozen and escrow-locked amounts: enforcement may take locked tokens, but it
/// must never leave a lock that the balance no longer backs (design invariant 6: locked <= balance).
contract PoolTokenEnforcementFuzzTest is PoolTokenFixture {
    uint256 internal constant MAX_BALANCE = 1e15;

    address internal holder = makeAddr("holder");
    address internal receiver = makeAddr("receiver");

    function setUp() public {
        _deploy(_openRules());
        _onboard(holder, uint64(START + 365 days), US, ALL_CLASSES);
        _onboard(receiver, uint64(START + 365 days), US, ALL_CLASSES);
    }

    /// @dev Found by the invariant campaign (`npm run fuzz`): with frozen + locked above the balance — which
    /// `setFrozenTokens` allows — a forced transfer takes its shortfall from the frozen part first and leaves
    /// the lock untouched, so lockedOf ends above balanceOf and the escrow's settlement can never go through.
    function test_aForcedTransferNeverLeavesMoreLockedThanTheBalance() public {
        _holdWithLockAndFreeze(10_000, 6_000, 10_000);

        vm.prank(compliance);
        token.forcedTransfer(holder, receiver, 9_000);

        assertEq(token.balanceOf(holder), 1_000, "the forced amount left");
        assertLe(token.totalLockedOf(holder), token.balanceOf(holder), "locked <= balance after enforcement");
    }

    function testFuzz_aForcedTransferNeverLeavesMoreLockedThanTheBalance(
        uint256 balance,
        uint256 locked,
        uint256 frozen,
        uint256 amount
    ) public {
        balance = _bound(balance, 1, MAX_BALANCE);
        locked = _bound(locked, 0, balance);
        frozen = _bound(frozen, 0, 2 * balance); // ERC-7943 lets the frozen amount exceed the balance
        amount = _bound(amount, 0, balance);
        _holdWithLockAndFreeze(balance, locked, frozen);

        vm.prank(compliance);
        token.forcedTransfer(holder, receiver, amount);

        assertEq(token.balanceOf(holder), balance - amount, "the forced amount left");
        assertEq(token.balanceOf(receiver), amount, "and arrived");
        assertLe(token.totalLockedOf(holder), token.balanceOf(holder), "locked <= balance after enforcement");
        assertLe(token.totalLockedOf(holder), locked, "enforcement never adds to a lock");
        assertLe(token.getFrozenTokens(holder), frozen, "enforcement never adds to a freeze");
    }

    function _holdWithLockAndFreeze(uint256 balance, uint256 locked, uint256 frozen) internal {
        _mint(holder, balance);
        vm.prank(holder);
        token.approve(escrow, locked);
        vm.prank(escrow);
        token.lock(holder, locked);
        _setFrozenTokens(holder, frozen);
    }
}
