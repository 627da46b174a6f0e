import { InvalidInputError } from "../../errors.js";
import { PPM } from "./intmath.js";
import type { BondClassConfig, ClassConfig, CollateralPeriod, DealConfig, PrincipalMode } from "./types.js";

const PPM_MAX = Number(PPM);
const PRINCIPAL_MODES: readonly PrincipalMode[] = ["sequential", "proRata", "proRataUntilTrigger"];
const CLASS_KINDS: readonly ClassConfig["kind"][] = ["standard", "accrual", "principalOnly", "interestOnly"];

function checkPpm(input: string, value: number, allowFull = false): void {
  if (!Number.isSafeInteger(value) || value < 0 || (allowFull ? value > PPM_MAX : value >= PPM_MAX)) {
    throw new InvalidInputError(input, `must be an integer ppm in [0, ${PPM_MAX}${allowFull ? "]" : ")"}, got ${value}`, { value });
  }
}

function checkAmount(input: string, value: bigint): void {
  if (value < 0n) throw new InvalidInputError(input, `must not be negative, got ${value}`, { value: value.toString() });
}

export function isBondClass(c: ClassConfig): c is BondClassConfig {
  return c.kind !== "interestOnly";
}

/** Rejects a deal the engine cannot run, naming the offending field. */
export function validateDeal(deal: DealConfig): void {
  if (deal.originalPoolBalance <= 0n) {
    throw new InvalidInputError("deal.originalPoolBalance", `must be positive, got ${deal.originalPoolBalance}`);
  }
  if (!PRINCIPAL_MODES.includes(deal.principalMode)) {
    throw new InvalidInputError("deal.principalMode", `must be one of ${PRINCIPAL_MODES.join(", ")}, got ${String(deal.principalMode)}`);
  }
  if (deal.classes.length === 0) throw new InvalidInputError("deal.classes", "a deal needs at least one class");
  const ids = new Set<string>();
  let bondTotal = 0n;
  let bondsBefore = 0;
  deal.classes.forEach((c, i) => {
    const where = `deal.classes[${i}] (${c.id})`;
    if (c.id === "" || ids.has(c.id)) throw new InvalidInputError(`${where}.id`, "must be non-empty and unique");
    ids.add(c.id);
    if (!CLASS_KINDS.includes(c.kind)) {
      throw new InvalidInputError(`${where}.kind`, `must be one of ${CLASS_KINDS.join(", ")}, got ${String(c.kind)}`);
    }
    checkPpm(`${where}.couponPpm`, c.couponPpm);
    if (c.interestRank !== undefined && !Number.isSafeInteger(c.interestRank)) {
      throw new InvalidInputError(`${where}.interestRank`, `must be an integer, got ${c.interestRank}`);
    }
    if (!isBondClass(c)) return;
    checkAmount(`${where}.originalBalance`, c.originalBalance);
    bondTotal += c.originalBalance;
    if (c.kind === "principalOnly" && c.couponPpm !== 0) {
      throw new InvalidInputError(`${where}.couponPpm`, "a principal-only class has no coupon");
    }
    if (c.kind === "accrual") {
      if (bondsBefore === 0) throw new InvalidInputError(`${where}.kind`, "an accrual class needs a bond class before it to direct its accretion to");
      if (deal.principalMode !== "sequential") {
        throw new InvalidInputError(`${where}.kind`, `an accrual class needs sequential principal, not ${deal.principalMode}`);
      }
    }
    if (c.schedule !== undefined) {
      let previous = c.originalBalance;
      c.schedule.forEach((b, t) => {
        if (b < 0n || b > previous) {
          throw new InvalidInputError(`${where}.schedule[${t}]`, `scheduled balances must not increase or go negative (${b} after ${previous})`);
        }
        previous = b;
      });
    }
    bondsBefore += 1;
  });
  for (const [i, c] of deal.classes.entries()) {
    if (c.kind !== "interestOnly" || c.notionalOf === "pool") continue;
    if (c.notionalOf.length === 0) throw new InvalidInputError(`deal.classes[${i}] (${c.id}).notionalOf`, "names no class");
    for (const ref of c.notionalOf) {
      const target = deal.classes.find((k) => k.id === ref);
      if (target === undefined || !isBondClass(target)) {
        throw new InvalidInputError(`deal.classes[${i}] (${c.id}).notionalOf`, `"${ref}" is not a bond class of this deal`);
      }
    }
  }
  if (bondsBefore === 0) throw new InvalidInputError("deal.classes", "a deal needs at least one bond (principal) class");
  if (bondTotal > deal.originalPoolBalance) {
    throw new InvalidInputError("deal.classes", `bond classes total ${bondTotal}, more than the pool's ${deal.originalPoolBalance}`);
  }
  if (deal.fees !== undefined) {
    checkPpm("deal.fees.servicingPpm", deal.fees.servicingPpm);
    checkPpm("deal.fees.trusteePpm", deal.fees.trusteePpm);
    checkAmount("deal.fees.servicingFixed", deal.fees.servicingFixed);
    checkAmount("deal.fees.trusteeFixed", deal.fees.trusteeFixed);
  }
  if (deal.triggers?.delinquencyPpm !== undefined) checkPpm("deal.triggers.delinquencyPpm", deal.triggers.delinquencyPpm, true);
  if (deal.triggers?.cumulativeLossPpm !== undefined) checkPpm("deal.triggers.cumulativeLossPpm", deal.triggers.cumulativeLossPpm, true);
  if (deal.reserve !== undefined) {
    checkPpm("deal.reserve.targetPpm", deal.reserve.targetPpm, true);
    checkAmount("deal.reserve.floor", deal.reserve.floor);
    checkAmount("deal.reserve.initialBalance", deal.reserve.initialBalance);
  }
  if (deal.overcollateralizationTargetPpm !== undefined) checkPpm("deal.overcollateralizationTargetPpm", deal.overcollateralizationTargetPpm, true);
  if (deal.cleanUpCallPpm !== undefined) checkPpm("deal.cleanUpCallPpm", deal.cleanUpCallPpm, true);
}

/**
 * Rejects a servicer report that is negative anywhere or whose balances do not tie:
 * beginning − scheduled − prepayments − (liquidation proceeds + realized loss) == ending,
 * the liquidated balance being what was recovered plus what was lost.
 */
export function validateReport(period: number, beginningPoolBalance: bigint, report: CollateralPeriod): void {
  const where = `report[period ${period}]`;
  for (const [field, value] of Object.entries(report) as [keyof CollateralPeriod, bigint | undefined][]) {
    if (value !== undefined) checkAmount(`${where}.${field}`, value);
  }
  const expected =
    beginningPoolBalance - report.scheduledPrincipal - report.prepayments - report.liquidationProceeds - report.realizedLoss;
  if (expected !== report.endingPoolBalance) {
    throw new InvalidInputError(
      `${where}.endingPoolBalance`,
      `is ${report.endingPoolBalance} but beginning ${beginningPoolBalance} less principal and liquidated balance is ${expected}`,
      { expected: expected.toString(), actual: report.endingPoolBalance.toString() },
    );
  }
}
