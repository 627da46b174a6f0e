/**
 * Seeded random deals of every shape the engine runs, and random servicer months that tie, for the differential
 * tests (model vs contract) and the benchmark. A failing case replays from its seed.
 */
import type { ClassConfig, CollateralPeriod, DealConfig, DealState } from "../../src/analytics/deal/types.js";
import { mulberry32 } from "../../src/random.js";

export const DEAL_SHAPES = [
  "pass-through",
  "sequential",
  "senior-mezz-junior",
  "pro-rata",
  "io-po",
  "pac-support",
  "z-bond",
] as const;
export type DealShape = (typeof DEAL_SHAPES)[number];

/** A uniformly drawn bigint in [0, max]. */
export function randomUnits(next: () => number, max: bigint): bigint {
  if (max <= 0n) return 0n;
  return (BigInt(Math.floor(next() * 2 ** 30)) * max) / BigInt(2 ** 30);
}

const pick = <T>(next: () => number, values: readonly T[]): T => values[Math.floor(next() * values.length)] as T;

/** Splits `total` into `count` random positive-ish parts that add up to it. */
function split(next: () => number, total: bigint, count: number): bigint[] {
  const parts: bigint[] = [];
  let room = total;
  for (let i = 0; i < count; i++) {
    const size = i === count - 1 ? room : randomUnits(next, (room * 2n) / BigInt(count - i));
    parts.push(size);
    room -= size;
  }
  return parts;
}

function enhancements(next: () => number, pool: bigint): Partial<DealConfig> {
  return {
    ...(next() < 0.6 ? { fees: { servicingPpm: Math.floor(next() * 5_000), servicingFixed: randomUnits(next, 1_000_000n), trusteePpm: Math.floor(next() * 300), trusteeFixed: randomUnits(next, 100_000n) } } : {}),
    ...(next() < 0.5 ? { triggers: { delinquencyPpm: Math.floor(next() * 200_000), cumulativeLossPpm: Math.floor(next() * 50_000) } } : {}),
    ...(next() < 0.5 ? { reserve: { targetPpm: Math.floor(next() * 50_000), floor: randomUnits(next, pool / 100n), initialBalance: randomUnits(next, pool / 50n) } } : {}),
    ...(next() < 0.4 ? { cleanUpCallPpm: Math.floor(next() * 150_000) } : {}),
  };
}

/** A random deal of `shape`, seeded. Pools from $1 to $1 billion (6-decimal units). */
export function randomDeal(seed: number, shape: DealShape, periods: number): DealConfig {
  const next = mulberry32(seed);
  const pool = 1_000_000n + randomUnits(next, 10n ** 15n);
  const coupon = () => Math.floor(next() * 120_000);
  const bondShare = pool - randomUnits(next, pool / 10n); // up to 10 % OC
  const base = { name: `${shape} #${seed}`, originalPoolBalance: pool };
  const std = (id: string, originalBalance: bigint, extra: Partial<ClassConfig> = {}): ClassConfig =>
    ({ id, kind: "standard", originalBalance, couponPpm: coupon(), ...extra }) as ClassConfig;
  switch (shape) {
    case "pass-through":
      return { ...base, principalMode: "sequential", classes: [std("PT", pool)], ...(next() < 0.5 ? { fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 0n } } : {}) };
    case "sequential": {
      const sizes = split(next, bondShare, 2 + Math.floor(next() * 3));
      return { ...base, principalMode: "sequential", classes: sizes.map((s, i) => std(`S${i}`, s)), ...enhancements(next, pool), overcollateralizationTargetPpm: Math.floor(next() * 50_000) };
    }
    case "senior-mezz-junior": {
      const [a, b, c] = split(next, bondShare, 3) as [bigint, bigint, bigint];
      return {
        ...base,
        principalMode: pick(next, ["proRataUntilTrigger", "sequential"] as const),
        classes: [std("A", a, { interestRank: 0 }), std("M", b, { interestRank: 1 }), std("B", c, { interestRank: 2 })],
        ...enhancements(next, pool),
        triggers: { delinquencyPpm: Math.floor(next() * 150_000), cumulativeLossPpm: Math.floor(next() * 30_000) },
        overcollateralizationTargetPpm: Math.floor(next() * 80_000),
      };
    }
    case "pro-rata": {
      const sizes = split(next, bondShare, 2 + Math.floor(next() * 3));
      // Some classes share an interest rank: equal ranks are paid pro rata.
      return { ...base, principalMode: "proRata", classes: sizes.map((s, i) => std(`P${i}`, s, next() < 0.5 ? { interestRank: 0 } : {})), ...enhancements(next, pool) };
    }
    case "io-po":
      return {
        ...base,
        principalMode: "sequential",
        classes: [
          { id: "IO", kind: "interestOnly", couponPpm: coupon(), notionalOf: "pool" },
          { id: "PO", kind: "principalOnly", originalBalance: pool, couponPpm: 0 },
        ],
        ...(next() < 0.5 ? enhancements(next, pool) : {}),
      };
    case "pac-support": {
      const [pac, support] = split(next, bondShare, 2) as [bigint, bigint];
      const schedule = Array.from({ length: periods }, (_, t) => (pac * BigInt(periods - 1 - t)) / BigInt(periods));
      const io = next() < 0.5;
      return {
        ...base,
        principalMode: "sequential",
        classes: [
          std("PAC", pac, { schedule }),
          std("SUP", support),
          ...(io ? [{ id: "IO", kind: "interestOnly" as const, couponPpm: Math.floor(next() * 10_000), notionalOf: ["PAC"] }] : []),
        ],
        ...enhancements(next, pool),
      };
    }
    case "z-bond": {
      const sizes = split(next, bondShare, 3);
      return {
        ...base,
        principalMode: "sequential",
        classes: sizes.map((s, i) => (i === sizes.length - 1 ? std("Z", s, { kind: "accrual" } as Partial<ClassConfig>) : std(`S${i}`, s))),
        ...enhancements(next, pool),
      };
    }
  }
}

/**
 * A random month that ties: interest up to twice a 12 % coupon, scheduled principal, prepayments (sometimes a
 * wave), liquidations with a loss, 60+ delinquencies (never above the ending balance) and, after losses,
 * sometimes recoveries; one month in ten a servicer disruption with no collections.
 */
export function randomMonth(next: () => number, state: DealState): CollateralPeriod {
  const beginning = state.poolBalance;
  let left = beginning;
  const draw = (percent: bigint) => {
    const x = randomUnits(next, (left * percent) / 100n);
    left -= x;
    return x;
  };
  if (next() < 0.1) {
    return { interestCollected: 0n, scheduledPrincipal: 0n, prepayments: 0n, liquidationProceeds: 0n, realizedLoss: 0n, delinquent60Plus: randomUnits(next, beginning), endingPoolBalance: beginning };
  }
  const interestCollected = randomUnits(next, (beginning * 2n) / 100n);
  const scheduledPrincipal = draw(3n);
  const prepayments = draw(next() < 0.1 ? 100n : 8n);
  const realizedLoss = draw(next() < 0.6 ? 0n : 3n);
  const liquidationProceeds = draw(2n);
  const recoveries = state.cumulativeLoss > 0n && next() < 0.3 ? randomUnits(next, state.cumulativeLoss / 2n) : 0n;
  return {
    interestCollected,
    scheduledPrincipal,
    prepayments,
    liquidationProceeds,
    realizedLoss,
    recoveries,
    delinquent60Plus: randomUnits(next, left / 4n),
    endingPoolBalance: left,
  };
}
