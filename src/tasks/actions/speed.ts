import { InvalidInputError } from "../../errors.js";
import {
  averageSpeed, averageSpeedForOutput, formatAverageSpeed, formatSpeed, numberOption, parseFactorHistory, parsePoolsFile,
  RANGES, runSpeed, speedForOutput,
} from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { readInputFile } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

interface SpeedArgs {
  file: OptionText;
  pools: OptionText;
  wac: OptionText;
  term: OptionText;
  loanAgeOffset: OptionText;
  json: boolean;
}

export default async function speed(args: SpeedArgs): Promise<void> {
  await reportingErrors(async () => {
    if ((args.file === undefined) === (args.pools === undefined)) {
      throw new InvalidInputError("--file/--pools", "give one pool's factor history (--file) or a pools file to average (--pools)");
    }
    if (args.pools !== undefined) {
      for (const k of ["wac", "term", "loanAgeOffset"] as const) {
        if (args[k] !== undefined) throw new InvalidInputError(`--${k === "loanAgeOffset" ? "loan-age-offset" : k}`, "is read per pool from the --pools file");
      }
      const average = averageSpeed(parsePoolsFile(args.pools, await readInputFile("--pools", args.pools)));
      console.log(args.json ? JSON.stringify(averageSpeedForOutput(average), null, 2) : formatAverageSpeed(average));
      return;
    }
    const points = parseFactorHistory(args.file as string, await readInputFile("--file", args.file as string));
    const result = runSpeed(
      points,
      numberOption("wac", args.wac, RANGES.percentRate) / 100,
      numberOption("term", args.term, RANGES.term, 360),
      numberOption("loan-age-offset", args.loanAgeOffset, { unit: "months", integer: true }, 0),
    );
    console.log(args.json ? JSON.stringify(speedForOutput(result), null, 2) : formatSpeed(result));
  });
}
