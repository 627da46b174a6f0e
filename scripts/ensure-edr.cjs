#!/usr/bin/env node
// Hardhat 3 needs Node >= 22 and its native EDR binding. `npm install` running on a system
// Node 20 silently skips the binding (its engines say node >= 22), so this postinstall hook —
// which npm runs with node_modules/.bin (Node 22 from the `node` package) first on PATH —
// re-runs the install once to add it, then checks again and fails loudly. See docs/toolchain.
"use strict";
const { spawnSync } = require("node:child_process");

function bindingLoads() {
  const probe = spawnSync(process.execPath, ["-e", "require('@nomicfoundation/edr')"], { stdio: "ignore" });
  return probe.status === 0;
}

if (bindingLoads()) process.exit(0);

const npmCli = process.env.npm_execpath;
console.log("[postinstall] Hardhat's native EDR binding is missing; installing it with Node " + process.version);
const args = ["install", "--no-save", "--ignore-scripts", "--no-audit", "--no-fund"];
const result = npmCli
  ? spawnSync(process.execPath, [npmCli, ...args], { stdio: "inherit" })
  : spawnSync("npm", args, { stdio: "inherit", shell: process.platform === "win32" });
if (result.status !== 0 || !bindingLoads()) {
  console.error("[postinstall] Could not install @nomicfoundation/edr's native binding for " + process.platform + "-" + process.arch +
    " on Node " + process.version + ". Hardhat needs Node >= 22: run `npx -y -p node@22 -c 'npm install'`.");
  process.exit(1);
}
console.log("[postinstall] EDR binding installed.");
