/**
 * A real headless Chromium (Debian's `chromium`, driven by playwright-core) with the flags that keep
 * it from reaching the network or touching the user's profile: a fresh profile folder per launch,
 * removed on close.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { chromium, type BrowserContext } from "playwright-core";

/** Debian's `chromium` (installed by .ci/run when missing), found on PATH; CHROMIUM_PATH overrides. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH !== undefined) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "chromium");
    if (dir !== "" && existsSync(candidate)) return candidate;
  }
  throw new Error("chromium is not installed: apt-get install -y chromium (.ci/run does it), or set CHROMIUM_PATH");
}

export interface HeadlessBrowser {
  /** A persistent context on the fresh profile (playwright's way of passing --user-data-dir). */
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<HeadlessBrowser> {
  const profile = await mkdtemp(path.join(tmpdir(), "mbs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 2000 },
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
