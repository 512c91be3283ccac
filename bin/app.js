#!/usr/bin/env node
/**
 * Earlier versions' app command, kept for projects whose cdktf.json or
 * scripts still run `node bin/app.js`: the same as `arc-connectivity synth`
 * with the given arguments (and ARC_TOPOLOGY, CDKTF_OUTDIR,
 * SYNTH_HCL_OUTPUT as before).
 */
"use strict";
require("./arc-connectivity").start(["synth", ...process.argv.slice(2)]);
