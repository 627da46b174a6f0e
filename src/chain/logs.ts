/**
 * Log queries that respect node limits, and typed event decoding. Nodes cap `eth_getLogs`: Besu
 * by block range (5,000 blocks by default, `--rpc-max-logs-range`), others by result count. The
 * range is walked in chunks of at most `maxBlockRange`, and a chunk the node still refuses for its
 * size is halved and retried, so a query over a whole chain's history works on any of them. With
 * `concurrency` above 1, that many windows are in flight at once (a cold read of a long history waits
 * for a quarter of the round trips at 4), and the logs still come back in chain order.
 */
import type { Interface, Log, LogDescription, Provider, Result } from "ethers";

import { ChainError } from "./errors.js";

/** Besu's default `--rpc-max-logs-range`. */
export const DEFAULT_MAX_BLOCK_RANGE = 5_000;

export interface LogQuery {
  address?: string | string[];
  /** Topic filters as eth_getLogs takes them (topic 0 = event selector). */
  topics?: (string | string[] | null)[];
  fromBlock: number;
  /** Inclusive; default the latest block when the query starts. */
  toBlock?: number;
}

export interface LogQueryOptions {
  /** Largest block range per request (default 5,000). */
  maxBlockRange?: number;
  /** After each chunk: the blocks covered so far, of the total. */
  onProgress?: (progress: { fromBlock: number; toBlock: number; done: number; total: number }) => void;
  /** Windows of `maxBlockRange` requested at once (default 1: one after the other). Keep it small on a shared node. */
  concurrency?: number;
}

/** Messages nodes use to refuse a range or result set that is too large. */
const TOO_LARGE = /range|too many|limit|exceed|too large|response size|more than \d+ results|query returned more/i;

function isTooLarge(error: unknown): boolean {
  const text = error instanceof Error ? `${error.message} ${String((error as { shortMessage?: unknown }).shortMessage ?? "")}` : String(error);
  return TOO_LARGE.test(text);
}

/** Every log matching `query`, in chain order, fetched in chunks the node accepts. */
export async function queryLogs(provider: Provider, query: LogQuery, options: LogQueryOptions = {}): Promise<Log[]> {
  const maxRange = options.maxBlockRange ?? DEFAULT_MAX_BLOCK_RANGE;
  if (!Number.isSafeInteger(maxRange) || maxRange < 1) throw new ChainError(`maxBlockRange must be a positive whole number (got ${maxRange})`);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new ChainError(`concurrency must be a positive whole number (got ${concurrency})`);
  const toBlock = query.toBlock ?? (await provider.getBlockNumber());
  const total = Math.max(0, toBlock - query.fromBlock + 1);
  let done = 0;
  const onChunk = (fromBlock: number, to: number) => {
    done += to - fromBlock + 1;
    options.onProgress?.({ fromBlock, toBlock: to, done, total });
  };
  if (concurrency === 1) return readWindow(provider, query, query.fromBlock, toBlock, maxRange, onChunk);
  const windows: [number, number][] = [];
  for (let from = query.fromBlock; from <= toBlock; from += maxRange) windows.push([from, Math.min(toBlock, from + maxRange - 1)]);
  const results = new Array<Log[]>(windows.length);
  let next = 0;
  const worker = async () => {
    while (next < windows.length) {
      const i = next++;
      const [from, to] = windows[i]!;
      results[i] = await readWindow(provider, query, from, to, maxRange, onChunk);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, windows.length) }, worker));
  return results.flat();
}

/** The logs of blocks `fromBlock`–`toBlock` in chunks of at most `maxRange`, a refused chunk halved and retried. */
async function readWindow(
  provider: Provider,
  query: LogQuery,
  fromBlock: number,
  toBlock: number,
  maxRange: number,
  onChunk: (fromBlock: number, toBlock: number) => void,
): Promise<Log[]> {
  const logs: Log[] = [];
  let from = fromBlock;
  let range = maxRange;
  while (from <= toBlock) {
    const to = Math.min(toBlock, from + range - 1);
    try {
      const chunk = await provider.getLogs({ address: query.address, topics: query.topics, fromBlock: from, toBlock: to });
      logs.push(...chunk);
      onChunk(from, to);
      from = to + 1;
      range = Math.min(maxRange, range * 2); // grow back after a refusal
    } catch (error) {
      if (!isTooLarge(error) || to === from) {
        throw new ChainError(`eth_getLogs failed for blocks ${from}–${to}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`, {
          fromBlock: from, toBlock: to,
        });
      }
      range = Math.max(1, Math.floor((to - from + 1) / 2));
    }
  }
  return logs;
}

/** A decoded event with where it happened. `A` names its arguments' types. */
export interface TypedEvent<A extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  args: A;
  /** The raw decoded tuple, positional. */
  values: Result;
  address: string;
  blockNumber: number;
  transactionHash: string;
  logIndex: number;
}

function named(description: LogDescription): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  description.fragment.inputs.forEach((input, i) => {
    args[input.name === "" ? String(i) : input.name] = description.args[i];
  });
  return args;
}

/**
 * Decodes the logs `iface` knows, optionally only the event `name`, with arguments by name.
 * Logs of other contracts or events are skipped, not errors (a filter by address may still match
 * events the interface lacks).
 */
export function decodeEvents<A extends Record<string, unknown> = Record<string, unknown>>(iface: Interface, logs: readonly Log[], name?: string): TypedEvent<A>[] {
  const events: TypedEvent<A>[] = [];
  for (const log of logs) {
    let description: LogDescription | null = null;
    try {
      description = iface.parseLog({ topics: [...log.topics], data: log.data });
    } catch {
      description = null;
    }
    if (description === null || (name !== undefined && description.name !== name)) continue;
    events.push({
      name: description.name,
      args: named(description) as A,
      values: description.args,
      address: log.address,
      blockNumber: log.blockNumber,
      transactionHash: log.transactionHash,
      logIndex: log.index,
    });
  }
  return events;
}

/** Queries and decodes one event of one contract over a block range, chunked. */
export async function queryEvents<A extends Record<string, unknown> = Record<string, unknown>>(
  provider: Provider,
  iface: Interface,
  eventName: string,
  query: Omit<LogQuery, "topics"> & { topics?: (string | string[] | null)[] },
  options: LogQueryOptions = {},
): Promise<TypedEvent<A>[]> {
  const event = iface.getEvent(eventName);
  if (event === null) throw new ChainError(`the interface has no event ${eventName}`);
  const topics = [event.topicHash, ...(query.topics ?? [])];
  return decodeEvents<A>(iface, await queryLogs(provider, { ...query, topics }, options), eventName);
}
