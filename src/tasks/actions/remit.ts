import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { IGNITION_DEFAULT_CONFIRMATIONS, fromConnection, type ChainConnection } from "../../chain/index.js";
import { InvalidInputError } from "../../errors.js";
import { runRecordDate, runRemit } from "../../remit/cycle.js";
import { defaultJournal, historyFiles, loadManifest, loadPolicy, parseCashCents, parseFormat, parseSteps } from "../../remit/command.js";
import { poolStateFromManifest } from "../../remit/pool.js";
import { renderStatement, statementToCsv, statementToJson } from "../../remittance/statement.js";
import { formatUsd } from "../../units.js";
import { reportingErrors } from "../common/reporter.js";

interface RemitArgs {
  manifest: string | undefined;
  waterfall: string | undefined;
  file: string | undefined;
  format: string;
  step: string;
  servicer: string | undefined;
  trustee: string | undefined;
  history: string | undefined;
  journal: string | undefined;
  lens: string | undefined;
  policy: string | undefined;
  cash: string | undefined;
  output: string;
  fromBlock: number;
  replace: boolean;
}

export default async function remitAction(args: RemitArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    if (!["text", "json", "csv"].includes(args.output)) throw new InvalidInputError("--output", `"${args.output}": one of text, json, csv`);
    const steps = parseSteps(args.step);
    const confirmations = hre.config.ignition.requiredConfirmations ?? IGNITION_DEFAULT_CONFIRMATIONS;
    if (steps.length === 1 && steps[0] === "record-date") {
      // The keeper at the month end: no file, no manifest; any account (--servicer, else the network's first).
      if (args.waterfall === undefined) throw new InvalidInputError("--waterfall", "required: the deal's PaymentWaterfall");
      const connection = await hre.network.create();
      const keeper = await fromConnection(connection, confirmations, args.servicer === undefined ? {} : { account: args.servicer });
      const outcome = await runRecordDate({ waterfall: args.waterfall, fromBlock: args.fromBlock, keeper, log: (line) => console.error(line) });
      console.error(`period ${outcome.period}: ${outcome.steps.filter((x) => x.outcome === "sent").length} transaction(s) sent`);
      return;
    }
    if (args.file === undefined) throw new InvalidInputError("--file", "required: the servicer's file for the period (only --step record-date runs without one)");
    const manifest = await loadManifest(args.manifest);
    const [format, policy, history] = [parseFormat(args.format), await loadPolicy(args.policy), await historyFiles(args.history)];
    const cash = parseCashCents(args.cash);
    const start = await poolStateFromManifest(manifest);
    // One connection for the command (on the in-process network every connection is a fresh chain),
    // one sender per role on it.
    const connection = await hre.network.create();
    const as = (account: string | undefined) => fromConnection(connection, confirmations, account === undefined ? {} : { account });
    // The record date is anyone's to mark: the servicer's account, or the network's first account.
    const sends = steps.some((s) => s === "submit" || s === "fund" || s === "execute" || s === "record-date");
    const servicer: ChainConnection | undefined = sends || args.servicer !== undefined ? await as(args.servicer) : undefined;
    if (steps.includes("attest") && args.trustee === undefined) {
      throw new InvalidInputError("--trustee", "the attest step needs the trustee's account (never the servicer's); run it with --trustee, or leave attest out (--step)");
    }
    const trustee = steps.includes("attest") ? await as(args.trustee) : undefined;
    const reader = servicer ?? trustee ?? (await as(undefined));
    const outcome = await runRemit({
      file: args.file,
      format,
      ...(policy === undefined ? {} : { policy }),
      ...(cash === undefined ? {} : { declaredCashCents: cash }),
      start,
      history,
      journal: args.journal ?? defaultJournal(args.manifest!, manifest),
      dealName: manifest.deal.name,
      steps,
      waterfall: args.waterfall ?? "",
      ...(args.lens === undefined ? {} : { lens: args.lens }),
      fromBlock: args.fromBlock,
      ...(servicer === undefined ? {} : { servicer }),
      ...(trustee === undefined ? {} : { trustee }),
      reader,
      replace: args.replace,
      log: (line) => console.error(line),
    });
    const s = outcome.preview?.statement;
    if (s !== undefined) {
      if (args.output === "json") console.log(JSON.stringify(statementToJson(s), null, 2));
      else if (args.output === "csv") process.stdout.write(statementToCsv(s));
      else console.log(renderStatement(s));
    }
    const sent = outcome.steps.filter((x) => x.outcome === "sent").length;
    const status = outcome.status;
    console.error(`period ${outcome.period}: ${sent} transaction(s) sent${status === undefined ? "" : `; chain: attested ${status.lastAttested}, executed ${status.executed}, deposited ${formatUsd(status.funded)} USD`}`);
  });
}
