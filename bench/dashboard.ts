/**
 * Dashboard benchmark (`npm run bench -- dashboard`): a sample pool on a permissioned local node
 * (anvil: London, zero gas, unfunded accounts) with 120 remittance periods and 1,000 secondary
 * trades, the dashboard server in this process and the page in headless Chromium.
 *
 * - initial_load_ms: page navigation → first frame with the whole pool drawn (server already
 *   running); server_cold_read_ms: the server's first read of every event and view from the node.
 * - event_to_screen_ms_{median,worst}: over 20 events (10 waterfall executions, 10 trade fills), from
 *   just before the transaction is sent to the browser frame after the page drew the block carrying
 *   it (both clocks are this machine's).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";

import { detectFeePolicy } from "../src/chain/index.js";
import { startDashboard } from "../src/dashboard/server.js";
import { USD, deploySamplePool, runSampleCycle, sampleQuotes, sampleTrade, type SampleEthers } from "../src/dashboard/sample.js";
import { startLocalNode } from "../test/helpers/localNode.js";
import { launchChromium } from "../test/dashboard/browser.js";

const PERIODS = Number(process.env.BENCH_PERIODS ?? 120);
const TRADES = Number(process.env.BENCH_TRADES ?? 1_000);
const EVENTS = 20;

const node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
try {
  const connection = await network.create({ network: "localhost", override: { url: node.url } });
  const fees = await detectFeePolicy(connection.ethers.provider);
  const sample = await deploySamplePool(connection.ethers as unknown as SampleEthers, { fees });
  const tradesPerPeriod = Math.ceil(TRADES / PERIODS);
  let trades = 0;
  for (let p = 1; p <= PERIODS; p++) {
    await runSampleCycle(sample);
    for (let k = 0; k < tradesPerPeriod && trades < TRADES; k++, trades++) {
      await sampleTrade(sample, { amount: 500n * USD, price: 98 + ((trades * 37) % 400) / 100 });
    }
    if (p % 20 === 0) console.error(`  ${p} periods, ${trades} trades`);
  }
  await sampleQuotes(sample);

  const coldStart = performance.now();
  const dashboard = await startDashboard({ provider: connection.ethers.provider, pool: sample.addresses.pool });
  const serverColdReadMs = performance.now() - coldStart;
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const navigation = Date.now();
    await page.goto(dashboard.url);
    await page.waitForFunction("(window.__rendered ?? []).length > 0", undefined, { timeout: 120_000 });
    const firstFrame = await page.evaluate<number>("window.__rendered[0].at");
    const initialLoadMs = firstFrame - navigation;

    const latencies: number[] = [];
    for (let i = 0; i < EVENTS; i++) {
      let sent = 0;
      const mark = () => (sent = Date.now());
      if (i % 2 === 0) await runSampleCycle(sample, { beforeExecute: mark });
      else await sampleTrade(sample, { amount: 500n * USD, price: 99.5, beforeFill: mark });
      const block = await connection.ethers.provider.getBlockNumber();
      const shown = await page.waitForFunction(`(window.__rendered ?? []).find((r) => r.block >= ${block})?.at ?? false`, undefined, { timeout: 60_000 });
      latencies.push(((await shown.jsonValue()) as number) - sent);
      if (process.env.BENCH_VERBOSE !== undefined) console.error(`  event ${i}: ${latencies.at(-1)} ms`, dashboard.timings());
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = (sorted[EVENTS / 2 - 1]! + sorted[EVENTS / 2]!) / 2;
    const snapshot = dashboard.current()!;
    const results = {
      periods: snapshot.periods.length,
      trades: snapshot.tradeCount,
      initial_load_ms: Math.round(initialLoadMs),
      server_cold_read_ms: Math.round(serverColdReadMs),
      event_to_screen_ms_median: Math.round(median),
      event_to_screen_ms_worst: Math.round(sorted[sorted.length - 1]!),
      events: EVENTS,
      poll_ms: 250,
    };
    const out = path.resolve("bench/results/dashboard.json");
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify({ results }, null, 2)}\n`);
    console.log(JSON.stringify({ results }, null, 2));
    await dashboard.close();
  } finally {
    await browser.close();
  }
} finally {
  await node.stop();
}
