import { expect } from "chai";
import { network } from "hardhat";

import MarketModule from "../../../deploy/modules/Market.js";
import type { TrancheMarket } from "../../../typechain-types/index.js";

const connection = await network.create();
const { ethers, ignition } = connection;

describe("Market Ignition module", function () {
  it("deploys both venues with the operator's roles, the fee and the admin handed over", async function () {
    const [deployer, admin, operator, feeAccount] = await ethers.getSigners();
    const { trancheMarket, bilateralMarket } = await ignition.deploy(MarketModule, {
      displayUi: false,
      parameters: {
        Market: { admin: admin!.address, operator: operator!.address, feeRecipient: feeAccount!.address, feeBps: 5 },
      },
    });
    // Both venues share MarketCore's roles and fee views.
    for (const venue of [trancheMarket, bilateralMarket] as unknown as TrancheMarket[]) {
      expect(await venue.hasRole(await venue.LISTING_ROLE(), operator!.address)).to.equal(true);
      expect(await venue.hasRole(await venue.FEE_ROLE(), operator!.address)).to.equal(true);
      expect(await venue.hasRole(await venue.DEFAULT_ADMIN_ROLE(), admin!.address)).to.equal(true);
      expect(await venue.takerFee()).to.deep.equal([feeAccount!.address, 5n]);
      expect(await venue.hasRole(await venue.DEFAULT_ADMIN_ROLE(), deployer!.address)).to.equal(true);
    }
  });
});
