/**
 * Tokenize a loan tape: read and validate the tape (streaming), apply the eligibility rules,
 * compute the statistics and the Merkle commitment, validate the deal against the pool and the
 * chain — and only then deploy the pool through Ignition, mint the allocations and write the
 * manifest. Every check before the deployment is a read, so invalid input never sends a
 * transaction.
 */
import path from "node:path";

import type { NetworkConnection } from "hardhat/types/network";

import { DeploymentError, IGNITION_DEFAULT_CONFIRMATIONS, LOCAL_CHAIN_ID, chainTime, defaultDeploymentId, deployModule, fromConnection, openContract, parseAddress, type ChainConnection } from "../chain/index.js";
import { checkDealAgainstRegistry, impliedOvercollateralization } from "../deal/checks.js";
import type { DealSpec } from "../deal/deal.js";
import { InvalidInputError, MbsError, ValidationError, formatIssue } from "../errors.js";
import { readInvestorRecords } from "../kyc/records.js";
import { describeExclusion } from "../pool/eligibility.js";
import { LEAF_ENCODING } from "../pool/leaf.js";
import type { PoolBuild } from "../pool/pipeline.js";
import type { TapeSummary } from "../tape/index.js";
import { centsToTokenUnits } from "../units.js";
import { MANIFEST_VERSION, checkWritable, manifestRelative, writeManifest, type Manifest } from "./manifest.js";
import { poolModuleSpec } from "./moduleSpec.js";
import type { TapeProgress } from "./poolFromTape.js";
import { preparePool, readDealAndRules, type TapeOptions } from "./prepare.js";
import { buildPoolModule, trancheKey } from "./poolModule.js";

export interface TokenizeOptions extends TapeOptions {
  rulesPath: string;
  dealPath: string;
  /** The platform KYC registry (required: investors must already be onboarded there). */
  registry: string | undefined;
  /** Settlement stablecoin; omitted on a local chain (id 31337) deploys the test stablecoin. */
  cash?: string;
  /** Holder of the classes' compliance and pauser roles; default the deployer. */
  compliance?: string;
  /** Where to write the manifest; none written when omitted. */
  outPath?: string;
  /**
   * Ignition deployment id on persistent networks; default `<module id>-chain-<chain id>`, so that
   * the same command run again resumes a crashed deployment or reports the completed one.
   */
  deploymentId?: string;
  /** Hardhat's `paths.ignition`, where deployments are journaled (default `./deploy`). */
  ignitionDir?: string;
  /** Stop collecting tape problems after this many (default 100). */
  maxIssues?: number;
  onProgress?: (progress: TokenizeProgress) => void;
  /** Told each repair of a crashed run's Ignition journal as it is made (also in the result). */
  onJournalRepair?: (repair: string) => void;
}

export type TokenizeProgress = TapeProgress | { phase: "checks" | "deploy" | "manifest" };

export interface TokenizeResult {
  manifest: Manifest;
  pool: PoolBuild;
  deal: DealSpec;
  /** The tape as read: format, invalid rows left out, warnings, projected balances. */
  tape: TapeSummary;
  /** The deployer's transactions mined by this run: 0 when the deployment id was already complete. */
  transactionsSent: number;
  /** Repairs made to a crashed run's Ignition journal before resuming it. */
  journalRepairs: string[];
}

const ERC20_DECIMALS_ABI = ["function decimals() view returns (uint8)"];
const REGISTRY_PROBE_ABI = ["function COMPLIANCE_ROLE() view returns (bytes32)"];

interface ChainContext {
  registry: string;
  cash: string | undefined;
  faceDecimals: number;
  compliance: string | undefined;
}

/** Checks the addresses the deployment relies on, with view calls only (src/chain's openers). */
async function chainPreflight(chain: ChainConnection, options: TokenizeOptions): Promise<ChainContext> {
  const provider = chain.provider;
  const registry = (await openContract({ address: options.registry, abi: REGISTRY_PROBE_ABI, runner: provider, input: "registry", kind: "KycRegistry", probe: "COMPLIANCE_ROLE" })).address;
  let cash: string | undefined;
  let faceDecimals = 6; // the test stablecoin's
  if (options.cash !== undefined) {
    const opened = await openContract({ address: options.cash, abi: ERC20_DECIMALS_ABI, runner: provider, input: "cash", kind: "ERC-20", probe: "decimals" });
    cash = opened.address;
    faceDecimals = Number(await opened.contract.getFunction("decimals").staticCall());
    if (faceDecimals < 2) throw new InvalidInputError("cash", `the settlement token has ${faceDecimals} decimals; face needs cents`);
  } else if (chain.chainId !== LOCAL_CHAIN_ID) {
    throw new InvalidInputError("cash", `required on chain ${chain.chainId}: the settlement stablecoin's address (the test stablecoin is for local chains only)`);
  }
  const compliance = options.compliance === undefined ? undefined : parseAddress(options.compliance, "compliance");
  return { registry, cash, faceDecimals, compliance };
}

/** Tokenizes on `target`: a src/chain connection, or a Hardhat connection (sending from its first account). */
export async function tokenize(options: TokenizeOptions, target: ChainConnection | NetworkConnection): Promise<TokenizeResult> {
  const chain = "fees" in target ? target : await fromConnection(target, IGNITION_DEFAULT_CONFIRMATIONS);
  // 1. The small files first, so a typo fails in milliseconds rather than after a long tape.
  const inputs = await readDealAndRules(options.dealPath, options.rulesPath);
  const { deal, dealSha256 } = inputs;
  const checked = await chainPreflight(chain, options);

  // 2. The tape: parsed, validated, filtered, stratified and committed in one streaming pass.
  const { pool, summary, tapeHash, facts, dealIssues } = await preparePool(inputs, options);

  // 3. The deal against the pool and against the registry (view calls only).
  options.onProgress?.({ phase: "checks" });
  const records = await readInvestorRecords(checked.registry, deal.allocations.map((a) => a.investor), chain.provider);
  const issues = [...dealIssues, ...checkDealAgainstRegistry(deal, records, await chainTime(chain.provider), checked.registry)];
  if (issues.length > 0) throw new ValidationError(deal.file, issues);

  // The manifest is what later commands start from: a path it cannot be written to must fail now,
  // not after the deployment.
  if (options.outPath !== undefined) await checkWritable(options.outPath);

  // 4. Deploy: classes, roles, mints and the pool record, through the Ignition module.
  options.onProgress?.({ phase: "deploy" });
  const spec = poolModuleSpec({ deal, pool, tapeHash, registry: checked.registry, cash: checked.cash, compliance: checked.compliance, faceDecimals: checked.faceDecimals });
  // Stable by default, so that re-running the same command resumes (or reports) the same deployment.
  const deploymentId = chain.inProcess ? undefined : (options.deploymentId ?? defaultDeploymentId(spec.moduleId, chain.chainId));
  const { contracts: deployed, transactionsSent, journalRepairs } = await deployModule(chain.connection, buildPoolModule(spec), {
    deploymentId,
    ignitionDir: options.ignitionDir ?? path.resolve("deploy"),
    deployer: chain.account,
    confirmations: chain.confirmations,
    label: "the pool deployment",
    onRepair: options.onJournalRepair,
  });
  const loanPool = deployed.loanPool;
  if (loanPool === undefined) throw new MbsError("the pool module returned no loanPool", { deploymentId });
  const loanPoolAddress = await loanPool.getAddress();
  const trancheAddresses = await Promise.all(deal.tranches.map((t) => deployed[trancheKey(t.index)]!.getAddress()));
  const cashAddress = checked.cash ?? String(await deployed[trancheKey(0)]!.getFunction("cashToken").staticCall());

  // Read back what matters: a deployment that does not match the checked inputs is a bug, not a result.
  const onChainRoot = String((await loanPool.getFunction("commitment").staticCall())[0]);
  if (onChainRoot !== pool.commitment.root) {
    throw new MbsError("the deployed pool's Merkle root differs from the computed one", { onChainRoot, computed: pool.commitment.root });
  }
  // A run that sent transactions (a fresh or a resumed deployment) must leave each class exactly
  // issued: a mint sent twice across a crash would show here. A run that sent nothing only
  // reports a pool that may since have traded, so its balances are not held to the deal.
  if (transactionsSent > 0) {
    for (const [i, t] of spec.tranches.entries()) {
      const expected = t.mints.reduce((sum, m) => sum + m.amount, 0n);
      const token = deployed[trancheKey(i)]!;
      const supply = BigInt(String(await token.getFunction("totalSupply").staticCall()));
      if (supply !== expected) {
        throw new DeploymentError(`class ${t.symbol} at ${await token.getAddress()} has a supply of ${supply} units, not the ${expected} the deal allocates`, {
          deploymentId, symbol: t.symbol, supply, expected,
        });
      }
    }
  }

  // 5. The manifest.
  options.onProgress?.({ phase: "manifest" });
  const out = options.outPath ?? "manifest.json";
  const manifest: Manifest = {
    version: MANIFEST_VERSION,
    createdAt: new Date().toISOString(),
    network: { name: chain.networkName, chainId: chain.chainId.toString() },
    deployer: chain.account,
    deploymentId: deploymentId ?? null,
    deal: {
      dealId: deal.dealId,
      name: deal.name,
      cutoffDate: deal.cutoffDate,
      structure: deal.structure,
      overcollateralizationCents: impliedOvercollateralization(deal, facts).toString(),
    },
    inputs: {
      tape: {
        path: manifestRelative(out, options.tapePath),
        format: summary.format,
        sha256: tapeHash,
        loansRead: pool.loansRead,
        excludeInvalid: options.excludeInvalid === true,
        invalidRowsExcluded: summary.excluded.length,
        projectedBalances: summary.projectedBalances,
        ...(options.performancePath === undefined ? {} : { performance: manifestRelative(out, options.performancePath) }),
        warnings: summary.warnings.slice(0, 100).map(formatIssue),
      },
      rules: { path: manifestRelative(out, options.rulesPath), hash: pool.rulesHash },
      deal: { path: manifestRelative(out, options.dealPath), sha256: dealSha256 },
    },
    contracts: {
      loanPool: loanPoolAddress,
      kycRegistry: checked.registry,
      cash: parseAddress(cashAddress, "cash"),
      tranches: deal.tranches.map((t, i) => ({
        index: t.index,
        name: t.name,
        symbol: t.symbol,
        address: trancheAddresses[i]!,
        originalFaceCents: t.originalFaceCents.toString(),
        couponPpm: t.couponPpm,
        seniority: t.seniority,
        decimals: checked.faceDecimals,
      })),
    },
    commitment: {
      merkleRoot: pool.commitment.root,
      loanCount: pool.includedCount,
      upbCents: String(pool.stats.currentUpbCents),
      tapeHash,
      statsHash: pool.statsHash,
      rulesHash: pool.rulesHash,
      cutoffDate: deal.cutoffTimestamp,
      leafEncoding: LEAF_ENCODING,
    },
    allocations: deal.allocations.map((a) => ({
      investor: a.investor,
      tranche: a.tranche,
      faceCents: a.faceCents.toString(),
      units: centsToTokenUnits(a.faceCents, checked.faceDecimals).toString(),
    })),
    stats: pool.stats,
    strats: pool.strats,
    excluded: pool.excluded.map((e) => ({ loanId: e.loanId, line: e.line, rule: e.rule, reason: describeExclusion(e) })),
    invalidRows: summary.excluded.map((r) => ({ line: r.line, loanId: r.loanId ?? null, reasons: r.issues.map(formatIssue) })),
    proofs: { command: `npx hardhat mbs proof --manifest ${out} --loan <loan id>` },
  };
  if (options.outPath !== undefined) await writeManifest(options.outPath, manifest);
  return { manifest, pool, deal, tape: summary, transactionsSent, journalRepairs };
}
