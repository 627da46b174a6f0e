/**
 * Types of the integer waterfall model. Money is bigint in the settlement currency's smallest
 * unit (a 6-decimal stablecoin: 1 USD = 1_000_000n). Rates and ratios are integers in parts
 * per million (`PPM` in intmath.ts): 75_000 = 7.5 %. See docs/waterfall-model.md.
 */

/** A class that carries principal. `accrual` is a Z bond; `principalOnly` has no coupon. */
export interface BondClassConfig {
  id: string;
  kind: "standard" | "accrual" | "principalOnly";
  originalBalance: bigint;
  /** Annual coupon, ppm, 30/360. Must be 0 for `principalOnly`. */
  couponPpm: number;
  /** Lower ranks are paid interest first; equal ranks share pro rata. Default: list position. */
  interestRank?: number;
  /**
   * Scheduled (PAC) class: after period t (1-based) the class is paid down toward
   * `schedule[t − 1]`, its scheduled balance, before any unscheduled class gets principal.
   * Past the end of the array the scheduled balance is 0.
   */
  schedule?: readonly bigint[];
}

/** Interest on a notional: the pool balance or the sum of the named classes' balances. */
export interface InterestOnlyClassConfig {
  id: string;
  kind: "interestOnly";
  couponPpm: number;
  notionalOf: "pool" | readonly string[];
  interestRank?: number;
}

export type ClassConfig = BondClassConfig | InterestOnlyClassConfig;

/**
 * How principal goes to the unscheduled bond classes: `sequential` in list order, `proRata` by
 * beginning balance, or `proRataUntilTrigger` (pro rata while every trigger passes, sequential
 * in a period where one has tripped).
 */
export type PrincipalMode = "sequential" | "proRata" | "proRataUntilTrigger";

export interface FeeConfig {
  /** Annual servicing fee, ppm of the pool's beginning balance, 30/360. */
  servicingPpm: number;
  /** Fixed monthly servicing fee. */
  servicingFixed: bigint;
  trusteePpm: number;
  trusteeFixed: bigint;
}

export interface TriggerConfig {
  /** Trips when 60+ day delinquent balance / ending pool balance exceeds this. */
  delinquencyPpm?: number;
  /** Trips when cumulative realized loss / original pool balance exceeds this. */
  cumulativeLossPpm?: number;
}

export interface ReserveConfig {
  /** Target = max(floor, targetPpm × ending pool balance); 0 once the pool is gone. */
  targetPpm: number;
  floor: bigint;
  initialBalance: bigint;
}

export interface DealConfig {
  name: string;
  originalPoolBalance: bigint;
  /** In order of principal priority (the first is the most senior). */
  classes: readonly ClassConfig[];
  principalMode: PrincipalMode;
  fees?: FeeConfig;
  triggers?: TriggerConfig;
  reserve?: ReserveConfig;
  /** OC target, ppm of the original pool balance: excess spread pays bonds down to it. */
  overcollateralizationTargetPpm?: number;
  /** Clean-up call when the ending pool factor falls below this, ppm of the original pool. */
  cleanUpCallPpm?: number;
}

/** One month's servicer report, aggregated. */
export interface CollateralPeriod {
  interestCollected: bigint;
  scheduledPrincipal: bigint;
  /** Curtailments plus payoffs. */
  prepayments: bigint;
  liquidationProceeds: bigint;
  realizedLoss: bigint;
  delinquent60Plus: bigint;
  endingPoolBalance: bigint;
  /**
   * Cash recovered this period on loans liquidated in earlier periods (subsequent recoveries).
   * It does not touch the pool balance: it writes back up the classes' earlier losses, senior
   * first, and is paid out as principal. Absent = 0.
   */
  recoveries?: bigint;
}

export interface ClassState {
  /** Principal balance, or for an IO class its notional. */
  balance: bigint;
  /** Unpaid interest carried forward (no interest accrues on it). */
  interestShortfall: bigint;
  /** Losses allocated to the class and not yet written back up by recoveries. Absent = 0. */
  writtenDown?: bigint;
}

export interface DealState {
  /** Periods executed so far. */
  period: number;
  poolBalance: bigint;
  reserveBalance: bigint;
  cumulativeLoss: bigint;
  feeShortfall: bigint;
  classes: readonly ClassState[];
  /** Set once the clean-up call has been exercised; no period runs after it. */
  called: boolean;
}

export interface ClassPeriodResult {
  id: string;
  kind: ClassConfig["kind"];
  beginningBalance: bigint;
  /** Interest carried from earlier periods, paid before this period's interest. */
  carriedShortfall: bigint;
  interestCurrent: bigint;
  interestPaid: bigint;
  /** Unpaid interest carried to the next period. */
  interestShortfall: bigint;
  /** Z-bond interest added to the balance instead of paid. */
  accretion: bigint;
  /** Earlier losses written back up by this period's recoveries (before principal is paid). */
  writeUp: bigint;
  principalPaid: bigint;
  lossAllocated: bigint;
  endingBalance: bigint;
  /** ending / original scaled by 1e18, rounded down (FaceMath.factorDown on chain); 1.0 with no original. */
  factor: bigint;
}

export interface TriggerTest {
  actualPpm: bigint;
  thresholdPpm: bigint;
  tripped: boolean;
}

export interface PeriodResult {
  period: number;
  pool: {
    beginningBalance: bigint;
    interestCollected: bigint;
    principalCollected: bigint;
    liquidationProceeds: bigint;
    realizedLoss: bigint;
    /** Subsequent recoveries collected this period (cash; the pool balance is unchanged). */
    recoveries: bigint;
    /** Realized losses less recoveries since closing, never below 0. */
    cumulativeLoss: bigint;
    delinquent60Plus: bigint;
    endingBalance: bigint;
  };
  /** Par paid for the collateral when the clean-up call is exercised this period, else 0. */
  cleanUpCallProceeds: bigint;
  /** Everything collected this period plus call proceeds: the left side of conservation. */
  cashAvailable: bigint;
  fees: { servicingDue: bigint; trusteeDue: bigint; carriedShortfall: bigint; paid: bigint; shortfall: bigint };
  classes: readonly ClassPeriodResult[];
  principalModeApplied: "sequential" | "proRata";
  reserve: { beginning: bigint; target: bigint; draw: bigint; deposit: bigint; release: bigint; movement: bigint; ending: bigint };
  overcollateralization: { actual: bigint; target: bigint };
  triggers: { delinquency?: TriggerTest; cumulativeLoss?: TriggerTest };
  residual: bigint;
  totals: { interestPaid: bigint; principalPaid: bigint; writeUp: bigint };
}
