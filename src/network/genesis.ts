/**
 * The QBFT genesis file: the template in networks/besu/genesis.template.json with the chain id,
 * the milestones of the EVM target the contracts are compiled for, and the validators' extraData.
 *
 * Milestones stop exactly at the build's target: a genesis that enabled a later fork would accept
 * bytecode the compiler never produced for it, and one that stopped earlier would reject ours
 * (e.g. PUSH0 in Shanghai bytecode on a London chain). `mbs preflight` checks the same thing on a
 * running node by probing opcodes.
 */
import { MbsError } from "../errors.js";
import { encodeQbftExtraData } from "./qbft.js";

/** Block-numbered milestones up to London, in order, each activated at genesis. */
const BLOCK_MILESTONES = [
  ["homesteadBlock", "homestead"],
  ["eip150Block", "tangerineWhistle"],
  ["eip155Block", "spuriousDragon"],
  ["eip158Block", "spuriousDragon"],
  ["byzantiumBlock", "byzantium"],
  ["constantinopleBlock", "constantinople"],
  ["petersburgBlock", "petersburg"],
  ["istanbulBlock", "istanbul"],
  ["muirGlacierBlock", "istanbul"],
  ["berlinBlock", "berlin"],
  ["londonBlock", "london"],
] as const;

/** Later forks are scheduled by timestamp in Besu's genesis (`shanghaiTime`, …). */
const TIME_MILESTONES = [
  ["shanghaiTime", "shanghai"],
  ["cancunTime", "cancun"],
  ["pragueTime", "prague"],
] as const;

/** The solc `evmVersion`s a QBFT genesis can be built for, oldest first. */
export const SUPPORTED_EVM_TARGETS = ["istanbul", "berlin", "london", "shanghai", "cancun", "prague"] as const;
export type EvmTarget = (typeof SUPPORTED_EVM_TARGETS)[number];

const FORK_ORDER = [
  "homestead", "tangerineWhistle", "spuriousDragon", "byzantium", "constantinople", "petersburg",
  "istanbul", "berlin", "london", "shanghai", "cancun", "prague",
] as const;

export function parseEvmTarget(value: string): EvmTarget {
  if ((SUPPORTED_EVM_TARGETS as readonly string[]).includes(value)) return value as EvmTarget;
  throw new MbsError(
    `EVM target "${value}" cannot be expressed as a Besu QBFT genesis here; use one of ${SUPPORTED_EVM_TARGETS.join(", ")} ` +
      `(solc's "paris" emits the same opcodes as "london")`,
    { evmVersion: value },
  );
}

/** The genesis `config` milestone keys (all at block / time 0) for `target`. */
export function milestonesFor(target: EvmTarget): Record<string, number> {
  const rank = FORK_ORDER.indexOf(target);
  const milestones: Record<string, number> = {};
  for (const [key, fork] of [...BLOCK_MILESTONES, ...TIME_MILESTONES]) {
    if (FORK_ORDER.indexOf(fork) <= rank) milestones[key] = 0;
  }
  return milestones;
}

const ALL_MILESTONE_KEYS = new Set<string>([...BLOCK_MILESTONES, ...TIME_MILESTONES].map(([key]) => key));

export interface QbftGenesisOptions {
  chainId: number;
  evmTarget: EvmTarget;
  /** Validator addresses, already in the order wanted in extraData (see `sortValidators`). */
  validators: readonly string[];
  blockPeriodSeconds?: number;
  requestTimeoutSeconds?: number;
  /** Block gas limit; the template's when omitted. */
  gasLimit?: bigint;
}

export type GenesisJson = Record<string, unknown> & { config: Record<string, unknown> };

/** A complete genesis from `template` (parsed genesis.template.json); the template is not modified. */
export function buildQbftGenesis(template: unknown, options: QbftGenesisOptions): GenesisJson {
  if (typeof template !== "object" || template === null || typeof (template as GenesisJson).config !== "object") {
    throw new MbsError("the genesis template has no `config` object");
  }
  if (!Number.isSafeInteger(options.chainId) || options.chainId <= 0) throw new MbsError(`chain id ${options.chainId} is not a positive integer`);
  const base = structuredClone(template) as GenesisJson;
  const qbftTemplate = base.config.qbft;
  if (typeof qbftTemplate !== "object" || qbftTemplate === null) throw new MbsError("the genesis template has no `config.qbft` object");
  const qbft = { ...(qbftTemplate as Record<string, unknown>) };
  if (options.blockPeriodSeconds !== undefined) {
    if (!Number.isInteger(options.blockPeriodSeconds) || options.blockPeriodSeconds < 1) throw new MbsError("the block period is a whole number of seconds ≥ 1");
    qbft.blockperiodseconds = options.blockPeriodSeconds;
    // Besu's tuning advice: start the round timeout at twice the block period.
    qbft.requesttimeoutseconds = options.requestTimeoutSeconds ?? options.blockPeriodSeconds * 2;
  } else if (options.requestTimeoutSeconds !== undefined) {
    qbft.requesttimeoutseconds = options.requestTimeoutSeconds;
  }

  const config: Record<string, unknown> = { chainId: options.chainId };
  for (const [key, value] of Object.entries(base.config)) {
    if (key === "chainId" || key === "chainid" || key === "qbft" || ALL_MILESTONE_KEYS.has(key)) continue;
    config[key] = value;
  }
  Object.assign(config, milestonesFor(options.evmTarget));
  // Free gas from London on: without zeroBaseFee the EIP-1559 base fee would make gas cost something.
  config.zeroBaseFee = true;
  config.qbft = qbft;

  const genesis: GenesisJson = { ...base, config, extraData: encodeQbftExtraData(options.validators) };
  if (options.gasLimit !== undefined) genesis.gasLimit = `0x${options.gasLimit.toString(16)}`;
  return genesis;
}
