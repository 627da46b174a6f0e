/**
 * The pool module: built from a validated deal by src/tokenize/poolModule.ts (its shape depends on
 * the deal), re-exported here so Ignition's folder lists every module the project deploys.
 */
export { buildPoolModule, trancheKey, type PoolModuleRules, type PoolModuleSpec, type PoolModuleTranche } from "../../src/tokenize/poolModule.js";
