/**
 * The dashboard checks the servicer reports it shows against the report registry's chain head (ADR 0019): on
 * Hardhat's in-process network, the sample pool after two remittance cycles verifies; a provider that alters, drops
 * or forges a report log on its way to the dashboard is caught with a critical alert and the page marks the reports
 * unverified.
 */
import { expect } from "chai";
import { AbiCoder, type Filter, type FilterByBlockHash, type Log, type Provider } from "ethers";
import { network } from "hardhat";

import { REPORTS } from "../../src/dashboard/abis.js";
import { PoolFeed, type Snapshot } from "../../src/dashboard/feed.js";
import { deploySamplePool, runSampleCycle, type SampleEthers, type SamplePool } from "../../src/dashboard/sample.js";
import { resolveTarget } from "../../src/dashboard/target.js";

type LogRewrite = (logs: Log[]) => Log[];

/** The same provider, with every `eth_getLogs` answer passed through `rewrite` (a dishonest node or proxy). */
function tampering(provider: Provider, rewrite: LogRewrite): Provider {
  return new Proxy(provider, {
    get(target, property, receiver) {
      if (property === "getLogs") return async (filter: Filter | FilterByBlockHash) => rewrite(await target.getLogs(filter));
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const SUBMITTED = REPORTS.getEvent("ReportSubmitted")!.topicHash;
const ATTESTED = REPORTS.getEvent("ReportAttested")!.topicHash;

/** A copy of `log` whose report says one more unit of interest was collected (its first data word after the offset). */
function withMoreInterest(log: Log): Log {
  const words = log.data.slice(2).match(/.{64}/g)!;
  // The report is a static tuple, ABI-encoded in place: word 0 is `period`, word 1 `interestCollected`.
  const interest = BigInt(`0x${words[1]!}`) + 1n;
  words[1] = AbiCoder.defaultAbiCoder().encode(["uint256"], [interest]).slice(2);
  return { ...log, data: `0x${words.join("")}` } as Log;
}

describe("dashboard: servicer reports checked against the registry's chain head", function () {
  this.timeout(300_000);
  let sample: SamplePool;
  let provider: Provider;

  before(async () => {
    const connection = await network.create();
    sample = await deploySamplePool(connection.ethers as unknown as SampleEthers);
    await runSampleCycle(sample);
    await runSampleCycle(sample);
    provider = connection.ethers.provider;
  });

  async function snapshotThrough(via: Provider): Promise<Snapshot> {
    const feed = new PoolFeed(via, await resolveTarget(via, { pool: sample.addresses.pool }));
    await feed.poll();
    return feed.rebuild();
  }

  const critical = (s: Snapshot) => s.alerts.filter((a) => a.level === "critical" && a.text.includes("not verified"));

  it("verifies the attested reports read from an honest node", async () => {
    const s = await snapshotThrough(provider);
    expect(s.deal?.reports).to.include({ period: 2, verified: true });
    expect(critical(s)).to.deep.equal([]);
    expect(s.periods.map((p) => p.period)).to.deep.equal([1, 2]);
    // The sample's classes have no holder cap, so the in-process network's own revert error (not ethers') is the
    // refusal the holder count falls back on: every class still shows its holders.
    expect(s.classes.map((c) => c.holders).every((h) => h > 0)).to.equal(true);
  });

  it("catches a report log altered on its way (one unit more interest in period 1)", async () => {
    const s = await snapshotThrough(tampering(provider, (logs) => logs.map((l) => (l.topics[0] === SUBMITTED && BigInt(l.topics[1]!) === 1n ? withMoreInterest(l) : l))));
    expect(s.deal?.reports).to.include({ period: 2, verified: false });
    expect(critical(s)).to.have.length(1);
    expect(critical(s)[0]!.text).to.contain("period 1");
  });

  it("catches a dropped attestation (the page would show one period fewer as attested)", async () => {
    const s = await snapshotThrough(tampering(provider, (logs) => logs.filter((l) => !(l.topics[0] === ATTESTED && BigInt(l.topics[1]!) === 2n))));
    expect(s.deal?.reports?.verified).to.equal(false);
    expect(critical(s)[0]!.text).to.contain("periods 1–2");
  });

  it("catches an attested period whose submission is missing from the logs", async () => {
    const s = await snapshotThrough(tampering(provider, (logs) => logs.filter((l) => !(l.topics[0] === SUBMITTED && BigInt(l.topics[1]!) === 2n))));
    expect(s.deal?.reports?.verified).to.equal(false);
    expect(critical(s)[0]!.text).to.contain("no submission with the attested hash for period 2");
  });
});
