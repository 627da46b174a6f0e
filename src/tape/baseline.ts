/**
 * The benchmark's yardstick: the cheapest honest streaming CSV parse of a file — read stream,
 * decode, split lines, split fields — and nothing else. Tape readers are measured as a
 * multiple of this on the same file in the same process.
 */
import { createReadStream } from "node:fs";

export interface BaselineResult {
  lines: number;
  /** Total fields split (returned so the work cannot be optimised away). */
  fields: number;
}

export async function baselineParse(file: string, delimiter = ","): Promise<BaselineResult> {
  const stream = createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  let rest = "";
  let lines = 0;
  let fields = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop() ?? "";
    for (const line of parts) {
      fields += line.split(delimiter).length;
      lines++;
    }
  }
  if (rest.length > 0) {
    fields += rest.split(delimiter).length;
    lines++;
  }
  return { lines, fields };
}
