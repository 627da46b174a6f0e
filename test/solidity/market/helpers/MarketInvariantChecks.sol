// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {MarketHandlerBase} from "./MarketHandlerBase.sol";

/// @notice The escrow invariants every market suite checks against its handler's ghost books, whatever the token.
abstract contract MarketInvariantChecks is Test {
    /// @dev The suite's handler (the one `targetContract` drives).
    function _marketHandler() internal view virtual returns (MarketHandlerBase);

    /// @notice No handler step saw a breach (settling twice, over-filling, an ineligible, unverified or frozen party
    /// settling, a cancel or a close returning anything but exactly what was put in).
    function invariant_noBreach() public view {
        MarketHandlerBase handler = _marketHandler();
        assertEq(handler.violations(), 0, handler.firstViolation());
    }

    /// @notice Σ escrowed cash == the open bids' cash == the market's balance.
    function invariant_escrowedCashEqualsOpenBids() public view {
        MarketHandlerBase handler = _marketHandler();
        assertEq(handler.cash().balanceOf(address(handler.market())), handler.escrowed(), "market cash vs ghost escrow");
        assertEq(handler.openBidCash(), handler.escrowed(), "open bids vs ghost escrow");
    }

    /// @notice Every order the market shows open is open in the ghost books with the same remaining size, and
    /// every closed order is gone for good.
    function invariant_bookMatchesGhosts() public view {
        assertTrue(_marketHandler().bookAgreesWithGhosts(), "book vs ghosts");
    }
}
