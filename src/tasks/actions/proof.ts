import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { InvalidInputError, MbsError } from "../../errors.js";
import { commandChain } from "../shared/connect.js";
import { required } from "../shared/options.js";
import { reportingErrors } from "../shared/reporter.js";
import { readManifest } from "../../tokenize/manifest.js";
import { progressBar } from "../shared/progress.js";
import { loanProofFromManifest, verifyProofOnChain } from "../../tokenize/proof.js";

interface ProofArgs {
  manifest: string | undefined;
  loan: string | undefined;
}

export default async function proofAction(args: ProofArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const manifest = await readManifest(required("manifest", args.manifest));
    const proof = await loanProofFromManifest(manifest, required("loan", args.loan), progressBar());
    const chain = await commandChain(hre);
    const chainId = chain.chainId.toString();
    if (chainId !== manifest.network.chainId) {
      throw new InvalidInputError("--network", `the manifest's pool is on chain ${manifest.network.chainId}, this network is chain ${chainId}`);
    }
    const verified = await verifyProofOnChain(manifest.contracts.loanPool, proof, chain.provider);
    console.log(JSON.stringify({
      loanId: proof.loanId,
      loanPool: manifest.contracts.loanPool,
      root: proof.root,
      leafEncoding: manifest.commitment.leafEncoding,
      values: proof.values.map((v) => (typeof v === "bigint" ? v.toString() : v)),
      loanHash: proof.loanHash,
      leafHash: proof.leafHash,
      proof: proof.proof,
      verifiedOnChain: verified,
    }, null, 2));
    if (!verified) throw new MbsError(`the pool at ${manifest.contracts.loanPool} does not accept this proof`);
  });
}
