/**
 * Facts about the project's permissioned network that several workflows share.
 */

/**
 * The project's chain id: `npm run node:permissioned`, the Besu genesis template and `mbs preflight`
 * all use it, so that a wallet, a signed transaction or a deployment journal made for this network
 * cannot be replayed on another (EIP-155). Chosen not to collide with Hardhat/anvil's 31337 (whose
 * deployment journals are throw-away) nor with a public chain a key might also be used on.
 */
export const MBS_CHAIN_ID = 71_026;

/** EIP-170: the largest runtime code a contract may have (bytes), unless a genesis raises `contractSizeLimit`. */
export const CODE_SIZE_LIMIT = 24_576;

/** Block gas limit of the genesis template (same as anvil's default), so local runs match production. */
export const GENESIS_GAS_LIMIT = 30_000_000n;
