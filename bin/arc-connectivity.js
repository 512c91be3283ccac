#!/usr/bin/env node
/**
 * The `arc-connectivity` command (cli.ts), run as precompiled JavaScript.
 * The TypeScript sources are bundled with esbuild (transpile only, no type
 * check) into dist/arc-connectivity.js, with zod, ipaddr.js and commander
 * inlined to save their module resolution; cdktf, constructs and the
 * providers stay external (one instance, deep imports), and so does yaml,
 * which is only loaded for YAML topologies. In the repository the bundle is
 * rebuilt when a source is newer than it, so a command pays neither a type
 * check nor a per-file loader (tsx alone costs ~95 ms per process). The npm
 * package ships the bundle and no sources: nothing is rebuilt there, and
 * esbuild (a dev dependency) is never loaded.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const BUNDLE = path.join(ROOT, "dist", "arc-connectivity.js");
const SOURCES = ["cli.ts", "main.ts", "lib", "topology", "stacks", "render"];

function newestSource(entry) {
  const full = path.join(ROOT, entry);
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return entry.endsWith(".ts") ? stat.mtimeMs : 0;
  return fs.readdirSync(full).reduce((newest, name) => Math.max(newest, newestSource(path.join(entry, name))), 0);
}

/** Whether this is the repository (the TypeScript sources are here), not the installed package. */
const inRepository = () => fs.existsSync(path.join(ROOT, "cli.ts"));

/** Builds the bundle from the sources (needs esbuild, a dev dependency). */
function buildBundle() {
  const result = require("esbuild").buildSync({
    entryPoints: [path.join(ROOT, "cli.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["cdktf", "constructs", "@cdktf/*", "yaml"],
    sourcemap: false,
    write: false,
    logLevel: "warning",
  });
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  // Write then rename: concurrent commands never read half a file.
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, BUNDLE);
}

/** In the repository, rebuilds the bundle when a source is newer; in the package, uses the shipped one. */
function ensureBundle() {
  if (!inRepository()) return;
  const built = fs.existsSync(BUNDLE) ? fs.statSync(BUNDLE).mtimeMs : -1;
  if (built < Math.max(...SOURCES.map(newestSource))) buildBundle();
}

/** Runs the command line with these arguments and exits with its code. */
function start(argv) {
  ensureBundle();
  const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const code = require(BUNDLE).run(argv, { env: process.env, version, defaultTopology: path.join(ROOT, "examples", "private-link.yaml") });
  // On success every file is written (cdktf and the app write synchronously) and, on Linux, stdout and stderr
  // are synchronous for files and pipes: exiting now skips the teardown of the heap (15-25 ms). Elsewhere, and
  // on failure, the natural exit lets pending output flush.
  if (code === 0 && process.platform === "linux") process.exit(0);
  process.exitCode = code;
}

module.exports = { start, buildBundle };
if (require.main === module) start(process.argv.slice(2));
