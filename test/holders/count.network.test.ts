/**
 * `mbs holders count` (src/holders/count.ts) on the in-process network: a class token deployed without a holder
 * cap, random onboarded holders, mints and transfers (one holder leaves), then the proof that starts its count.
 */
import { expect } from "chai";
import hre, { network } from "hardhat";
import { Log, VoidSigner, type HDNodeWallet } from "ethers";

import { InvalidInputError } from "../../src/errors.js";
import { ChainError, MissingRoleError } from "../../src/chain/index.js";
import { countTokenHolders, type CountProgress } from "../../src/holders/count.js";
import { countHoldersJson, formatCountHolders } from "../../src/holders/format.js";
import { HOLDER_COUNT_ABI } from "../../src/holders/token.js";
import { rejection } from "../kyc/fixtures.js";
import { ACCREDITED, HOLDER_LIMIT_REACHED, deployClassToken, usd } from "./fixtures.js";

const { ethers, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;

/** Rules without a holder cap: the token keeps no count on chain (ADR 0021). */
const UNCAPPED = { allowedClasses: ACCREDITED, minHolding: 0n, maxHolders: 0, lockupUntil: 0n, blockedCountries: [] as number[] };

/** An uncapped class token and seven onboarded investors, two of whom will hold nothing yet. */
const uncappedTokenFixture = () =>
  deployClassToken({ ethers, networkHelpers }, { rules: UNCAPPED, faceCap: 10_000_000n * 1_000_000n, investors: 7, verifiedForSeconds: 365n * 86_400n });

/** Mints to five investors, then transfers: one to a new holder, one holder sends everything away and leaves. */
async function tradedTokenFixture() {
  const f = await uncappedTokenFixture();
  const [a, b, c, d, e, later] = f.investors as [HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet];
  for (const [i, w] of [a, b, c, d, e].entries()) await f.token.connect(f.issuer).mint(w.address, usd(100_000 * (i + 1)));
  const afterMints = await ethers.provider.getBlockNumber();
  await f.token.connect(a).transfer(later.address, usd(25_000));
  await f.token.connect(b).transfer(c.address, usd(200_000)); // b leaves
  await f.token.connect(d).transfer(a.address, usd(1_000));
  const holders = [a, c, d, e, later].map((w) => w.address);
  return { ...f, holders, leaver: b.address, afterMints, spare: f.investors[6]! };
}

const ascending = (addresses: string[]) => [...addresses].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
const nonceOf = (address: string) => ethers.provider.getTransactionCount(address);

describe("mbs holders count: the proof that starts an uncapped class token's holder count (ADR 0021)", function () {
  it("uses only functions, events and errors the compiled PoolToken has", async function () {
    const compiled = new ethers.Interface((await hre.artifacts.readArtifact("PoolToken")).abi);
    const missing = new ethers.Interface(HOLDER_COUNT_ABI).fragments
      .filter((f) => !compiled.fragments.some((g) => g.type === f.type && g.format("sighash") === f.format("sighash")))
      .map((f) => `${f.type} ${f.format("sighash")}`);
    expect(missing).to.deep.equal([]);
  });

  it("counts exactly the non-zero holders, in ascending address order; holderCount() then equals it and a holder cap can be set", async function () {
    const { admin, token, address, holders, leaver, spare } = await loadFixture(tradedTokenFixture);
    expect(await token.isHolderCountTracked()).to.equal(false);
    const capped = { ...UNCAPPED, minHolding: usd(1_000), maxHolders: 5 }; // a cap needs a lot size too
    await expect(token.setTransferRules(capped)).to.be.revertedWithCustomError(token, "TokenHolderCountNotTracked");

    const progress: CountProgress[] = [];
    const result = await countTokenHolders({ token: address, logsRange: 3, onProgress: (p) => void progress.push(p) }, admin);

    expect(result.outcome).to.equal("counted");
    expect(result.holders).to.equal(5);
    expect(await token.holderCount()).to.equal(5n);
    const tx = (await ethers.provider.getTransaction(result.txHash!))!;
    const [listed] = token.interface.decodeFunctionData("countHolders", tx.data) as unknown as [string[]];
    expect([...listed]).to.deep.equal(ascending(holders));
    expect(listed).to.not.include(leaver);
    const receipt = (await ethers.provider.getTransactionReceipt(result.txHash!))!;
    expect(result.minedInBlock).to.equal(receipt.blockNumber);
    const started = receipt.logs.map((l) => token.interface.parseLog(l)).find((e) => e?.name === "HolderCountingStarted");
    expect(started?.args.holders).to.equal(5n);
    // The logs were read in windows of --logs-range blocks, each reported, up to the block the proof was read at.
    const logs = progress.filter((p): p is Extract<CountProgress, { phase: "logs" }> => p.phase === "logs");
    expect(logs.length).to.equal(Math.ceil((result.block + 1) / 3));
    expect(logs.at(-1)).to.include({ blocksDone: result.block + 1, blocksTotal: result.block + 1, toBlock: result.block });
    expect(progress.filter((p) => p.phase === "balances").at(-1)).to.include({ accountsDone: 5, accountsTotal: 5 });

    await token.setTransferRules(capped);
    expect(await token.detectTransferRestriction(holders[0]!, spare.address, usd(1_000))).to.equal(HOLDER_LIMIT_REACHED);
    expect(formatCountHolders(result)).to.match(new RegExp(`^counted 5 holder\\(s\\) of MBS26A ${address} in tx ${result.txHash} \\(block ${receipt.blockNumber}\\)`));
    expect(admin.address).to.equal(result.signer);
  });

  it("says the token already counts, and sends nothing, when run again", async function () {
    const { admin, address } = await loadFixture(tradedTokenFixture);
    await countTokenHolders({ token: address }, admin);
    const nonce = await nonceOf(admin.address);
    const again = await countTokenHolders({ token: address }, admin);
    expect(again).to.include({ outcome: "already-counting", holders: 5, txHash: undefined });
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(formatCountHolders(again)).to.equal(`MBS26A ${address} already counts 5 holder(s) on chain (block ${again.block}): nothing sent`);
  });

  it("refuses a signer without the token's compliance role before sending anything", async function () {
    const { outsider, token, address } = await loadFixture(tradedTokenFixture);
    const nonce = await nonceOf(outsider.address);
    await rejection(countTokenHolders({ token: address }, outsider), MissingRoleError,
      new RegExp(`account ${outsider.address} does not hold COMPLIANCE_ROLE on the class token MBS26A at ${address}; an admin must grantRole`));
    expect(await nonceOf(outsider.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });

  it("sends nothing on a dry run, and says the count, the block and the gas estimate", async function () {
    const { admin, token, address } = await loadFixture(tradedTokenFixture);
    const nonce = await nonceOf(admin.address);
    const dry = await countTokenHolders({ token: address, dryRun: true }, admin);
    expect(dry).to.include({ outcome: "dry-run", holders: 5, block: await ethers.provider.getBlockNumber(), txHash: undefined });
    expect(dry.gasEstimate! > 21_000n && dry.gasEstimate! < dry.blockGasLimit!).to.equal(true);
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
    const text = formatCountHolders(dry);
    expect(text).to.match(/^dry run: nothing sent\. MBS26A .* would start counting 5 holder\(s\)/);
    expect(text).to.include(`read at block  ${dry.block}`).and.include(`gas estimate   ${dry.gasEstimate!.toLocaleString("en-US")}`);
    expect(countHoldersJson(dry)).to.deep.include({ outcome: "dry-run", sent: false, holders: 5, block: dry.block, gasEstimate: dry.gasEstimate!.toString(), txHash: null });
    expect(JSON.parse(JSON.stringify(countHoldersJson(dry))).totalSupply).to.equal(usd(1_500_000).toString());
  });

  it("refuses logs that start after the first mint with the mismatch in words and the advice to read from an earlier block", async function () {
    const { admin, token, address, afterMints } = await loadFixture(tradedTokenFixture);
    const nonce = await nonceOf(admin.address);
    await rejection(countTokenHolders({ token: address, fromBlock: afterMints + 1 }, admin), InvalidInputError,
      /^--from-block: the Transfer in block \d+ \(tx 0x[0-9a-f]{64}\) sends 25,000\.00 \(25000000000 base units\) from 0x[0-9a-fA-F]{40}, which holds only 0\.00 \(0 base units\) in the logs read from block \d+; the logs start after the token's first mint: re-run with an earlier --from-block/);
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });

  it("refuses logs that account for less than the total supply with both amounts and the advice to read from an earlier block", async function () {
    const { admin, address } = await loadFixture(tradedTokenFixture);
    await networkHelpers.mine();
    const from = await ethers.provider.getBlockNumber();
    await rejection(countTokenHolders({ token: address, fromBlock: from }, admin), InvalidInputError,
      new RegExp(`^--from-block: the Transfer logs of blocks ${from}–${from} account for 0\\.00 \\(0 base units\\) of the class token MBS26A at ${address}'s total supply ` +
        `1,500,000\\.00 \\(1500000000000 base units\\) at block ${from} \\(1,500,000\\.00 \\(1500000000000 base units\\) missing\\); the logs start after the token's first mint: re-run with an earlier --from-block`));
    await rejection(countTokenHolders({ token: address, fromBlock: from + 1 }, admin), InvalidInputError, new RegExp(`^--from-block: block ${from + 1} is after the chain's latest block ${from}$`));
  });

  it("refuses logs that rebuild the supply but name the wrong holders (a node that altered a recipient), nothing sent", async function () {
    const { admin, token, address, spare } = await loadFixture(tradedTokenFixture);
    const transferTopic = token.interface.getEvent("Transfer").topicHash;
    // The node answers eth_getLogs with the last Transfer's recipient replaced by an investor who never received it:
    // the amounts still add up to the supply, only the token's own check at the block can tell.
    const altered = new Proxy(ethers.provider, {
      get(target, property, receiver) {
        if (property === "getLogs") {
          return async (filter: Parameters<typeof target.getLogs>[0]) => {
            const logs = await target.getLogs(filter);
            const last = logs.findLastIndex((l) => l.topics[0] === transferTopic);
            if (last < 0) return logs;
            const log = logs[last]!;
            const topics = [log.topics[0]!, log.topics[1]!, ethers.zeroPadValue(spare.address, 32)];
            return logs.map((l, i) => (i === last ? new Log({ ...l.toJSON(), topics }, target) : l));
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const asAdmin = new VoidSigner(admin.address, altered); // refused before anything is signed
    const nonce = await nonceOf(admin.address);
    await rejection(countTokenHolders({ token: address }, asAdmin), ChainError,
      /^the token refuses the holders its Transfer logs give at block \d+ \(TokenHolderProof(ZeroBalance|Incomplete)\(.*\)\): the logs the node returned do not rebuild the token's balances, so no proof can be built from them\. Nothing sent$/);
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });

  it("refuses a --token that is not a PoolToken, and one with no contract, before anything else", async function () {
    const { admin, registry } = await loadFixture(tradedTokenFixture);
    const registryAddress = await registry.getAddress();
    await rejection(countTokenHolders({ token: registryAddress }, admin), InvalidInputError,
      new RegExp(`^--token: the contract at ${registryAddress} is not a PoolToken \\(it does not answer isHolderCountTracked\\(\\)\\) on chain 31337$`));
    await rejection(countTokenHolders({ token: admin.address }, admin), InvalidInputError, /^--token: no contract at 0x[0-9a-fA-F]{40} on chain 31337$/);
    await rejection(countTokenHolders({ token: undefined }, admin), InvalidInputError, /^--token: required: the address of the PoolToken$/);
    await rejection(countTokenHolders({ token: registryAddress, fromBlock: -1 }, admin), InvalidInputError, /^--from-block: -1 is not a block number/);
  });

  it("reads on to a fresh block and proves once more when a transfer lands between the read and the proof", async function () {
    const { admin, token, address, investors, holders, spare } = await loadFixture(tradedTokenFixture);
    const first = investors[0]!;
    const retries: CountProgress[] = [];
    const result = await countTokenHolders({
      token: address,
      onProgress: async (p) => {
        if (p.phase === "retry") retries.push(p);
        // A new holder arrives after the first read: the first proof misses it (TokenHolderProofIncomplete).
        if (p.phase === "proof" && p.attempt === 1) await (await token.connect(first).transfer(spare.address, usd(1))).wait();
      },
    }, admin);
    expect(retries).to.have.length(1);
    expect(result.retried).to.match(/^the proof read at block \d+ was refused with TokenHolderProofIncomplete\(listedBalance=1499999000000, totalSupply=1500000000000\)/);
    expect(result).to.include({ outcome: "counted", holders: 6 });
    expect(await token.holderCount()).to.equal(6n);
    const tx = (await ethers.provider.getTransaction(result.txHash!))!;
    expect([...(token.interface.decodeFunctionData("countHolders", tx.data)[0] as string[])]).to.deep.equal(ascending([...holders, spare.address]));
  });

  it("decodes the token's refusal of a proof overtaken while it was sent, and proves once more from a fresh block", async function () {
    const { admin, token, address, investors, holders } = await loadFixture(tradedTokenFixture);
    const [first] = investors;
    let overtaken = false;
    const result = await countTokenHolders({
      token: address,
      onProgress: async (p) => {
        if (p.phase !== "send" || overtaken) return;
        overtaken = true;
        // After the estimate, before the transaction: a holder leaves, so the list names one who holds nothing.
        await (await token.connect(first!).transfer(holders[1]!, await token.balanceOf(first!.address))).wait();
      },
    }, admin);
    expect(result.retried).to.match(/^the proof read at block \d+ was refused with .*TokenHolderProofZeroBalance\(index=\d, holder=0x[0-9a-fA-F]{40}\)/);
    expect(result).to.include({ outcome: "counted", holders: 4 });
    expect(await token.holderCount()).to.equal(4n);
  });

  it("reports in words, and counts nothing, when the holders change again after the second read", async function () {
    const { admin, token, address, investors, holders } = await loadFixture(tradedTokenFixture);
    const [first] = investors;
    const nonce = await nonceOf(admin.address);
    // Each time a proof is ready, a holder sends everything to another: the proof lists one who holds nothing.
    const error = await rejection(countTokenHolders({
      token: address,
      onProgress: async (p) => {
        if (p.phase !== "proof") return;
        const from = p.attempt === 1 ? investors[4]! : first!;
        await (await token.connect(from).transfer(holders.find((h) => h !== from.address)!, await token.balanceOf(from.address))).wait();
      },
    }, admin), ChainError, /^the holders of the class token MBS26A at 0x[0-9a-fA-F]{40} changed again while the proof was sent, twice in a row: the contract refused the proof of 4 holder\(s\) read at block \d+ with TokenHolderProofZeroBalance\(index=\d, holder=0x[0-9a-fA-F]{40}\) \(first: the proof read at block \d+ was refused with TokenHolderProofZeroBalance/);
    expect(error.details).to.have.property("revert");
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });

  it("proves a token with nothing issued with an empty list, counting from its first holder", async function () {
    const { admin, issuer, token, address, investors } = await loadFixture(uncappedTokenFixture);
    const result = await countTokenHolders({ token: address }, admin);
    expect(result).to.include({ outcome: "counted", holders: 0, transfers: 0 });
    await token.connect(issuer).mint(investors[0]!.address, usd(10));
    expect(await token.holderCount()).to.equal(1n);
  });

  it("refuses a proof that cannot fit in one block with the holder count and the gas it needs, nothing sent", async function () {
    const { admin, token, address } = await loadFixture(tradedTokenFixture);
    const dry = await countTokenHolders({ token: address, dryRun: true }, admin);
    await networkHelpers.setBlockGasLimit(dry.gasEstimate! - 1_000n);
    await networkHelpers.mine();
    const nonce = await nonceOf(admin.address);
    const tooLarge = await rejection(countTokenHolders({ token: address }, admin), ChainError,
      new RegExp(`^the proof of 5 holder\\(s\\) of the class token MBS26A at ${address} \\(read at block \\d+\\) needs .* gas, more than a block holds \\(gas limit ${(dry.gasEstimate! - 1_000n).toLocaleString("en-US")} at block \\d+\\); the contract needs the whole list in one transaction`));
    expect(tooLarge.message).to.include(`needs an estimated ${dry.gasEstimate!.toLocaleString("en-US")} gas`);
    expect(tooLarge.details).to.include({ holders: 5 });
    expect(await nonceOf(admin.address)).to.equal(nonce);
    expect(await token.isHolderCountTracked()).to.equal(false);
  });
});
