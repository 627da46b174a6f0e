/**
 * The slices of the contracts' ABIs the dashboard reads: the events that rebuild a pool's life
 * (distributions, losses, reports, waterfall lines, orders, trades, transfers) and the views that
 * give the live state (factor, face, holders, reserve, triggers, the order book).
 */
import { Interface } from "ethers";


const REPORT =
  "tuple(uint32 period, uint128 interestCollected, uint128 servicingFee, uint128 trusteeFee, uint128 scheduledPrincipal, uint128 curtailments, uint128 payoffs, uint32 payoffCount, uint128 liquidationProceeds, uint128 realizedLoss, uint128 recoveries, tuple(uint32 count, uint128 balance) delinquent30, tuple(uint32 count, uint128 balance) delinquent60, tuple(uint32 count, uint128 balance) delinquent90Plus, tuple(uint32 count, uint128 balance) foreclosure, tuple(uint32 count, uint128 balance) reo, uint32 endingLoanCount, uint128 endingPoolBalance, bytes32 loanRoot, bytes32 fileHash, uint256 reconciliationWarnings)";

export const LOAN_POOL = new Interface([
  "function dealTerms() view returns (tuple(string dealId, string name, bool passThrough, uint256 overcollateralizationCents))",
  "function tranches() view returns (tuple(address token, uint32 couponPpm, uint8 seniority, uint256 originalFaceCents)[])",
  "function commitment() view returns (tuple(bytes32 merkleRoot, bytes32 tapeHash, bytes32 statsHash, bytes32 rulesHash, uint256 upbCents, uint64 loanCount, uint64 cutoffDate))",
]);

export const POOL_TOKEN = new Interface([
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function totalSupply() view returns (uint256)",
  "function factor() view returns (uint256)",
  "function currentFace() view returns (uint256)",
  "function holderCount() view returns (uint256)",
  "error TokenHolderCountNotTracked()",
  "function balanceOf(address) view returns (uint256)",
  "function currentFaceOf(address) view returns (uint256)",
  "function claimable(address) view returns (uint256)",
  "function totalLockedOf(address) view returns (uint256)",
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event Distributed(uint256 indexed distributionId, uint256 interest, uint256 principal, uint256 cashPerUnitIndex, uint256 factor, uint256 dust)",
  "event LossAllocated(uint256 indexed afterDistributionId, uint256 amount, uint256 factor)",
  "event LossWrittenUp(uint256 indexed afterDistributionId, uint256 amount, uint256 factor)",
  "event Accreted(uint256 indexed afterDistributionId, uint256 amount, uint256 factor)",
  "event Claimed(address indexed holder, uint256 amount)",
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
]);

export const WATERFALL = new Interface([
  "function dealState() view returns (tuple(uint256 period, uint256 poolBalance, uint256 reserveBalance, uint256 cumulativeLoss, uint256 servicingFeeShortfall, uint256 trusteeFeeShortfall, bool called, bool reserveOpen, uint256 funded))",
  "function dealTerms() view returns (tuple(uint96 originalPoolBalance, uint8 principalMode, uint32 servicingFeePpm, uint64 servicingFeeFixed, uint32 trusteeFeePpm, uint64 trusteeFeeFixed, bool hasDelinquencyTrigger, uint32 delinquencyTriggerPpm, bool hasLossTrigger, uint32 cumulativeLossTriggerPpm, uint32 reserveTargetPpm, uint96 reserveFloor, uint96 reserveInitialBalance, uint32 overcollateralizationTargetPpm, uint32 cleanUpCallPpm, uint64 cutoffDate))",
  "function classCount() view returns (uint256)",
  "function classTerms(uint256) view returns (tuple(address token, uint8 kind, uint32 couponPpm, uint8 interestRank, uint96 originalBalance, uint16 notionalMask, bool scheduled, uint128[] schedule))",
  "function classState(uint256) view returns (tuple(uint256 balance, uint256 interestShortfall, uint256 writtenDown))",
  "function reports() view returns (address)",
  "event InterestPaid(uint256 indexed period, uint256 indexed classIndex, uint256 current, uint256 carried, uint256 paid, uint256 fromReserve, uint256 shortfall, uint256 accretion)",
  "event PrincipalPaid(uint256 indexed period, uint256 indexed classIndex, uint256 amount, uint256 endingBalance)",
  "event LossAllocated(uint256 indexed period, uint256 indexed classIndex, uint256 amount)",
  "event ReserveOpened(address indexed from, uint256 amount)",
  "event ReserveMoved(uint256 indexed period, uint256 draw, uint256 deposit, uint256 release, uint256 target, uint256 ending)",
  "event RecordDateMarked(uint256 indexed period, uint256 recordDate, uint256 markedAt)",
  "function recordDateOf(uint256 period) view returns (uint256)",
  "event PeriodExecuted(uint256 indexed period, bytes32 indexed reportHash, uint256 cashAvailable, uint256 poolEnding, uint256 cumulativeLoss, uint256 overcollateralizationTarget, bool sequentialApplied, bool delinquencyTripped, bool lossTripped)",
]);

export const REPORTS = new Interface([
  "function attestedChain() view returns (uint256 period, bytes32 head)",
  `event ReportSubmitted(uint256 indexed period, bytes32 indexed reportHash, address indexed servicer, ${REPORT} report)`,
  "event ReportAttested(uint256 indexed period, bytes32 indexed reportHash, address indexed trustee)",
]);

export const MARKET = new Interface([
  "event TrancheListed(uint32 indexed trancheId, address indexed token, address indexed pool, uint256 poolIndex, uint32 couponPpm, uint40 accrualStart)",
  "event Traded(address indexed token, address indexed seller, address indexed buyer, uint256 ref, uint256 amount, uint256 currentFace, uint256 price, uint256 principal, uint256 accrued, uint256 accrualDays, uint256 fee)",
  "event OrderPlaced(uint256 indexed orderId, address indexed token, address indexed maker, uint8 side, uint256 price, uint256 amount, uint256 minFill, uint256 expiry, uint256 cashDeposit)",
  "event OrderFilled(uint256 indexed orderId, address indexed taker, uint256 amount, uint256 remaining, uint256 cashRefunded)",
  "event OrderCancelled(uint256 indexed orderId, address indexed by, bool expired, uint256 tokensUnlocked, uint256 cashRefunded)",
  "function depth(address token, uint8 side, uint256 levels) view returns (tuple(uint256 price, uint256 amount, uint256 orders)[])",
]);


export const DISTRIBUTOR_ROLE = "0xfbd454f36a7e1a388bd6fc3ab10d434aa4578f811acbbcf33afb1c697486313c"; // keccak256("DISTRIBUTOR_ROLE")
