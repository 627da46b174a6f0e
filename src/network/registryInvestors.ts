/**
 * Who the KYC registry says may transact, read from the chain alone: every wallet the registry has
 * ever named in an event (chunked eth_getLogs, within the node's block-range limit), then each
 * wallet's stored record, all at one block so the answer is a consistent snapshot.
 */
import { Interface, type Provider } from "ethers";

import { DEFAULT_MAX_BLOCK_RANGE, decodeEvents, queryLogs } from "../chain/index.js";
import { MbsError } from "../errors.js";
import { KYC_REGISTRY_EVENTS } from "../kyc/registryEvents.js";
import { investorStatus, type InvestorStatus } from "../kyc/show.js";

const REGISTRY_EVENTS = new Interface([
  ...KYC_REGISTRY_EVENTS,
  "function investor(address account) view returns (tuple(uint64 verifiedUntil, uint16 country, uint8 classes, bool frozen))",
]);

export interface InvestorSnapshotEntry {
  account: string;
  status: InvestorStatus;
  verifiedUntil: bigint;
}

export interface RegistrySnapshot {
  registry: string;
  blockNumber: number;
  blockTimestamp: bigint;
  investors: InvestorSnapshotEntry[];
}

export interface SnapshotOptions {
  fromBlock?: number;
  /** Blocks per eth_getLogs (Besu refuses wider ranges than its --rpc-max-logs-range). */
  logsRange?: number;
  /** Concurrent `investor(account)` reads. */
  concurrency?: number;
  /** Called as the event scan and the record reads advance (long registries take a while). */
  onProgress?: (progress: SnapshotProgress) => void;
}

export type SnapshotProgress =
  | { phase: "events"; blocksDone: number; blocksTotal: number }
  | { phase: "records"; accountsDone: number; accountsTotal: number };

/** Every account named by an InvestorUpdated / InvestorRevoked / InvestorFrozen event in [from, to], read in chunks of `logsRange` blocks. */
export async function registryAccounts(
  provider: Provider,
  registry: string,
  fromBlock: number,
  toBlock: number,
  logsRange: number,
  onProgress?: (progress: SnapshotProgress) => void,
): Promise<string[]> {
  if (!Number.isInteger(logsRange) || logsRange < 1) throw new MbsError(`logs range ${logsRange} must be a whole number of blocks ≥ 1`);
  if (!Number.isInteger(fromBlock) || fromBlock < 0) throw new MbsError(`from block ${fromBlock} must be a block number ≥ 0`);
  const topics = ["InvestorUpdated", "InvestorRevoked", "InvestorFrozen"].map((name) => REGISTRY_EVENTS.getEvent(name)!.topicHash);
  const logs = await queryLogs(provider, { address: registry, topics: [topics], fromBlock, toBlock }, {
    maxBlockRange: logsRange,
    onProgress: (p) => onProgress?.({ phase: "events", blocksDone: p.done, blocksTotal: p.total }),
  });
  const accounts = new Set<string>();
  for (const event of decodeEvents<{ account: string }>(REGISTRY_EVENTS, logs)) accounts.add(String(event.args.account));
  return [...accounts];
}

/** Each account's status at the latest block (one block for every read). */
export async function registrySnapshot(provider: Provider, registry: string, options: SnapshotOptions = {}): Promise<RegistrySnapshot> {
  const block = await provider.getBlock("latest");
  if (block === null) throw new MbsError("the node returned no latest block");
  const accounts = await registryAccounts(provider, registry, options.fromBlock ?? 0, block.number, options.logsRange ?? DEFAULT_MAX_BLOCK_RANGE, options.onProgress);
  const investors: InvestorSnapshotEntry[] = [];
  const concurrency = options.concurrency ?? 16;
  for (let i = 0; i < accounts.length; i += concurrency) {
    const slice = accounts.slice(i, i + concurrency);
    const rows = await Promise.all(
      slice.map(async (account) => {
        const data = REGISTRY_EVENTS.encodeFunctionData("investor", [account]);
        const raw = await provider.call({ to: registry, data, blockTag: block.number });
        const [record] = REGISTRY_EVENTS.decodeFunctionResult("investor", raw) as unknown as [{ verifiedUntil: bigint; classes: bigint; frozen: boolean }];
        const status = investorStatus({ verifiedUntil: record.verifiedUntil, classes: Number(record.classes), frozen: record.frozen }, BigInt(block.timestamp));
        return { account, status, verifiedUntil: record.verifiedUntil };
      }),
    );
    investors.push(...rows);
    options.onProgress?.({ phase: "records", accountsDone: investors.length, accountsTotal: accounts.length });
  }
  return { registry, blockNumber: block.number, blockTimestamp: BigInt(block.timestamp), investors };
}
