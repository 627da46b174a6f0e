import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ValidationError, type LocatedIssue } from "../../src/errors.js";

export const fixtures = join(import.meta.dirname, "../fixtures/remittance");

/** A file with `text` in a fresh temporary folder. */
export function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "mbs-remit-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mbs-remit-"));
}

/** The issues of the ValidationError `run` throws (fails when it does not throw one). */
export async function issuesOf(run: () => Promise<unknown>): Promise<readonly LocatedIssue[]> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ValidationError) return e.issues;
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

export const GENERIC_HEADER = "loan_id,period,ending_upb,status";
