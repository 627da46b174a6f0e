/**
 * What `mbs quote` reads from the chain about a class token: its original face (total supply), its current
 * face (`currentFace()`, so the factor is the one the token pays on) and its coupon, from the deal's LoanPool
 * record (`--pool`) or the payment waterfall's class terms (`--waterfall`). Read-only: nothing is sent.
 * Pricing the facts is src/analytics/quote.ts's job (the command joins the two).
 */
import { Contract, type ContractRunner } from "ethers";

import { openContract } from "../chain/index.js";
import { InvalidInputError } from "../errors.js";
import { openTranche } from "./contracts.js";

const CLASS_TOKEN_ABI = [
  "function decimals() view returns (uint8)",
  "function symbol() view returns (string)",
  "function totalSupply() view returns (uint256)",
  "function currentFace() view returns (uint256)",
  "function cashToken() view returns (address)",
] as const;

export const LOAN_POOL_ABI = [
  "function tranches() view returns (tuple(address token, uint32 couponPpm, uint8 seniority, uint256 originalFaceCents)[])",
] as const;

export const WATERFALL_CLASSES_ABI = [
  "function classCount() view returns (uint256)",
  "function classTerms(uint256 index) view returns (tuple(address token, uint8 kind, uint32 couponPpm, uint8 interestRank, uint96 originalBalance, uint16 notionalMask, bool scheduled, uint128[] schedule))",
] as const;

export interface ClassOnChain {
  token: string;
  symbol: string;
  decimals: number;
  /** Token units (the class's original face: one token per unit of original face). */
  originalFace: bigint;
  /** Token units outstanding (`currentFace()`). */
  currentFace: bigint;
  /** Coupon in parts per million (55_000 = 5.5 %), when a pool or waterfall was given. */
  couponPpm?: number;
  /** Where the coupon came from: "LoanPool 0x… tranche 0" or "waterfall 0x… class 1". */
  couponSource?: string;
}

export interface ReadClassOptions {
  token: string | undefined;
  /** The deal's LoanPool, for the coupon of the class. */
  pool?: string | undefined;
  /** The deal's PaymentWaterfall, for the coupon of the class (its class terms). */
  waterfall?: string | undefined;
}

const sameAddress = (a: unknown, b: string) => String(a).toLowerCase() === b.toLowerCase();

export async function readClass(o: ReadClassOptions, runner: ContractRunner): Promise<ClassOnChain> {
  if (o.pool !== undefined && o.waterfall !== undefined) throw new InvalidInputError("--waterfall", "give --pool or --waterfall for the coupon, not both");
  const opened = await openTranche(o.token, runner);
  const token = new Contract(opened.address, CLASS_TOKEN_ABI, runner);
  const [symbol, decimals, originalFace, currentFace] = await Promise.all([
    token.getFunction("symbol").staticCall() as Promise<string>,
    token.getFunction("decimals").staticCall().then(Number),
    token.getFunction("totalSupply").staticCall() as Promise<bigint>,
    token.getFunction("currentFace").staticCall() as Promise<bigint>,
  ]);
  const result: ClassOnChain = { token: opened.address, symbol, decimals, originalFace, currentFace };
  if (o.pool !== undefined) {
    const pool = await openContract({ address: o.pool, abi: LOAN_POOL_ABI, runner, input: "--pool", kind: "LoanPool", probe: "tranches" });
    const tranches = (await pool.contract.getFunction("tranches").staticCall()) as readonly { token: string; couponPpm: bigint }[];
    const index = tranches.findIndex((t) => sameAddress(t.token, opened.address));
    if (index < 0) throw new InvalidInputError("--pool", `the LoanPool at ${pool.address} records no tranche for token ${opened.address} (it records ${tranches.length})`);
    result.couponPpm = Number(tranches[index]!.couponPpm);
    result.couponSource = `LoanPool ${pool.address} tranche ${index}`;
  }
  if (o.waterfall !== undefined) {
    const w = await openContract({ address: o.waterfall, abi: WATERFALL_CLASSES_ABI, runner, input: "--waterfall", kind: "PaymentWaterfall", probe: "classCount" });
    const count = Number(await w.contract.getFunction("classCount").staticCall());
    for (let i = 0; i < count; i++) {
      const terms = (await w.contract.getFunction("classTerms").staticCall(i)) as { token: string; couponPpm: bigint };
      if (sameAddress(terms.token, opened.address)) {
        result.couponPpm = Number(terms.couponPpm);
        result.couponSource = `waterfall ${w.address} class ${i}`;
        break;
      }
    }
    if (result.couponPpm === undefined) throw new InvalidInputError("--waterfall", `the waterfall at ${w.address} has no class for token ${opened.address} (it has ${count})`);
  }
  return result;
}
