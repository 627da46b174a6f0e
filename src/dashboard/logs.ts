/**
 * The dashboard's log reads over a long history: the block range cut into windows of the node's
 * `eth_getLogs` limit, a few windows in flight at once (each through src/chain's `queryLogs`, which
 * halves a window the node still refuses for its size), the logs put back in chain order. A
 * production chain of a million blocks under Besu's 5,000-block limit is 200 requests: read four
 * at a time, the cold start waits for 50 round trips instead of 200.
 */
import type { Log, Provider } from "ethers";

import { DEFAULT_MAX_BLOCK_RANGE, queryLogs, type LogQuery } from "../chain/index.js";

/** Requests in flight at once: enough to hide round trips, few enough not to crowd a shared node. */
export const LOG_CONCURRENCY = 4;

export async function readLogs(provider: Provider, query: LogQuery & { toBlock: number }, options: { maxBlockRange?: number; concurrency?: number } = {}): Promise<Log[]> {
  const range = options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE;
  const windows: { fromBlock: number; toBlock: number }[] = [];
  for (let from = query.fromBlock; from <= query.toBlock; from += range) windows.push({ fromBlock: from, toBlock: Math.min(query.toBlock, from + range - 1) });
  const results: Log[][] = new Array<Log[]>(windows.length);
  let next = 0;
  const worker = async () => {
    while (next < windows.length) {
      const i = next++;
      results[i] = await queryLogs(provider, { ...query, ...windows[i]! }, { maxBlockRange: range });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? LOG_CONCURRENCY, windows.length) }, worker));
  return results.flat();
}
