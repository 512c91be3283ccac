/** Transpile-only (esbuild, see jest.transform.js); `tsc --noEmit` does the type check separately. */
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
  testSequencer: "<rootDir>/jest.sequencer.js",
  moduleFileExtensions: ["ts", "js", "json"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
