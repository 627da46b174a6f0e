import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { connectChain } from "../../chain/index.js";
import { InvalidInputError } from "../../errors.js";
import { loadManifest } from "../../remit/command.js";
import { chainStatements } from "../../remit/commands.js";
import { renderStatement, statementToCsv, statementToJson } from "../../remittance/statement.js";
import { reportingErrors } from "../common/reporter.js";

interface StatementArgs {
  manifest: string | undefined;
  waterfall: string | undefined;
  period: number;
  output: string;
  fromBlock: number;
}

export default async function statementAction(args: StatementArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    if (!["text", "json", "csv"].includes(args.output)) throw new InvalidInputError("--output", `"${args.output}": one of text, json, csv`);
    const manifest = await loadManifest(args.manifest);
    const chain = await connectChain(hre);
    const statements = await chainStatements(manifest, chain.provider, { waterfall: args.waterfall, period: args.period, fromBlock: args.fromBlock });
    if (statements.length === 0) {
      console.error("no period has been executed on this deal yet");
      return;
    }
    if (args.output === "json") console.log(JSON.stringify(statements.map(statementToJson), null, 2));
    else if (args.output === "csv") process.stdout.write(statements.map((s, i) => statementToCsv(s, i === 0)).join(""));
    else console.log(statements.map(renderStatement).join("\n\n"));
  });
}
