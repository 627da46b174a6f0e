/**
 * The onboarding progress line on stderr (stdout stays for the summary): redrawn in place on a
 * terminal, one line per mined batch in a log.
 */
import type { ProgressSink } from "../tasks/shared/progress.js";
import type { OnboardProgress } from "./onboard.js";

export function batchProgress(sink: ProgressSink = process.stderr): (p: OnboardProgress) => void {
  return (p) => {
    const text = `setInvestors batch ${p.batch}/${p.batches}: ${p.rowsSent}/${p.rowsToSend} rows sent (tx ${p.txHash})`;
    if (sink.isTTY === true) sink.write(`\r${text}${p.batch === p.batches ? "\n" : ""}`);
    else sink.write(`${text}\n`);
  };
}
