// Page checks the in-editor suite asks for while it runs (suite/helpers.ts askRunnerToCheckPage): the
// suite writes `<dir>/<seq>-<check>.request.json` ({ check, args }) and waits; the runner, polling for
// the suite's results anyway, runs the named check on the page with playwright, takes a screenshot and
// writes `<seq>-<check>.answer.json` ({ problem: string|null, screenshot }).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Answers every request in `dir` that has no answer yet. `checks` maps a check name to
 * `async (page, args) => problem | null`. Never throws: a failing check is an answer too.
 * @returns {Promise<number>} how many requests were answered
 */
export async function answerPageRequests(dir, page, checks, { screenshotPrefix } = {}) {
  if (!fs.existsSync(dir)) return 0;
  let answered = 0;
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.request.json'))
    .sort()) {
    const base = path.join(dir, f.slice(0, -'.request.json'.length));
    if (fs.existsSync(`${base}.answer.json`)) continue;
    let problem;
    let screenshot;
    try {
      const { check, args } = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const run = checks[check];
      if (!run) problem = `the runner has no page check named ${check} (it has: ${Object.keys(checks).join(', ')})`;
      else problem = await run(page, args ?? {});
    } catch (err) {
      problem = err instanceof Error ? err.message.split('\n')[0] : String(err);
    }
    if (screenshotPrefix) {
      screenshot = `${screenshotPrefix}-${path.basename(base)}.png`;
      await page.screenshot({ path: screenshot }).catch(() => (screenshot = undefined));
    }
    fs.writeFileSync(`${base}.answer.part`, JSON.stringify({ problem: problem ?? null, screenshot }));
    fs.renameSync(`${base}.answer.part`, `${base}.answer.json`);
    answered++;
  }
  return answered;
}
