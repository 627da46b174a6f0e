// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {PoolTokenFixture} from "./helpers/PoolTokenFixture.sol";

/// @notice The packed blocked-country list (7 codes inline next to the other rules, 8 more in an overflow slot,
/// compared lane-parallel): whatever the list and wherever a code sits in it, a country is refused exactly when
/// the list contains it, and the list reads back as it was set.
contract PoolTokenBlockedCountriesTest is PoolTokenFixture {
    address internal investor = makeAddr("investor");

    function setUp() public {
        _deploy(_openRules());
    }

    function testFuzz_aCountryIsRefusedExactlyWhenTheListContainsIt(uint256 seed, uint8 length, uint16 country)
        public
    {
        uint256 count = _bound(length, 0, token.MAX_BLOCKED_COUNTRIES());
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.blockedCountries = new uint16[](count);
        for (uint256 i; i < count; ++i) {
            rules.blockedCountries[i] = uint16(uint256(keccak256(abi.encode(seed, i))) % 1000);
        }
        // Half the runs ask about a listed code (any position, inline or overflow), the rest about any code the
        // registry accepts (0–999).
        country = uint16(_bound(country, 0, 999));
        if (count != 0 && seed % 2 == 0) country = rules.blockedCountries[(seed >> 8) % count];
        _setRules(rules);
        _onboard(investor, uint64(START + 365 days), country, CLASS_ACCREDITED);

        bool listed;
        for (uint256 i; i < count; ++i) {
            if (rules.blockedCountries[i] == country) listed = true;
        }
        assertEq(token.canReceive(investor), !listed, "recipient side");
        assertEq(token.canSend(investor), !listed, "sender side");
        uint16[] memory stored = token.transferRules().blockedCountries;
        assertEq(stored.length, count, "reads back as long as set");
        for (uint256 i; i < count; ++i) {
            assertEq(stored[i], rules.blockedCountries[i], "reads back as set");
        }
    }

    function test_everyPositionOfAFullListIsChecked() public {
        ITransferRestrictions.TransferRules memory rules = _openRules();
        rules.blockedCountries = new uint16[](15);
        for (uint256 i; i < 15; ++i) {
            rules.blockedCountries[i] = uint16(999 - 7 * i); // distinct codes, the largest first
        }
        _setRules(rules);
        for (uint256 i; i < 15; ++i) {
            address listed = makeAddr(string(abi.encode("listed", i)));
            address neighbour = makeAddr(string(abi.encode("neighbour", i)));
            _onboard(listed, uint64(START + 365 days), rules.blockedCountries[i], CLASS_ACCREDITED);
            _onboard(neighbour, uint64(START + 365 days), rules.blockedCountries[i] - 1, CLASS_ACCREDITED);
            assertFalse(token.canReceive(listed), "a listed code is refused");
            assertTrue(token.canReceive(neighbour), "the code next to it is not");
        }
    }
}
