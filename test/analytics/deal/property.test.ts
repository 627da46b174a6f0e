import { expect } from "chai";
import type { ClassConfig, CollateralPeriod, DealConfig, PrincipalMode } from "../../../src/analytics/deal/types.js";
import { initialState, runPeriod } from "../../../src/analytics/deal/waterfall.js";
import { randomUnits, report, rng } from "./fixtures.js";

const CASES = 300;
const PERIODS = 48;

/** A random deal: 1–4 bond classes (maybe a Z last, maybe a PAC first), maybe an IO, random enhancements. */
function randomDeal(next: () => number): DealConfig {
  const pool = 1_000_000n + randomUnits(next, 10n ** 15n);
  const modes: PrincipalMode[] = ["sequential", "proRata", "proRataUntilTrigger"];
  const principalMode = modes[Math.floor(next() * modes.length)] ?? "sequential";
  const count = 1 + Math.floor(next() * 4);
  let room = pool - randomUnits(next, pool / 5n);
  const classes: ClassConfig[] = [];
  for (let i = 0; i < count; i++) {
    const size = i === count - 1 ? room : randomUnits(next, room);
    room -= size;
    const zBond = principalMode === "sequential" && i === count - 1 && i > 0 && next() < 0.3;
    const pac = i === 0 && count > 1 && next() < 0.3;
    classes.push({
      id: `C${i}`,
      kind: zBond ? "accrual" : "standard",
      originalBalance: size,
      couponPpm: Math.floor(next() * 120_000),
      ...(next() < 0.3 ? { interestRank: 0 } : {}),
      ...(pac ? { schedule: Array.from({ length: PERIODS }, (_, t) => (size * BigInt(PERIODS - 1 - t)) / BigInt(PERIODS)) } : {}),
    });
  }
  if (next() < 0.4) classes.push({ id: "IO", kind: "interestOnly", couponPpm: Math.floor(next() * 20_000), notionalOf: "pool" });
  return {
    name: "random",
    originalPoolBalance: pool,
    principalMode,
    classes,
    ...(next() < 0.5 ? { fees: { servicingPpm: Math.floor(next() * 5_000), servicingFixed: randomUnits(next, 1_000n), trusteePpm: 100, trusteeFixed: 0n } } : {}),
    ...(next() < 0.5 ? { triggers: { delinquencyPpm: Math.floor(next() * 200_000), cumulativeLossPpm: Math.floor(next() * 50_000) } } : {}),
    ...(next() < 0.5 ? { reserve: { targetPpm: Math.floor(next() * 50_000), floor: randomUnits(next, pool / 100n), initialBalance: randomUnits(next, pool / 50n) } } : {}),
    ...(next() < 0.5 ? { overcollateralizationTargetPpm: Math.floor(next() * 100_000) } : {}),
    ...(next() < 0.5 ? { cleanUpCallPpm: Math.floor(next() * 150_000) } : {}),
  };
}

/**
 * A random but tying servicer report: interest anywhere from nothing to twice a 12 % coupon;
 * one month in ten a servicer disruption with no collections at all.
 */
function randomReport(next: () => number, beginning: bigint): CollateralPeriod {
  if (next() < 0.1) return report(beginning, { delinquent60Plus: randomUnits(next, beginning) });
  let left = beginning;
  const draw = (share: bigint) => {
    const x = randomUnits(next, (left * share) / 100n);
    left -= x;
    return x;
  };
  return report(beginning, {
    interestCollected: randomUnits(next, (beginning * 2n) / 100n),
    scheduledPrincipal: draw(5n),
    prepayments: draw(next() < 0.1 ? 100n : 10n),
    realizedLoss: draw(next() < 0.5 ? 0n : 3n),
    liquidationProceeds: draw(2n),
    delinquent60Plus: randomUnits(next, beginning / 5n),
  });
}

describe("waterfall properties (randomized, seeded)", () => {
  it(`conserves cash and keeps balances consistent in ${CASES} random deals × ${PERIODS} periods`, function () {
    // CPU-bound and deterministic: a generous bound so a loaded machine cannot fail it.
    this.timeout(300_000);
    // Counts of the rules the random cases reached, so the property cannot pass vacuously.
    const seen = { called: 0, tripped: 0, accretion: 0, reserveDraw: 0, writeDown: 0, shortfall: 0, proRata: 0 };
    for (let seed = 1; seed <= CASES; seed++) {
      const next = rng(seed);
      const config = randomDeal(next);
      let state = initialState(config);
      const originals = state.classes.map((c) => c.balance);
      for (let t = 0; t < PERIODS && !state.called; t++) {
        const before = state;
        const { result: p, state: after } = runPeriod(config, state, randomReport(next, state.poolBalance));
        const where = `seed ${seed} period ${p.period}`;
        const interest = p.classes.reduce((s, c) => s + c.interestPaid, 0n);
        const principal = p.classes.reduce((s, c) => s + c.principalPaid, 0n);
        expect(p.fees.paid + interest + principal + p.reserve.movement + p.residual, where).to.equal(p.cashAvailable);
        expect(p.residual >= 0n && after.reserveBalance >= 0n, where).to.equal(true);
        expect(p.reserve.ending - p.reserve.beginning, where).to.equal(p.reserve.movement);
        let bonds = 0n;
        p.classes.forEach((c, i) => {
          const kind = config.classes[i]?.kind;
          expect(c.interestPaid + c.interestShortfall, `${where} ${c.id} interest`).to.equal(c.carriedShortfall + (c.accretion > 0n ? 0n : c.interestCurrent));
          expect(c.endingBalance >= 0n, `${where} ${c.id} ≥ 0`).to.equal(true);
          if (kind === "interestOnly") return;
          bonds += c.endingBalance;
          expect(c.beginningBalance + c.accretion - c.principalPaid - c.lossAllocated, `${where} ${c.id} roll`).to.equal(c.endingBalance);
          if (kind !== "accrual") expect(c.endingBalance <= (before.classes[i]?.balance ?? 0n), `${where} ${c.id} factor`).to.equal(true);
          expect(c.endingBalance <= (originals[i] ?? 0n) || kind === "accrual", `${where} ${c.id} ≤ original`).to.equal(true);
        });
        expect(bonds <= p.pool.endingBalance, `${where} bonds ≤ pool`).to.equal(true);
        expect(p.overcollateralization.actual, where).to.equal(p.pool.endingBalance - bonds);
        if (after.called) seen.called++;
        if (p.triggers.delinquency?.tripped === true || p.triggers.cumulativeLoss?.tripped === true) seen.tripped++;
        if (p.classes.some((c) => c.accretion > 0n)) seen.accretion++;
        if (p.reserve.draw > 0n) seen.reserveDraw++;
        if (p.classes.some((c) => c.lossAllocated > 0n)) seen.writeDown++;
        if (p.classes.some((c) => c.interestShortfall > 0n)) seen.shortfall++;
        if (p.principalModeApplied === "proRata" && principal > 0n) seen.proRata++;
        state = after;
      }
    }
    for (const [rule, count] of Object.entries(seen)) expect(count, `periods reaching ${rule}`).to.be.greaterThan(0);
  });
});
