import { InvalidInputError } from "../../errors.js";
import { formatSpeed, parseFactorHistory, parseNumberOption, reportingInputErrors, runSpeed } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { readInputFile } from "./analytics-args.js";

interface SpeedArgs {
  file: OptionText;
  wac: OptionText;
  term: OptionText;
  loanAgeOffset: OptionText;
  json: boolean;
}

export default async function speed(args: SpeedArgs): Promise<void> {
  await reportingInputErrors(async () => {
    if (args.file === undefined) throw new InvalidInputError("--file", "is required (a factor history, one age,factor per line)");
    if (args.wac === undefined) throw new InvalidInputError("--wac", "is required");
    const points = parseFactorHistory(args.file, await readInputFile("--file", args.file));
    const result = runSpeed(
      points,
      parseNumberOption("wac", args.wac) / 100,
      args.term === undefined ? 360 : parseNumberOption("term", args.term),
      args.loanAgeOffset === undefined ? 0 : parseNumberOption("loan-age-offset", args.loanAgeOffset),
    );
    console.log(args.json ? JSON.stringify(result, null, 2) : formatSpeed(result));
  });
}
