import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { OUTPUT_UNITS } from "../../analytics/commands.js";
import type { OptionText } from "../../analytics/commands.js";
import { formatQuote, quoteFromOptions } from "../../analytics/quote.js";
import type { ClassFacts, ClassQuote } from "../../analytics/quote.js";
import { PRICE_SCALE, parsePrice } from "../../market/price.js";
import { readClass } from "../../market/quote.js";
import type { ClassOnChain } from "../../market/quote.js";
import { readInputFile } from "./analytics-args.js";
import type { PrepayArgs } from "./analytics-args.js";
import { commandChain } from "../common/connect.js";
import { reportingErrors } from "../common/reporter.js";

/** The pool options of `mbs quote`, and the prepayment options every projecting command shares. */
export interface QuoteArgs extends PrepayArgs {
  token: OptionText;
  pool: OptionText;
  waterfall: OptionText;
  coupon: OptionText;
  wac: OptionText;
  term: OptionText;
  wam: OptionText;
  age: OptionText;
  price: OptionText;
  yield: OptionText;
  spread: OptionText;
  curve: OptionText;
  settle: OptionText;
  delay: OptionText;
  json: boolean;
}

/** Token units to currency units (one token unit per unit of original face). */
export function classFacts(c: ClassOnChain): ClassFacts {
  const scale = 10 ** c.decimals;
  const facts: ClassFacts = { originalFace: Number(c.originalFace) / scale, currentFace: Number(c.currentFace) / scale };
  if (c.couponPpm !== undefined) facts.coupon = c.couponPpm / 1_000_000;
  return facts;
}

/** The class read from the chain, then quoted (shared by the command and its tests). */
export async function quoteOnChain(args: QuoteArgs, hre: HardhatRuntimeEnvironment): Promise<{ onChain: ClassOnChain; quote: ClassQuote }> {
  const vector = args.vector === undefined ? undefined : { file: args.vector, text: await readInputFile("--vector", args.vector) };
  // Desks' prices (101-16+) as the market commands take them, exactly.
  const price = args.price === undefined ? undefined : String(Number(parsePrice(args.price)) / Number(PRICE_SCALE));
  const onChain = await readClass({ token: args.token, pool: args.pool, waterfall: args.waterfall }, (await commandChain(hre)).signer);
  const { vector: _file, ...options } = args;
  const quote = quoteFromOptions(classFacts(onChain), { ...options, price, ...(vector ? { vector } : {}) });
  return { onChain, quote };
}

export default async function marketQuoteAction(args: QuoteArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const { onChain, quote } = await quoteOnChain(args, hre);
    const label = `${onChain.symbol} ${onChain.token}${onChain.couponSource ? ` (coupon from ${onChain.couponSource})` : ""}`;
    console.log(args.json
      ? JSON.stringify({ units: OUTPUT_UNITS, token: onChain.token, symbol: onChain.symbol, couponSource: onChain.couponSource ?? "--coupon", ...quote }, null, 2)
      : formatQuote(quote, label));
  });
}
