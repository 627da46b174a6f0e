/**
 * A period's distribution statement as a trustee reads it: where every unit of the cash available
 * came from and where it went, with the residual holder's share explained (interest left after
 * fees and coupons, and principal not needed to keep the bonds at the pool balance less the
 * overcollateralization target). The lines add up to the cash available exactly, or this throws.
 */
import { MbsError } from "../../errors.js";
import { formatUsd } from "../../units.js";
import type { DealConfig, PeriodResult } from "./types.js";

export interface StatementLine {
  /** "source" lines add up to the cash available; "use" lines add up to the same amount. */
  side: "source" | "use";
  label: string;
  amount: bigint;
  /** Why, for lines a reader would otherwise question (the residual's parts). */
  note?: string;
}

export function periodStatement(deal: DealConfig, result: PeriodResult): StatementLine[] {
  const p = result.pool;
  const lines: StatementLine[] = [
    { side: "source", label: "interest collected (net of servicing)", amount: p.interestCollected },
    { side: "source", label: "principal collected (scheduled and prepaid)", amount: p.principalCollected - p.liquidationProceeds },
  ];
  if (p.liquidationProceeds > 0n) lines.push({ side: "source", label: "liquidation proceeds", amount: p.liquidationProceeds });
  if (result.cleanUpCallProceeds > 0n) lines.push({ side: "source", label: "clean-up call proceeds", amount: result.cleanUpCallProceeds });
  if (result.fees.paid > 0n) lines.push({ side: "use", label: "fees", amount: result.fees.paid });
  for (const c of result.classes) {
    if (c.interestPaid > 0n) lines.push({ side: "use", label: `${c.id} interest`, amount: c.interestPaid });
    if (c.principalPaid > 0n) lines.push({ side: "use", label: `${c.id} principal`, amount: c.principalPaid });
  }
  const reserve = result.reserve.movement;
  if (reserve !== 0n) lines.push({ side: "use", label: reserve > 0n ? "deposit to the reserve account" : "drawn from the reserve account", amount: reserve });
  if (result.residual !== 0n) {
    const excessInterest = p.interestCollected - result.fees.paid - result.totals.interestPaid;
    const released = result.residual - (excessInterest > 0n ? excessInterest : 0n);
    const { actual, target } = result.overcollateralization;
    const ppm = deal.overcollateralizationTargetPpm ?? 0;
    const parts: string[] = [];
    if (excessInterest > 0n) parts.push(`interest left after fees and coupons ${usd(excessInterest)}`);
    if (released > 0n) {
      parts.push(
        `principal released above the overcollateralization target ${usd(released)}: the bonds stand at pool balance less ` +
          `the OC target of ${usd(target)} (${ppm} ppm of the original pool, rounded down to a whole ppm; OC now ${usd(actual)})`,
      );
    }
    lines.push({ side: "use", label: "to the residual (certificate) holder", amount: result.residual, note: parts.join("; ") });
  }
  const sources = lines.filter((l) => l.side === "source").reduce((s, l) => s + l.amount, 0n);
  const uses = lines.filter((l) => l.side === "use").reduce((s, l) => s + l.amount, 0n);
  if (sources !== result.cashAvailable || uses !== result.cashAvailable) {
    throw new MbsError("the distribution statement does not account for every unit of the cash available", {
      period: result.period,
      cashAvailable: result.cashAvailable.toString(),
      sources: sources.toString(),
      uses: uses.toString(),
    });
  }
  return lines;
}

/** Exact, to the cash token's unit (6 decimals): a statement that adds up must not round. */
const usd = (units: bigint) => `$${formatUsd(units, 6)}`;
