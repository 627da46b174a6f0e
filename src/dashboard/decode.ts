/**
 * Event decoding for the dashboard's cold read: thousands of logs at start-up. Every event the
 * dashboard reads has only static parameters (integers, addresses, booleans, bytes32 and tuples
 * of them), so each value sits in a fixed 32-byte word of the log's data or topics: it is read
 * from there directly, an order of magnitude faster than ethers' general decoder (which the
 * dashboard still uses for any event with a dynamic parameter). Values come out as ethers gives
 * them: bigint integers, checksummed addresses, 0x-hex bytes, tuples as objects by field name.
 */
import { getAddress, type EventFragment, type Interface, type Log, type ParamType } from "ethers";

/** A decoded event's arguments by name (tuples as nested objects), like ethers' `Result` read by name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- event arguments are read by name, typed by the event
export type EventArgs = Record<string, any>;

export interface DecodedEvent {
  name: string;
  args: EventArgs;
}

function isStatic(type: ParamType): boolean {
  if (type.isTuple()) return type.components.every(isStatic);
  if (type.isArray()) return false;
  return /^(u?int\d*|address|bool|bytes([1-9]|[12]\d|3[0-2]))$/.test(type.type);
}

const checksummed = new Map<string, string>();
function address(word: string): string {
  const raw = `0x${word.slice(24)}`;
  let known = checksummed.get(raw);
  if (known === undefined) {
    known = getAddress(raw);
    checksummed.set(raw, known);
  }
  return known;
}

/** Reads `type` from 64-hex-digit words starting at `cursor.at`, advancing it. */
function read(type: ParamType, words: (i: number) => string, cursor: { at: number }): unknown {
  if (type.isTuple()) {
    const out: EventArgs = {};
    type.components.forEach((c, i) => {
      out[c.name === "" ? String(i) : c.name] = read(c, words, cursor);
    });
    return out;
  }
  const word = words(cursor.at++);
  const base = type.type;
  if (base === "address") return address(word);
  if (base === "bool") return BigInt(`0x${word}`) !== 0n;
  if (base.startsWith("bytes")) return `0x${word.slice(0, 2 * Number(base.slice(5)))}`;
  const value = BigInt(`0x${word}`);
  if (base.startsWith("int")) return BigInt.asIntN(Number(base.slice(3) || "256"), value);
  return value;
}

/** Decodes the logs of one contract's interface by topic 0; the fragments' topic hashes are worked out once. */
export class EventDecoder {
  private readonly byTopic = new Map<string, { fragment: EventFragment; fast: boolean }>();

  constructor(private readonly iface: Interface) {
    iface.forEachEvent((fragment) => {
      this.byTopic.set(fragment.topicHash, { fragment, fast: fragment.inputs.every((p) => isStatic(p) && !(p.indexed && p.isTuple())) });
    });
  }

  /** The log's event, or undefined when it is not one of the interface's (or does not fit its layout). */
  decode(log: Pick<Log, "topics" | "data">): DecodedEvent | undefined {
    const known = this.byTopic.get(log.topics[0] ?? "");
    if (known === undefined) return undefined;
    const { fragment } = known;
    try {
      if (!known.fast) {
        const result = this.iface.decodeEventLog(fragment, log.data, log.topics);
        const args: EventArgs = {};
        fragment.inputs.forEach((input, i) => {
          args[input.name === "" ? String(i) : input.name] = result[i];
        });
        return { name: fragment.name, args };
      }
      const indexed = fragment.inputs.filter((p) => p.indexed);
      if (log.topics.length !== indexed.length + 1) return undefined;
      const data = log.data.startsWith("0x") ? log.data.slice(2) : log.data;
      const words = (i: number) => {
        if ((i + 1) * 64 > data.length) throw new RangeError("log data too short for the event");
        return data.slice(i * 64, (i + 1) * 64);
      };
      const cursor = { at: 0 };
      let topic = 1;
      const args: EventArgs = {};
      fragment.inputs.forEach((input, i) => {
        const name = input.name === "" ? String(i) : input.name;
        args[name] = input.indexed ? read(input, () => log.topics[topic++]!.slice(2), { at: 0 }) : read(input, words, cursor);
      });
      if (cursor.at * 64 !== data.length) return undefined;
      return { name: fragment.name, args };
    } catch {
      return undefined; // same selector, another layout: not the event the dashboard knows
    }
  }
}
