// The web unit tests' one preamble: modules of web/src, TypeScript, bundled in memory with
// esbuild (vite's own, which `npm ci` installs) and imported, so its pure parts run under node's
// test runner without a browser. Without web/node_modules there is nothing to bundle with: the
// test file is then one skipped test that says so.
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const esbuild = await import('esbuild').catch(() => null);

// Ends the test file here, as one skipped test named after `what` it checks, when esbuild is
// missing.
export function requireBundler(what) {
  if (esbuild) return;
  test(`${what} (web/node_modules is missing: run npm ci)`, { skip: true }, () => {});
  process.exit(0);
}

// The exports of the modules at `entries` (relative to web/src), bundled with everything they
// import. Modules loaded together share one copy of what they both import (its state too); each
// call bundles afresh.
export async function loadTs(...entries) {
  const contents = entries.map((entry) => `export * from ${JSON.stringify(`./${entry}`)};`).join('\n');
  const out = await esbuild.build({
    stdin: { contents, resolveDir: src, sourcefile: 'entries.js' },
    bundle: true, format: 'esm', platform: 'neutral', write: false,
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
