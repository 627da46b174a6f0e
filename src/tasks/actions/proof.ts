import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { InvalidInputError, MbsError } from "../../errors.js";
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
    if (args.manifest === undefined) throw new InvalidInputError("--manifest", "required");
    if (args.loan === undefined) throw new InvalidInputError("--loan", "required");
    const manifest = await readManifest(args.manifest);
    const proof = await loanProofFromManifest(manifest, args.loan, progressBar());
    const connection = await hre.network.create();
    const chainId = (await connection.ethers.provider.getNetwork()).chainId.toString();
    if (chainId !== manifest.network.chainId) {
      throw new InvalidInputError("--network", `the manifest's pool is on chain ${manifest.network.chainId}, this network is chain ${chainId}`);
    }
    const verified = await verifyProofOnChain(manifest.contracts.loanPool, proof, connection.ethers.provider);
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
