/**
 * A committed loan's Merkle proof, from a tokenize manifest. Proofs are not stored (a million
 * loans' proofs would be over a gigabyte); the tree is rebuilt from the manifest's tape and rules,
 * and the tape's hash and the rebuilt root must match what was committed, so a proof is never
 * computed from a tape that changed since.
 */
import type { ContractRunner } from "ethers";

import { openContract } from "../chain/index.js";
import { InvalidInputError, MbsError } from "../errors.js";
import type { LoanProof } from "../pool/commitment.js";
import { loadRules } from "../pool/rules.js";
import type { Manifest } from "./manifest.js";
import { buildPoolFromTape, type TapeProgress } from "./poolFromTape.js";

export interface ManifestLoanProof extends LoanProof {
  root: string;
}

export async function loanProofFromManifest(
  manifest: Manifest,
  loanId: string,
  onProgress?: (progress: TapeProgress) => void,
): Promise<ManifestLoanProof> {
  const { tape, rules } = manifest.inputs;
  const { pool, summary } = await buildPoolFromTape({
    tapePath: tape.path,
    rules: await loadRules(rules.path),
    format: tape.format,
    excludeInvalid: tape.excludeInvalid,
    cutoffMonth: manifest.deal.cutoffDate.slice(0, 7),
    // The leaves were built with the performance file's balances when tokenize had one.
    performancePath: tape.performance,
    onProgress,
  });
  if (`0x${summary.sha256}` !== tape.sha256) {
    throw new InvalidInputError(tape.path, `the tape changed since it was committed (sha256 ${tape.sha256} committed, 0x${summary.sha256} now)`);
  }
  if (pool.commitment.root !== manifest.commitment.merkleRoot) {
    throw new MbsError("the rebuilt Merkle root differs from the committed one (rule file changed?)", {
      rebuilt: pool.commitment.root,
      committed: manifest.commitment.merkleRoot,
    });
  }
  if (!pool.commitment.has(loanId)) {
    const exclusion = manifest.excluded.find((e) => e.loanId === loanId);
    const why = exclusion === undefined ? "not on the tape" : `excluded at line ${exclusion.line}: ${exclusion.reason}`;
    throw new InvalidInputError(`loan ${loanId}`, `not in the committed pool (${why})`);
  }
  return { ...pool.commitment.proof(loanId), root: pool.commitment.root };
}

const LOAN_POOL_ABI = [
  "function trancheCount() view returns (uint256)",
  "function verifyLoan(bytes32 loanHash, bytes32[] proof) view returns (bool)",
];

/**
 * Asks the deployed LoanPool whether the proof holds (a view call), after checking that the
 * manifest's address holds a LoanPool on this chain.
 */
export async function verifyProofOnChain(loanPool: string, proof: ManifestLoanProof, runner: ContractRunner): Promise<boolean> {
  const pool = await openContract({ address: loanPool, abi: LOAN_POOL_ABI, runner, input: "manifest contracts.loanPool", kind: "LoanPool", probe: "trancheCount" });
  return Boolean(await pool.contract.getFunction("verifyLoan").staticCall(proof.loanHash, proof.proof));
}
