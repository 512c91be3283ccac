/** Transpile-only (esbuild, see jest.transform.js); `tsc --noEmit` does the type check separately. */
const { mkdtempSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

// cdktf's Testing.synth* and the app's runs write folders under the system's temporary folder and never remove
// them (about 1,600 per run). The workers inherit a temporary folder of the run's own, which the global teardown
// (jest.teardown.js) removes.
if (!process.env.JEST_RUN_TMPDIR) {
  process.env.JEST_RUN_TMPDIR = mkdtempSync(join(tmpdir(), "arc-jest-"));
  process.env.TMPDIR = process.env.JEST_RUN_TMPDIR;
}

module.exports = {
  testEnvironment: "node",
  // Jest's default is one worker per core but one (cores - 1): on the two-core machines this project is
  // measured on that is a single worker, and the run takes the sum of every file's time (~150 s). Two workers
  // keep both cores busy while the longest file (the generated topologies) runs.
  maxWorkers: 2,
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": "<rootDir>/jest.transform.js",
  },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup.ts"],
  globalTeardown: "<rootDir>/jest.teardown.js",
  testSequencer: "<rootDir>/jest.sequencer.js",
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
