/**
 * What the dashboard watches: a pool record (LoanPool) and what hangs off it. Only the pool is
 * required: its tranche tokens come from the pool, the waterfall is the account holding the
 * tokens' DISTRIBUTOR role (RoleGranted events), the markets are the venues that listed the pool's
 * tranches (TrancheListed events). Explicit addresses override the discovery.
 */
import { getAddress, isAddress, type Log, type Provider } from "ethers";

import { InvalidInputError } from "../errors.js";
import { queryLogs } from "../chain/index.js";
import { DISTRIBUTOR_ROLE, LOAN_POOL, MARKET, POOL_TOKEN, WATERFALL } from "./abis.js";

/** Log windows the dashboard reads at once: enough to hide round trips, few enough not to crowd a shared node. */
export const LOG_CONCURRENCY = 4;

export interface TargetOptions {
  pool: string;
  waterfall?: string;
  markets?: string[];
  fromBlock?: number;
  maxBlockRange?: number;
}

export interface Target {
  pool: string;
  tokens: string[];
  waterfall: string | undefined;
  reports: string | undefined;
  markets: string[];
  fromBlock: number;
}

export function parseAddressOption(option: string, value: string): string {
  if (!isAddress(value)) throw new InvalidInputError(option, `"${value}" is not an address (0x followed by 40 hex digits)`);
  return getAddress(value);
}

async function hasCode(provider: Provider, address: string): Promise<boolean> {
  return (await provider.getCode(address)) !== "0x";
}

/** Resolves the pool's tokens, waterfall, report registry and markets from chain state and events. */
export async function resolveTarget(provider: Provider, options: TargetOptions): Promise<Target> {
  const pool = parseAddressOption("--pool", options.pool);
  if (!(await hasCode(provider, pool))) throw new InvalidInputError("--pool", `no contract at ${pool} on this network (wrong network or address?)`);
  let tranches: { token: string }[];
  try {
    tranches = (await provider.call({ to: pool, data: LOAN_POOL.encodeFunctionData("tranches") }).then((d) => LOAN_POOL.decodeFunctionResult("tranches", d)[0])) as { token: string }[];
  } catch {
    throw new InvalidInputError("--pool", `${pool} is not a LoanPool (tranches() did not answer)`);
  }
  const tokens = tranches.map((t) => getAddress(t.token));
  const fromBlock = options.fromBlock ?? 0;
  const latest = await provider.getBlockNumber();
  const range = { concurrency: LOG_CONCURRENCY, ...(options.maxBlockRange !== undefined ? { maxBlockRange: options.maxBlockRange } : {}) };

  let waterfall = options.waterfall !== undefined ? parseAddressOption("--waterfall", options.waterfall) : undefined;
  if (waterfall === undefined && tokens.length > 0) {
    const grants: Log[] = await queryLogs(provider, { address: tokens[0]!, topics: [POOL_TOKEN.getEvent("RoleGranted")!.topicHash, DISTRIBUTOR_ROLE], fromBlock, toBlock: latest }, range);
    for (const log of grants.reverse()) {
      const account = getAddress(`0x${log.topics[2]!.slice(26)}`);
      try {
        await provider.call({ to: account, data: WATERFALL.encodeFunctionData("dealState") });
        waterfall = account;
        break;
      } catch {
        /* a distributor that is not a waterfall (an operator's key): keep looking */
      }
    }
  }
  let reports: string | undefined;
  if (waterfall !== undefined) {
    const data = await provider.call({ to: waterfall, data: WATERFALL.encodeFunctionData("reports") }).catch(() => {
      throw new InvalidInputError("--waterfall", `${waterfall} is not a PaymentWaterfall (reports() did not answer)`);
    });
    reports = getAddress(WATERFALL.decodeFunctionResult("reports", data)[0] as string);
  }

  let markets = (options.markets ?? []).map((m) => parseAddressOption("--market", m));
  if (options.markets === undefined) {
    const poolTopic = `0x${"0".repeat(24)}${pool.slice(2).toLowerCase()}`;
    const listed = await queryLogs(provider, { topics: [MARKET.getEvent("TrancheListed")!.topicHash, null, null, poolTopic], fromBlock, toBlock: latest }, range);
    markets = [...new Set(listed.map((l) => getAddress(l.address)))];
  }
  return { pool, tokens, waterfall, reports, markets, fromBlock };
}
