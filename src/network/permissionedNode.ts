/**
 * The Besu-like local network of `npm run node:permissioned`: anvil at the build's EVM target (London
 * by default), gas price and base fee 0, no priority fee, every account unfunded, the project's chain
 * id — what the production QBFT network looks like to a client, on one machine.
 */
import { MBS_CHAIN_ID } from "./constants.js";

export interface PermissionedNodeSettings {
  host: string;
  port: number;
  hardfork: string;
  chainId: number;
}

export function permissionedAnvilArgs(settings: PermissionedNodeSettings): string[] {
  return [
    "--host", settings.host,
    "--port", String(settings.port),
    "--hardfork", settings.hardfork,
    "--chain-id", String(settings.chainId),
    // Free gas, as Besu with zeroBaseFee and --min-gas-price=0.
    "--gas-price", "0",
    "--base-fee", "0",
    "--disable-min-priority-fee",
    // Unfunded accounts: on the production network nobody holds ether, so nothing may depend on it.
    "--balance", "0",
  ];
}

export const PERMISSIONED_DEFAULTS: PermissionedNodeSettings = { host: "127.0.0.1", port: 8545, hardfork: "london", chainId: MBS_CHAIN_ID };
