// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {WaterfallMath} from "../../../contracts/waterfall/libraries/WaterfallMath.sol";

/// @notice The allocation rules of the waterfall never create or lose a unit, and never pay a claim above its cap.
contract WaterfallMathFuzz is Test {
    function _caps(uint128[4] memory raw, uint256 n) private pure returns (uint256[] memory caps) {
        caps = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            caps[i] = raw[i];
        }
    }

    function testFuzz_proRataSharesAddUpToWhatIsDistributable(uint128 amount, uint128[4] memory raw, uint8 count)
        public
        pure
    {
        uint256 n = bound(count, 1, 4);
        uint256[] memory caps = _caps(raw, n);
        uint256[] memory shares = WaterfallMath.allocateProRata(amount, caps, caps);
        uint256 total;
        uint256 capTotal;
        for (uint256 i; i < n; ++i) {
            assertLe(shares[i], caps[i]);
            total += shares[i];
            capTotal += caps[i];
        }
        assertEq(total, amount < capTotal ? amount : capTotal);
    }

    function testFuzz_proRataIsFairToTheUnit(uint128 amount, uint128[4] memory raw, uint8 count) public pure {
        uint256 n = bound(count, 2, 4);
        uint256[] memory caps = _caps(raw, n);
        uint256[] memory shares = WaterfallMath.allocateProRata(amount, caps, caps);
        uint256 capTotal;
        for (uint256 i; i < n; ++i) {
            capTotal += caps[i];
        }
        if (capTotal == 0) return;
        uint256 distributable = amount < capTotal ? amount : capTotal;
        // Each share is its exact pro-rata share rounded down, plus at most one unit of dust per claim.
        for (uint256 i; i < n; ++i) {
            uint256 exact = (distributable * caps[i]) / capTotal;
            assertGe(shares[i], exact);
            assertLe(shares[i], exact + n);
        }
    }

    function testFuzz_sequentialPaysInListOrder(uint128 amount, uint128[4] memory raw) public pure {
        uint256[] memory caps = _caps(raw, 4);
        uint256[] memory paid = WaterfallMath.allocateSequential(amount, caps);
        uint256 left = amount;
        for (uint256 i; i < 4; ++i) {
            uint256 expected = left < caps[i] ? left : caps[i];
            assertEq(paid[i], expected);
            left -= expected;
        }
    }

    function testFuzz_accrualRoundsDown(uint128 balance, uint32 ratePpm) public pure {
        uint256 rate = bound(ratePpm, 0, 999_999);
        uint256 interest = WaterfallMath.monthlyAccrual(balance, rate);
        assertLe(interest * 12_000_000, uint256(balance) * rate);
        assertGt((interest + 1) * 12_000_000, uint256(balance) * rate);
    }

    function testFuzz_sumIsTheCheckedTotal(uint256[5] memory raw, uint8 count) public view {
        uint256 n = bound(count, 0, 5);
        uint256[] memory values = new uint256[](n);
        uint256 total;
        bool overflows;
        for (uint256 i; i < n; ++i) {
            values[i] = raw[i];
            unchecked {
                if (total + raw[i] < total) overflows = true;
                total += raw[i];
            }
        }
        if (overflows) {
            try this.sumOf(values) returns (uint256) {
                revert("sum did not revert on overflow");
            } catch (bytes memory reason) {
                assertEq(reason, abi.encodeWithSignature("Panic(uint256)", 0x11));
            }
        } else {
            assertEq(this.sumOf(values), total);
        }
    }

    function testFuzz_proRataWeightsEqualToCapsMatchASeparateWeightArray(uint128 amount, uint128[4] memory raw, uint8 count)
        public
        pure
    {
        uint256 n = bound(count, 1, 4);
        uint256[] memory caps = _caps(raw, n);
        uint256[] memory weights = _caps(raw, n); // equal values, another array
        assertEq(WaterfallMath.allocateProRata(amount, caps, caps), WaterfallMath.allocateProRata(amount, weights, caps));
    }

    function sumOf(uint256[] memory values) external pure returns (uint256) {
        return WaterfallMath.sum(values);
    }
}
