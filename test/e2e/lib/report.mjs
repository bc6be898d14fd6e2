// Mocha-style output for results read back from the editor.

/** Prints one editor's tests like mocha's spec reporter; returns the lines printed. */
export function printEditorReport(result, write = (s) => console.log(s)) {
  const lines = [];
  const out = (s) => (lines.push(s), write(s));
  out('');
  out(`  ${result.name}`);
  if (result.error) out(`    (the run did not complete: ${result.error})`);
  let lastGroup = '';
  const failures = [];
  for (const t of result.tests) {
    const group = t.titlePath.slice(0, -1).join(' ');
    if (group !== lastGroup) {
      out(`    ${group}`);
      lastGroup = group;
    }
    const slow = t.durationMs >= 1000 ? ` (${t.durationMs}ms)` : '';
    if (t.state === 'passed') out(`      ✔ ${t.title}${slow}`);
    else if (t.state === 'pending') out(`      - ${t.title}`);
    else {
      failures.push(t);
      out(`      ${failures.length}) ${t.title}`);
    }
  }
  out('');
  out(`  ${result.passed} passing (${(result.durationMs / 1000).toFixed(1)}s)`);
  if (result.skipped) out(`  ${result.skipped} pending`);
  if (result.failed) out(`  ${result.failed} failing`);
  failures.forEach((t, i) => {
    out('');
    out(`  ${i + 1}) ${t.fullTitle}:`);
    const body = (t.error?.stack ?? t.error?.message ?? 'failed').split('\n').slice(0, 8);
    for (const l of body) out(`     ${l}`);
  });
  if (result.failed && !failures.length && result.error) {
    out('');
    out(`  1) ${result.name}: ${result.error}`);
  }
  return lines;
}

/** Counts over the tests (an incomplete run counts as one failure more). */
export function countTests(tests, error) {
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failed = tests.filter((t) => t.state === 'failed').length + (error ? 1 : 0);
  const skipped = tests.filter((t) => t.state === 'pending').length;
  return { passed, failed, skipped };
}
