import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { connectChain } from "../../chain/index.js";
import { MbsError } from "../../errors.js";
import { loadManifest, parseFormat } from "../../remit/command.js";
import { chainLoanHistory } from "../../remit/commands.js";
import { reportingErrors } from "../common/reporter.js";

interface LoanHistoryArgs {
  manifest: string | undefined;
  waterfall: string | undefined;
  loan: string | undefined;
  files: string | undefined;
  format: string;
  json: boolean;
  fromBlock: number;
}

const usd = (cents: number) => (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export default async function loanHistoryAction(args: LoanHistoryArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const manifest = await loadManifest(args.manifest);
    const chain = await connectChain(hre);
    const lines = await chainLoanHistory(manifest, chain.provider, { waterfall: args.waterfall, loan: args.loan, files: args.files, format: parseFormat(args.format), fromBlock: args.fromBlock });
    if (args.json) {
      console.log(JSON.stringify(lines.map((l) => ({ ...l.proof, values: l.proof.values.map((v) => (typeof v === "bigint" ? v.toString() : v)), chainRoot: l.chainRoot, verified: l.verified })), null, 2));
    } else {
      console.log(`loan ${args.loan}: ${lines.length} period(s), each line proven against the period's root on chain`);
      console.log("period  month    status       missed    beginning UPB      ending UPB   principal paid    interest   loss   proof");
      for (const { proof, verified } of lines) {
        const l = proof.line;
        const principal = l.scheduledPrincipalCents + l.curtailmentCents + l.payoffCents;
        console.log(
          `${String(proof.period).padStart(6)}  ${proof.reportingMonth}  ${l.status.padEnd(11)}  ${String(l.delinquentMonths).padStart(6)}  ${usd(l.beginningUpbCents).padStart(14)}  ${usd(l.endingUpbCents).padStart(14)}  ${usd(principal).padStart(15)}  ${usd(l.interestCents).padStart(10)}  ${usd(l.realizedLossCents).padStart(5)}   ${verified ? "verified" : "NOT VERIFIED"}`,
        );
      }
    }
    const bad = lines.filter((l) => !l.verified);
    if (bad.length > 0) throw new MbsError(`${bad.length} line(s) do not match the root on chain (periods ${bad.map((l) => l.proof.period).join(", ")}): the files are not the ones remitted`);
  });
}
