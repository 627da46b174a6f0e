import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { formatBook, toJson } from "../../market/format.js";
import { readBook } from "../../market/orders.js";
import { commandChain } from "../common/connect.js";
import { reportingErrors } from "../common/reporter.js";

interface BookArgs {
  market: string | undefined;
  token: string | undefined;
  levels: number;
  trades: number;
  json: boolean;
}

export default async function marketBookAction(args: BookArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const book = await readBook({ market: args.market, token: args.token, levels: args.levels, trades: args.trades }, (await commandChain(hre)).signer);
    console.log(args.json ? toJson(book) : formatBook(book));
  });
}
