// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPoolToken} from "../../../contracts/interfaces/IPoolToken.sol";

/// @notice Builds `countHolders` proofs (docs/adr/0021-holder-counting.md): the complete one, and each way of breaking
/// it together with the exact error the token must refuse it with.
library HolderProofs {
    /// @notice Ways to break a complete proof.
    enum Broken {
        MissingHolder, // one holder left out: the listed balances fall short of the supply
        Duplicate, // one holder listed twice in a row
        Unsorted, // two neighbours swapped
        ZeroBalance, // an address holding nothing, inserted where it sorts
        ZeroAddress // the zero address first (it holds nothing and sorts first, so it is refused as out of order)
    }

    /// @notice The distinct `candidates` with a non-zero balance, in strictly ascending address order: the complete
    /// proof when the candidates hold the whole supply.
    function sortedHolders(IERC20 token, address[] memory candidates) internal view returns (address[] memory holders) {
        holders = new address[](candidates.length);
        uint256 n;
        for (uint256 i = 0; i < candidates.length; ++i) {
            address candidate = candidates[i];
            if (token.balanceOf(candidate) == 0) continue;
            // Insertion into the sorted prefix, skipping a repeat.
            uint256 at = n;
            while (at > 0 && holders[at - 1] > candidate) --at;
            if (at > 0 && holders[at - 1] == candidate) continue;
            for (uint256 j = n; j > at; --j) {
                holders[j] = holders[j - 1];
            }
            holders[at] = candidate;
            ++n;
        }
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(holders, n)
        }
    }

    /// @notice Whether `complete` can be broken `how` (a missing holder needs one, a swap two; `idle`, an address
    /// holding nothing, is needed for a zero-balance entry).
    function canBreak(address[] memory complete, Broken how, address idle) internal pure returns (bool) {
        if (how == Broken.MissingHolder || how == Broken.Duplicate) return complete.length >= 1;
        if (how == Broken.Unsorted) return complete.length >= 2;
        if (how == Broken.ZeroBalance) return idle != address(0);
        return true;
    }

    /// @notice `complete` broken `how` at (or near) position `at`, and the revert data `countHolders` must answer with.
    /// `idle` holds nothing and is not in `complete` (used by `ZeroBalance` only).
    function broken(IERC20 token, address[] memory complete, Broken how, uint256 at, address idle)
        internal
        view
        returns (address[] memory proof, bytes memory expected)
    {
        uint256 n = complete.length;
        if (how == Broken.MissingHolder) {
            at %= n;
            proof = new address[](n - 1);
            uint256 listed;
            for (uint256 i = 0; i < n; ++i) {
                if (i == at) continue;
                proof[i < at ? i : i - 1] = complete[i];
                listed += token.balanceOf(complete[i]);
            }
            expected = abi.encodeWithSelector(
                IPoolToken.TokenHolderProofIncomplete.selector, listed, token.totalSupply()
            );
        } else if (how == Broken.Duplicate) {
            at %= n;
            proof = insert(complete, at + 1, complete[at]);
            expected = abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, at + 1, complete[at]);
        } else if (how == Broken.Unsorted) {
            at %= n - 1;
            proof = copy(complete);
            (proof[at], proof[at + 1]) = (proof[at + 1], proof[at]);
            expected = abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, at + 1, complete[at]);
        } else if (how == Broken.ZeroBalance) {
            at = 0;
            while (at < n && complete[at] < idle) ++at;
            proof = insert(complete, at, idle);
            expected = abi.encodeWithSelector(IPoolToken.TokenHolderProofZeroBalance.selector, at, idle);
        } else {
            proof = insert(complete, 0, address(0));
            expected = abi.encodeWithSelector(IPoolToken.TokenHolderProofNotAscending.selector, 0, address(0));
        }
    }

    /// @notice `list` with `entry` inserted at `at`.
    function insert(address[] memory list, uint256 at, address entry) internal pure returns (address[] memory out) {
        out = new address[](list.length + 1);
        for (uint256 i = 0; i < out.length; ++i) {
            out[i] = i < at ? list[i] : i == at ? entry : list[i - 1];
        }
    }

    function copy(address[] memory list) internal pure returns (address[] memory out) {
        out = new address[](list.length);
        for (uint256 i = 0; i < list.length; ++i) {
            out[i] = list[i];
        }
    }
}
