import { InvalidInputError } from "../../errors.js";
import { formatReport } from "../../pool/report.js";
import type { TapeFormat } from "../../tape/loan.js";
import { validateTokenization } from "../../tokenize/prepare.js";
import { formatValidation } from "../../tokenize/summary.js";
import { required } from "../common/options.js";
import { progressBar } from "../common/progress.js";
import { reportingErrors } from "../common/reporter.js";

export interface ValidateArgs {
  tape: string | undefined;
  rules: string | undefined;
  deal: string | undefined;
  format: string;
  performance: string | undefined;
  excludeInvalid: boolean;
  brief: boolean;
}

export const TAPE_FORMATS = ["auto", "generic", "fannie-legacy", "fannie", "freddie"] as const satisfies readonly (TapeFormat | "auto")[];

export function tapeFormatOption(value: string): TapeFormat | "auto" {
  const format = TAPE_FORMATS.find((f) => f === value);
  if (format === undefined) throw new InvalidInputError("--format", `"${value}" is not one of ${TAPE_FORMATS.join(", ")}`);
  return format;
}

/** `mbs validate` and `mbs tokenize --dry-run`: everything checked and reported, no chain touched. */
export async function runValidation(args: ValidateArgs): Promise<void> {
  const result = await validateTokenization({
    tapePath: required("tape", args.tape),
    rulesPath: required("rules", args.rules),
    dealPath: required("deal", args.deal),
    format: tapeFormatOption(args.format),
    excludeInvalid: args.excludeInvalid,
    ...(args.performance === undefined ? {} : { performancePath: args.performance }),
    onProgress: progressBar(),
  });
  if (!args.brief) console.log(`${formatReport(result.pool.stats, result.pool.strats)}\n`);
  console.log(formatValidation(result));
}

export default async function validateAction(args: ValidateArgs): Promise<void> {
  await reportingErrors(() => runValidation(args));
}
