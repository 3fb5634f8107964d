// Checks the console's translations: zh-CN.json and en.json have exactly the same keys, no value is
// empty, and every key the code names literally (t('a.b'), labelKey: 'a.b') exists.
// Run: node e2e/check_i18n.mjs (the web console integration test runs it too). Exit 1 on a problem.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const languages = ['zh-CN', 'en'];

function flatten(value, prefix = '', out = new Map()) {
  for (const [key, inner] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (inner && typeof inner === 'object') flatten(inner, path, out);
    else out.set(path, inner);
  }
  return out;
}

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(tsx?|jsx?)$/.test(name) ? [path] : [];
  });
}

const problems = [];
const tables = Object.fromEntries(
  languages.map((language) => [
    language,
    flatten(JSON.parse(readFileSync(join(web, 'src', 'i18n', `${language}.json`), 'utf8'))),
  ]),
);

for (const language of languages) {
  for (const other of languages) {
    if (other === language) continue;
    for (const key of tables[language].keys()) {
      if (!tables[other].has(key)) problems.push(`${key}: in ${language}.json, missing from ${other}.json`);
    }
  }
  for (const [key, value] of tables[language]) {
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${key}: empty in ${language}.json`);
  }
}

const used = new Set();
const pattern = /(?:\bt\(\s*|labelKey:\s*)'([A-Za-z0-9_.-]+)'/g;
for (const file of sources(join(web, 'src'))) {
  for (const match of readFileSync(file, 'utf8').matchAll(pattern)) used.add(match[1]);
}
for (const key of used) {
  if (!tables.en.has(key)) problems.push(`${key}: used in src/ but not translated`);
}

if (problems.length > 0) {
  console.error(problems.sort().join('\n'));
  console.error(`i18n: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`i18n: ${tables.en.size} keys in ${languages.join(' and ')}, ${used.size} used literally: ok`);
