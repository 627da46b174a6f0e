/**
 * The differential check: the reference model (src/analytics/deal) and the deployed contracts run the same
 * deal on the same months; every line of every period must agree to the unit — the lens's preview, the events
 * of the execution, the stored state, the class tokens' current face and cash, and the waterfall's cash book.
 */
import { initialState, runPeriod } from "../../src/analytics/deal/waterfall.js";
import type { DealState, PeriodResult } from "../../src/analytics/deal/types.js";
import { collateralOfReport } from "../../src/analytics/deal/onchain.js";
import { mulberry32 } from "../../src/random.js";
import { DEAL_SHAPES, type DealShape, randomDeal, randomMonth } from "./generators.js";
import { type Ethers, deployEngine, deployWaterfall, runCycle, servicerReportOf, type CycleGas } from "./harness.js";

export interface DifferentialSummary {
  deals: number;
  periods: number;
  byShape: Record<DealShape, number>;
  /** How many periods reached each rule, so agreement cannot be vacuous. */
  reached: Record<string, number>;
  mismatches: string[];
  gas: CycleGas[];
}

type Bag = Record<string, bigint | boolean>;

/** The model's result as the contract's flat `PeriodResult` field names. */
function expectedLines(p: PeriodResult, before: DealState): { scalars: Bag; perClass: Record<string, bigint[]> } {
  const classes = p.classes;
  return {
    scalars: {
      period: BigInt(p.period),
      poolBeginning: p.pool.beginningBalance,
      poolEnding: p.pool.endingBalance,
      cumulativeLoss: p.pool.cumulativeLoss,
      cleanUpCallProceeds: p.cleanUpCallProceeds,
      cashAvailable: p.cashAvailable,
      feesPaid: p.fees.paid,
      feesDue: p.fees.servicingDue + p.fees.trusteeDue,
      feesCarried: before.feeShortfall,
      sequentialApplied: p.principalModeApplied === "sequential",
      delinquencyTripped: p.triggers.delinquency?.tripped ?? false,
      lossTripped: p.triggers.cumulativeLoss?.tripped ?? false,
      reserveBeginning: p.reserve.beginning,
      reserveTarget: p.reserve.target,
      reserveDraw: p.reserve.draw,
      reserveDeposit: p.reserve.deposit,
      reserveRelease: p.reserve.release,
      reserveEnding: p.reserve.ending,
      overcollateralizationTarget: p.overcollateralization.target,
      residual: p.residual,
    },
    perClass: {
      beginningBalance: classes.map((c) => c.beginningBalance),
      interestCurrent: classes.map((c) => c.interestCurrent),
      interestCarried: classes.map((c) => c.carriedShortfall),
      interestPaid: classes.map((c) => c.interestPaid),
      interestShortfall: classes.map((c) => c.interestShortfall),
      accretion: classes.map((c) => c.accretion),
      writeUp: classes.map((c) => c.writeUp),
      principalPaid: classes.map((c) => c.principalPaid),
      lossAllocated: classes.map((c) => c.lossAllocated),
      endingBalance: classes.map((c) => c.endingBalance),
    },
  };
}

// The contract's PeriodResult as returned by ethers (a Result with named fields).
type OnchainResult = Record<string, unknown>;

function compareLines(where: string, model: ReturnType<typeof expectedLines>, onchain: OnchainResult, out: string[]): void {
  const get = (k: string) => onchain[k];
  const derived: Bag = {
    feesPaid: (get("servicingFeePaid") as bigint) + (get("trusteeFeePaid") as bigint),
    feesDue: (get("servicingFeeDue") as bigint) + (get("trusteeFeeDue") as bigint),
    feesCarried: (get("servicingFeeCarried") as bigint) + (get("trusteeFeeCarried") as bigint),
  };
  for (const [k, v] of Object.entries(model.scalars)) {
    const actual = k in derived ? derived[k] : get(k);
    if (actual !== v) out.push(`${where}: ${k} model ${String(v)} contract ${String(actual)}`);
  }
  for (const [k, values] of Object.entries(model.perClass)) {
    const actual = [...(get(k) as bigint[])];
    values.forEach((v, i) => {
      if (actual[i] !== v) out.push(`${where}: ${k}[${i}] model ${v} contract ${String(actual[i])}`);
    });
  }
}

/**
 * Runs `deals` random deals (shapes in turn) of up to `periods` months each through both the model and the
 * contracts. Returns the mismatches (empty when they agree everywhere) and what the cases reached.
 */
export async function runDifferential(ethers: Ethers, options: { deals: number; periods: number; firstSeed?: number }): Promise<DifferentialSummary> {
  const engine = await deployEngine(ethers);
  const summary: DifferentialSummary = {
    deals: 0,
    periods: 0,
    byShape: Object.fromEntries(DEAL_SHAPES.map((s) => [s, 0])) as Record<DealShape, number>,
    reached: { called: 0, tripped: 0, accretion: 0, reserveDraw: 0, writeDown: 0, writeUp: 0, shortfall: 0, proRata: 0, feeShortfall: 0 },
    mismatches: [],
    gas: [],
  };
  const firstSeed = options.firstSeed ?? 1;
  for (let k = 0; k < options.deals; k++) {
    const seed = firstSeed + k;
    const shape = DEAL_SHAPES[k % DEAL_SHAPES.length] as DealShape;
    const deal = randomDeal(seed, shape, options.periods);
    const d = await deployWaterfall(ethers, deal, { engine });
    const waterfallAddress = await d.waterfall.getAddress();
    const next = mulberry32(seed * 7919);
    let state = initialState(deal);
    const interestTotals = deal.classes.map(() => 0n);
    summary.deals++;
    for (let t = 1; t <= options.periods && !state.called; t++) {
      const where = `${deal.name} period ${t}`;
      const report = servicerReportOf(t, randomMonth(next, state));
      const before = state;
      const { result, state: after } = runPeriod(deal, state, collateralOfReport(report));
      const expected = expectedLines(result, before);
      compareLines(`${where} preview`, expected, (await d.lens.preview(waterfallAddress, report)) as unknown as OnchainResult, summary.mismatches);

      const { gas, receipt, remittance } = await runCycle(d, report);
      summary.gas.push(gas);
      if (remittance !== result.cashAvailable) summary.mismatches.push(`${where}: remittance ${remittance} vs model cash ${result.cashAvailable}`);
      // The execution's events, line by line.
      const logs = receipt.logs
        .filter((l) => l.address.toLowerCase() === waterfallAddress.toLowerCase())
        .map((l) => d.waterfall.interface.parseLog(l))
        .filter((l) => l !== null);
      for (const log of logs) {
        const i = log.args.classIndex === undefined ? -1 : Number(log.args.classIndex);
        const c = result.classes[i];
        if (log.name === "InterestPaid" && c !== undefined) {
          if (log.args.paid !== c.interestPaid || log.args.shortfall !== c.interestShortfall || log.args.accretion !== c.accretion) {
            summary.mismatches.push(`${where}: InterestPaid[${i}] event ${String(log.args.paid)}/${String(log.args.shortfall)} model ${c.interestPaid}/${c.interestShortfall}`);
          }
        }
        if (log.name === "PrincipalPaid" && c !== undefined) {
          if (log.args.amount !== c.principalPaid || log.args.endingBalance !== c.endingBalance) {
            summary.mismatches.push(`${where}: PrincipalPaid[${i}] event ${String(log.args.amount)}/${String(log.args.endingBalance)} model ${c.principalPaid}/${c.endingBalance}`);
          }
        }
        if (log.name === "ResidualPaid" && log.args.amount !== result.residual) {
          summary.mismatches.push(`${where}: ResidualPaid event ${String(log.args.amount)} model ${result.residual}`);
        }
      }
      // Stored state and the tokens.
      const s = await d.waterfall.dealState();
      const stored: Bag = {
        poolBalance: s.poolBalance,
        reserveBalance: s.reserveBalance,
        cumulativeLoss: s.cumulativeLoss,
        feeShortfall: s.servicingFeeShortfall + s.trusteeFeeShortfall,
        called: s.called,
      };
      const modelState: Bag = {
        poolBalance: after.poolBalance,
        reserveBalance: after.reserveBalance,
        cumulativeLoss: after.cumulativeLoss,
        feeShortfall: after.feeShortfall,
        called: after.called,
      };
      for (const [key, v] of Object.entries(modelState)) {
        if (stored[key] !== v) summary.mismatches.push(`${where}: state ${key} model ${String(v)} contract ${String(stored[key])}`);
      }
      for (const [i, c] of after.classes.entries()) {
        const onchain = await d.waterfall.classState(i);
        if (onchain.balance !== c.balance || onchain.interestShortfall !== c.interestShortfall || onchain.writtenDown !== (c.writtenDown ?? 0n)) {
          summary.mismatches.push(`${where}: class ${i} state ${onchain.balance}/${onchain.interestShortfall}/${onchain.writtenDown} model ${c.balance}/${c.interestShortfall}/${String(c.writtenDown)}`);
        }
        const token = d.tokens[i];
        const r = result.classes[i];
        if (token === undefined || r === undefined) continue;
        interestTotals[i] = (interestTotals[i] ?? 0n) + r.interestPaid + r.principalPaid;
        if ((await token.distributedCash()) !== interestTotals[i]) summary.mismatches.push(`${where}: token ${i} cash`);
        if (deal.classes[i]?.kind !== "interestOnly" && (await token.currentFace()) !== c.balance) {
          summary.mismatches.push(`${where}: token ${i} current face ${await token.currentFace()} model ${c.balance}`);
        }
      }
      const [funded, reserve, feesOwed, residualOwed] = await d.waterfall.cashBook();
      const held = await d.cash.balanceOf(waterfallAddress);
      if (held !== funded + reserve + feesOwed + residualOwed) summary.mismatches.push(`${where}: cash book ${held} ≠ ${funded}+${reserve}+${feesOwed}+${residualOwed}`);

      summary.periods++;
      summary.byShape[shape]++;
      const r = summary.reached as Record<string, number>;
      const bump = (key: string, cond: boolean) => {
        if (cond) r[key] = (r[key] ?? 0) + 1;
      };
      bump("called", after.called);
      bump("tripped", (result.triggers.delinquency?.tripped ?? false) || (result.triggers.cumulativeLoss?.tripped ?? false));
      bump("accretion", result.classes.some((c) => c.accretion > 0n));
      bump("reserveDraw", result.reserve.draw > 0n);
      bump("writeDown", result.classes.some((c) => c.lossAllocated > 0n));
      bump("writeUp", result.classes.some((c) => c.writeUp > 0n));
      bump("shortfall", result.classes.some((c) => c.interestShortfall > 0n));
      bump("proRata", result.principalModeApplied === "proRata" && result.totals.principalPaid > 0n);
      bump("feeShortfall", after.feeShortfall > 0n);
      state = after;
    }
  }
  return summary;
}
