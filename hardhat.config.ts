import { createRequire } from "node:module";
import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";
import dotenv from "dotenv";
import { mbsTasks } from "./src/tasks/index.js";

dotenv.config({ quiet: true });
const require = createRequire(import.meta.url);

/**
 * The one EVM target for the compiler *and* the simulated network, so that an opcode the
 * production chain lacks fails in tests rather than at deployment. London is the default because
 * many private Besu QBFT genesis files stop there (no PUSH0, no MCOPY, no transient storage).
 */
export const EVM_VERSION = process.env.MBS_EVM_VERSION ?? "london";

/** The one compiler configuration, for every build profile. */
const compiler = {
  version: "0.8.30",
  // Offline: the WASM compiler from the npm `solc` package (pinned to the same version).
  path: require.resolve("solc/soljson.js"),
  settings: {
    evmVersion: EVM_VERSION,
    optimizer: { enabled: true, runs: 10_000 },
  },
};

/** `FUZZ_PROFILE=heavy` (npm run fuzz) for long campaigns; the default keeps `npm test` fast. */
const heavyFuzz = process.env.FUZZ_PROFILE === "heavy";

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  tasks: mbsTasks,
  solidity: {
    // Both build profiles spelled out: Hardhat derives a missing `production` profile (used by
    // `ignition deploy`) from the version alone, dropping these settings — it would then compile for
    // solc's default fork (PUSH0) with other optimizer runs, i.e. not the bytecode we test.
    profiles: {
      default: compiler,
      production: compiler,
    },
  },
  paths: {
    ignition: "deploy",
  },
  typechain: {
    outDir: "typechain-types",
  },
  test: {
    mocha: {
      timeout: 120_000,
    },
    solidity: {
      // `npm test` replays one fixed seed (fuzz and invariant campaigns), so CI's verdict cannot change
      // from run to run; `npm run fuzz` draws a fresh seed each time to explore.
      fuzz: heavyFuzz ? { runs: 5_000 } : { runs: 128, seed: "0x6d62732d636861696e" },
      invariant: { runs: heavyFuzz ? 256 : 24, depth: heavyFuzz ? 128 : 32, failOnRevert: false },
    },
  },
  networks: {
    default: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: EVM_VERSION,
    },
    // `hardhat node --network permissioned`: a local chain in the production setting (London, no
    // fees, unfunded accounts) that the chain-layer tests run commands against.
    permissioned: {
      type: "edr-simulated",
      chainType: "l1",
      hardfork: EVM_VERSION,
      initialBaseFeePerGas: 0,
      accounts: { mnemonic: "test test test test test test test test test test test junk", accountsBalance: "0" },
    },
    localhost: {
      type: "http",
      chainType: "l1",
      url: process.env.MBS_RPC_URL ?? "http://127.0.0.1:8545",
    },
    besu: {
      type: "http",
      chainType: "l1",
      url: configVariable("BESU_RPC_URL"),
      accounts: [configVariable("BESU_DEPLOYER_KEY")],
      // QBFT with free gas: legacy transactions at gas price 0.
      gasPrice: 0,
    },
  },
});
