import { formatPricing, pricingForOutput, runCashflows, runPricing } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { reprojectionFromOptions } from "../../analytics/oas/command.js";
import { resolvePool } from "../../analytics/pool.js";
import { printWarnings, projectionInputs } from "./analytics-args.js";
import type { ProjectionArgs } from "./analytics-args.js";
import { reportingErrors } from "../common/reporter.js";

export interface PricingArgs extends ProjectionArgs {
  settle: OptionText;
  delay: OptionText;
  curve: OptionText;
  shift: OptionText;
  reproject: boolean;
  mortgageRate: OptionText;
  price?: OptionText;
  yield?: OptionText;
}

/** Shared body of `mbs price` (yield → price) and `mbs yield` (price → yield). */
export async function priceOrYield(args: PricingArgs): Promise<void> {
  await reportingErrors(async () => {
    const { pool, prepay, defaults, warnings } = await projectionInputs(args);
    const { table } = runCashflows(pool, prepay, defaults);
    const reproject = reprojectionFromOptions(pool, table, defaults, args);
    const result = runPricing(table, resolvePool(pool).passThroughRate, {
      settle: args.settle, delay: args.delay, price: args.price, yield: args.yield, curve: args.curve, shift: args.shift,
    }, reproject);
    printWarnings(warnings);
    console.log(args.json ? JSON.stringify(pricingForOutput(result), null, 2) : formatPricing(result));
  });
}
