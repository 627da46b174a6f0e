/**
 * Besu node keys: a secp256k1 key pair whose address is the node's validator address and whose
 * public key is its enode id. Written in the files Besu reads and `besu operator
 * generate-blockchain-config` writes: `key` (one line, 0x + 64 hex chars, the private key) and
 * `key.pub` (0x + 128 hex chars, the uncompressed public key without its 0x04 prefix).
 */
import { SigningKey, computeAddress, hexlify, randomBytes } from "ethers";

import { MbsError } from "../errors.js";

export interface NodeKey {
  /** 0x + 64 lowercase hex chars. */
  privateKey: string;
  /** 0x + 128 lowercase hex chars: the enode id with a 0x prefix. */
  publicKey: string;
  /** The node (validator) address, checksummed. */
  address: string;
}

export function nodeKeyFromPrivateKey(privateKey: string): NodeKey {
  if (!/^0x[0-9a-fA-F]{64}$/.test(privateKey)) throw new MbsError("a node private key is 0x followed by 64 hex characters");
  const signingKey = new SigningKey(privateKey.toLowerCase());
  // Uncompressed SEC1 encoding is 0x04 ‖ X ‖ Y; the enode id is X ‖ Y.
  const publicKey = `0x${signingKey.publicKey.slice(4)}`;
  return { privateKey: privateKey.toLowerCase(), publicKey, address: computeAddress(signingKey.publicKey) };
}

/** A fresh node key from the operating system's CSPRNG. */
export function generateNodeKey(): NodeKey {
  for (;;) {
    const candidate = hexlify(randomBytes(32));
    try {
      return nodeKeyFromPrivateKey(candidate);
    } catch {
      // Zero or ≥ the curve order (probability ~2^-128): draw again.
    }
  }
}

/** `enode://<128 hex>@host:port`, as Besu prints it and as bootnodes and allowlists name nodes. */
export function enodeUrl(publicKey: string, host: string, port: number): string {
  const id = publicKey.replace(/^0x/, "");
  if (!/^[0-9a-f]{128}$/.test(id)) throw new MbsError(`"${publicKey}" is not a 64-byte node public key`);
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) throw new MbsError(`p2p port ${port} is not a TCP port`);
  if (host.length === 0 || /[\s@/]/.test(host)) throw new MbsError(`"${host}" is not a host name or IP address`);
  return `enode://${id}@${host}:${port}`;
}

/** The contents of the `key` file Besu loads (`--node-private-key-file`): a single line. */
export function keyFileContents(key: NodeKey): string {
  return key.privateKey;
}
