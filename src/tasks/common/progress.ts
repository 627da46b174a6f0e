/**
 * A progress bar for long tapes on stderr (stdout stays clean for the report). On a terminal it
 * redraws one line at most ten times a second; in a log (CI, a pipe) it prints a line every 10 %,
 * so the log is readable and short.
 */
import type { OnboardProgress } from "../../kyc/onboard.js";
import type { TokenizeProgress } from "../../tokenize/tokenize.js";

export interface ProgressSink {
  isTTY?: boolean;
  write(text: string): unknown;
}

const PHASE_TEXT: Record<Exclude<TokenizeProgress["phase"], "tape">, string> = {
  checks: "checking the deal against the pool and the KYC registry",
  deploy: "deploying the pool through Ignition",
  manifest: "writing the manifest",
};

export function progressBar(sink: ProgressSink = process.stderr, now: () => number = Date.now): (p: TokenizeProgress) => void {
  const started = now();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let lastDecile = -1;
  let barOpen = false;
  const seconds = () => ((now() - started) / 1000).toFixed(1);
  const closeBar = () => {
    if (barOpen) sink.write("\n");
    barOpen = false;
  };
  return (p) => {
    if (p.phase !== "tape") {
      closeBar();
      sink.write(`${PHASE_TEXT[p.phase]} … (${seconds()} s)\n`);
      return;
    }
    const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const loans = p.loansRead.toLocaleString("en-US");
    if (sink.isTTY === true) {
      const t = now();
      if (t - lastDraw < 100 && fraction < 1) return;
      lastDraw = t;
      const width = 30;
      const filled = Math.round(fraction * width);
      const mb = (b: number) => (b / 1_048_576).toFixed(1);
      sink.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ` +
        `${loans} loans  ${mb(p.bytesRead)}/${mb(p.totalBytes)} MB  ${seconds()} s`);
      barOpen = true;
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      sink.write(`tape: ${(decile * 10).toString().padStart(3)}%  ${loans} loans  ${seconds()} s\n`);
    }
  };
}

/**
 * The onboarding progress line on stderr (stdout stays for the summary): redrawn in place on a
 * terminal, one line per mined batch in a log.
 */

export function batchProgress(sink: ProgressSink = process.stderr): (p: OnboardProgress) => void {
  return (p) => {
    const text = `setInvestors batch ${p.batch}/${p.batches}: ${p.rowsSent}/${p.rowsToSend} rows sent (tx ${p.txHash})`;
    if (sink.isTTY === true) sink.write(`\r${text}${p.batch === p.batches ? "\n" : ""}`);
    else sink.write(`${text}\n`);
  };
}
