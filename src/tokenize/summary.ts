/**
 * The closing summary of `mbs tokenize`: what went in, what was left out and why, what the pool
 * looks like, what was committed and where everything was deployed — in terms an issuer reads.
 */
import { impliedOvercollateralization } from "../deal/checks.js";
import { formatIssue } from "../errors.js";
import type { TapeSummary } from "../tape/index.js";
import { formatCents, formatPpm } from "../units.js";
import type { Manifest } from "./manifest.js";
import type { ValidationResult } from "./prepare.js";

const int = (n: number) => n.toLocaleString("en-US");
const fixed = (x: number | null, d: number) => (x === null ? "—" : x.toFixed(d));

/** Exclusions counted by rule, most frequent first. */
export function exclusionsByRule(excluded: Manifest["excluded"]): [string, number][] {
  const counts = new Map<string, number>();
  for (const e of excluded) counts.set(e.rule, (counts.get(e.rule) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

export function formatSummary(m: Manifest, manifestPath: string | undefined): string {
  const s = m.stats;
  const lines = [
    `deal ${m.deal.dealId} — ${m.deal.name} (cut-off ${m.deal.cutoffDate}, ${m.deal.structure})`,
    `network ${m.network.name} (chain ${m.network.chainId}), deployer ${m.deployer}`,
    "",
    `loans read        ${int(m.inputs.tape.loansRead)}  (${m.inputs.tape.format} tape, sha256 ${m.inputs.tape.sha256})`,
  ];
  if (m.invalidRows.length > 0) lines.push(`invalid rows left out  ${int(m.invalidRows.length)}  (--exclude-invalid; listed in the manifest)`);
  lines.push(`excluded by rules ${int(m.excluded.length)}`);
  for (const [rule, count] of exclusionsByRule(m.excluded).slice(0, 8)) lines.push(`  ${rule.padEnd(28)} ${int(count)}`);
  lines.push(
    `included          ${int(m.commitment.loanCount)}`,
    `current UPB       $${formatCents(BigInt(m.commitment.upbCents))}`,
    `WAC ${fixed(s.wacPct, 3)} %   WAM ${fixed(s.wamMonths, 1)} mo   WALA ${fixed(s.walaMonths, 1)} mo   ` +
      `WA FICO ${fixed(s.fico.weightedAverage, 0)}   WA LTV ${fixed(s.ltvPct.weightedAverage, 1)} %`,
    "",
    `Merkle root       ${m.commitment.merkleRoot}`,
    `stats hash        ${m.commitment.statsHash}`,
    `rules hash        ${m.commitment.rulesHash}`,
    "",
    `LoanPool          ${m.contracts.loanPool}`,
    `KYC registry      ${m.contracts.kycRegistry}`,
    `settlement cash   ${m.contracts.cash}`,
  );
  for (const t of m.contracts.tranches) {
    const holders = m.allocations.filter((a) => a.tranche === t.symbol).length;
    lines.push(`${t.symbol.padEnd(17)} ${t.address}  face $${formatCents(BigInt(t.originalFaceCents))}  ` +
      `coupon ${formatPpm(t.couponPpm)}  seniority ${t.seniority}  ${holders} investor(s)`);
  }
  lines.push(`overcollateralization $${formatCents(BigInt(m.deal.overcollateralizationCents))}`);
  if (manifestPath !== undefined) lines.push("", `manifest          ${manifestPath}`, `proofs            ${m.proofs.command}`);
  return lines.join("\n");
}

/** Whether this run deployed, resumed or only reported the deployment (by its Ignition id). */
export function formatDeploymentLine(deploymentId: string | null, transactionsSent: number): string {
  const id = deploymentId === null ? "in-process deployment" : `deployment ${deploymentId}`;
  if (transactionsSent === 0) return `${id}: already complete on this chain, nothing sent (the existing pool is reported above)`;
  return `${id}: ${transactionsSent} transaction(s) sent`;
}

/** Tape findings every summary shows: projected balances, warnings (the first few), invalid rows left out. */
export function formatTapeNotes(summary: TapeSummary, maxWarnings = 10): string[] {
  const lines: string[] = [];
  if (summary.projectedBalances > 0) {
    lines.push(
      `projected balances ${int(summary.projectedBalances)} loan(s): the ${summary.format} tape carries no current balance, so each is the ` +
        `scheduled balance at the cut-off ${summary.cutoff ?? ""} (give --performance for actual balances)`,
    );
  }
  if (summary.warningCount > 0) {
    lines.push(`warnings          ${int(summary.warningCount)}  (docs/loan-tape-checks.md; the rows are kept as written)`);
    for (const w of summary.warnings.slice(0, maxWarnings)) lines.push(`  ${formatIssue(w)}`);
    if (summary.warningCount > maxWarnings) lines.push(`  … and ${int(summary.warningCount - maxWarnings)} more`);
  }
  return lines;
}

/** The closing summary of `mbs validate` (and `mbs tokenize --dry-run`): what would be committed, with no chain touched. */
export function formatValidation(v: ValidationResult): string {
  const s = v.pool.stats;
  const faces = v.deal.tranches.reduce((sum, t) => sum + t.originalFaceCents, 0n);
  const lines = [
    `deal ${v.deal.dealId} — ${v.deal.name} (cut-off ${v.deal.cutoffDate}, ${v.deal.structure})`,
    "",
    `loans read        ${int(v.pool.loansRead)}  (${v.summary.format} tape, sha256 ${v.tapeHash})`,
  ];
  if (v.summary.excluded.length > 0) lines.push(`invalid rows left out  ${int(v.summary.excluded.length)}  (--exclude-invalid)`);
  lines.push(...formatTapeNotes(v.summary));
  lines.push(`excluded by rules ${int(v.pool.excluded.length)}`);
  const byRule = new Map<string, number>();
  for (const e of v.pool.excluded) byRule.set(e.rule, (byRule.get(e.rule) ?? 0) + 1);
  for (const [rule, count] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8)) {
    lines.push(`  ${rule.padEnd(28)} ${int(count)}`);
  }
  lines.push(
    `included          ${int(v.pool.includedCount)}`,
    `current UPB       $${formatCents(v.facts.upbCents)}`,
    `WAC ${fixed(s.wacPct, 3)} %   WAM ${fixed(s.wamMonths, 1)} mo   WALA ${fixed(s.walaMonths, 1)} mo   ` +
      `WA FICO ${fixed(s.fico.weightedAverage, 0)}   WA LTV ${fixed(s.ltvPct.weightedAverage, 1)} %`,
    `class faces       $${formatCents(faces)} in ${v.deal.tranches.length} class(es); overcollateralization $${formatCents(impliedOvercollateralization(v.deal, v.facts))}`,
    "",
    `Merkle root       ${v.pool.commitment.root}  (would be committed)`,
    `stats hash        ${v.pool.statsHash}`,
    `rules hash        ${v.pool.rulesHash}`,
    "",
    "valid: tape, rules and deal agree. No chain was used and nothing was sent; the investors' KYC is checked when `mbs tokenize` runs on a network.",
  );
  return lines.join("\n");
}
