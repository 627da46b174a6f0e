/**
 * The market's contracts as the `mbs` market commands use them: human-readable ABIs (so commands load
 * without compiled artifacts; test/market/contracts.test.ts checks them against the compiled contracts),
 * openers that check the address holds the right contract, and one interface with every error a
 * market transaction can revert with (the venue's, the token's, the stablecoin's), so a refusal is
 * reported by name with its values.
 */
import { Interface, type ContractRunner } from "ethers";

import { errorInterface, openContract, type OpenedContract } from "../chain/index.js";

export const MARKET_CORE_ABI = [
  "function PRICE_SCALE() view returns (uint256)",
  "function trancheIdOf(address token) view returns (uint32)",
  "function quote(address token, uint256 amount, uint256 price) view returns (uint256 currentFace, uint256 principal, uint256 accrued, uint256 accrualDays, uint256 fee)",
  "function bidDeposit(address token, uint256 amount, uint256 price, uint256 expiry) view returns (uint256)",
  "function takerFee() view returns (address recipient, uint16 feeBps)",
  "event Traded(address indexed token, address indexed seller, address indexed buyer, uint256 ref, uint256 amount, uint256 currentFace, uint256 price, uint256 principal, uint256 accrued, uint256 accrualDays, uint256 fee)",
  "error MarketNotListed(address token)",
  "error MarketInvalidPrice(uint256 price)",
  "error MarketInvalidSize(uint256 amount, uint256 minFill, uint256 lotSize)",
  "error MarketInvalidExpiry(uint256 expiry, uint256 time)",
  "error MarketCashAboveLimit(uint256 ref, uint256 cash, uint256 limit)",
  "error MarketCashBelowLimit(uint256 ref, uint256 cash, uint256 limit)",
  "error MarketBidUnderfunded(uint256 ref, uint256 needed, uint256 available)",
  "error MarketSelfTrade(uint256 ref, address account)",
  "error MarketCashShortDelivered(uint256 expected, uint256 received)",
  "error MarketReentrantCall()",
  "error MarketNothingOutstanding(address token)",
  "error MarketBooksClosed(address token, uint256 distributionId, uint256 recordDate)",
] as const;

export const ORDER_BOOK_ABI = [
  ...MARKET_CORE_ABI,
  "function placeAsk(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry) returns (uint256)",
  "function placeBid(address token, uint256 price, uint256 amount, uint256 minFill, uint256 expiry) returns (uint256)",
  "function fill(uint256 orderId, uint256 amount, uint256 cashLimit)",
  "function cancel(uint256 orderId)",
  "function order(uint256 orderId) view returns (tuple(uint256 orderId, address token, address maker, uint8 side, uint256 price, uint256 remaining, uint256 minFill, uint256 expiry, uint256 cash))",
  "function best(address token, uint8 side) view returns (tuple(uint256 orderId, address token, address maker, uint8 side, uint256 price, uint256 remaining, uint256 minFill, uint256 expiry, uint256 cash))",
  "function depth(address token, uint8 side, uint256 levels) view returns (tuple(uint256 price, uint256 amount, uint256 orders)[])",
  "event OrderPlaced(uint256 indexed orderId, address indexed token, address indexed maker, uint8 side, uint256 price, uint256 amount, uint256 minFill, uint256 expiry, uint256 cashDeposit)",
  "event OrderFilled(uint256 indexed orderId, address indexed taker, uint256 amount, uint256 remaining, uint256 cashRefunded)",
  "event OrderCancelled(uint256 indexed orderId, address indexed by, bool expired, uint256 tokensUnlocked, uint256 cashRefunded)",
  "error MarketUnknownOrder(uint256 orderId)",
  "error MarketOrderExpired(uint256 orderId, uint256 expiry)",
  "error MarketInvalidFill(uint256 orderId, uint256 amount, uint256 remaining, uint256 minFill)",
  "error MarketNotCancellable(uint256 orderId, address caller, uint256 expiry)",
] as const;

/** The tranche token functions the commands call (IPoolToken). */
export const TRANCHE_ABI = [
  "function symbol() view returns (string)",
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function transfer(address to, uint256 amount) returns (bool)",
  "function cashToken() view returns (address)",
  "function currentFace() view returns (uint256)",
  "function totalSupply() view returns (uint256)",
  "function recordDatePending() view returns (bool pending, uint256 recordDate)",
  "function distributionCount() view returns (uint256)",
  "function totalLockedOf(address holder) view returns (uint256)",
  "function claimable(address holder) view returns (uint256)",
  "function claim() returns (uint256)",
  "function detectTransferRestriction(address from, address to, uint256 amount) view returns (uint8)",
  "function messageForTransferRestriction(uint8 code) view returns (string)",
  "event Claimed(address indexed holder, uint256 amount)",
  "error TokenTransferRestricted(uint8 code, address from, address to, uint256 amount)",
  "error TokenExceedsLocked(address holder, address escrow, uint256 amount, uint256 locked)",
  "error TokenNothingToClaim(address holder)",
  "error TokenClaimWhileFrozen(address holder)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen)",
] as const;

export const CASH_ABI = [
  "function symbol() view returns (string)",
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
] as const;

/**
 * Every custom error a market transaction can revert with: the venues' own (TrancheMarket,
 * BilateralMarket) and the tranche token's, which a settlement reaches (test/market/refusals.network.test.ts
 * checks the list against the compiled contracts). Decodes the reason of a refused trade for the
 * commands and the dashboard.
 */
export const MARKET_REFUSALS = errorInterface([
  "error AccessControlBadConfirmation()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "error MarketAlreadyListed(address token)",
  "error MarketBidUnderfunded(uint256 ref, uint256 needed, uint256 available)",
  "error MarketBooksClosed(address token, uint256 distributionId, uint256 recordDate)",
  "error MarketCashAboveLimit(uint256 ref, uint256 cash, uint256 limit)",
  "error MarketCashBelowLimit(uint256 ref, uint256 cash, uint256 limit)",
  "error MarketCashShortDelivered(uint256 expected, uint256 received)",
  "error MarketFeeTooHigh(uint16 feeBps, uint16 maxBps)",
  "error MarketInvalidExpiry(uint256 expiry, uint256 time)",
  "error MarketInvalidFill(uint256 orderId, uint256 amount, uint256 remaining, uint256 minFill)",
  "error MarketInvalidPrice(uint256 price)",
  "error MarketInvalidSize(uint256 amount, uint256 minFill, uint256 lotSize)",
  "error MarketNotCancellable(uint256 orderId, address caller, uint256 expiry)",
  "error MarketNotCounterparty(uint256 tradeId, address caller)",
  "error MarketNotListed(address token)",
  "error MarketNotParty(uint256 tradeId, address caller)",
  "error MarketNothingOutstanding(address token)",
  "error MarketOrderExpired(uint256 orderId, uint256 expiry)",
  "error MarketReentrantCall()",
  "error MarketSelfTrade(uint256 ref, address account)",
  "error MarketTradeExpired(uint256 tradeId, uint256 expiry)",
  "error MarketUnknownOrder(uint256 orderId)",
  "error MarketUnknownTrade(uint256 tradeId)",
  "error SafeCastOverflowedUintDowncast(uint8 bits, uint256 value)",
  "error SafeERC20FailedOperation(address token)",
  "error ERC20InsufficientAllowance(address spender, uint256 allowance, uint256 needed)",
  "error ERC20InsufficientBalance(address sender, uint256 balance, uint256 needed)",
  "error ERC20InvalidApprover(address approver)",
  "error ERC20InvalidReceiver(address receiver)",
  "error ERC20InvalidSender(address sender)",
  "error ERC20InvalidSpender(address spender)",
  "error ERC7943CannotReceive(address account)",
  "error ERC7943CannotSend(address account)",
  "error ERC7943CannotTransfer(address from, address to, uint256 amount)",
  "error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen)",
  "error TokenAddressFreezeUnchanged(address account, bool frozen)",
  "error TokenClaimNotAuthorized(address caller, address holder)",
  "error TokenClaimOperatorUnchanged(address holder, address operator, bool approved)",
  "error TokenClaimWhileFrozen(address holder)",
  "error TokenExceedsCurrentFace(uint256 amount, uint256 currentFace)",
  "error TokenExceedsLocked(address holder, address escrow, uint256 amount, uint256 locked)",
  "error TokenExceedsLossesWrittenDown(uint256 amount, uint256 writtenDown)",
  "error TokenFaceCapExceeded(uint256 supplyAfter, uint256 faceCap)",
  "error TokenForcedTransferToSelf(address account)",
  "error TokenFrozenAmountUnchanged(address account, uint256 amount)",
  "error TokenHolderCapWithoutLotSize(uint32 maxHolders)",
  "error TokenHolderCountAlreadyTracked()",
  "error TokenHolderCountNotTracked()",
  "error TokenHolderProofIncomplete(uint256 listedBalance, uint256 totalSupply)",
  "error TokenHolderProofNotAscending(uint256 index, address holder)",
  "error TokenHolderProofZeroBalance(uint256 index, address holder)",
  "error TokenInvalidCountryCode(uint16 country)",
  "error TokenIssuanceClosed()",
  "error TokenNothingOutstanding()",
  "error TokenNothingToClaim(address holder)",
  "error TokenPauseUnchanged(bool paused)",
  "error TokenRecordDatePending(uint256 distributionId)",
  "error TokenRecoveryToSelf(address wallet)",
  "error TokenReentrantCall()",
  "error TokenRulesUnchanged()",
  "error TokenSweepExceedsSurplus(address token, uint256 amount, uint256 surplus)",
  "error TokenSweepToZeroAddress()",
  "error TokenTooManyBlockedCountries(uint256 count, uint256 max)",
  "error TokenTransferRestricted(uint8 code, address from, address to, uint256 amount)",
]);

/** What the order-book commands decode a revert with: the refusals, and any error the ABIs they call declare besides. */
export const MARKET_ERRORS: Interface = errorInterface(ORDER_BOOK_ABI, TRANCHE_ABI, CASH_ABI, MARKET_REFUSALS);

export function openOrderBook(address: string | undefined, runner: ContractRunner, input = "--market"): Promise<OpenedContract> {
  return openContract({ address, abi: ORDER_BOOK_ABI, runner, input, kind: "TrancheMarket", probe: "PRICE_SCALE" });
}

export function openTranche(address: string | undefined, runner: ContractRunner, input = "--token"): Promise<OpenedContract> {
  return openContract({ address, abi: TRANCHE_ABI, runner, input, kind: "tranche token (PoolToken)", probe: "cashToken" });
}

export function openCash(address: string, runner: ContractRunner, input: string): Promise<OpenedContract> {
  return openContract({ address, abi: CASH_ABI, runner, input, kind: "settlement stablecoin", probe: "symbol" });
}

const TERMS = "tuple(uint32 trancheId, address seller, address buyer, uint8 proposer, uint96 amount, uint64 price, uint40 expiry, bool escrowed, uint128 deposit)";

export const BILATERAL_ABI = [
  ...MARKET_CORE_ABI,
  "function proposeTrade(address token, address counterparty, uint8 side, uint256 amount, uint256 price, uint256 expiry, bool escrowed, uint256 rfqId) returns (uint256)",
  `function confirmTrade(uint256 tradeId, ${TERMS} terms, uint256 cashLimit)`,
  `function withdrawTrade(uint256 tradeId, ${TERMS} terms)`,
  "function tradeHash(uint256 tradeId) view returns (bytes32)",
  `event TradeProposed(uint256 indexed tradeId, address indexed token, address indexed proposer, ${TERMS} terms, uint256 rfqId)`,
  "event TradeConfirmed(uint256 indexed tradeId, address indexed by, uint256 cashRefunded)",
  "event TradeWithdrawn(uint256 indexed tradeId, address indexed by, uint256 tokensUnlocked, uint256 cashRefunded)",
  "error MarketUnknownTrade(uint256 tradeId)",
  "error MarketTradeExpired(uint256 tradeId, uint256 expiry)",
  "error MarketNotCounterparty(uint256 tradeId, address caller)",
  "error MarketNotParty(uint256 tradeId, address caller)",
] as const;

/** The same for the bilateral desk's commands. */
export const BILATERAL_ERRORS: Interface = errorInterface(BILATERAL_ABI, TRANCHE_ABI, CASH_ABI, MARKET_REFUSALS);

export function openDesk(address: string | undefined, runner: ContractRunner, input = "--desk"): Promise<OpenedContract> {
  return openContract({ address, abi: BILATERAL_ABI, runner, input, kind: "BilateralMarket", probe: "PRICE_SCALE" });
}
