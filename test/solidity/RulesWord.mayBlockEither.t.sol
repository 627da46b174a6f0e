// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {ITransferRestrictions} from "../../contracts/interfaces/ITransferRestrictions.sol";
import {RulesWord, RulesWordLibrary} from "../../contracts/libraries/RulesWord.sol";

/// @notice The transfer fast path's two-party country test (`mayBlockEither`) against a plain loop: it answers
/// "nothing to ask" exactly when the list fits inline, both codes are valid (0–999) and neither is listed.
contract RulesWordMayBlockEitherTest is Test {
    function testFuzz_answersFalseExactlyWhenNeitherCodeIsListedInline(uint256 seed, uint8 length, uint16 a, uint16 b)
        public
        pure
    {
        uint256 count = bound(length, 0, RulesWordLibrary.MAX_COUNTRIES);
        ITransferRestrictions.TransferRules memory rules;
        rules.allowedClasses = 31;
        rules.blockedCountries = new uint16[](count);
        for (uint256 i; i < count; ++i) {
            rules.blockedCountries[i] = uint16(uint256(keccak256(abi.encode(seed, i))) % 1000);
        }
        // Mostly codes on the list or next to it (where a lane test could slip), sometimes anything, even above 999.
        if (count != 0 && seed % 3 == 0) a = rules.blockedCountries[(seed >> 8) % count];
        if (count != 0 && seed % 5 == 0) b = rules.blockedCountries[(seed >> 16) % count] + 1;
        if (seed % 7 != 0) {
            a = uint16(bound(a, 0, 999));
            b = uint16(bound(b, 0, 999));
        }
        (RulesWord word,) = RulesWordLibrary.encode(rules);

        bool listed;
        for (uint256 i; i < count; ++i) {
            if (rules.blockedCountries[i] == a || rules.blockedCountries[i] == b) listed = true;
        }
        bool mustAsk = count != 0 && (count > RulesWordLibrary.INLINE_COUNTRIES || a > 999 || b > 999);
        assertEq(word.mayBlockEither(a, b), listed || mustAsk);
    }
}
