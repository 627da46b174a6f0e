// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {IBilateralMarket} from "../interfaces/IBilateralMarket.sol";
import {IMarketToken} from "../interfaces/IMarketToken.sol";
import {MarketCore} from "./MarketCore.sol";

/// @title The bilateral desk: negotiated trades between two named parties, and requests for quotes
/// @notice See IBilateralMarket and MarketCore (rounding, guard). One storage slot per open proposal: the hash of
/// its terms, deleted at the second confirmation or at withdrawal, so a proposal settles at most once.
contract BilateralMarket is IBilateralMarket, MarketCore {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    mapping(uint256 tradeId => bytes32) private _trades;

    /// @param admin Receives DEFAULT_ADMIN_ROLE only; it grants the listing and fee roles.
    constructor(address admin) MarketCore(admin) {}

    // --------------------------------------------------------------------------------------------
    // Bilateral trades and RFQ
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc IBilateralMarket
    function proposeTrade(
        address token,
        address counterparty,
        Side side,
        uint256 amount,
        uint256 price,
        uint256 expiry,
        bool escrowed,
        uint256 rfqId
    ) external nonReentrant returns (uint256 tradeId) {
        uint32 trancheId = _listed(token);
        if (price == 0 || price > type(uint64).max) revert MarketInvalidPrice(price);
        if (amount == 0 || amount > type(uint96).max) revert MarketInvalidSize(amount, amount, 0);
        if (expiry <= block.timestamp || expiry > type(uint40).max) revert MarketInvalidExpiry(expiry, block.timestamp);
        if (counterparty == msg.sender || counterparty == address(0)) revert MarketSelfTrade(0, counterparty);
        bool selling = side == Side.Ask;
        uint256 deposit = selling || !escrowed ? 0 : _bidDeposit(_listings[trancheId], amount, price, expiry);
        TradeTerms memory terms = TradeTerms({
            trancheId: trancheId,
            seller: selling ? msg.sender : counterparty,
            buyer: selling ? counterparty : msg.sender,
            proposer: side,
            amount: uint96(amount),
            price: uint64(price),
            expiry: uint40(expiry),
            escrowed: escrowed,
            deposit: deposit.toUint128()
        });
        tradeId = _takeId();
        _trades[tradeId] = keccak256(abi.encode(terms));
        emit TradeProposed(tradeId, token, msg.sender, terms, rfqId);
        if (!escrowed) return tradeId;
        if (selling) IMarketToken(token).lock(msg.sender, amount);
        else _pullCash(IERC20(IMarketToken(token).cashToken()), msg.sender, deposit);
    }

    /// @inheritdoc IBilateralMarket
    function confirmTrade(uint256 tradeId, TradeTerms calldata terms, uint256 cashLimit) external nonReentrant {
        _checkTrade(tradeId, terms);
        if (block.timestamp >= terms.expiry) revert MarketTradeExpired(tradeId, terms.expiry);
        bool sellerProposed = terms.proposer == Side.Ask;
        if (msg.sender != (sellerProposed ? terms.buyer : terms.seller)) revert MarketNotCounterparty(tradeId, msg.sender);
        delete _trades[tradeId];
        Listing memory info = _listings[terms.trancheId];
        if (!terms.escrowed) {
            emit TradeConfirmed(tradeId, msg.sender, 0);
            _settleByAllowance(info, tradeId, terms.seller, terms.buyer, terms.amount, terms.price, sellerProposed, cashLimit);
        } else if (sellerProposed) {
            emit TradeConfirmed(tradeId, msg.sender, 0);
            _buyFromLock(info, tradeId, terms.seller, terms.buyer, terms.amount, terms.price, cashLimit);
        } else {
            Priced memory p = _priceFromEscrow(info, tradeId, terms.amount, terms.price, terms.deposit, cashLimit);
            // Cannot underflow: `_priceFromEscrow` checked total <= deposit.
            uint256 refund = terms.deposit - p.total;
            emit TradeConfirmed(tradeId, msg.sender, refund);
            _sellIntoEscrow(info, tradeId, terms.seller, terms.buyer, terms.amount, terms.price, p, refund);
        }
    }

    /// @inheritdoc IBilateralMarket
    function withdrawTrade(uint256 tradeId, TradeTerms calldata terms) external nonReentrant {
        _checkTrade(tradeId, terms);
        if (msg.sender != terms.seller && msg.sender != terms.buyer && block.timestamp < terms.expiry) {
            revert MarketNotParty(tradeId, msg.sender);
        }
        delete _trades[tradeId];
        IMarketToken token = IMarketToken(_listings[terms.trancheId].token);
        if (!terms.escrowed) {
            emit TradeWithdrawn(tradeId, msg.sender, 0, 0);
        } else if (terms.proposer == Side.Ask) {
            uint256 released = _releasable(token, terms.seller, terms.amount);
            emit TradeWithdrawn(tradeId, msg.sender, released, 0);
            if (released != 0) token.unlock(terms.seller, released);
        } else {
            emit TradeWithdrawn(tradeId, msg.sender, 0, terms.deposit);
            if (terms.deposit != 0) IERC20(token.cashToken()).safeTransfer(terms.buyer, terms.deposit);
        }
    }

    /// @inheritdoc IBilateralMarket
    function requestQuote(address token, Side side, uint256 amount, uint256 expiry)
        external
        nonReentrant
        returns (uint256 rfqId)
    {
        _listed(token);
        if (amount == 0) revert MarketInvalidSize(amount, amount, 0);
        if (expiry <= block.timestamp) revert MarketInvalidExpiry(expiry, block.timestamp);
        rfqId = _takeId();
        emit QuoteRequested(rfqId, token, msg.sender, side, amount, expiry);
    }

    // --------------------------------------------------------------------------------------------
    // Views
    // --------------------------------------------------------------------------------------------

    /// @inheritdoc IBilateralMarket
    function tradeHash(uint256 tradeId) external view returns (bytes32) {
        return _trades[tradeId];
    }

    /// @inheritdoc IBilateralMarket
    function hashTerms(TradeTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    // --------------------------------------------------------------------------------------------
    // Internal
    // --------------------------------------------------------------------------------------------

    function _checkTrade(uint256 tradeId, TradeTerms calldata terms) private view {
        bytes32 stored = _trades[tradeId];
        if (stored == bytes32(0) || stored != keccak256(abi.encode(terms))) revert MarketUnknownTrade(tradeId);
    }
}
