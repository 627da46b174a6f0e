import { InvalidInputError } from "../../errors.js";
import { OUTPUT_UNITS, parseNumberOption } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { fitPrepayModel, speedsByYear } from "../../analytics/oas/fit.js";
import { parsePerformanceRows, payoffHistory } from "../../analytics/oas/history.js";
import { smmFromCpr } from "../../analytics/speeds.js";
import { readInputFile } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

interface PrepayFitArgs {
  file: OptionText;
  turnoverCpr: OptionText;
  json: boolean;
}

export default async function prepayFit(args: PrepayFitArgs): Promise<void> {
  await reportingErrors(async () => {
    if (args.file === undefined) throw new InvalidInputError("--file", "is required (a Fannie Mae legacy performance file)");
    const history = payoffHistory(parsePerformanceRows(args.file, await readInputFile("--file", args.file)));
    const fixedBase = args.turnoverCpr === undefined ? undefined : smmFromCpr(parseNumberOption("turnover-cpr", args.turnoverCpr) / 100);
    const fit = fitPrepayModel(history, fixedBase === undefined ? {} : { fixedBase });
    const years = speedsByYear(history, fit.params);
    if (args.json) {
      // CPRs in percent like every analytics output; the model parameters as fitted (SMM decimals).
      const yearsInPercent = years.map((y) => ({ ...y, actualCpr: 100 * y.actualCpr, fittedCpr: 100 * y.fittedCpr }));
      console.log(JSON.stringify({ units: OUTPUT_UNITS, loans: history.loans, ...fit, years: yearsInPercent }, null, 2));
      return;
    }
    const p = fit.params;
    console.log(`${history.loans} loans, ${fit.observations} loan-months, ${fit.payoffs} payoffs`);
    console.log(`SMM = min(1, age/${p.seasoningMonths}) × exp(−${p.burnout.toPrecision(4)} × burnout) × (${p.base.toPrecision(4)} + ${p.amplitude.toPrecision(4)} / (1 + exp(−${p.slope.toPrecision(4)} × (incentive − ${p.midpoint.toPrecision(4)}))))`);
    console.log(`log-likelihood ${fit.logLikelihood.toFixed(2)} (constant SMM: ${fit.constantLogLikelihood.toFixed(2)})`);
    console.log("year  loan-months  payoffs  actual CPR %  fitted CPR %");
    for (const y of years) {
      console.log(`${y.year}  ${String(y.loanMonths).padStart(11)}  ${String(y.payoffs).padStart(7)}  ${(100 * y.actualCpr).toFixed(1).padStart(12)}  ${(100 * y.fittedCpr).toFixed(1).padStart(12)}`);
    }
  });
}
