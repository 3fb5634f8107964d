// The wallboard's pure parts without a browser: the service level's percentage and colour
// (src/supervisor/serviceLevel.ts). Bundled in memory by load_ts.mjs.
// Run: npm test (in web/)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadTs, requireBundler } from './load_ts.mjs';

requireBundler('the wallboard units');

const { formatServiceLevel, serviceLevelColor, serviceLevelPercent } = await loadTs('supervisor/serviceLevel.ts');

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
