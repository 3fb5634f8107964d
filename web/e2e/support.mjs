// What the browser scripts under e2e/ share: their environment, their checks and screenshots,
// chromium, and the run that reports where it failed. Each script is driven by an integration
// test (tests/integration/test_web_console.py, test_agent_desk.py) that sets its environment.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// Per step; generous for a loaded CI machine (an ASan server, other suites beside it).
export const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 20_000);

// The environment variable `name`, else `fallback`; neither is an error.
export function env(name, fallback) {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

export function check(condition, message) {
  if (!condition) throw new Error(message);
}

// shot(page, name) saves a full-page screenshot as ARTIFACTS/<prefix><name>.png.
export function screenshots(prefix = '') {
  const artifacts = env('ARTIFACTS');
  mkdirSync(artifacts, { recursive: true });
  return async (page, name) => {
    const path = join(artifacts, `${prefix}${name}.png`);
    await page.screenshot({ path, fullPage: true });
    console.log(`screenshot ${path}`);
  };
}

// Debian's chromium (or CHROMIUM), headless.
export function launchChromium(args = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', ...args],
  });
}

// Runs `steps`, then exits: 0 when every check held; else 1, after saying at which step (`step()`
// names the one in progress) and screenshotting each of `pages()`. The browsers close either way.
export async function runAndExit(name, steps, { step, pages, browsers, shot }) {
  const started = Date.now();
  let failed = false;
  try {
    await steps();
    console.log(`${name}: ok in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    failed = true;
    console.error(`${name} FAILED at "${step()}": ${error.stack ?? error}`);
    for (const [i, page] of pages().entries()) {
      try {
        await shot(page, pages().length > 1 ? `failure-${i}` : 'failure');
      } catch {
        // the page may be gone
      }
    }
  } finally {
    for (const browser of browsers()) await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
