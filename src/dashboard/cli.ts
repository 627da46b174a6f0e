/**
 * `npm run dashboard`: serves the live pool dashboard.
 *
 *   npm run dashboard                                  the in-process demo: a sample pool with 12
 *                                                      months of history, a new month every 20 s
 *   npm run dashboard -- --rpc URL --pool 0x…           any network (a local node, Besu); also MBS_RPC_URL
 *   npm run dashboard -- --rpc URL --manifest out.json  the pool of an `mbs tokenize` manifest
 *        [--servicer-files FOLDER]                     … with the loan lookup (each line proven on chain)
 *
 * Options: --waterfall 0x… and --market 0x… (repeatable) override the discovery from events,
 * --from-block N, --max-block-range N (the node's eth_getLogs limit; default 5,000), --port N
 * (default 8545 + 1000 = 9545), --host H.
 */
import { parseArgs } from "node:util";

import hre from "hardhat";

import { InvalidInputError, MbsError } from "../errors.js";
import { detectFeePolicy } from "../chain/index.js";
import { loadManifest } from "../remit/command.js";
import { deploySamplePool, runSampleCycle, sampleQuotes, sampleTrade, type SampleEthers } from "./sample.js";
import { startDashboard } from "./server.js";

const HELP = `usage: npm run dashboard -- [--rpc URL] [--pool ADDRESS | --manifest FILE [--servicer-files FOLDER]] [--waterfall ADDRESS] [--market ADDRESS]…
                             [--from-block N] [--max-block-range N] [--port N] [--host HOST]
Without --rpc (and no MBS_RPC_URL) it runs the in-process demo pool.`;

function count(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new InvalidInputError(option, `expected a whole number, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rpc: { type: "string" }, pool: { type: "string" }, manifest: { type: "string" }, waterfall: { type: "string" },
      market: { type: "string", multiple: true }, "from-block": { type: "string" }, "max-block-range": { type: "string" },
      port: { type: "string" }, host: { type: "string" }, help: { type: "boolean" }, "servicer-files": { type: "string" },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(HELP);
    return;
  }
  const rpc = values.rpc ?? process.env.MBS_RPC_URL;
  const port = count("--port", values.port) ?? 9545;
  let pool = values.pool;
  const manifest = values.manifest !== undefined ? await loadManifest(values.manifest) : undefined;
  if (manifest !== undefined) pool = manifest.contracts.loanPool;
  if (values["servicer-files"] !== undefined && manifest === undefined) throw new InvalidInputError("--servicer-files", "the loan lookup also needs the pool's --manifest");
  let connection;
  let demo: Awaited<ReturnType<typeof deploySamplePool>> | undefined;
  if (rpc !== undefined) {
    if (pool === undefined) throw new InvalidInputError("--pool", "give the pool (LoanPool address) or --manifest with --rpc");
    connection = await hre.network.create({ network: "localhost", override: { url: rpc } });
  } else {
    if (pool !== undefined) throw new InvalidInputError("--pool", "the in-process network has no pool of yours: give --rpc URL (or MBS_RPC_URL) with --pool");
    await hre.tasks.getTask("build").run({ quiet: true });
    connection = await hre.network.create();
    console.log("deploying the demo pool on the in-process network…");
    demo = await deploySamplePool(connection.ethers as unknown as SampleEthers, { fees: await detectFeePolicy(connection.ethers.provider) });
    for (let month = 1; month <= 12; month++) {
      await runSampleCycle(demo);
      if (month % 3 === 0) await sampleTrade(demo, { price: 99 + month / 10 });
    }
    await sampleQuotes(demo);
    pool = demo.addresses.pool;
  }
  const provider = connection.ethers.provider;
  const dashboard = await startDashboard({
    provider,
    pool,
    ...(values.waterfall !== undefined ? { waterfall: values.waterfall } : {}),
    ...(values.market !== undefined ? { markets: values.market } : {}),
    ...(values["from-block"] !== undefined ? { fromBlock: count("--from-block", values["from-block"])! } : {}),
    ...(values["max-block-range"] !== undefined ? { maxBlockRange: count("--max-block-range", values["max-block-range"])! } : {}),
    ...(manifest !== undefined && values["servicer-files"] !== undefined ? { loans: { manifest, files: values["servicer-files"] } } : {}),
    port,
    host: values.host ?? "127.0.0.1",
    onNodeError: (error) => console.error(`node: ${error instanceof Error ? error.message.split("\n")[0] : String(error)} (retrying)`),
  });
  console.log(`dashboard for pool ${dashboard.target.pool} at ${dashboard.url}`);
  console.log(`  classes ${dashboard.target.tokens.join(", ")}; waterfall ${dashboard.target.waterfall ?? "none found"}; markets ${dashboard.target.markets.join(", ") || "none found"}`);
  if (demo !== undefined) {
    const live = demo;
    console.log("  demo: a new remittance month every 20 s and a trade every other month (Ctrl-C to stop)");
    const timer = setInterval(() => {
      void (async () => {
        await runSampleCycle(live);
        if (live.period % 2 === 0) await sampleTrade(live, { price: 98 + (live.period % 7) / 4 });
      })().catch((error: unknown) => console.error(`demo: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`));
    }, 20_000);
    process.on("SIGINT", () => {
      clearInterval(timer);
      void dashboard.close().then(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  const message = error instanceof MbsError || error instanceof InvalidInputError ? error.message : error instanceof Error ? error.message.split("\n")[0] : String(error);
  console.error(`error: ${message}`);
  process.exit(1);
});
