/**
 * The dashboard in a real headless Chromium against a permissioned local node (anvil: London, gas
 * price 0, base fee 0, unfunded accounts): the sample pool is deployed, the page opened, then a
 * remittance cycle and a secondary trade are sent — and the page, without a reload, shows the new
 * factor, the period's distribution and the trade. A screenshot is saved under screenshots/.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { expect } from "chai";
import type { EventLog } from "ethers";
import { network } from "hardhat";
import type { Page } from "playwright-core";

import { detectFeePolicy } from "../../src/chain/index.js";
import { startDashboard, type Dashboard } from "../../src/dashboard/server.js";
import { deploySamplePool, markSampleRecordDate, runSampleCycle, sampleQuotes, sampleTrade, type SampleEthers, type SamplePool } from "../../src/dashboard/sample.js";
import { formatFactor, formatUsd } from "../../src/units.js";
import { packWarningCounts } from "../../src/remittance/warnings.js";
import { startLocalNode, type LocalNode } from "../helpers/localNode.js";
import { launchChromium, type HeadlessBrowser } from "./browser.js";
import { startRpcProxy, type RpcProxy } from "./rpcProxy.js";

const SCREENSHOTS = path.resolve("screenshots");
/** Generous bound for anything the page must show (the target is 2 s; this only stops a hung test). */
const SHOWS = 60_000;

describe("the dashboard in headless Chromium on a permissioned local node", function () {
  this.timeout(600_000);
  let node: LocalNode;
  let sample: SamplePool;
  let dashboard: Dashboard;
  let browser: HeadlessBrowser;
  let page: Page;
  let proxy: RpcProxy;

  before(async () => {
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    const fees = await detectFeePolicy(connection.ethers.provider);
    expect(fees).to.deep.equal({ kind: "zero-gas" });
    sample = await deploySamplePool(connection.ethers as unknown as SampleEthers, { fees });
    await runSampleCycle(sample);
    await runSampleCycle(sample);
    await sampleQuotes(sample);
    // The dashboard reaches the node through a pass-through on a fixed address, so the last test can
    // restart the node under it. A node limit of 50 blocks per eth_getLogs: the history is read in chunks.
    proxy = await startRpcProxy(node.url);
    const viaProxy = await network.create({ network: "localhost", override: { url: proxy.url } });
    dashboard = await startDashboard({ provider: viaProxy.ethers.provider, pool: sample.addresses.pool, maxBlockRange: 50 });
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(dashboard.url);
  });

  after(async () => {
    await browser?.close();
    await dashboard?.close();
    await proxy?.close();
    await node?.stop();
  });

  const factorOnPage = () => page.locator("#class-0 .factor").textContent({ timeout: SHOWS });

  it("finds the pool's classes, waterfall and market from the pool address alone", () => {
    expect(dashboard.target.tokens.slice(0, 2)).to.deep.equal(sample.addresses.tokens);
    expect(dashboard.target.waterfall).to.equal(sample.addresses.waterfall);
    expect(dashboard.target.markets).to.deep.equal([sample.addresses.market]);
  });

  it("shows the current factor, both periods and the resting orders on first load", async () => {
    const factor = (await sample.tokens[0]!.getFunction("factor")()) as bigint;
    await page.waitForFunction(`document.querySelector("#class-0 .factor")?.textContent === ${JSON.stringify(formatFactor(factor))}`, undefined, { timeout: SHOWS });
    await page.locator('#periods tr[data-period="2"]').waitFor({ timeout: SHOWS });
    const state = (await sample.waterfall.getFunction("dealState")()) as { period: bigint; reserveBalance: bigint; poolBalance: bigint };
    expect(await page.locator("#deal .period").textContent()).to.equal(String(state.period));
    expect(await page.locator("#deal .reserve").textContent()).to.equal(`$${formatUsd(state.reserveBalance)}`);
    expect(await page.locator("#deal .pool-balance").textContent()).to.equal(`$${formatUsd(state.poolBalance)}`);
    expect(await page.locator("#deal .reports-verified").textContent()).to.equal("periods 1–2 verified against the registry's chain head");
    const book = await page.locator("#book").textContent({ timeout: SHOWS });
    expect(book).to.contain("100.2500").and.to.contain("98.7500");
  });

  it("shows the holders of a class without a holder cap, which keeps no count on chain, from its transfers", async () => {
    const token = sample.tokens[0]!;
    expect(await token.getFunction("isHolderCountTracked")()).to.equal(false);
    // The oracle: every address the class was ever sent to, holding a non-zero balance now (balanceOf, not logs).
    const recipients = new Set((await token.queryFilter(token.filters.Transfer!())).map((e) => String((e as EventLog).args.to)));
    let holders = 0;
    for (const account of recipients) if (((await token.getFunction("balanceOf")(account)) as bigint) > 0n) holders++;
    expect(holders).to.be.greaterThan(1);
    await page.waitForFunction(`document.querySelector("#class-0 .holders")?.textContent === "${holders}"`, undefined, { timeout: SHOWS });
  });

  it("shows a new remittance cycle's factor and distribution without a reload", async () => {
    const before = await factorOnPage();
    const version = await page.evaluate<number>("Number(document.body.dataset.version)");
    // The collection period ends: the record date is marked, and the page says whose cash it will be.
    await markSampleRecordDate(sample);
    await page.waitForFunction('document.querySelector("#deal .record-date")?.textContent?.startsWith("period 3: ") === true', undefined, { timeout: SHOWS });
    await runSampleCycle(sample);
    const factor = (await sample.tokens[0]!.getFunction("factor")()) as bigint;
    expect(formatFactor(factor)).not.to.equal(before);
    await page.waitForFunction(`document.querySelector("#class-0 .factor")?.textContent === ${JSON.stringify(formatFactor(factor))}`, undefined, { timeout: SHOWS });
    const row = page.locator('#periods tr[data-period="3"]');
    await row.waitFor({ timeout: SHOWS });
    const distributed = await sample.waterfall.queryFilter(sample.waterfall.filters.PrincipalPaid!(3n, 0n));
    const principal = (distributed[0] as EventLog).args.amount as bigint;
    expect(principal > 0n).to.equal(true);
    expect(await row.textContent()).to.contain(`$${formatUsd(principal)}`);
    expect(await row.locator(".record-date").textContent()).to.match(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    await page.waitForFunction('document.querySelector("#deal .record-date")?.textContent === "none pending"', undefined, { timeout: SHOWS });
    // The same document, updated in place.
    expect(await page.evaluate<number>("Number(document.body.dataset.version)")).to.be.greaterThan(version);
  });

  it("shows a secondary trade in the recent trades and in the buyer's holdings and history", async () => {
    const tx = await sampleTrade(sample, { price: 99.75 });
    const trade = page.locator(`#trades tr.trade[data-tx="${tx}"]`);
    await trade.waitFor({ timeout: SHOWS });
    const text = await trade.textContent();
    expect(text).to.contain("99.7500").and.to.contain("$25,000.00");

    const buyer = await sample.parties.investors[3]!.getAddress();
    await page.fill("#investor-address", buyer);
    await page.click("#investor-form button");
    await page.locator("#investor-history").waitFor({ timeout: SHOWS });
    expect(await page.locator("#investor-history").textContent()).to.contain("bought");
    expect(await page.locator("#holdings").textContent()).to.contain("$25,000.00");

  });

  it("projects each class's cash flows, yield and WAL at the observed speed, and redraws the chart at a what-if speed", async () => {
    const row = page.locator('#indicative tr[data-class="MBSDA"]');
    await row.waitFor({ timeout: SHOWS });
    expect(await page.locator("#assumptions").textContent()).to.contain("(observed)");
    const walAt = async () => Number(await row.getAttribute("data-wal"));
    // What Chart.js draws for the chosen class: its datasets read from the chart instance itself.
    const drawn = () => page.evaluate<{ label: string; data: number[] }[]>(
      'Chart.getChart(document.getElementById("chart-projection")).data.datasets.map((d) => ({ label: d.label, data: d.data.slice() }))');
    await page.selectOption("#projection-target", "MBSDA");
    await page.waitForFunction('document.getElementById("chart-projection").dataset.target === "MBSDA"', undefined, { timeout: SHOWS });
    const observed = { wal: await walAt(), flows: await drawn() };
    expect(observed.wal).to.be.greaterThan(0);
    expect(observed.flows.map((d) => d.label)).to.deep.equal(["interest", "principal", "losses", "MBSDA balance"]);
    const principalOf = (flows: { label: string; data: number[] }[]) => flows.find((d) => d.label === "principal")!.data;
    const balanceOf = (flows: { label: string; data: number[] }[]) => flows.find((d) => d.label === "MBSDA balance")!.data;
    expect(principalOf(observed.flows).some((x) => x > 0)).to.equal(true);

    await page.fill("#whatif-speed", "40");
    await page.click("#whatif-form button[type=submit]");
    await page.waitForFunction('document.querySelector("#assumptions")?.textContent?.includes("CPR 40.00%") === true', undefined, { timeout: SHOWS });
    const fast = { wal: await walAt(), flows: await drawn() };
    expect(fast.flows).not.to.deep.equal(observed.flows);
    // Faster prepayments: more principal in the first year, a lower balance after it, a shorter WAL.
    const firstYear = (xs: number[]) => xs.slice(0, 12).reduce((a, b) => a + b, 0);
    expect(firstYear(principalOf(fast.flows))).to.be.greaterThan(firstYear(principalOf(observed.flows)));
    expect(balanceOf(fast.flows)[11]!).to.be.lessThan(balanceOf(observed.flows)[11]!);
    expect(fast.wal).to.be.greaterThan(0).and.to.be.lessThan(observed.wal);

    // The same control in PSA: 50 PSA is slower than 40 % CPR, so the WAL lengthens again.
    await page.selectOption("#whatif-speed-kind", "psa");
    await page.fill("#whatif-speed", "50");
    await page.click("#whatif-form button[type=submit]");
    await page.waitForFunction('document.querySelector("#assumptions")?.textContent?.includes("50 PSA") === true', undefined, { timeout: SHOWS });
    expect(await walAt()).to.be.greaterThan(fast.wal);

    // A lower price for the class: a higher yield, the same flows.
    const yieldAt = async () => Number.parseFloat((await row.locator("td").nth(3).textContent()) ?? "NaN");
    const before = await yieldAt();
    await row.locator("input.price").fill("95");
    await row.locator("input.price").press("Tab");
    await page.waitForFunction('document.querySelector(\'#indicative tr[data-class="MBSDA"] input.price\')?.value === "95.0000"', undefined, { timeout: SHOWS });
    expect(await yieldAt()).to.be.greaterThan(before);

    // The pool's own projection splits principal into scheduled and prepaid.
    await page.selectOption("#projection-target", "pool");
    const pool = await drawn();
    expect(pool.map((d) => d.label)).to.include.members(["scheduled principal", "prepaid principal", "losses", "pool balance"]);
    await page.click("#whatif-reset");
    await page.waitForFunction('/^At CPR [0-9.]+% \\(observed\\)/.test(document.querySelector("#assumptions")?.textContent ?? "")', undefined, { timeout: SHOWS });
  });

  it("raises a reconciliation alert for a period whose attested report carries warnings, each flag in words with its count", async () => {
    const word = packWarningCounts({ "principal-vs-schedule": 3, "delinquency-jump": 1 });
    const report = await runSampleCycle(sample, { reconciliationWarnings: word });
    const text = `period ${report.period}: 3 loans' principal inconsistent with their schedule; 1 loan more than one payment further behind than last month`;
    await page.waitForFunction(`document.querySelector("#alerts")?.textContent?.includes(${JSON.stringify(text)}) === true`, undefined, { timeout: SHOWS });
    expect(await page.locator("#alerts li.warning", { hasText: `period ${report.period}: 3 loans'` }).count()).to.equal(1);
    // The periods before it carried none: no alert of this kind for them.
    expect(await page.locator("#alerts li", { hasText: "reconciliation warnings" }).count()).to.equal(1);

    // The whole page as it now stands (new factor, the periods, the trade, the projection, the alerts).
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "dashboard.png"), fullPage: true });
  });

  it("raises an alert for a market transaction the chain refused, with its reason", async () => {
    // Sent with its own gas limit (no estimate), as a Besu client may: mined, and reverted.
    const buyer = sample.parties.investors[3]!;
    const data = sample.market.interface.encodeFunctionData("fill", [999_999n, 1n, 1n]);
    const sent = await buyer.sendTransaction({ to: sample.addresses.market, data, gasLimit: 300_000n });
    const receipt = await sent.wait().catch(() => undefined);
    expect(receipt?.status ?? 0).to.equal(0);
    await page.waitForFunction(`document.querySelector("#alerts")?.textContent?.includes(${JSON.stringify(sent.hash)}) === true`, undefined, { timeout: SHOWS });
    const alert = page.locator("#alerts li", { hasText: sent.hash });
    expect(await alert.textContent()).to.contain("refused trade").and.to.contain("MarketUnknownOrder(orderId=999999)");
  });

  it("explains a take refused between a record date and its distribution (books closed)", async () => {
    const seller = sample.parties.investors[0]!;
    const buyer = sample.parties.investors[3]!;
    const expiry = BigInt((await sample.market.runner!.provider!.getBlock("latest"))!.timestamp + 86_400);
    const amount = 10_000n * 1_000_000n;
    const book = sample.market.connect(seller) as typeof sample.market;
    const id = (await book.getFunction("placeAsk").staticCall(sample.addresses.traded, 99_50_000_000n, amount, amount, expiry)) as bigint;
    await (await book.getFunction("placeAsk")(sample.addresses.traded, 99_50_000_000n, amount, amount, expiry)).wait();
    await markSampleRecordDate(sample);
    const data = sample.market.interface.encodeFunctionData("fill", [id, amount, 2n ** 255n]);
    const sent = await buyer.sendTransaction({ to: sample.addresses.market, data, gasLimit: 500_000n });
    expect((await sent.wait().catch(() => undefined))?.status ?? 0).to.equal(0);
    await page.waitForFunction(`document.querySelector("#alerts")?.textContent?.includes(${JSON.stringify(sent.hash)}) === true`, undefined, { timeout: SHOWS });
    expect(await page.locator("#alerts li", { hasText: sent.hash }).textContent()).to.contain("books closed");
    // The distribution reopens the books.
    await runSampleCycle(sample);
    await page.waitForFunction('document.querySelector("#deal .record-date")?.textContent === "none pending"', undefined, { timeout: SHOWS });
  });

  it("says so when an investor address is not an address", async () => {
    await page.fill("#investor-address", "0x1234");
    await page.click("#investor-form button");
    await page.waitForFunction('document.querySelector("#investor .error")?.textContent?.includes("is not an address") === true', undefined, { timeout: SHOWS });
  });

  it("reads the pool afresh when the node's chain goes back (a restarted development node), then stays live", async () => {
    const provider = sample.pool.runner!.provider! as unknown as { send(method: string, params: unknown[]): Promise<unknown> };
    const saved = { period: sample.period, poolBalance: sample.poolBalance, loans: sample.loans };
    const checkpoint = await provider.send("evm_snapshot", []);
    await runSampleCycle(sample);
    const next = `#periods tr[data-period="${saved.period + 1}"]`;
    await page.locator(next).waitFor({ timeout: SHOWS });
    expect(await provider.send("evm_revert", [checkpoint])).to.equal(true);
    Object.assign(sample, saved);
    // The period the node no longer has leaves the page.
    await page.locator(next).waitFor({ state: "detached", timeout: SHOWS });
    await runSampleCycle(sample);
    await page.locator(next).waitFor({ timeout: SHOWS });
    const factor = (await sample.tokens[0]!.getFunction("factor")()) as bigint;
    await page.waitForFunction(`document.querySelector("#class-0 .factor")?.textContent === ${JSON.stringify(formatFactor(factor))}`, undefined, { timeout: SHOWS });
  });

  it("tells the reader it is reconnecting when the node stops answering, keeping the last figures on screen, and reads the restarted node's chain", async () => {
    const factor = await factorOnPage();
    await node.stop();
    await page.waitForFunction('document.querySelector("#status")?.textContent?.startsWith("reconnecting") === true', undefined, { timeout: SHOWS });
    expect(await factorOnPage()).to.equal(factor);

    // The node comes back on its address with an empty chain (a development node restarted), and
    // the same deployment is replayed on it, with one period this time.
    node = await startLocalNode({ kind: "anvil", hardfork: "london", zeroGas: true, unfunded: true });
    const connection = await network.create({ network: "localhost", override: { url: node.url } });
    const again = await deploySamplePool(connection.ethers as unknown as SampleEthers, { fees: await detectFeePolicy(connection.ethers.provider) });
    expect(again.addresses.pool).to.equal(sample.addresses.pool);
    await runSampleCycle(again);
    proxy.pointAt(node.url);
    await page.waitForFunction('document.querySelector("#status")?.textContent === "live"', undefined, { timeout: SHOWS });
    const fresh = (await again.tokens[0]!.getFunction("factor")()) as bigint;
    expect(formatFactor(fresh)).not.to.equal(factor);
    await page.waitForFunction(`document.querySelector("#class-0 .factor")?.textContent === ${JSON.stringify(formatFactor(fresh))}`, undefined, { timeout: SHOWS });
    await page.locator('#periods tr[data-period="2"]').waitFor({ state: "detached", timeout: SHOWS });
    expect(await page.locator('#periods tr[data-period="1"]').count()).to.equal(1);
  });
});
