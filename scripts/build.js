#!/usr/bin/env node
/**
 * Builds what the npm package ships (`npm run build`; `npm pack` runs it as
 * `prepack`): `dist/` from scratch, with the compiled JavaScript and the
 * `.d.ts` of index.ts, main.ts, cli.ts, lib/, stacks/, topology/ and render/
 * (tsconfig.build.json, mirroring the sources), and the command's bundle
 * `dist/arc-connectivity.js` (bin/arc-connectivity.js).
 */
"use strict";
const { execFileSync } = require("node:child_process");
const { rmSync } = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
rmSync(path.join(ROOT, "dist"), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], { stdio: "inherit", cwd: ROOT });
require("../bin/arc-connectivity.js").buildBundle();
