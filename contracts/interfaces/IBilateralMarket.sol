// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IMarketCore} from "./IMarketCore.sol";

/// @title Negotiated trades between two named parties, and requests for quotes
/// @notice The proposer names the counterparty and the terms, and confirms them — optionally escrowing its leg (a
/// seller's tokens locked in its wallet, a buyer's cash held here); the counterparty's confirmation settles the
/// trade at once (DvP, all or nothing), taking any leg not escrowed by allowance. Either party may withdraw before the second confirmation; anyone may clean up after
/// expiry. Only a hash of the terms is stored: the full terms are in `TradeProposed` and are passed back.
/// An RFQ is an event only: dealers answer with `proposeTrade` naming the requester and the RFQ id.
interface IBilateralMarket is IMarketCore {
    /// @notice The terms of a bilateral trade.
    /// @param trancheId The listing.
    /// @param seller Delivers `amount` of original face.
    /// @param buyer Pays the settlement cash.
    /// @param proposer Side of the party that proposed (and escrowed its leg).
    /// @param amount Original face.
    /// @param price Per 100 of current face, PRICE_SCALE decimals.
    /// @param expiry Unix time from which the trade can no longer be confirmed and anyone may withdraw it.
    /// @param escrowed Whether the proposer escrowed its leg at the proposal (certainty for the counterparty, at the
    ///        cost of a lock or a deposit); otherwise both legs move by allowance at the second confirmation and the
    ///        trade fails with the token's or the coin's reason if a leg is no longer there.
    /// @param deposit Cash escrowed by a proposing buyer (0 for a proposing seller).
    struct TradeTerms {
        uint32 trancheId;
        address seller;
        address buyer;
        Side proposer;
        uint96 amount;
        uint64 price;
        uint40 expiry;
        bool escrowed;
        uint128 deposit;
    }

    /// @notice A trade was proposed (the proposer's leg escrowed), answering RFQ `rfqId` (0: none).
    event TradeProposed(
        uint256 indexed tradeId, address indexed token, address indexed proposer, TradeTerms terms, uint256 rfqId
    );
    /// @notice The counterparty confirmed and the trade settled (`Traded` carries the cash); `cashRefunded` is the
    /// part of a proposing buyer's deposit not spent.
    event TradeConfirmed(uint256 indexed tradeId, address indexed by, uint256 cashRefunded);
    /// @notice A proposal was withdrawn before its second confirmation, returning the proposer's leg.
    event TradeWithdrawn(uint256 indexed tradeId, address indexed by, uint256 tokensUnlocked, uint256 cashRefunded);
    /// @notice A request for quotes on `amount` of original face (`side` is the requester's).
    event QuoteRequested(
        uint256 indexed rfqId, address indexed token, address indexed requester, Side side, uint256 amount, uint256 expiry
    );

    /// @notice No open proposal with this id and these terms.
    error MarketUnknownTrade(uint256 tradeId);
    error MarketTradeExpired(uint256 tradeId, uint256 expiry);
    /// @notice Only the counterparty (the party that did not propose) confirms.
    error MarketNotCounterparty(uint256 tradeId, address caller);
    /// @notice Only the two parties withdraw before expiry.
    error MarketNotParty(uint256 tradeId, address caller);

    /// @notice Proposes a trade to `counterparty` and confirms it for the caller (`side` is the caller's). With
    /// `escrowed`, a selling proposer's tokens are locked and a buying proposer escrows `bidDeposit(token, amount,
    /// price, expiry)`; without, nothing moves until the counterparty confirms (both legs then move by allowance).
    function proposeTrade(
        address token,
        address counterparty,
        Side side,
        uint256 amount,
        uint256 price,
        uint256 expiry,
        bool escrowed,
        uint256 rfqId
    ) external returns (uint256 tradeId);

    /// @notice The counterparty's confirmation: settles at once. A buying counterparty pays at most `cashLimit` (fee
    /// included); a selling one receives at least `cashLimit` (fee deducted).
    function confirmTrade(uint256 tradeId, TradeTerms calldata terms, uint256 cashLimit) external;

    /// @notice Withdraws a proposal before its second confirmation (either party; anyone after expiry), returning
    /// the proposer's escrowed leg.
    function withdrawTrade(uint256 tradeId, TradeTerms calldata terms) external;

    /// @notice Announces a request for quotes (event only: no state, no escrow).
    function requestQuote(address token, Side side, uint256 amount, uint256 expiry) external returns (uint256 rfqId);

    /// @notice The stored hash of an open proposal (0: none).
    function tradeHash(uint256 tradeId) external view returns (bytes32);

    /// @notice `keccak256(abi.encode(terms))`, as stored.
    function hashTerms(TradeTerms calldata terms) external pure returns (bytes32);
}
