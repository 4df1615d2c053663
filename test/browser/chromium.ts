import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

// Headless Chromium for the HTML report tests: Debian's `chromium` package (installed by
// `npm run setup:browser` and by .ci/run), driven by playwright-core. Playwright never
// downloads a browser of its own here. The flags keep Chromium off the network (this
// machine's network is closed, and a report must not need it) and out of any profile.

/** The browser binary: JWTLINT_CHROMIUM, else Debian's. */
export const CHROMIUM_PATH = process.env.JWTLINT_CHROMIUM ?? '/usr/bin/chromium';

export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Session {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh browser with an empty profile of its own; `close` removes it. */
export async function openBrowser(): Promise<Session> {
  const profile = mkdtempSync(path.join(tmpdir(), 'jwtlint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    // No service worker, no downloads: a report is a document.
    serviceWorkers: 'block',
    acceptDownloads: false,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
