/** Transpile-only (esbuild, see jest.transform.js); `tsc --noEmit` does the type check separately. */
module.exports = {
  testEnvironment: "node",
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
