// Page checks the in-editor suite asks for while it runs (suite/helpers.ts askRunnerToCheckPage): the
// suite writes `<dir>/<seq>-<check>.request.json` ({ check, args }) and waits; the runner, polling for
// the suite's results anyway, runs the named check on the page with playwright, takes a screenshot and
// writes `<seq>-<check>.answer.json` ({ problem: string|null, screenshot }). A screenshot that cannot be
// saved is a problem of the check that asked for it (the suite's test fails), never silently dropped.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Answers every request in `dir` that has no answer yet. `checks` maps a check name to
 * `async (page, args) => problem | null`. Never throws: a failing check is an answer too.
 * @returns {Promise<string[]>} the screenshots written
 */
export async function answerPageRequests(dir, page, checks, { screenshotPrefix } = {}) {
  const written = [];
  if (!fs.existsSync(dir)) return written;
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
      try {
        await page.screenshot({ path: screenshot });
        written.push(screenshot);
      } catch (err) {
        const why = `the screenshot ${screenshot} could not be saved: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
        problem = problem ? `${problem}; ${why}` : why;
        screenshot = undefined;
      }
    }
    fs.writeFileSync(`${base}.answer.part`, JSON.stringify({ problem: problem ?? null, screenshot }));
    fs.renameSync(`${base}.answer.part`, `${base}.answer.json`);
  }
  return written;
}
