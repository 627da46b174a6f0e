/**
 * Market gas benchmark (not a test): every figure is `gasUsed` from a transaction receipt on the in-process
 * network (London), with investors on random addresses (fresh keys each run), a tranche with a real deal's
 * rules, a distribution already paid (so checkpoints are not zero) and a book that already holds orders.
 * The tranche is the real PoolToken when it has the agreed per-escrow locks and record dates, else the
 * MockTrancheToken (the results say which). The ERC-3643 reference DvP (T-REX's DVDTransferManager) is measured in
 * the same run on a minimal T-REX suite (see `measureErc3643Dvd`). Writes bench/results/market.json.
 * Run: `npx hardhat run bench/market.ts` (part of `npm run bench`).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { network } from "hardhat";
import { Wallet, keccak256, type BaseContract, type ContractTransactionResponse, type HDNodeWallet } from "ethers";

const { ethers, networkHelpers } = await network.create();

const USD = 1_000_000n;
const DAY = 86_400n;
const price = (points: number): bigint => BigInt(Math.round(points * 1e8));
const ASK = 1;
const BID = 0;

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<number> {
  const receipt = await (await tx).wait();
  if (receipt === null) throw new Error("no receipt");
  return Number(receipt.gasUsed);
}

const [admin] = await ethers.getSigners();
const adminAddress = admin!.address;

/** A random investor key with gas money (the in-process network charges gas). */
async function investor(): Promise<HDNodeWallet> {
  const wallet = Wallet.createRandom().connect(ethers.provider);
  await networkHelpers.setBalance(wallet.address, 10n ** 20n);
  return wallet;
}

const cash = await ethers.deployContract("TestStablecoin", [adminAddress]);
const poolTokenAbi = (await ethers.getContractFactory("PoolToken")).interface;
const realToken = poolTokenAbi.getFunction("lastRecordDate") !== null && poolTokenAbi.getFunction("lockedOf(address,address)") !== null;

const people = await Promise.all(Array.from({ length: 8 }, () => investor()));
const [seller1, seller2, seller3, buyer1, buyer2, buyer3, newcomer1, newcomer2] = people as [
  HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet, HDNodeWallet,
];

// --- The tranche: real token (KYC registry, a deal's rules) or the mock -------------------------
let token: BaseContract & Record<string, (...args: never[]) => Promise<ContractTransactionResponse>>;
if (realToken) {
  const registry = await ethers.deployContract("KycRegistry", [adminAddress, adminAddress]);
  const until = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 5n * 365n * DAY;
  await (
    await registry.setInvestors(
      people.map((p) => ({ account: p.address, verifiedUntil: until, country: 840, classes: 2, recordHash: keccak256(p.address) })),
    )
  ).wait();
  const rules = { allowedClasses: 2 | 4, minHolding: 1_000n * USD, maxHolders: 500, lockupUntil: 0, blockedCountries: [408, 364, 192] };
  const pt = await ethers.deployContract("PoolToken", ["Bench A", "BA", await registry.getAddress(), await cash.getAddress(), adminAddress, rules, 10_000_000n * USD]); // the pool record's face: 1e9 cents
  for (const role of ["ISSUER_ROLE", "DISTRIBUTOR_ROLE", "COMPLIANCE_ROLE"] as const) {
    await (await pt.grantRole(await pt[role](), adminAddress)).wait();
  }
  token = pt as never;
} else {
  const mock = await ethers.deployContract("MockTrancheToken", [await cash.getAddress()]);
  await (await mock.setMinHolding(1_000n * USD)).wait();
  await (await mock.setFaceCap(10_000_000n * USD)).wait();
  for (const p of people) await (await mock.setEligible(p.address, true)).wait();
  token = mock as never;
}
const tokenAddress = await token.getAddress();
const tranche = token as unknown as {
  mint(to: string, amount: bigint): Promise<ContractTransactionResponse>;
  distribute(i: bigint, p: bigint): Promise<ContractTransactionResponse>;
  markRecordDate(): Promise<ContractTransactionResponse>;
  grantRole(role: string, account: string): Promise<ContractTransactionResponse>;
  ESCROW_ROLE(): Promise<string>;
  setEscrow(escrow: string, ok: boolean): Promise<ContractTransactionResponse>;
  connect(signer: HDNodeWallet): { approve(spender: string, amount: bigint): Promise<ContractTransactionResponse> };
};

const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
const pool = await ethers.deployContract("LoanPool", [
  { merkleRoot: keccak256("0x01"), tapeHash: keccak256("0x02"), statsHash: keccak256("0x03"), rulesHash: keccak256("0x04"), upbCents: 1_000_000_000n, loanCount: 10n, cutoffDate: now - 20n * DAY },
  "BENCH 1", "Bench trust", true, 0n,
  [{ token: tokenAddress, couponPpm: 55_000, seniority: 1, originalFaceCents: 1_000_000_000n }],
]);
const market = await ethers.deployContract("TrancheMarket", [adminAddress]);
const desk = await ethers.deployContract("BilateralMarket", [adminAddress]);
const feeAccount = Wallet.createRandom().address; // the fee is switched on for `fill_with_fee_gas` only
for (const venue of [market, desk]) {
  await (await venue.grantRole(await venue.LISTING_ROLE(), adminAddress)).wait();
  await (await venue.grantRole(await venue.FEE_ROLE(), adminAddress)).wait();
  await (await venue.listTranche(await pool.getAddress(), 0)).wait();
  if (realToken) await (await tranche.grantRole(await tranche.ESCROW_ROLE(), await venue.getAddress())).wait();
  else await (await tranche.setEscrow(await venue.getAddress(), true)).wait();
}

for (const s of [seller1, seller2, seller3]) await (await tranche.mint(s.address, 2_000_000n * USD)).wait();
for (const b of [buyer1, buyer2, buyer3]) await (await tranche.mint(b.address, 10_000n * USD)).wait();
await (await cash.mint(adminAddress, 100_000_000n * USD)).wait();
await (await cash.approve(tokenAddress, ethers.MaxUint256)).wait();
for (const p of people) {
  await (await cash.mint(p.address, 50_000_000n * USD)).wait();
  for (const venue of [market, desk]) {
    await (await cash.connect(p).approve(await venue.getAddress(), ethers.MaxUint256)).wait();
    await (await tranche.connect(p).approve(await venue.getAddress(), ethers.MaxUint256)).wait();
  }
}
// A paid period, as on a live deal: the record date, then the distribution to the holders of record. Every
// holder then claims its P&I (as holders do each month), which also settles its distribution checkpoint: the
// first balance move after a distribution pays for that settlement whatever moves the balance, so it is
// measured on its own (`fill_after_distribution_gas`), as is the first move inside the next record-date
// window (`fill_first_move_after_record_date_gas`, the token keeps the holder's balance of record).
await (await tranche.markRecordDate()).wait();
await (await tranche.distribute(9_000n * USD, 60_000n * USD)).wait();
const firstMover = buyer3;
for (const p of [seller1, seller2, seller3, buyer1, buyer2]) {
  await (await (token.connect(p) as unknown as { claim(): Promise<ContractTransactionResponse> }).claim()).wait();
}
await networkHelpers.time.increase(9n * DAY);

const expiry = BigInt((await ethers.provider.getBlock("latest"))!.timestamp) + 30n * DAY;
const lot = 1_000n * USD;
const results: Record<string, number | string> = { token: realToken ? "PoolToken" : "MockTrancheToken" };

// A book that already has orders on both sides (the first order of a side pays to start its list).
await (await market.connect(seller3).placeAsk(tokenAddress, price(102), 50_000n * USD, lot, expiry)).wait();
await (await market.connect(buyer2).placeBid(tokenAddress, price(97), 50_000n * USD, lot, expiry)).wait();

results.place_ask_gas = await gasOf(market.connect(seller1).placeAsk(tokenAddress, price(101.5), 100_000n * USD, lot, expiry));
const fullAsk = 3n;
results.place_bid_gas = await gasOf(market.connect(buyer1).placeBid(tokenAddress, price(99.25), 100_000n * USD, lot, expiry));
const fullBid = 4n;
await (await market.connect(seller2).placeAsk(tokenAddress, price(101.25), 400_000n * USD, lot, expiry)).wait();
const partialAsk = 5n;
await (await market.connect(seller1).placeAsk(tokenAddress, price(103), 30_000n * USD, lot, expiry)).wait();
const cancelAsk = 6n;
await (await market.connect(buyer2).placeBid(tokenAddress, price(96), 30_000n * USD, lot, expiry)).wait();
const cancelBid = 7n;

// Full fill of an ask by a buyer who already holds the tranche (the common case on a seasoned deal), no fee.
results.fill_gas = await gasOf(market.connect(buyer1).fill(fullAsk, 100_000n * USD, ethers.MaxUint256));
results.partial_fill_gas = await gasOf(market.connect(buyer2).fill(partialAsk, 40_000n * USD, ethers.MaxUint256));
// A first-time holder on the buying side (a new holder slot in the token).
results.fill_new_holder_gas = await gasOf(market.connect(newcomer1).fill(partialAsk, 40_000n * USD, ethers.MaxUint256));
// The first move of both parties' balances since the distribution: the token settles both checkpoints.
results.fill_after_distribution_gas = await gasOf(market.connect(firstMover).fill(partialAsk, 40_000n * USD, ethers.MaxUint256));
// With a 0.05 % taker fee to a fee account that already holds cash.
await (await cash.mint(feeAccount, USD)).wait();
for (const venue of [market, desk]) await (await venue.setTakerFee(feeAccount, 5)).wait();
results.fill_with_fee_gas = await gasOf(market.connect(buyer2).fill(partialAsk, 40_000n * USD, ethers.MaxUint256));
for (const venue of [market, desk]) await (await venue.setTakerFee(ethers.ZeroAddress, 0)).wait();
results.fill_bid_gas = await gasOf(market.connect(seller3).fill(fullBid, 100_000n * USD, 0n));
results.cancel_gas = await gasOf(market.connect(seller1).cancel(cancelAsk));
results.cancel_bid_gas = await gasOf(market.connect(buyer2).cancel(cancelBid));

// --- Bilateral: one party proposes, the other confirms (both legs, both confirmations) ------------
async function bilateral(proposer: HDNodeWallet, counterparty: HDNodeWallet, side: number, points: number, escrowed: boolean) {
  const tx = desk.connect(proposer).proposeTrade(tokenAddress, counterparty.address, side, 75_000n * USD, price(points), expiry, escrowed, 0n);
  const proposeGas = await gasOf(tx);
  const id = (await desk.queryFilter(desk.filters.TradeProposed())).at(-1)!.args.tradeId;
  const [proposed] = await desk.queryFilter(desk.filters.TradeProposed(id));
  const limit = side === ASK ? ethers.MaxUint256 : 0n;
  const t = proposed!.args.terms;
  const terms = { trancheId: t.trancheId, seller: t.seller, buyer: t.buyer, proposer: t.proposer, amount: t.amount, price: t.price, expiry: t.expiry, escrowed: t.escrowed, deposit: t.deposit };
  const confirmGas = await gasOf(desk.connect(counterparty).confirmTrade(id, terms, limit));
  return { proposeGas, confirmGas };
}
// Default: neither leg escrowed; the seller proposes, the buyer confirms, both legs move by allowance.
const plain = await bilateral(seller2, buyer1, ASK, 100.5, false);
results.bilateral_propose_gas = plain.proposeGas;
results.bilateral_confirm_gas = plain.confirmGas;
results.bilateral_trade_gas = plain.proposeGas + plain.confirmGas;
// The proposer's leg escrowed: the seller's tokens locked at the proposal (certainty for the buyer).
const escrowedAsk = await bilateral(seller3, buyer2, ASK, 100.5, true);
results.bilateral_trade_escrowed_gas = escrowedAsk.proposeGas + escrowedAsk.confirmGas;
// A buying proposer escrowing its cash; the unspent deposit is refunded at the confirmation.
const escrowedBid = await bilateral(newcomer2, seller1, BID, 99.5, true);
results.bilateral_trade_buyer_escrowed_gas = escrowedBid.proposeGas + escrowedBid.confirmGas;

// The next period: its record date closes the books (a fill is refused: checked, not measured), and the first
// fill after its distribution settles both parties' checkpoints at the lower face.
await (await tranche.markRecordDate()).wait();
const refusal = await market.connect(newcomer1).fill.staticCall(partialAsk, 40_000n * USD, ethers.MaxUint256).then(
  () => "settled",
  (error: { data?: string }) => market.interface.parseError(error.data ?? "0x")?.name ?? "another error",
);
if (refusal !== "MarketBooksClosed") throw new Error(`a fill between the record date and the distribution ${refusal}`);
await (await tranche.distribute(9_000n * USD, 60_000n * USD)).wait();
results.fill_after_books_reopen_gas = await gasOf(market.connect(newcomer1).fill(partialAsk, 40_000n * USD, ethers.MaxUint256));

// --- The ERC-3643 reference DvP (T-REX v4.1.6 DVDTransferManager) in the same run ----------------------------
const erc3643 = await measureErc3643Dvd();
Object.assign(results, erc3643);
results.bilateral_vs_erc3643_dvd_ratio = Number(((results.bilateral_trade_gas as number) / erc3643.erc3643_dvd_trade_gas).toFixed(3));
results.bilateral_vs_erc3643_dvd_without_approvals_ratio = Number(((results.bilateral_trade_gas as number) / erc3643.erc3643_dvd_without_approvals_gas).toFixed(3));

/**
 * The reference DvP of ERC-3643 (contracts/mocks/reference/erc3643: T-REX v4.1.6 and OnchainID v2, vendored with their
 * GPL-3.0 licence, pragma widened only): a minimal suite deployed from the implementation contracts (no proxies, the
 * `init` functions called directly, as the T-REX factory does through its proxies): claim topics registry requiring
 * one topic (KYC) and a trusted issuers registry with one OnchainID ClaimIssuer for it, identity registry and its
 * storage, a modular compliance with no module, the token, and an OnchainID Identity per investor holding the
 * issuer's signed KYC claim — the least a regulated ERC-3643 deal runs with (no compliance module at all). The security leg is the
 * T-REX token, the cash leg the same stablecoin as ours. A warm-up trade first (the manager's nonce, both parties
 * already holding both tokens), then one measured trade of 75,000 face for cash: the seller's approval of the
 * manager, the buyer's approval, `initiateDVDTransfer` (seller) and `takeDVDTransfer` (buyer), from receipts.
 */
async function measureErc3643Dvd() {
  const at = (name: string) => `contracts/mocks/reference/erc3643/${name}`;
  const deploy = async (name: string, args: unknown[] = []) => ethers.deployContract(at(name), args);
  const claimTopics = await deploy("t-rex/registry/implementation/ClaimTopicsRegistry.sol:ClaimTopicsRegistry");
  const trustedIssuers = await deploy("t-rex/registry/implementation/TrustedIssuersRegistry.sol:TrustedIssuersRegistry");
  const identityStorage = await deploy("t-rex/registry/implementation/IdentityRegistryStorage.sol:IdentityRegistryStorage");
  const identityRegistry = await deploy("t-rex/registry/implementation/IdentityRegistry.sol:IdentityRegistry");
  const compliance = await deploy("t-rex/compliance/modular/ModularCompliance.sol:ModularCompliance");
  const trex = await deploy("t-rex/token/Token.sol:Token");
  const dvd = await deploy("t-rex/DVD/DVDTransferManager.sol:DVDTransferManager");
  const send = async (p: Promise<ContractTransactionResponse>) => (await p).wait();
  const call = (c: BaseContract, fn: string, ...args: unknown[]) => send(c.getFunction(fn)(...args) as Promise<ContractTransactionResponse>);
  for (const c of [claimTopics, trustedIssuers, identityStorage, compliance]) await call(c, "init");
  await call(identityRegistry, "init", await trustedIssuers.getAddress(), await claimTopics.getAddress(), await identityStorage.getAddress());
  await call(identityStorage, "bindIdentityRegistry", await identityRegistry.getAddress());
  await call(trex, "init", await identityRegistry.getAddress(), await compliance.getAddress(), "Reference MBS A", "RMBSA", 6, ethers.ZeroAddress);
  await call(trex, "addAgent", adminAddress);
  await call(identityRegistry, "addAgent", adminAddress);
  // One required claim topic (KYC) and one trusted issuer, as a regulated deal needs at the least: every transfer
  // then verifies the recipient's signed claim through its OnchainID and the issuer (our token reads its KYC registry).
  const KYC_TOPIC = 1n;
  const claimIssuer = await deploy("onchain-id/ClaimIssuer.sol:ClaimIssuer", [adminAddress]);
  await call(claimTopics, "addClaimTopic", KYC_TOPIC);
  await call(trustedIssuers, "addTrustedIssuer", await claimIssuer.getAddress(), [KYC_TOPIC]);
  const [seller, buyer, warmSeller, warmBuyer] = await Promise.all(Array.from({ length: 4 }, () => investor()));
  for (const p of [seller!, buyer!, warmSeller!, warmBuyer!]) {
    const identity = await deploy("onchain-id/Identity.sol:Identity", [p.address, false]);
    const identityAddress = await identity.getAddress();
    const data = ethers.AbiCoder.defaultAbiCoder().encode(["string"], ["KYC passed"]);
    const digest = keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["address", "uint256", "bytes"], [identityAddress, KYC_TOPIC, data]));
    const signature = await admin!.signMessage(ethers.getBytes(digest));
    await send(identity.connect(p).getFunction("addClaim")(KYC_TOPIC, 1n, await claimIssuer.getAddress(), signature, data, "") as Promise<ContractTransactionResponse>);
    await call(identityRegistry, "registerIdentity", p.address, identityAddress, 840);
    await call(trex, "mint", p.address, 2_000_000n * USD);
    await send(cash.mint(p.address, 50_000_000n * USD));
  }
  await call(trex, "unpause");
  const dvdAddress = await dvd.getAddress();
  const trexAddress = await trex.getAddress();
  const cashAddress = await cash.getAddress();
  const amount = 75_000n * USD;
  const cashAmount = (amount * price(100.5)) / (100n * 10n ** 8n); // the same trade as bilateral_trade_gas, no accrued
  async function trade(s: HDNodeWallet, b: HDNodeWallet) {
    const approveSecurity = await gasOf(trex.connect(s).getFunction("approve")(dvdAddress, amount) as Promise<ContractTransactionResponse>);
    const approveCash = await gasOf(cash.connect(b).approve(dvdAddress, cashAmount));
    const initiateTx = (await dvd.connect(s).getFunction("initiateDVDTransfer")(trexAddress, amount, b.address, cashAddress, cashAmount)) as ContractTransactionResponse;
    const initiated = (await initiateTx.wait())!;
    const event = initiated.logs.map((l) => dvd.interface.parseLog(l)).find((e) => e?.name === "DVDTransferInitiated");
    const take = await gasOf(dvd.connect(b).getFunction("takeDVDTransfer")(event!.args.transferID) as Promise<ContractTransactionResponse>);
    return { approveSecurity, approveCash, initiate: Number(initiated.gasUsed), take };
  }
  await trade(warmSeller!, warmBuyer!);
  const sellerBefore = await cash.balanceOf(seller!.address);
  const g = await trade(seller!, buyer!);
  // The trade happened: tokens to the buyer, cash to the seller.
  if ((await trex.getFunction("balanceOf")(buyer!.address)) !== 2_000_000n * USD + amount) throw new Error("the ERC-3643 DvP did not deliver the tokens");
  if ((await cash.balanceOf(seller!.address)) - sellerBefore !== cashAmount) throw new Error("the ERC-3643 DvP did not pay the seller");
  if ((await identityRegistry.getFunction("isVerified")(buyer!.address)) !== true) throw new Error("the ERC-3643 buyer is not verified by its claim");
  return {
    erc3643_dvd_approve_security_gas: g.approveSecurity,
    erc3643_dvd_approve_cash_gas: g.approveCash,
    erc3643_dvd_initiate_gas: g.initiate,
    erc3643_dvd_take_gas: g.take,
    erc3643_dvd_trade_gas: g.approveSecurity + g.approveCash + g.initiate + g.take,
    erc3643_dvd_without_approvals_gas: g.initiate + g.take,
  };
}

const targets = {
  fill_gas: "<= 140000 (full fill of an ask, no fee, parties settled since the last distribution)",
  bilateral_trade_gas: "<= 220000 (propose + confirm, both legs by allowance at the second confirmation)",
  erc3643_dvd_trade_gas: "reference, no target: ERC-3643 (T-REX v4.1.6) DVDTransferManager, approvals + initiateDVDTransfer + takeDVDTransfer, neither leg escrowed; the issue quotes about 590,000",
};
const out = path.join("bench", "results", "market.json");
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify({ results, targets, measuredAt: new Date().toISOString() }, null, 2) + "\n");
console.table(results);
console.log(`wrote ${out}`);
