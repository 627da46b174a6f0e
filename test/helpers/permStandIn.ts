/**
 * A stand-in for a Besu node's PERM JSON-RPC API (Besu cannot run on these machines), speaking the
 * documented methods with Besu's own behaviour, as read from its sources:
 *
 * - perm_getAccountsAllowlist → the list (lower case);
 * - perm_addAccountsToAllowlist / perm_removeAccountsFromAllowlist, params [[addresses]] → "Success",
 *   or JSON-RPC error -32000 with Besu's messages, checked in Besu's order: empty list, invalid
 *   address, duplicates, then already present (add) / absent (remove);
 * - every change is persisted to the node's permissions file in Besu's layout (key=[…] lines), after
 *   checking the file still holds the in-memory list ("out of sync" error otherwise);
 * - perm_reloadPermissionsFromFile re-reads the file;
 * - methods of an API that is not enabled answer -32604 "Method not enabled", unknown ones -32601.
 *
 * It records every request so tests can assert exactly what was sent.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse } from "smol-toml";

export interface PermStandInOptions {
  /** Node's permissions_config.toml (read at start, rewritten on every change). */
  permissionsFile: string;
  /** false: the PERM API is not in --rpc-http-api. */
  permApiEnabled?: boolean;
  /** false: --permissions-accounts-config-file-enabled is off. */
  accountsAllowlistEnabled?: boolean;
}

export interface PermStandIn {
  url: string;
  requests: { method: string; params: unknown[] }[];
  allowlist(): string[];
  stop(): Promise<void>;
}

const MESSAGES = {
  notEnabled: "Account allowlist has not been enabled",
  empty: "Request contains an empty list of accounts",
  invalid: "Request contains an invalid account",
  duplicate: "Request contains duplicate accounts",
  existing: "Cannot add an existing account to allowlist",
  absent: "Cannot remove an absent account from allowlist",
  outOfSync: "The permissioning allowlist configuration file is out of sync.  The changes have been applied, but not persisted to disk",
  reload: "Error reloading permissions file. Please use perm_getAccountsAllowlist and perm_getNodesAllowlist to review the current state of the allowlists",
};

type Answer = { result: unknown } | { error: { code: number; message: string } };

function readLists(file: string): { accounts: string[]; nodes: string[] } {
  const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const list = (key: string) => (Array.isArray(doc[key]) ? (doc[key] as unknown[]).map(String) : []);
  return { accounts: list("accounts-allowlist"), nodes: list("nodes-allowlist") };
}

function writeLists(file: string, accounts: string[], nodes: string[]): void {
  const line = (key: string, values: string[]) => `${key}=[${values.map((v) => `"${v}"`).join(",")}]`;
  writeFileSync(file, `${line("nodes-allowlist", nodes)}\n${line("accounts-allowlist", accounts)}`);
}

export async function startPermStandIn(options: PermStandInOptions): Promise<PermStandIn> {
  const permApi = options.permApiEnabled ?? true;
  const accountsEnabled = options.accountsAllowlistEnabled ?? true;
  let allowlist = readLists(options.permissionsFile).accounts.map((a) => a.toLowerCase());
  const requests: PermStandIn["requests"] = [];

  const validate = (params: unknown[]): { accounts: string[] } | Answer => {
    const raw = params[0];
    if (!Array.isArray(raw) || raw.length === 0) return { error: { code: -32000, message: MESSAGES.empty } };
    const accounts = raw.map((a) => String(a).toLowerCase());
    if (!accounts.every((a) => /^0x[0-9a-f]{40}$/.test(a))) return { error: { code: -32000, message: MESSAGES.invalid } };
    if (new Set(accounts).size !== accounts.length) return { error: { code: -32000, message: MESSAGES.duplicate } };
    return { accounts };
  };

  // Besu: check the file still holds the old list, write the new one, check again.
  const persist = (previous: string[]): Answer => {
    const onDisk = readLists(options.permissionsFile);
    if (!previous.every((a) => onDisk.accounts.includes(a))) return { error: { code: -32000, message: MESSAGES.outOfSync } };
    writeLists(options.permissionsFile, allowlist, onDisk.nodes);
    return { result: "Success" };
  };

  const answer = (method: string, params: unknown[]): Answer => {
    if (!method.startsWith("perm_")) return { error: { code: -32601, message: "Method not found" } };
    if (!permApi) return { error: { code: -32604, message: "Method not enabled" } };
    switch (method) {
      case "perm_getAccountsAllowlist":
        return accountsEnabled ? { result: [...allowlist] } : { error: { code: -32000, message: MESSAGES.notEnabled } };
      case "perm_addAccountsToAllowlist":
      case "perm_removeAccountsFromAllowlist": {
        if (!accountsEnabled) return { error: { code: -32000, message: MESSAGES.notEnabled } };
        const checked = validate(params);
        if (!("accounts" in checked)) return checked;
        const previous = [...allowlist];
        if (method === "perm_addAccountsToAllowlist") {
          if (checked.accounts.some((a) => allowlist.includes(a))) return { error: { code: -32000, message: MESSAGES.existing } };
          allowlist = [...allowlist, ...checked.accounts];
        } else {
          if (!checked.accounts.every((a) => allowlist.includes(a))) return { error: { code: -32000, message: MESSAGES.absent } };
          allowlist = allowlist.filter((a) => !checked.accounts.includes(a));
        }
        return persist(previous);
      }
      case "perm_reloadPermissionsFromFile":
        try {
          allowlist = readLists(options.permissionsFile).accounts.map((a) => a.toLowerCase());
          return { result: "Success" };
        } catch {
          return { error: { code: -32000, message: MESSAGES.reload } };
        }
      default:
        return { error: { code: -32601, message: "Method not found" } };
    }
  };

  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      let request: { id?: unknown; method?: unknown; params?: unknown };
      try {
        request = JSON.parse(body) as typeof request;
      } catch {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
        return;
      }
      const method = String(request.method);
      const params = Array.isArray(request.params) ? request.params : [];
      requests.push({ method, params });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jsonrpc: "2.0", id: request.id ?? null, ...answer(method, params) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    allowlist: () => [...allowlist],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
