/** Assertions shared by the PoolToken unit tests. */
import { expect } from "chai";
import type { Signer } from "ethers";

import type { PoolToken } from "../../../typechain-types/index.js";

/** The view answers `code`, `canTransfer` agrees, and the transfer reverts with the same code. */
export async function expectRestricted(pool: PoolToken, from: Signer, to: string, amount: bigint, code: number): Promise<void> {
  const sender = await from.getAddress();
  expect(await pool.detectTransferRestriction(sender, to, amount)).to.equal(code);
  expect(await pool.canTransfer(sender, to, amount)).to.equal(false);
  await expect(pool.connect(from).transfer(to, amount))
    .to.be.revertedWithCustomError(pool, "TokenTransferRestricted")
    .withArgs(code, sender, to, amount);
}
