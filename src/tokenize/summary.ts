/**
 * The closing summary of `mbs tokenize`: what went in, what was left out and why, what the pool
 * looks like, what was committed and where everything was deployed — in terms an issuer reads.
 */
import { formatCents } from "../deal/deal.js";
import { formatPpm } from "../units.js";
import type { Manifest } from "./manifest.js";

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
