// The wallboard's pure parts without a browser: the service level's percentage and colour
// (src/supervisor/serviceLevel.ts). Bundled in memory with esbuild as test/cti.test.mjs does.
// Run: node --test web/test/
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
const esbuild = await import('esbuild').catch(() => null);
if (!esbuild) {
  test('the wallboard units (web/node_modules is missing: run npm ci)', { skip: true }, () => {});
  process.exit(0);
}

async function load(entry) {
  const out = await esbuild.build({ entryPoints: [join(src, entry)], bundle: true, format: 'esm', platform: 'neutral', write: false });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const { formatServiceLevel, serviceLevelColor, serviceLevelPercent } = await load('supervisor/serviceLevel.ts');

test('the service level shows as a percentage with one decimal, none before an outcome', () => {
  assert.equal(formatServiceLevel(0.5), '50.0%');
  assert.equal(formatServiceLevel(2 / 3), '66.7%');
  assert.equal(formatServiceLevel(1), '100.0%');
  assert.equal(formatServiceLevel(0), '0.0%');
  assert.equal(formatServiceLevel(null), '—');
  assert.equal(serviceLevelPercent(undefined), null);
});

test('green from 80 %, orange from 60 %, red below, judged on the figure shown', () => {
  assert.equal(serviceLevelColor(0.8), 'green');
  assert.equal(serviceLevelColor(0.9999), 'green');
  assert.equal(serviceLevelColor(0.79996), 'green', 'shown as 80.0%');
  assert.equal(serviceLevelColor(0.7994), 'orange', 'shown as 79.9%');
  assert.equal(serviceLevelColor(0.6), 'orange');
  assert.equal(serviceLevelColor(0.5999), 'orange', 'shown as 60.0%');
  assert.equal(serviceLevelColor(0.594), 'red');
  assert.equal(serviceLevelColor(0), 'red');
  assert.equal(serviceLevelColor(null), 'default');
});
