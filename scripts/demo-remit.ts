/**
 * Part 7 of `npm run demo` (scripts/demo.ts): a generated senior / mezzanine / junior deal through
 * thirteen monthly remittance cycles on the in-process network, every month by the `mbs remit`
 * workflow (src/remit) with the servicer's and the trustee's keys kept apart, ending with claims
 * that empty the waterfall and the class tokens to the unit. The deal is cut off in the chain's
 * current month and the chain's clock follows the deal's calendar: at each month end a keeper marks
 * the period's record date (`--step record-date`), ten days later the servicer's report is remitted.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { network } from "hardhat";

import { buildWaterfallModule } from "../deploy/modules/Waterfall.js";
import { waterfallTermsOf } from "../src/analytics/deal/onchain.js";
import type { DealConfig } from "../src/analytics/deal/types.js";
import { fromConnection } from "../src/chain/index.js";
import { loadRules } from "../src/pool/rules.js";
import { runRecordDate, runRemit } from "../src/remit/cycle.js";
import { writeDemoServicing } from "../src/remit/demo-servicing.js";
import { loanHistory, replayPeriods } from "../src/remit/history.js";
import { attestedReports, dealConfigOf, monthEndSeconds, openDeal } from "../src/remit/onchain.js";
import { poolStateFromManifest } from "../src/remit/pool.js";
import { statementsFromChain } from "../src/remit/statements.js";
import { renderStatement } from "../src/remittance/statement.js";
import { monthString, parseCutoff } from "../src/tape/fields.js";
import { writeTape } from "../src/tape/generate.js";
import { buildPoolFromTape } from "../src/tokenize/poolFromTape.js";
import { readManifest, type Manifest } from "../src/tokenize/manifest.js";
import { tokenize } from "../src/tokenize/tokenize.js";
import { formatFactor, formatUsd, formatUtc } from "../src/units.js";
import { marketDemo } from "./demo-market.js";

type Connection = Awaited<ReturnType<typeof network.create>>;

const RULES = path.resolve("examples/rules/agency-conforming.json");
/** The cut-off month of the deal the tests deploy (their record dates are all past). */
const DEFAULT_CUTOFF = "2026-01";
const DAY = 86_400;
const usd = (units: bigint) => `$${formatUsd(units)}`;
const cents = (units: bigint) => `${units / 10_000n / 100n}.${String((units / 10_000n) % 100n).padStart(2, "0")}`;

export interface DemoDeal {
  /** Cut-off month, YYYY-MM. */
  cutoff: string;
  manifestPath: string;
  manifest: Manifest;
  deal: DealConfig;
  waterfall: string;
  lens: string;
  fromBlock: number;
  poolUnits: bigint;
  tokens: string[];
}

/**
 * A generated 60-loan tape tokenized into three classes (A 80 %, M 12 %, J 8 % of what the rules keep),
 * and its waterfall deployed through the Ignition module, the servicer funded with cash.
 */
export async function deployDemoDeal(
  connection: Connection,
  options: { registry: string; dir: string; servicer: string; trustee: string; residual: string; holders: readonly [string, string, string]; moduleId?: string; deploymentId?: string; cutoff?: string },
): Promise<DemoDeal> {
  const { ethers, ignition } = connection;
  const CUTOFF = options.cutoff ?? DEFAULT_CUTOFF;
  const dir = options.dir;
  const [alice, bayside, cedar] = options.holders;

  // A generated tape; the classes are sized on what the eligibility rules keep.
  const tape = path.join(dir, "tape.csv");
  await writeTape(tape, { format: "generic", loans: 60, seed: 2026, cutoff: CUTOFF });
  const { pool: eligible } = await buildPoolFromTape({ tapePath: tape, rules: await loadRules(RULES), format: "generic", excludeInvalid: false, cutoffMonth: CUTOFF });
  const upbCents = BigInt(eligible.stats.currentUpbCents);
  const a = (upbCents * 80n) / 100n;
  const m = (upbCents * 12n) / 100n;
  const j = upbCents - a - m;
  const dollars = (c: bigint) => `${c / 100n}.${String(c % 100n).padStart(2, "0")}`;
  const classes = ["accredited", "qib", "institutional"];
  const dealFile = {
    dealId: "MBSC 2026-2",
    name: "mbs-chain Mortgage Trust 2026-2",
    cutoffDate: `${CUTOFF}-01`,
    structure: "senior-subordinate",
    overcollateralization: "residual",
    tranches: [
      { name: "MBSC 2026-2 Class A", symbol: "MBS2A", originalFace: dollars(a), coupon: 5, seniority: 1, investorClasses: classes },
      { name: "MBSC 2026-2 Class M", symbol: "MBS2M", originalFace: dollars(m), coupon: 6, seniority: 2, investorClasses: classes },
      { name: "MBSC 2026-2 Class J", symbol: "MBS2J", originalFace: dollars(j), coupon: 7, seniority: 3, investorClasses: classes },
    ],
    allocations: [
      { investor: alice, tranche: "MBS2A", face: dollars(a / 2n) },
      { investor: bayside, tranche: "MBS2A", face: dollars(a - a / 2n) },
      { investor: cedar, tranche: "MBS2M", face: dollars(m) },
      { investor: bayside, tranche: "MBS2J", face: dollars(j) },
    ],
  };
  const dealPath = path.join(dir, "deal.json");
  writeFileSync(dealPath, JSON.stringify(dealFile, null, 2));
  const manifestPath = path.join(dir, "manifest.json");
  await tokenize({ tapePath: tape, rulesPath: RULES, dealPath, registry: options.registry, outPath: manifestPath, ...(options.deploymentId === undefined ? {} : { deploymentId: `${options.deploymentId}-pool` }) }, connection as unknown as Parameters<typeof tokenize>[1]);
  const manifest = await readManifest(manifestPath);
  const poolUnits = BigInt(manifest.commitment.upbCents) * 10_000n;

  // The waterfall: fees, pro rata principal switching to sequential on a 6 % 60+ delinquency or 2 % loss trigger, a 0.5 % reserve.
  const tokens = manifest.contracts.tranches.map((t) => t.address);
  const deal: DealConfig = {
    name: manifest.deal.name,
    originalPoolBalance: poolUnits,
    principalMode: "proRataUntilTrigger",
    classes: manifest.contracts.tranches.map((t) => ({ id: t.symbol, kind: "standard" as const, originalBalance: BigInt(t.originalFaceCents) * 10_000n, couponPpm: t.couponPpm, interestRank: t.seniority })),
    fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 0n },
    triggers: { delinquencyPpm: 60_000, cumulativeLossPpm: 20_000 },
    reserve: { targetPpm: 5_000, floor: 0n, initialBalance: 0n },
  };
  // The waterfall's calendar is the pool's: record dates at the month ends after the cut-off month.
  const { terms, classes: classTerms } = waterfallTermsOf(deal, tokens, manifest.commitment.cutoffDate);
  const fromBlock = await ethers.provider.getBlockNumber();
  const deployed = await ignition.deploy(
    buildWaterfallModule({
      moduleId: options.moduleId ?? "DemoWaterfall",
      cash: manifest.contracts.cash,
      initialPoolBalance: poolUnits,
      initialLoanCount: manifest.commitment.loanCount,
      terms,
      classes: classTerms,
      servicer: options.servicer,
      trustee: options.trustee,
      payees: { servicer: options.servicer, trustee: options.trustee, residual: options.residual },
    }),
    { displayUi: false, ...(options.deploymentId === undefined ? {} : { deploymentId: `${options.deploymentId}-waterfall` }) },
  );
  const waterfall = await deployed.waterfall.getAddress();
  const lens = await deployed.lens.getAddress();
  const cash = await ethers.getContractAt("TestStablecoin", manifest.contracts.cash);
  const [admin] = await ethers.getSigners();
  if (!(await cash.hasRole(await cash.MINTER_ROLE(), admin!.address))) await (await cash.grantRole(await cash.MINTER_ROLE(), admin!.address)).wait();
  await (await cash.mint(options.servicer, poolUnits * 2n)).wait();

  return { cutoff: CUTOFF, manifestPath, manifest, deal, waterfall, lens, fromBlock, poolUnits, tokens };
}

export async function remitDemo(connection: Connection, options: { registry: string; say: (text?: string) => void }): Promise<void> {
  const { ethers } = connection;
  const say = options.say;
  const signers = await ethers.getSigners();
  const [issuer, alice, bayside, cedar, carol] = signers;
  const servicer = signers[6]!;
  const trustee = signers[7]!;
  const dir = mkdtempSync(path.join(tmpdir(), "mbs-demo-remit-"));
  // The deal is cut off in the chain's current month, so every record date is ahead and the clock can reach it.
  const latest = async () => (await ethers.provider.getBlock("latest"))!.timestamp;
  const today = new Date((await latest()) * 1000);
  const cutoffMonth = today.getUTCFullYear() * 12 + today.getUTCMonth();
  const { manifest, waterfall, lens, fromBlock, poolUnits, tokens } = await deployDemoDeal(connection, {
    registry: options.registry, dir, servicer: servicer.address, trustee: trustee.address, residual: issuer!.address,
    holders: [alice!.address, bayside!.address, cedar!.address], cutoff: monthString(cutoffMonth),
  });
  const CUTOFF = monthString(cutoffMonth);
  /** The development chain's clock moved forward to `time` (never back). */
  const advanceTo = async (time: number) => {
    if ((await latest()) >= time) return;
    await ethers.provider.send("evm_setNextBlockTimestamp", [time]);
    await ethers.provider.send("evm_mine", []);
  };
  const cash = await ethers.getContractAt("TestStablecoin", manifest.contracts.cash);
  say(`\n7. ${manifest.deal.name}: ${manifest.commitment.loanCount} generated loans, UPB ${usd(poolUnits)}; classes A 80 % (5 %), M 12 % (6 %), J 8 % (7 %).`);
  say(`   PaymentWaterfall ${waterfall}; servicer ${servicer.address}, trustee ${trustee.address} (two keys).`);

  // Thirteen servicer files, each remitted through the whole cycle with two keys.
  const start = await poolStateFromManifest(manifest);
  const servicing = await writeDemoServicing({ dir, pool: start, payOffAtEnd: true });
  const chain = async (account: string) => fromConnection(connection as unknown as Parameters<typeof fromConnection>[0], 1, { account });
  const [asServicer, asTrustee, asKeeper] = [await chain(servicer.address), await chain(trustee.address), await chain(carol!.address)];
  const journal = path.join(dir, "journal");
  // Secondary trading between the cycles (scripts/demo-market.ts).
  const market = await marketDemo(connection, { manifest, waterfall, trustee, investors: { alice: alice!, bayside: bayside!, cedar: cedar!, carol: carol! }, say });
  say("   month    collections   A principal   M principal   J principal   J loss     A factor    60+ / trigger       flags");
  let statementShown = 0;
  for (const [i, file] of servicing.files.entries()) {
    const recordDate = monthEndSeconds(cutoffMonth + i + 1);
    // The month end: a keeper — anyone; here Carol's account — marks the record date at the boundary; from
    // there to the distribution the market's books are closed (the market's steps before the cycle).
    await advanceTo(recordDate + 1);
    const keeper = await runRecordDate({ waterfall, fromBlock, keeper: asKeeper });
    if (i === 0) say(`   record date: ${keeper.steps[0]!.detail} (a keeper, at the month end)`);
    await market.beforeCycle(i);
    // Ten days later the servicer's file is in: reconcile, preview, submit, attest, fund, execute.
    await advanceTo(recordDate + 1 + 10 * DAY);
    const out = await runRemit({ file, start, journal, dealName: manifest.deal.name, waterfall, lens, fromBlock, servicer: asServicer, trustee: asTrustee, steps: ["read", "reconcile", "preview", "submit", "attest", "fund", "execute"] });
    if (i === 0) say(`   ${formatUtc(await latest())}: the servicer remits ${monthString(cutoffMonth + 1)} and the trustee attests; the waterfall pays the holders of record of ${formatUtc(recordDate)}`);
    const r = out.preview!.result;
    const s = out.preview!.statement;
    const trig = s.triggers.find((t) => t.name.startsWith("60+"))!;
    const sent = out.steps.filter((x) => x.outcome === "sent").map((x) => x.step);
    if (!["submit", "attest", "fund", "execute"].every((step) => sent.includes(step as never))) throw new Error(`month ${i + 1}: the cycle did not complete (${sent.join(", ")})`);
    say(`   ${s.reportingMonth}  ${usd(s.pool.collections).padStart(13)}  ${usd(r.classes[0]!.principalPaid).padStart(12)}  ${usd(r.classes[1]!.principalPaid).padStart(12)}  ${usd(r.classes[2]!.principalPaid).padStart(12)}  ${usd(r.classes[2]!.lossAllocated).padStart(8)}  ${formatFactor(r.classes[0]!.factor)}  ${(Number(trig.actualPpm) / 10_000).toFixed(2).padStart(5)}% ${trig.tripped ? "TRIPPED" : "passing"}  ${out.remittance!.reconciliation.warnings} warning(s)`);
    if ((s.pool.liquidationCount > 0 || (trig.tripped && statementShown === 0)) && statementShown < 2) {
      statementShown++;
      say(`\n   The trustee's statement of ${s.reportingMonth}, as previewed before anything was sent:`);
      say(renderStatement(s).split("\n").map((l) => `     ${l}`).join("\n"));
      say("");
    }
    await market.afterCycle(i, out);
  }

  // The chain's own record: statements rebuilt from the logs equal the previews; one loan's life proven.
  const opened = await openDeal(ethers.provider, waterfall, undefined, fromBlock);
  const config = await dealConfigOf(opened, manifest.deal.name);
  const fromLogs = await statementsFromChain(opened, config, ethers.provider, { cutoffMonth: parseCutoff(CUTOFF), initialLoanCount: manifest.commitment.loanCount });
  say(`   ${fromLogs.length} statements rebuilt from chain logs alone; final pool factor ${formatFactor(fromLogs.at(-1)!.pool.factor)}, cumulative loss ${usd(fromLogs.at(-1)!.pool.cumulativeLoss)}.`);
  const periods = await replayPeriods(start, servicing.files, { fees: config.fees! });
  const roots = new Map((await attestedReports(opened, ethers.provider)).map((r) => [r.period, r.loanRoot]));
  const life = await loanHistory(periods, servicing.liquidatedLoan, async (n) => roots.get(n));
  say(`   Loan ${servicing.liquidatedLoan}'s digital twin: ${life.map((l) => `${l.proof.reportingMonth} ${l.proof.line.status}${l.proof.line.delinquentMonths > 0 ? ` (${l.proof.line.delinquentMonths} missed)` : ""}`).join(" → ")}`);
  say(`   every line proven against its period's on-chain root: ${life.every((l) => l.verified)}; realized loss ${usd(BigInt(life.at(-1)!.proof.line.realizedLossCents) * 10_000n)}.`);

  // Claims: every holder claims each class, every payee withdraws; nothing is left behind.
  const w = await ethers.getContractAt("PaymentWaterfall", waterfall);
  let claimed = 0n;
  for (const t of manifest.contracts.tranches) {
    const token = await ethers.getContractAt("PoolToken", t.address);
    for (const holder of [alice!, bayside!, cedar!]) {
      const owed = await token.claimable(holder.address);
      if (owed > 0n) {
        await (await token.connect(holder).claim()).wait();
        claimed += owed;
      }
    }
  }
  let withdrawn = 0n;
  for (const payee of [servicer, trustee, issuer!]) {
    const owed = await w.owed(payee.address);
    if (owed > 0n) {
      await (await w.connect(payee).withdraw()).wait();
      withdrawn += owed;
    }
  }
  const left = await cash.balanceOf(waterfall);
  // What stays in a class token is its accounted rounding dust: sub-unit remainders of the cash-per-unit
  // index, never paid and never created (distributed − claimed, less than one unit per distribution).
  let dust = 0n;
  for (const t of manifest.contracts.tranches) {
    const token = await ethers.getContractAt("PoolToken", t.address);
    const [distributed, claimedHere] = await token.cashTotals();
    const held = await cash.balanceOf(t.address);
    if (held !== distributed - claimedHere) throw new Error(`${t.symbol}: holds ${held} units, but ${distributed} distributed − ${claimedHere} claimed`);
    if (held >= BigInt(servicing.files.length)) throw new Error(`${t.symbol}: ${held} units left, more than one per distribution`);
    for (const holder of [alice!, bayside!, cedar!]) if ((await token.claimable(holder.address)) !== 0n) throw new Error(`${t.symbol}: ${holder.address} still has cash to claim`);
    dust += held;
  }
  say(`   Holders claimed ${usd(claimed)}, the servicer, trustee and residual holder withdrew ${usd(withdrawn)};`);
  say(`   left in the waterfall: $${cents(left)}; left in the class tokens: ${dust} unit(s) of $0.000001, their accounted index rounding dust — emptied to the cent.`);
  if (left !== 0n) throw new Error(`cash left behind in the waterfall: ${left} units`);
}
