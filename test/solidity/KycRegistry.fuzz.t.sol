// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test, Vm} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {KycRegistry} from "../../contracts/kyc/KycRegistry.sol";
import {IKycRegistry} from "../../contracts/interfaces/IKycRegistry.sol";
import {InvestorWord} from "../../contracts/libraries/InvestorWord.sol";

contract KycRegistryFuzzTest is Test {
    uint8 internal constant ALL_CLASSES = 31;
    uint256 internal constant START = 1_767_225_600; // 2026-01-01T00:00:00Z
    uint256 internal constant MAX_TERM = 10 * 365 days;
    /// @dev ISO 3166-1 numeric codes are 0–999; tokens pack them in 10 bits.
    uint16 internal constant MAX_COUNTRY = 999;

    address internal compliance = makeAddr("compliance");
    KycRegistry internal registry;

    function setUp() public {
        vm.warp(START);
        registry = new KycRegistry(address(this), compliance);
    }

    function testFuzz_aRecordIsStoredAsWrittenAndVerificationFollowsTheClock(
        address account,
        uint64 term,
        uint16 country,
        uint8 classes,
        uint32 elapsed
    ) public {
        vm.assume(account != address(0));
        IKycRegistry.InvestorUpdate memory update = _update(account, term, country, classes);
        vm.prank(compliance);
        registry.setInvestor(update);

        IKycRegistry.Investor memory stored = registry.investor(account);
        assertEq(stored.verifiedUntil, update.verifiedUntil, "verifiedUntil");
        assertEq(stored.country, update.country, "country");
        assertEq(stored.classes, update.classes, "classes");
        assertFalse(stored.frozen, "a new investor is not frozen");

        vm.warp(block.timestamp + elapsed);
        if (block.timestamp < update.verifiedUntil) {
            assertTrue(registry.isVerified(account), "verified before expiry");
        } else if (block.timestamp > update.verifiedUntil) {
            assertFalse(registry.isVerified(account), "expired after verifiedUntil");
        }
    }

    function testFuzz_invalidRowsAreRefusedWithTheOffendingValues(address account, uint64 verifiedUntil, uint8 classes)
        public
    {
        vm.startPrank(compliance);
        IKycRegistry.InvestorUpdate memory update =
            IKycRegistry.InvestorUpdate(account, verifiedUntil, 840, classes, bytes32(0));
        if (account == address(0)) {
            vm.expectRevert(IKycRegistry.KycZeroAddress.selector);
        } else if (verifiedUntil <= block.timestamp) {
            vm.expectRevert(
                abi.encodeWithSelector(IKycRegistry.KycExpiryInPast.selector, account, verifiedUntil, block.timestamp)
            );
        } else if (classes == 0 || classes > ALL_CLASSES) {
            vm.expectRevert(abi.encodeWithSelector(IKycRegistry.KycInvalidClasses.selector, account, classes));
        }
        registry.setInvestor(update);
        vm.stopPrank();
        bool valid = account != address(0) && verifiedUntil > block.timestamp && classes != 0 && classes <= ALL_CLASSES;
        assertEq(registry.investor(account).classes, valid ? classes : 0, "only a valid row is stored");
    }

    function testFuzz_aCountryCodeAbove999IsRefusedWithTheOffendingValue(address account, uint16 country, bool batch)
        public
    {
        vm.assume(account != address(0));
        country = uint16(_bound(country, MAX_COUNTRY + 1, type(uint16).max));
        IKycRegistry.InvestorUpdate memory update = _update(account, 1 days, 0, 2);
        update.country = country;
        IKycRegistry.InvestorUpdate[] memory rows = new IKycRegistry.InvestorUpdate[](1);
        rows[0] = update;
        vm.prank(compliance);
        vm.expectRevert(abi.encodeWithSelector(IKycRegistry.KycInvalidCountry.selector, account, country));
        if (batch) registry.setInvestors(rows);
        else registry.setInvestor(update);
        assertEq(registry.investor(account).verifiedUntil, 0, "nothing stored");
    }

    function testFuzz_onlyTheComplianceRoleWrites(address caller, address account) public {
        vm.assume(caller != compliance && account != address(0));
        IKycRegistry.InvestorUpdate memory update = _update(account, 1 days, 840, 2);
        IKycRegistry.InvestorUpdate[] memory batch = new IKycRegistry.InvestorUpdate[](1);
        batch[0] = update;
        bytes memory denied = abi.encodeWithSelector(
            IAccessControl.AccessControlUnauthorizedAccount.selector, caller, registry.COMPLIANCE_ROLE()
        );

        vm.startPrank(caller);
        vm.expectRevert(denied);
        registry.setInvestor(update);
        vm.expectRevert(denied);
        registry.setInvestors(batch);
        vm.expectRevert(denied);
        registry.revoke(account, "r");
        vm.expectRevert(denied);
        registry.setFrozen(account, true);
        vm.stopPrank();
    }

    function testFuzz_aBatchEqualsTheSameRowsWrittenOneByOne(uint256 seed, uint8 rows) public {
        rows = uint8(_bound(rows, 1, 8));
        IKycRegistry.InvestorUpdate[] memory batch = new IKycRegistry.InvestorUpdate[](rows);
        for (uint256 i = 0; i < rows; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Few distinct accounts, so that later rows replace earlier ones.
            address account = address(uint160(1 + r % 5));
            batch[i] = _update(account, uint64(r >> 8), uint16(r >> 80), uint8(r >> 96));
        }
        KycRegistry oneByOne = new KycRegistry(address(this), compliance);
        vm.startPrank(compliance);
        registry.setInvestors(batch);
        for (uint256 i = 0; i < rows; ++i) {
            oneByOne.setInvestor(batch[i]);
        }
        vm.stopPrank();
        for (uint160 a = 1; a <= 5; ++a) {
            assertEq(
                abi.encode(registry.investor(address(a))), abi.encode(oneByOne.investor(address(a))), "same record"
            );
        }
    }

    function testFuzz_aBatchWithOneBadRowWritesNothing(uint256 seed, uint8 rows, uint8 badRow) public {
        rows = uint8(_bound(rows, 1, 8));
        badRow = uint8(_bound(badRow, 0, rows - 1));
        IKycRegistry.InvestorUpdate[] memory batch = new IKycRegistry.InvestorUpdate[](rows);
        for (uint256 i = 0; i < rows; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            batch[i] = _update(address(uint160(1 + i)), uint64(r), 840, uint8(r >> 64));
        }
        batch[badRow].classes = 0;
        vm.prank(compliance);
        vm.expectRevert(abi.encodeWithSelector(IKycRegistry.KycInvalidClasses.selector, batch[badRow].account, 0));
        registry.setInvestors(batch);
        for (uint256 i = 0; i < rows; ++i) {
            assertEq(registry.investor(batch[i].account).verifiedUntil, 0, "nothing written");
        }
    }

    function testFuzz_revocationAndFreezeTakeEffectAtOnceAndReverificationKeepsTheFreeze(
        address account,
        uint64 term,
        uint16 country,
        uint8 classes
    ) public {
        vm.assume(account != address(0));
        IKycRegistry.InvestorUpdate memory update = _update(account, term, country, classes);
        vm.startPrank(compliance);
        registry.setInvestor(update);
        assertTrue(registry.isVerified(account), "verified after onboarding");

        registry.revoke(account, "sanctions hit");
        IKycRegistry.Investor memory revoked = registry.investor(account);
        assertEq(revoked.verifiedUntil, 0, "revocation clears verifiedUntil");
        assertEq(revoked.country, update.country, "revocation keeps the country for the record");
        assertEq(revoked.classes, update.classes, "revocation keeps the classes for the record");
        assertFalse(registry.isVerified(account), "revoked at once");

        registry.setInvestor(update);
        registry.setFrozen(account, true);
        assertFalse(registry.isVerified(account), "frozen at once");
        registry.setInvestor(update);
        assertTrue(registry.investor(account).frozen, "re-verification does not lift a freeze");
        assertFalse(registry.isVerified(account), "still frozen after re-verification");
        registry.setFrozen(account, false);
        assertTrue(registry.isVerified(account), "verified again once unfrozen");
        vm.stopPrank();
    }

    function testFuzz_revokingAnUnknownInvestorIsRefused(address account) public {
        vm.prank(compliance);
        vm.expectRevert(abi.encodeWithSelector(IKycRegistry.KycUnknownInvestor.selector, account));
        registry.revoke(account, "r");
    }

    function testFuzz_investorPairReadsBothRecords(address a, address b, uint64 termA, uint64 termB) public {
        vm.assume(a != address(0) && b != address(0) && a != b);
        vm.startPrank(compliance);
        registry.setInvestor(_update(a, termA, 840, 2));
        registry.setInvestor(_update(b, termB, 826, 16));
        registry.setFrozen(b, true);
        vm.stopPrank();
        (IKycRegistry.Investor memory first, IKycRegistry.Investor memory second) = registry.investorPair(a, b);
        assertEq(abi.encode(first), abi.encode(registry.investor(a)), "first of the pair");
        assertEq(abi.encode(second), abi.encode(registry.investor(b)), "second of the pair");
    }

    /// @dev Random onboardings (single and batched), freezes, unfreezes and revocations on three wallets; replaying only
    /// the logs (an update sets the logged word, a revocation clears verifiedUntil, a freeze sets bit 88) must give
    /// every stored word, and each update must log exactly the word it stored with the row's record hash.
    function testFuzz_theLogsAloneRebuildEveryRecord(uint256 seed) public {
        address[3] memory wallets = [address(0xA11CE), address(0xB0B), address(0xCA401)];
        uint256[3] memory replayed;
        vm.recordLogs();
        vm.startPrank(compliance);
        for (uint256 step = 0; step < 12; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address account = wallets[r % 3];
            uint256 action = (r >> 8) % 4;
            IKycRegistry.Investor memory current = registry.investor(account);
            if (action == 0) {
                registry.setInvestor(_update(account, uint64(r >> 16), uint16(r >> 80), uint8(r >> 96)));
            } else if (action == 1) {
                IKycRegistry.InvestorUpdate[] memory rows = new IKycRegistry.InvestorUpdate[](1);
                rows[0] = _update(account, uint64(r >> 16), uint16(r >> 80), uint8(r >> 96));
                registry.setInvestors(rows);
            } else if (action == 2) {
                registry.setFrozen(account, !current.frozen);
            } else if (current.verifiedUntil != 0) {
                registry.revoke(account, bytes32(r));
            }
        }
        vm.stopPrank();

        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = 0; i < logs.length; ++i) {
            uint256 w = _walletIndex(wallets, address(uint160(uint256(logs[i].topics[1]))));
            bytes32 topic = logs[i].topics[0];
            if (topic == IKycRegistry.InvestorUpdated.selector) {
                (uint256 record, bytes32 recordHash) = abi.decode(logs[i].data, (uint256, bytes32));
                assertEq(record >> 89, 0, "nothing above the freeze bit");
                assertEq((record >> 88) & 1, (replayed[w] >> 88) & 1, "an update logs the freeze it kept");
                assertTrue(recordHash != bytes32(0), "the record hash is logged");
                replayed[w] = record;
            } else if (topic == IKycRegistry.InvestorRevoked.selector) {
                replayed[w] &= ~uint256(type(uint64).max);
            } else if (topic == IKycRegistry.InvestorFrozen.selector) {
                bool frozen = abi.decode(logs[i].data, (bool));
                replayed[w] = frozen ? replayed[w] | (1 << 88) : replayed[w] & ~uint256(1 << 88);
            }
        }
        for (uint256 w = 0; w < 3; ++w) {
            (InvestorWord stored,) = registry.investorPairPacked(wallets[w], wallets[w]);
            assertEq(replayed[w], InvestorWord.unwrap(stored), "the replayed logs give the stored word");
        }
    }

    function _walletIndex(address[3] memory wallets, address account) private pure returns (uint256) {
        for (uint256 w = 0; w < 3; ++w) {
            if (wallets[w] == account) return w;
        }
        revert("a log for an unknown wallet");
    }

    /// @dev A valid row: expiry in (now, now + 10 years], country 0–999, classes a non-empty subset of the defined bits.
    function _update(address account, uint64 term, uint16 country, uint8 classes)
        internal
        view
        returns (IKycRegistry.InvestorUpdate memory)
    {
        return IKycRegistry.InvestorUpdate({
            account: account,
            verifiedUntil: uint64(block.timestamp + _bound(term, 1, MAX_TERM)),
            country: uint16(_bound(country, 0, MAX_COUNTRY)),
            classes: uint8(_bound(classes, 1, ALL_CLASSES)),
            recordHash: keccak256(abi.encode(account, term))
        });
    }
}
