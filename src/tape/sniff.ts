/**
 * What a file that is not UTF-8 text is, from its first bytes, so the user is told what to do
 * with it ("decompress it") instead of "cannot tell the tape format".
 */
import { open } from "node:fs/promises";

/** Why the bytes `head` (a file's first bytes) are not a text tape, or undefined when they may be. */
export function notTextReason(head: Uint8Array): string | undefined {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return "the file is gzip-compressed: decompress it first (gunzip FILE.gz) and pass the text file";
  if (b(0) === 0x50 && b(1) === 0x4b && b(2) === 0x03 && b(3) === 0x04) return "the file is a zip archive: extract the tape from it first (unzip FILE.zip)";
  if (b(0) === 0x42 && b(1) === 0x5a && b(2) === 0x68) return "the file is bzip2-compressed: decompress it first (bunzip2 FILE.bz2)";
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58) return "the file is xz-compressed: decompress it first (unxz FILE.xz)";
  const utf16 = "the file is UTF-16 text (as Excel's \"Unicode text\" saves it): save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 in.txt > out.txt)";
  if ((b(0) === 0xff && b(1) === 0xfe) || (b(0) === 0xfe && b(1) === 0xff)) return utf16;
  // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
  const n = Math.min(head.length, 512);
  let zeros = 0;
  for (let i = 0; i < n; i++) if (head[i] === 0) zeros++;
  if (n >= 8 && zeros * 3 >= n) return utf16;
  if (zeros > 0) return "the file holds NUL bytes: it is binary (a spreadsheet? export it as CSV), not a text tape";
  return undefined;
}

/** `notTextReason` of a file's first 512 bytes (undefined also when the file cannot be read: the caller reports that). */
export async function sniffFile(file: string): Promise<string | undefined> {
  let fh;
  try {
    fh = await open(file, "r");
  } catch {
    return undefined;
  }
  try {
    const head = new Uint8Array(512);
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    return notTextReason(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
