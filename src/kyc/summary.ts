/** The text `mbs kyc onboard` prints when it is done (or, with --dry-run, what it would do). */
import { classNames } from "./investors.js";
import type { OnboardResult } from "./onboard.js";

export function formatOnboardSummary(result: OnboardResult): string {
  const out: string[] = [];
  if (result.dryRun) {
    out.push(`dry run: nothing sent. ${result.file} is valid; against the registry at ${result.registry} it would:`);
    for (const { row, action } of result.plan) {
      if (action === "unchanged") continue;
      const until = new Date(Number(row.verifiedUntil) * 1000).toISOString();
      out.push(`  line ${row.line}: ${action === "new" ? "onboard" : "update "} ${row.account} until ${until}, country ${row.country}, ${classNames(row.classes).join("|")}`);
    }
  }
  const [onboarded, updated] = result.dryRun ? ["would onboard", "would update"] : ["onboarded", "updated"];
  const line = (label: string, value: string) => out.push(`${label.padEnd(14)}${value}`);
  line("registry", `${result.registry} (signer ${result.signer})`);
  line(onboarded, String(result.onboarded));
  line(updated, String(result.updated));
  line("unchanged", `${result.unchanged} (already on chain as in the file: skipped)`);
  line("transactions", `${result.transactions.length}${result.transactions.length > 0 ? `: ${result.transactions.join(", ")}` : ""}`);
  if (result.frozen.length > 0) {
    out.push(`note: ${result.frozen.length} account(s) in the file are frozen and stay frozen (mbs kyc freeze --unfreeze lifts it): ${result.frozen.join(", ")}`);
  }
  return out.join("\n");
}
