/**
 * Transpile-only jest transform on esbuild (already the app's bundler):
 * strips types, emits CommonJS with an inline source map for stack traces.
 * `tsc --noEmit` does the type check separately (npm test runs both).
 */
const { transformSync, version } = require("esbuild");
const { createHash } = require("node:crypto");

module.exports = {
  process(source, filename) {
    const { code } = transformSync(source, { loader: "ts", format: "cjs", target: "node20", sourcemap: "inline", sourcefile: filename });
    return { code };
  },
  getCacheKey(source, filename) {
    return createHash("sha256").update(version).update("\0").update(filename).update("\0").update(source).digest("hex");
  },
};
