import { InvalidInputError } from "../../errors.js";
import { defaultsFromOptions, numberOption, prepayFromOptions, RANGES } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { formatLoanCashflows, loanCashflowsForOutput, runLoanCashflows } from "../../analytics/loan-command.js";
import { loanArraysFromRecords } from "../../analytics/loanlevel.js";
import { loadTape } from "../../tape/index.js";
import type { TapeFormat } from "../../tape/index.js";
import { readInputFile } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

interface LoanCashflowsArgs {
  tape: OptionText;
  format: OptionText;
  cutoff: OptionText;
  fee: OptionText;
  psa: OptionText; cpr: OptionText; smm: OptionText; abs: OptionText; hep: OptionText; mhp: OptionText; ppc: OptionText;
  ppcCurve: OptionText; vector: OptionText; vectorUnit: OptionText;
  sda: OptionText; cdr: OptionText; mdr: OptionText; defaultVector: OptionText; defaultVectorUnit: OptionText;
  severity: OptionText; lag: OptionText; advance: boolean;
  json: boolean;
}

export default async function loanCashflows(args: LoanCashflowsArgs): Promise<void> {
  await reportingErrors(async () => {
    if (args.tape === undefined) throw new InvalidInputError("--tape", "is required (a loan tape: generic CSV, Fannie Mae or Freddie Mac)");
    const vector = args.vector === undefined ? undefined : { file: args.vector, text: await readInputFile("--vector", args.vector) };
    const defaultVector = args.defaultVector === undefined ? undefined : { file: args.defaultVector, text: await readInputFile("--default-vector", args.defaultVector) };
    const { vector: _vectorPath, ...speedArgs } = args;
    const prepay = prepayFromOptions({ ...speedArgs, ...(vector ? { vector } : {}) });
    const { defaultVector: _defaultVectorPath, ...defaultArgs } = args;
    const defaults = defaultsFromOptions({ ...defaultArgs, ...(defaultVector ? { defaultVector } : {}) });
    const fee = numberOption("fee", args.fee, RANGES.percentRate, 0) / 100;
    const { loans } = await loadTape(args.tape, {
      ...(args.format === undefined ? {} : { format: args.format as TapeFormat }),
      ...(args.cutoff === undefined ? {} : { cutoff: args.cutoff }),
    });
    const result = runLoanCashflows(loanArraysFromRecords(loans), prepay, fee, defaults);
    console.log(args.json ? JSON.stringify(loanCashflowsForOutput(result), null, 2) : formatLoanCashflows(result));
  });
}
