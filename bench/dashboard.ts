/**
 * Dashboard benchmark (`npm run bench -- dashboard`): a sample pool on a permissioned local node
 * (anvil: London, zero gas, unfunded accounts) with 120 remittance periods and 1,000 secondary
 * trades, the dashboard server in this process and the page in headless Chromium.
 *
 * - initial_load_ms (cold start): the dashboard server's start (it reads the pool's whole history
 *   from the node: every event, in chunks, and the views) → the browser's first complete frame
 *   (every panel drawn from the first snapshot, and the projection). A reader who opens the page on
 *   a freshly started dashboard waits this long. server_cold_read_ms is the server's part of it.
 * - initial_load_warm_ms: a second page opened on the running dashboard, navigation → first complete frame.
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

  // The browser is up before the dashboard starts (a reader's browser is already open); its
  // profile is fresh, so nothing of the page is cached.
  const browser = await launchChromium();
  const dashboardStart = Date.now();
  const dashboard = await startDashboard({ provider: connection.ethers.provider, pool: sample.addresses.pool });
  const serverColdReadMs = Date.now() - dashboardStart;
  try {
    /** Opens the page and waits for the first complete render: every panel drawn from the first snapshot, and the projection. */
    const load = async () => {
      const page = await browser.context.newPage();
      const navigation = Date.now();
      await page.goto(dashboard.url);
      await page.waitForFunction("(window.__rendered ?? []).length > 0 && (window.__projected ?? 0) > 0", undefined, { timeout: 120_000 });
      const complete = Math.max(await page.evaluate<number>("window.__rendered[0].at"), await page.evaluate<number>("window.__projected"));
      return { page, navigation, complete };
    };
    const cold = await load();
    // Cold: from the dashboard's start (its first read of the whole history) to the first complete render.
    const initialLoadMs = cold.complete - dashboardStart;
    const warm = await load();
    // Warm: a second reader opening the page on the running dashboard.
    const initialLoadWarmMs = warm.complete - warm.navigation;
    await warm.page.close();
    const page = cold.page;

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
      initial_load_warm_ms: Math.round(initialLoadWarmMs),
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
