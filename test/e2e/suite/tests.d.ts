/** Virtual module made by test/e2e/bundleSuite.mjs: requires every `test/e2e/suite/**\/*.test.ts`. */
declare module 'dbpulse-e2e:tests' {
  /** Loads (registers) every test file, in path order; returns their paths relative to test/e2e/suite. */
  export function loadTests(): string[];
}
