import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";

import { InvalidInputError, MbsError } from "../../errors.js";
import { describeLeaf, formatLeaf } from "../../pool/leafDisplay.js";
import { readManifest } from "../../tokenize/manifest.js";
import { loanProofFromManifest, verifyProofOnChain, type ManifestLoanProof } from "../../tokenize/proof.js";
import { commandChain } from "../common/connect.js";
import { required } from "../common/options.js";
import { progressBar } from "../common/progress.js";
import { reportingErrors } from "../common/reporter.js";

interface ProofArgs {
  manifest: string | undefined;
  loan: string | undefined;
  json: boolean;
}

/** The proof as a person reads it: the loan's committed fields labelled in their units, then the hashes. */
export function formatProof(proof: ManifestLoanProof, loanPool: string, verified: boolean): string {
  const indent = (text: string) => text.split("\n").map((l) => `  ${l}`).join("\n");
  return [
    `loan ${proof.loanId}, committed in LoanPool ${loanPool} (Merkle root ${proof.root})`,
    indent(formatLeaf(proof.leaf)),
    "",
    `loan hash  ${proof.loanHash}  (keccak256 of the ABI-encoded fields above: what verifyLoan takes)`,
    `leaf hash  ${proof.leafHash}`,
    `proof      ${proof.proof.length} hash(es)`,
    ...proof.proof.map((h) => `  ${h}`),
    `verified on chain: ${verified ? "yes" : "NO"} (LoanPool.verifyLoan)`,
  ].join("\n");
}

export default async function proofAction(args: ProofArgs, hre: HardhatRuntimeEnvironment): Promise<void> {
  await reportingErrors(async () => {
    const manifest = await readManifest(required("manifest", args.manifest));
    const proof = await loanProofFromManifest(manifest, required("loan", args.loan, "the loan id as on the tape"), progressBar());
    const chain = await commandChain(hre);
    if (chain.chainId.toString() !== manifest.network.chainId) {
      throw new InvalidInputError("--network", `the manifest's pool is on chain ${manifest.network.chainId}, this network is chain ${chain.chainId}`);
    }
    const verified = await verifyProofOnChain(manifest.contracts.loanPool, proof, chain.provider);
    if (args.json) {
      console.log(JSON.stringify({
        loanId: proof.loanId,
        loanPool: manifest.contracts.loanPool,
        root: proof.root,
        fields: Object.fromEntries(describeLeaf(proof.leaf).map((l) => [l.field, { label: l.label, value: l.text }])),
        leafEncoding: manifest.commitment.leafEncoding,
        values: proof.values.map((v) => (typeof v === "bigint" ? v.toString() : v)),
        loanHash: proof.loanHash,
        leafHash: proof.leafHash,
        proof: proof.proof,
        verifiedOnChain: verified,
      }, null, 2));
    } else {
      console.log(formatProof(proof, manifest.contracts.loanPool, verified));
    }
    if (!verified) throw new MbsError(`the pool at ${manifest.contracts.loanPool} does not accept this proof`);
  });
}
