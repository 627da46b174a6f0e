import { task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { TaskDefinition } from "hardhat/types/tasks";

/**
 * `mbs remit`, `mbs statement`, `mbs loan-history`: the monthly remittance cycle of a tokenized
 * pool (docs/remit.md, docs/remittance-file.md).
 */
const manifest = { name: "manifest", description: "Manifest `mbs tokenize` wrote for the pool", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined } as const;
const waterfall = { name: "waterfall", description: "Address of the deal's PaymentWaterfall", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined } as const;
const fromBlock = { name: "fromBlock", description: "Block the deal was deployed at (log queries start there)", type: ArgumentType.INT, defaultValue: 0 } as const;
const format = { name: "format", description: "Servicer file layout: auto, generic, fannie-legacy, fannie or freddie", type: ArgumentType.STRING, defaultValue: "auto" } as const;

export const remitTasks: TaskDefinition[] = [
  task(["mbs", "remit"], "One period of the remittance cycle: record date, read, reconcile, preview, submit, attest, fund, execute (re-runs finish it exactly once)")
    .addOption(manifest)
    .addOption(waterfall)
    .addOption({ name: "file", description: "The servicer's loan-level file for the period (not for --step record-date)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption(format)
    .addOption({ name: "step", description: "all, or one or more of record-date (a keeper, after the collection month ends), read, reconcile, preview, submit, attest, fund, execute (comma-separated)", type: ArgumentType.STRING, defaultValue: "all" })
    .addOption({ name: "servicer", description: "Servicer account (marks the record date, submits, funds and executes: fund and execute are one fundAndExecute transaction when both run; with --step record-date alone, the keeper's account): an address among the network's accounts (default: the first)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "trustee", description: "Trustee account (attests): an address among the network's accounts", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "history", description: "Servicer files of earlier periods (folder or comma-separated files), when the journal cannot vouch for last period", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "journal", description: "Journal folder (default remit/<deal id> next to the manifest)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "lens", description: "Address of the WaterfallLens: the contract's own preview is checked against the model", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "policy", description: "Reconciliation policy JSON: {\"flag\": \"error\" | \"warning\" | \"ignore\"} (docs/remittance-file.md)", type: ArgumentType.FILE_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "cash", description: "Cash the servicer remitted, USD (checked against the file's totals)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "output", description: "Preview statement as text, json or csv", type: ArgumentType.STRING, defaultValue: "text" })
    .addOption(fromBlock)
    .addFlag({ name: "replace", description: "Replace a submitted, not yet attested report that differs from this file's" })
    .setAction(() => import("./actions/remit.js"))
    .build(),
  task(["mbs", "statement"], "The trustee's distribution statement of executed periods, rebuilt from chain logs")
    .addOption(manifest)
    .addOption(waterfall)
    .addOption({ name: "period", description: "Only this period (default: every executed period)", type: ArgumentType.INT, defaultValue: 0 })
    .addOption({ name: "output", description: "text, json or csv", type: ArgumentType.STRING, defaultValue: "text" })
    .addOption(fromBlock)
    .setAction(() => import("./actions/statement.js"))
    .build(),
  task(["mbs", "loan-history"], "A loan's life period by period from the servicer files, each line proven against that period's root on chain")
    .addOption(manifest)
    .addOption(waterfall)
    .addOption({ name: "loan", description: "Loan id as on the tape", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption({ name: "files", description: "The servicer files (folder or comma-separated files)", type: ArgumentType.STRING_WITHOUT_DEFAULT, defaultValue: undefined })
    .addOption(format)
    .addFlag({ name: "json", description: "Print JSON (with the proofs) instead of a table" })
    .addOption(fromBlock)
    .setAction(() => import("./actions/loan-history.js"))
    .build(),
];
