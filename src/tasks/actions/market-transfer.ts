import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { parseAccount } from "../../chain/index.js";
import { transferTokens } from "../../market/orders.js";
import { formatUsd, parseUsd } from "../../units.js";
import { marketChain } from "../../market/connect.js";
import { required } from "../common/options.js";
import { reportingErrors } from "../common/reporter.js";

interface TransferArgs {
  from: string | undefined;
  token: string | undefined;
  to: string | undefined;
  amount: string | undefined;
}

export default async function marketTransferAction(args: TransferArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const to = parseAccount(args.to, "--to", "the recipient's wallet");
    const amount = parseUsd(required("amount", args.amount), "--amount");
    const onNotice = (text: string) => console.log(`note: ${text}`);
    const r = await transferTokens({ token: args.token, to, amount, onNotice }, (await marketChain(hre, args.from)).signer);
    console.log(`transferred ${formatUsd(amount)} face to ${to} (tx ${r.txHash})`);
  });
}
