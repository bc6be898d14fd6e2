/**
 * Hostile-input benchmark (`npx tsx bench/hostile.bench.ts`): every error text is redacted before it is
 * stored, logged, alerted or sent to an LLM, so redaction must take time linear in the text's length
 * whatever the text is (a regular expression that backtracks quadratically would let one long HTTP
 * body freeze the server). For each hostile shape, the time for 200 KB is printed next to 2 KB:
 * linear time gives a ratio near 100, quadratic near 10,000. The same for a whole diagnosis (the
 * Diagnoser as the server runs it, with the connection's host and user as context), and for the
 * config linter on a value of each shape in every file kind (a hostile repository opened in the editor).
 */
import { lintDocument } from '../src/server/config/lint';
import { Diagnoser } from '../src/server/diagnosis';
import { redact, type RedactOptions } from '../src/server/secrets';

const SHAPES: Record<string, string> = {
  letters: 'x',
  'letters, digits, capitals': 'a1B',
  'dashed words': 'ab-',
  'dotted labels': 'a.',
  'dashed labels': 'a-b.',
  'digits and dots': '1.2.3.',
  'hex and colons': 'ab:',
  'URL schemes': 'a://',
  'at signs': 'a@',
  'secret keys': 'password=',
  'env secret names': 'DB_X_',
  quotes: '"a',
  'JWT heads': 'eyJaaaaa.',
  bearer: 'Bearer ',
  'user quotes': 'user "',
  'PEM heads': '-----BEGIN RSA PRIVATE KEY-----',
  'ERB tags': '<%',
  'unclosed references': '${A',
  'template braces': '{{',
  'ordinary message': 'password authentication failed for user "app" at db.example.com:5432 (postgres://app:pw@db.example.com/x) ',
};
const OPTIONS: RedactOptions = {
  users: true,
  allHosts: true,
  prose: true,
  hosts: ['db.example.com'],
  literals: ['app'],
  // The connection's own secret: every literal form (raw, encoded, JSON, base64), short and long values.
  secrets: [{ password: 'hunter2-pw', apiKey: 'ab' }],
  secretUsers: ['app'],
};

function timeOf(text: string, run: (t: string) => unknown = (t) => redact(t, OPTIONS)): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    run(text);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

const repeat = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
console.log('Redaction time by input shape, all options on (best of 3)');
console.log(`  ${'shape'.padEnd(28)} ${'2 KB'.padStart(9)} ${'200 KB'.padStart(10)}  ratio (linear ≈ 100)`);
let worst = 0;
for (const [name, unit] of Object.entries(SHAPES)) {
  const small = timeOf(repeat(unit, 2_000));
  const large = timeOf(repeat(unit, 200_000));
  const ratio = large / Math.max(small, 0.001);
  worst = Math.max(worst, large);
  console.log(
    `  ${name.padEnd(28)} ${small.toFixed(2).padStart(7)} ms ${large.toFixed(1).padStart(8)} ms  ${ratio.toFixed(0).padStart(6)}×`,
  );
}
console.log(`  slowest 200 KB text: ${worst.toFixed(1)} ms`);

void (async () => {
  const diagnoser = await Diagnoser.open({});
  const diagnose = (t: string) =>
    diagnoser.diagnose('postgres', Object.assign(new Error(t), { code: 'XX000', cause: new Error(t.slice(0, t.length / 2)) }), {
      connection: { host: 'db.example.com', user: 'app' },
    });
  console.log('\nDiagnosis time by message shape (Diagnoser, postgres, best of 3)');
  console.log(`  ${'shape'.padEnd(28)} ${'2 KB'.padStart(9)} ${'200 KB'.padStart(10)}  ratio (linear ≈ 100, capped ≈ 1)`);
  let slowest = 0;
  for (const [name, unit] of Object.entries(SHAPES)) {
    const small = timeOf(repeat(unit, 2_000), diagnose);
    const large = timeOf(repeat(unit, 200_000), diagnose);
    slowest = Math.max(slowest, large);
    console.log(
      `  ${name.padEnd(28)} ${small.toFixed(2).padStart(7)} ms ${large.toFixed(1).padStart(8)} ms  ${(large / Math.max(small, 0.001)).toFixed(0).padStart(6)}×`,
    );
  }
  console.log(`  slowest 200 KB message: ${slowest.toFixed(1)} ms`);

  // The config linter: a value of each shape in each file kind.
  const files: Array<[string, (v: string) => string]> = [
    ['.env', (v) => `A=${v}\n`],
    ['docker-compose.yml', (v) => `services:\n  db:\n    image: postgres\n    environment:\n      POSTGRES_PASSWORD: "${v}"\n`],
    ['appsettings.json', (v) => `{"ConnectionStrings": {"a": "${v}"}}`],
    ['application.properties', (v) => `spring.datasource.password=${v}\n`],
    ['prisma/schema.prisma', (v) => `datasource db {\n  provider = "postgresql"\n  url = "${v}"\n}\n`],
    ['supabase/config.toml', (v) => `[db]\npassword = "${v}"\n`],
    ['config/database.yml', (v) => `production:\n  password: "${v}"\n`],
  ];
  console.log('\nLint time by value shape, slowest file kind per shape (best of 3)');
  console.log(`  ${'shape'.padEnd(28)} ${'2 KB'.padStart(9)} ${'200 KB'.padStart(10)}  ratio (linear ≈ 100)  file`);
  let slowestLint = 0;
  for (const [name, unit] of Object.entries(SHAPES)) {
    let worst: [number, number, string] = [0, 0, ''];
    for (const [file, wrap] of files) {
      const lint = (t: string) =>
        lintDocument(wrap(t.replace(/["\\]/g, '')), { filePath: `/bench/${file}`, root: '/bench', ignored: false });
      const small = timeOf(repeat(unit, 2_000), lint);
      const large = timeOf(repeat(unit, 200_000), lint);
      if (large > worst[1]) worst = [small, large, file];
    }
    slowestLint = Math.max(slowestLint, worst[1]);
    console.log(
      `  ${name.padEnd(28)} ${worst[0].toFixed(2).padStart(7)} ms ${worst[1].toFixed(1).padStart(8)} ms  ${(worst[1] / Math.max(worst[0], 0.001)).toFixed(0).padStart(6)}×  ${worst[2]}`,
    );
  }
  console.log(`  slowest 200 KB value: ${slowestLint.toFixed(1)} ms`);
})();
