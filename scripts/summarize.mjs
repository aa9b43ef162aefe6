import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
const rows = [];

for (const line of readFileSync(path.join(dir, 'checks.txt'), 'utf8').split('\n').filter(Boolean)) {
  const [state, ...name] = line.split(' ');
  if (state === 'pass') passed++;
  else failed++;
  rows.push(`${state === 'pass' ? 'pass' : 'FAIL'}  ${name.join(' ')}`);
}
for (const file of readdirSync(dir).filter((f) => f.startsWith('vitest-') && f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  // A file that failed without a failed test (it did not load, or a hook threw) counts as one.
  const brokenFiles = (r.testResults ?? []).filter(
    (t) => t.status === 'failed' && !t.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenFiles;
  rows.push(`${file.replace(/\.json$/, '')}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed`);
}
const e2eFiles = readdirSync(dir).filter((f) => /^e2e(-[\w-]+)?\.json$/.test(f));
for (const file of e2eFiles) {
  const s = JSON.parse(readFileSync(path.join(dir, file), 'utf8')).stats;
  const bad = s.unexpected + (s.flaky ?? 0);
  passed += s.expected;
  failed += bad;
  rows.push(`${file.replace(/\.json$/, '')}: ${s.expected} passed, ${bad} failed, ${s.skipped} skipped`);
}
if (!e2eFiles.includes('e2e.json') && readFileSync(path.join(dir, 'checks.txt'), 'utf8').includes('pass build')) {
  failed++;
  rows.push('e2e: no results (the run did not finish)');
}
console.log('\n━━ summary');
for (const r of rows) console.log(`  ${r}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
