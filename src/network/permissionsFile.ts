/**
 * Besu's local permissions file (`permissions_config.toml`): `accounts-allowlist` (who may submit
 * transactions) and `nodes-allowlist` (enode URLs this node may peer with).
 *
 * Written the way Besu's own AllowlistPersistor writes it — one `key=[...]` line per list, account
 * addresses in lower case — because Besu compares the file with its in-memory list (lower case)
 * before every perm_add / perm_remove and refuses to persist ("out of sync") when they differ.
 */
import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { getAddress, isAddress } from "ethers";
import { TomlError, parse } from "smol-toml";

import { ValidationError, type LocatedIssue } from "../errors.js";

export interface PermissionsConfig {
  /** Lower-case 0x addresses. */
  accountsAllowlist: string[];
  /** enode://<128 hex>@host:port URLs. */
  nodesAllowlist: string[];
}

export const ACCOUNTS_KEY = "accounts-allowlist";
export const NODES_KEY = "nodes-allowlist";

const ENODE = /^enode:\/\/[0-9a-f]{128}@[^\s@/:]+:\d{1,5}(\?discport=\d{1,5})?$/;

/** Finds the 1-based line where `key` is assigned (for located errors); 0 if absent. */
function lineOf(text: string, key: string): number {
  const index = text.split(/\r?\n/).findIndex((l) => l.trimStart().startsWith(key));
  return index + 1;
}

/** Parses and validates a permissions file's text; every problem is reported with its line. */
export function parsePermissionsToml(text: string, file: string): PermissionsConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      throw new ValidationError(file, [{ file, line: error.line, reason: `not valid TOML: ${error.message.split("\n")[0]}` }]);
    }
    throw error;
  }
  const issues: LocatedIssue[] = [];
  const list = (key: string): string[] => {
    const value = doc[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      issues.push({ file, line: lineOf(text, key), field: key, reason: "must be an array of strings" });
      return [];
    }
    return value as string[];
  };
  const accounts = list(ACCOUNTS_KEY);
  const nodes = list(NODES_KEY);
  for (const key of Object.keys(doc)) {
    if (key !== ACCOUNTS_KEY && key !== NODES_KEY) {
      issues.push({ file, line: lineOf(text, key), field: key, reason: `unknown key (Besu reads only ${ACCOUNTS_KEY} and ${NODES_KEY})` });
    }
  }
  const seen = new Set<string>();
  for (const account of accounts) {
    if (!/^0x[0-9a-fA-F]{40}$/.test(account) || !isAddress(account)) {
      issues.push({ file, line: lineOf(text, ACCOUNTS_KEY), field: ACCOUNTS_KEY, value: account, reason: "not a 0x-prefixed 20-byte address" });
      continue;
    }
    const lower = account.toLowerCase();
    if (seen.has(lower)) issues.push({ file, line: lineOf(text, ACCOUNTS_KEY), field: ACCOUNTS_KEY, value: account, reason: "listed twice (Besu rejects duplicates)" });
    seen.add(lower);
  }
  for (const node of nodes) {
    if (!ENODE.test(node)) {
      issues.push({ file, line: lineOf(text, NODES_KEY), field: NODES_KEY, value: node, reason: "not an enode URL (enode://<128 hex chars>@host:port)" });
    }
  }
  if (issues.length > 0) throw new ValidationError(file, [...issues].sort((a, b) => a.line - b.line));
  return { accountsAllowlist: accounts.map((a) => a.toLowerCase()), nodesAllowlist: nodes };
}

export async function readPermissionsFile(file: string): Promise<PermissionsConfig> {
  return parsePermissionsToml(await readFile(file, "utf8"), file);
}

/** The file's text: a header comment, then one line per list (Besu's own layout). */
export function formatPermissionsToml(config: PermissionsConfig, header: readonly string[] = []): string {
  const quote = (values: readonly string[]) => values.map((v) => `"${v}"`).join(",");
  const accounts = config.accountsAllowlist.map((a) => getAddress(a).toLowerCase());
  return [
    ...header.map((h) => `# ${h}`),
    `${ACCOUNTS_KEY}=[${quote(accounts)}]`,
    `${NODES_KEY}=[${quote(config.nodesAllowlist)}]`,
    "",
  ].join("\n");
}

/** Writes `text` to `file` through a temporary file and a rename, so a reader never sees half a file. */
export async function writeFileAtomically(file: string, text: string, mode = 0o644): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, { mode });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
