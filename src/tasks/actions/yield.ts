import { priceOrYield } from "./pricing.js";
import type { PricingArgs } from "./pricing.js";

export default async function yieldAction(args: PricingArgs): Promise<void> {
  await priceOrYield({ ...args, yield: undefined });
}
