import { formatTotalReturn, runCashflows, runTotalReturn } from "../../analytics/commands.js";
import type { TotalReturnOptions } from "../../analytics/commands.js";
import { resolvePool } from "../../analytics/pool.js";
import { printWarnings, projectionInputs } from "./analytics-args.js";
import type { ProjectionArgs } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

type TotalReturnArgs = ProjectionArgs & TotalReturnOptions;

export default async function totalReturnAction(args: TotalReturnArgs): Promise<void> {
  await reportingErrors(async () => {
    const { pool, prepay, defaults, warnings } = await projectionInputs(args);
    const { table } = runCashflows(pool, prepay, defaults);
    const result = runTotalReturn(table, resolvePool(pool).passThroughRate, args);
    printWarnings(warnings);
    console.log(args.json ? JSON.stringify(result, null, 2) : formatTotalReturn(result));
  });
}
