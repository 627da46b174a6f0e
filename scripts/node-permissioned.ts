/**
 * `npm run node:permissioned [-- --port 8545]`: a Besu-like local network in one command (anvil at
 * London, zero gas price and base fee, unfunded accounts, chain id 71026). Runs in the foreground
 * until Ctrl-C; the Hardhat `localhost` network (MBS_RPC_URL, default http://127.0.0.1:8545) talks to it.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";

import { PERMISSIONED_DEFAULTS, permissionedAnvilArgs } from "../src/network/permissionedNode.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.MBS_NODE_PORT ?? String(PERMISSIONED_DEFAULTS.port) },
    host: { type: "string", default: PERMISSIONED_DEFAULTS.host },
    hardfork: { type: "string", default: process.env.MBS_EVM_VERSION ?? PERMISSIONED_DEFAULTS.hardfork },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`error: --port ${values.port} is not a TCP port`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
// The platform package's binary itself, so that stopping this script stops the node.
const anvil = path.join(path.dirname(require.resolve("@foundry-rs/anvil-linux-amd64/package.json")), "bin", "anvil");
const args = permissionedAnvilArgs({ ...PERMISSIONED_DEFAULTS, host: values.host!, port, hardfork: values.hardfork! });
console.log(`permissioned-like node: anvil ${args.join(" ")}`);
console.log(`JSON-RPC http://${values.host}:${port} · chain id ${PERMISSIONED_DEFAULTS.chainId} · ${values.hardfork} · gas price 0 · base fee 0 · unfunded accounts`);
console.log(`check it: MBS_RPC_URL=http://${values.host}:${port} npx hardhat mbs preflight --network localhost`);

const child = spawn(anvil, [...args, "--silent"], { stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 0 : 1)));
