/**
 * Named fixtures of the `mbs kyc` library tests: one in-process network for the test run, a fresh
 * KycRegistry per fixture (snapshots via `networkHelpers.loadFixture`), and temporary CSV files.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "chai";
import { network } from "hardhat";

export const connection = await network.create();
export const { ethers, networkHelpers } = connection;

/** ISO 3166-1 numeric codes. */
export const COUNTRY = { US: 840, GB: 826 } as const;
export const HEADER = "address,verified_until,country,classes,record_hash";
export const DEMO_FILE = path.resolve("examples/investors/demo-investors.csv");

/** Account 0 is admin and compliance (as the Platform module's defaults); account 9 holds no role. */
export async function registryFixture() {
  const signers = await ethers.getSigners();
  const [compliance, one, two, three, four, five] = signers;
  const outsider = signers[9]!;
  const registry = await ethers.deployContract("KycRegistry", [compliance!.address, compliance!.address]);
  return {
    registry,
    address: await registry.getAddress(),
    compliance: compliance!,
    outsider,
    investors: [one!, two!, three!, four!, five!],
  };
}

export async function latestTime(): Promise<bigint> {
  return BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
}

export async function nonceOf(address: string): Promise<number> {
  return ethers.provider.getTransactionCount(address);
}

let dir: string | undefined;

/** Writes `text` to a fresh temporary file and returns its path. */
export async function csvFile(name: string, text: string): Promise<string> {
  dir ??= await mkdtemp(path.join(tmpdir(), "mbs-kyc-"));
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Removes the temporary files (call from a root `after`). */
export async function removeCsvFiles(): Promise<void> {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
}

/** Awaits `attempt`, which must fail with a `type` whose message matches `pattern`; returns the error. */
export async function rejection<T extends Error>(
  attempt: Promise<unknown>,
  type: abstract new (...args: never[]) => T,
  pattern: RegExp,
): Promise<T> {
  let caught: unknown;
  try {
    await attempt;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected a failure").to.be.instanceOf(type);
  expect((caught as T).message).to.match(pattern);
  return caught as T;
}
