/**
 * The operators file: the platform's own keys (deployer, compliance, servicer, …) that must always be
 * able to send transactions on the permissioned network, whatever the KYC registry says.
 *
 *   { "operators": { "deployer": "0x…", "compliance": "0x…" } }
 *
 * Addresses only — never private keys (those live in a signer or Hardhat's keystore).
 */
import { readFile } from "node:fs/promises";
import { ZeroAddress, getAddress, isAddress } from "ethers";

import { InvalidInputError, ValidationError, type LocatedIssue } from "../errors.js";

export interface Operator {
  role: string;
  address: string;
}

function lineOfText(text: string, needle: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l.includes(needle));
  return index + 1;
}

export function parseOperators(text: string, file: string): Operator[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(file, [{ file, line: 0, reason: `not valid JSON: ${(error as Error).message}` }]);
  }
  const operators = (doc as { operators?: unknown } | null)?.operators;
  if (typeof operators !== "object" || operators === null || Array.isArray(operators)) {
    throw new ValidationError(file, [{ file, line: 0, field: "operators", reason: 'expected an object { "role": "0xaddress", … }' }]);
  }
  const issues: LocatedIssue[] = [];
  const result: Operator[] = [];
  const seen = new Map<string, string>();
  for (const [role, value] of Object.entries(operators as Record<string, unknown>)) {
    const line = lineOfText(text, `"${role}"`);
    if (typeof value !== "string" || !isAddress(value)) {
      issues.push({ file, line, field: `operators.${role}`, value: String(value), reason: "not an address (or a bad checksum)" });
      continue;
    }
    const address = getAddress(value);
    if (address === ZeroAddress) {
      issues.push({ file, line, field: `operators.${role}`, value, reason: "the zero address cannot send transactions" });
      continue;
    }
    const other = seen.get(address);
    if (other !== undefined) {
      issues.push({ file, line, field: `operators.${role}`, value, reason: `same address as operators.${other}` });
      continue;
    }
    seen.set(address, role);
    result.push({ role, address });
  }
  if (result.length === 0 && issues.length === 0) {
    issues.push({ file, line: 0, field: "operators", reason: "names no operator: the allowlist would lock out the platform's own keys" });
  }
  if (issues.length > 0) throw new ValidationError(file, issues);
  return result;
}

export async function readOperatorsFile(file: string | undefined): Promise<Operator[]> {
  if (file === undefined) throw new InvalidInputError("--operators", "required: a JSON file naming the operators' addresses (networks/besu/operators.example.json)");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InvalidInputError("--operators", `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseOperators(text, file);
}
