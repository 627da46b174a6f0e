/**
 * The pool as tokenized, from the `mbs tokenize` manifest: the tape's loans at the cut-off minus
 * those the eligibility rules or validation left out. Period 0 of every remittance cycle.
 */
import { InvalidInputError } from "../errors.js";
import { loadTape } from "../tape/index.js";
import { parseCutoff } from "../tape/fields.js";
import type { Manifest } from "../tokenize/manifest.js";
import { stateFromTape, type PoolState } from "../remittance/state.js";

export async function poolStateFromManifest(manifest: Manifest): Promise<PoolState> {
  const cutoff = manifest.deal.cutoffDate.slice(0, 7);
  const { loans, summary } = await loadTape(manifest.inputs.tape.path, {
    format: manifest.inputs.tape.format,
    excludeInvalid: manifest.inputs.tape.excludeInvalid,
    cutoff,
    // The balances the pool was committed with: actual ones when tokenize was given the performance file.
    ...(manifest.inputs.tape.performance === undefined ? {} : { performance: manifest.inputs.tape.performance }),
    contentHash: true,
  });
  const hash = `0x${summary.sha256 ?? ""}`;
  if (hash !== manifest.inputs.tape.sha256) {
    throw new InvalidInputError(manifest.inputs.tape.path, `the tape changed since it was tokenized (sha256 ${hash}, manifest ${manifest.inputs.tape.sha256})`);
  }
  const excluded = new Set(manifest.excluded.map((e) => e.loanId));
  const state = stateFromTape(loans.filter((l) => !excluded.has(l.loanId)), parseCutoff(cutoff));
  if (state.loans.size !== manifest.commitment.loanCount) {
    throw new InvalidInputError(manifest.inputs.tape.path, `the tape gives ${state.loans.size} pool loans, the manifest committed ${manifest.commitment.loanCount}`);
  }
  return state;
}
