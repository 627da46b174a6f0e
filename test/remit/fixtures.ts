/**
 * Named fixtures of the remit workflow tests: the demo pool's servicing written to a temporary
 * folder, a senior / mezzanine / junior deal on its balance, and the deal deployed on Hardhat's
 * in-process network through the waterfall's test harness (mock class tokens).
 */
import type { network } from "hardhat";
import { fromConnection, type ChainConnection } from "../../src/chain/index.js";
import type { DealConfig } from "../../src/analytics/deal/types.js";
import { writeDemoServicing, type DemoServicing } from "../../src/remit/demo-servicing.js";
import { monthStartSeconds } from "../../src/remit/onchain.js";
import { openBalance } from "../../src/remittance/state.js";
import { deployWaterfall, type WaterfallDeployment } from "../waterfall/harness.js";
import { tempDir } from "../remittance/helpers.js";

type Connection = Awaited<ReturnType<typeof network.create>>;

export function seniorMezzJunior(poolUnits: bigint): DealConfig {
  const a = (poolUnits * 80n) / 100n;
  const m = (poolUnits * 12n) / 100n;
  return {
    name: "MBSC 2026-R",
    originalPoolBalance: poolUnits,
    principalMode: "proRataUntilTrigger",
    classes: [
      { id: "A", kind: "standard", originalBalance: a, couponPpm: 50_000 },
      { id: "M", kind: "standard", originalBalance: m, couponPpm: 60_000 },
      { id: "J", kind: "standard", originalBalance: poolUnits - a - m, couponPpm: 70_000 },
    ],
    fees: { servicingPpm: 2_500, servicingFixed: 0n, trusteePpm: 100, trusteeFixed: 0n },
    triggers: { delinquencyPpm: 60_000, cumulativeLossPpm: 20_000 },
    reserve: { targetPpm: 5_000, floor: 0n, initialBalance: 0n },
  };
}

export interface RemitFixture {
  demo: DemoServicing;
  deal: DealConfig;
  deployment: WaterfallDeployment;
  servicer: ChainConnection;
  trustee: ChainConnection;
  outsider: ChainConnection;
  fromBlock: number;
}

/** `options.cutoff`: the pool's cut-off month, YYYY-MM (default the demo servicing's, 2026-01). */
export async function remitFixture(connection: Connection, options: { loans?: number; months?: number; recoveryShare?: number; cutoff?: string } = {}): Promise<RemitFixture> {
  const demo = await writeDemoServicing({ dir: tempDir(), ...options });
  const deal = seniorMezzJunior(BigInt(openBalance(demo.pool).upbCents) * 10_000n);
  const fromBlock = await connection.ethers.provider.getBlockNumber();
  // The waterfall's calendar is the pool's: its record dates are the month ends after the cut-off month.
  const cutoffDate = monthStartSeconds(demo.pool.asOf);
  const deployment = await deployWaterfall(connection.ethers, deal, { initialLoans: demo.pool.loans.size, cutoffDate });
  const at = async (signer: { getAddress(): Promise<string> }) => fromConnection(connection as unknown as Parameters<typeof fromConnection>[0], 1, { account: await signer.getAddress() });
  return {
    demo,
    deal,
    deployment,
    servicer: await at(deployment.servicer),
    trustee: await at(deployment.trustee),
    outsider: await at(deployment.outsider),
    fromBlock,
  };
}
