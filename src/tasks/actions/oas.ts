import { poolFromOptions } from "../../analytics/commands.js";
import type { PoolOptions } from "../../analytics/commands.js";
import { formatOas, oasForOutput, oasInputFromOptions, runOas } from "../../analytics/oas/command.js";
import type { OasOptions } from "../../analytics/oas/command.js";
import { reportingErrors } from "../common/reporter.js";

export interface OasArgs extends PoolOptions, OasOptions {
  json: boolean;
}

export default async function oas(args: OasArgs): Promise<void> {
  await reportingErrors(async () => {
    const result = runOas(oasInputFromOptions(poolFromOptions(args), args));
    console.log(args.json ? JSON.stringify(oasForOutput(result), null, 2) : formatOas(result));
  });
}
