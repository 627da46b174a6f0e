/**
 * A progress bar for long tapes on stderr (stdout stays clean for the report). On a terminal it
 * redraws one line at most ten times a second; in a log (CI, a pipe) it prints a line every 10 %,
 * so the log is readable and short.
 */
import type { CountProgress } from "../../holders/count.js";
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

/**
 * `mbs holders count`'s progress on stderr: the log walk and the balance checks as a percentage (redrawn in place
 * on a terminal, a line per 10 % in a log), then one line per step (the proof, the transaction, a re-read).
 */
export function countProgress(sink: ProgressSink = process.stderr): (p: CountProgress) => void {
  let printed = { key: "", decile: -1 };
  let open = false;
  const end = () => {
    if (open) sink.write("\n");
    open = false;
  };
  return (p) => {
    if (p.phase === "logs" || p.phase === "balances") {
      const [done, total, what] = p.phase === "logs"
        ? [p.blocksDone, p.blocksTotal, `Transfer logs to block ${p.toBlock}`]
        : [p.accountsDone, p.accountsTotal, `balances at block ${p.block}`];
      const unit = p.phase === "logs" ? "blocks" : "holders";
      const decile = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (printed.key === what && decile <= printed.decile) return;
      if (printed.key !== what) end();
      printed = { key: what, decile };
      const text = `${what}: ${(decile * 10).toString().padStart(3)}%  ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${unit}`;
      if (sink.isTTY === true) {
        sink.write(`\r${text}`);
        open = true;
      } else sink.write(`${text}\n`);
      return;
    }
    end();
    printed = { key: "", decile: -1 };
    if (p.phase === "proof") sink.write(`proof: ${p.holders.toLocaleString("en-US")} holder(s) at block ${p.block}${p.attempt > 1 ? " (read again)" : ""}\n`);
    else if (p.phase === "send") sink.write(`sending countHolders with ${p.holders.toLocaleString("en-US")} holder(s) (estimated ${p.gasEstimate.toLocaleString("en-US")} gas) …\n`);
    else sink.write(`${p.reason}; reading on from block ${p.block + 1}\n`);
  };
}
