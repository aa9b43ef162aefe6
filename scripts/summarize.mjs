import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
const rows = [];
// The names of what failed, printed last, so a truncated log still shows them.
const failures = [];

for (const line of readFileSync(path.join(dir, 'checks.txt'), 'utf8').split('\n').filter(Boolean)) {
  const [state, ...name] = line.split(' ');
  if (state === 'pass') passed++;
  else failed++;
  rows.push(`${state === 'pass' ? 'pass' : 'FAIL'}  ${name.join(' ')}`);
}
for (const file of readdirSync(dir).filter((f) => f.startsWith('vitest-') && f.endsWith('.json'))) {
  const r = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  let brokenFiles = 0;
  for (const t of r.testResults ?? []) {
    const where = path.relative(process.cwd(), t.name);
    const bad = t.assertionResults.filter((a) => a.status === 'failed');
    for (const a of bad) failures.push(`${where} › ${a.fullName}`);
    // A file that failed without a failed test (it did not load, or a hook threw) counts as one.
    if (t.status === 'failed' && bad.length === 0) {
      brokenFiles++;
      failures.push(`${where} (did not run)`);
    }
  }
  passed += r.numPassedTests;
  failed += r.numFailedTests + brokenFiles;
  rows.push(
    `${file.replace(/\.json$/, '')}: ${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed`,
  );
}
/** Playwright specs whose outcome was not the expected one (failed, or passed only on retry). */
function failedSpecs(suites, trail) {
  return suites.flatMap((suite) => [
    ...failedSpecs(suite.suites ?? [], [...trail, suite.title]),
    ...(suite.specs ?? [])
      .filter((spec) => spec.tests.some((t) => t.status === 'unexpected' || t.status === 'flaky'))
      .map((spec) => [...trail, suite.title, spec.title].filter(Boolean).join(' › ')),
  ]);
}
const e2eFiles = readdirSync(dir).filter((f) => /^e2e(-[\w-]+)?\.json$/.test(f));
for (const file of e2eFiles) {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const s = report.stats;
  for (const name of failedSpecs(report.suites ?? [], []))
    failures.push(`${file.replace(/\.json$/, '')}: ${name}`);
  const bad = s.unexpected + (s.flaky ?? 0);
  passed += s.expected;
  failed += bad;
  rows.push(`${file.replace(/\.json$/, '')}: ${s.expected} passed, ${bad} failed, ${s.skipped} skipped`);
}
if (
  !e2eFiles.includes('e2e.json') &&
  readFileSync(path.join(dir, 'checks.txt'), 'utf8').includes('pass build')
) {
  failed++;
  rows.push('e2e: no results (the run did not finish)');
}
console.log('\n━━ summary');
for (const r of rows) console.log(`  ${r}`);
for (const f of failures.slice(0, 20)) console.log(`  failed: ${f}`);
if (failures.length > 20) console.log(`  failed: …and ${failures.length - 20} more`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
