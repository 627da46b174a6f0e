/**
 * Raw JSON-RPC for what ethers' Provider does not model: node-administration APIs (Besu's PERM
 * methods, which answer on each node separately, so a client per node URL) and checks that must see
 * a node's own answer (preflight's opcode probes: a JSON-RPC error object is the node refusing, a
 * failed connection is not). A refusal is an RpcError with the node's code and words; a node that
 * cannot be reached is an RpcUnreachableError.
 */
import { MbsError } from "../errors.js";

/** The node answered with a JSON-RPC error object (`code`, `message`, optional `data`). */
export class RpcError extends MbsError {
  constructor(
    readonly url: string,
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
    readonly data?: unknown,
  ) {
    super(`${method} on ${url} failed: ${rpcMessage} (JSON-RPC error ${code})`, { url, method, code, rpcMessage, data });
  }

  /** The node does not know the method (JSON-RPC -32601), e.g. the PERM API is not enabled. */
  get methodNotFound(): boolean {
    return this.code === -32601;
  }
}

/** The node could not be reached or did not answer with JSON-RPC at all. */
export class RpcUnreachableError extends MbsError {
  constructor(
    readonly url: string,
    readonly method: string,
    reason: string,
  ) {
    super(`cannot reach the JSON-RPC node at ${url} (${method}): ${reason}`, { url, method, reason });
  }
}

export interface RpcClient {
  readonly url: string;
  call<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

let nextId = 1;

/** A JSON-RPC 2.0 client over HTTP for `url`; each call times out after `timeoutMs`. */
export function rpcClient(url: string, timeoutMs = 30_000): RpcClient {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MbsError(`"${url}" is not a URL (expected e.g. http://127.0.0.1:8545)`, { url });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new MbsError(`"${url}" is not an http(s) JSON-RPC URL`, { url });
  }
  return {
    url,
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      const id = nextId++;
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
        throw new RpcUnreachableError(url, method, cause);
      }
      const text = await response.text();
      let body: { result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        throw new RpcUnreachableError(url, method, `HTTP ${response.status}, not JSON: ${text.slice(0, 120)}`);
      }
      if (body.error !== undefined && body.error !== null) {
        const code = typeof body.error.code === "number" ? body.error.code : 0;
        const message = typeof body.error.message === "string" ? body.error.message : JSON.stringify(body.error);
        throw new RpcError(url, method, code, message, body.error.data);
      }
      if (!response.ok) throw new RpcUnreachableError(url, method, `HTTP ${response.status}`);
      if (!("result" in body)) throw new RpcUnreachableError(url, method, "the answer has neither result nor error");
      return body.result as T;
    },
  };
}

/** An EIP-1193 provider (e.g. a Hardhat network connection's) seen as an RpcClient named `label`. */
export function rpcClientFromProvider(provider: { request(args: { method: string; params?: unknown[] }): Promise<unknown> }, label: string): RpcClient {
  return {
    url: label,
    async call<T>(method: string, params: unknown[] = []): Promise<T> {
      try {
        return (await provider.request({ method, params })) as T;
      } catch (error) {
        const e = error as { code?: unknown; message?: unknown; data?: unknown };
        if (typeof e.code === "number" && typeof e.message === "string") throw new RpcError(label, method, e.code, e.message, e.data);
        throw new RpcUnreachableError(label, method, error instanceof Error ? error.message : String(error));
      }
    },
  };
}

/** A JSON-RPC quantity ("0x1a") as a bigint, or a clear error naming the method. */
export function quantity(value: unknown, what: string): bigint {
  if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value)) {
    throw new MbsError(`${what}: expected a hex quantity, got ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}
