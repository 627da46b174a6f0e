import { priceOrYield } from "./pricing.js";
import type { PricingArgs } from "./pricing.js";

export default async function price(args: PricingArgs): Promise<void> {
  await priceOrYield({ ...args, price: undefined });
}
