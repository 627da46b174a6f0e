import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseAccount } from "../../chain/index.js";
import { transferTokens } from "../../market/orders.js";
import { formatUsd, parseUsd } from "../../units.js";
import { commandChain } from "../shared/connect.js";
import { required } from "../shared/options.js";
import { reportingErrors } from "../shared/reporter.js";

interface TransferArgs {
  token: string | undefined;
  to: string | undefined;
  amount: string | undefined;
}

export default async function marketTransferAction(args: TransferArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const to = parseAccount(args.to, "--to", "the recipient's wallet");
    const amount = parseUsd(required("amount", args.amount), "--amount");
    const r = await transferTokens({ token: args.token, to, amount }, (await commandChain(hre)).signer);
    console.log(`transferred ${formatUsd(amount)} face to ${to} (tx ${r.txHash})`);
  });
}
