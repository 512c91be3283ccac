/**
 * `npm run bench`: the app process alone (no CLI) for hub + N spokes, each
 * run a separate process, next to a baseline process that builds the same
 * resources with the raw provider classes. Prints time and peak memory per
 * resource as ratios to the baseline, the default topology's app time, and
 * the `cdktf synth` wall time.
 *
 * BENCH_SIZES=10,100 and BENCH_REPEAT=3 change the runs.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { benchTopology } from "./topology";

const ROOT = join(__dirname, "..");
const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const work = mkdtempSync(join(tmpdir(), "arc-bench-"));

interface Run {
  ms: number;
  rssBytes: number;
  resources: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * Runs one node process (precompiled JS, as the app runs) with the peak-RSS
 * reporter preloaded; counts the resources it wrote.
 */
function measure(script: string, topologyFile: string | undefined): Run {
  const out = mkdtempSync(join(work, "out-"));
  const rssFile = join(out, "rss");
  const env = { ...process.env, CDKTF_OUTDIR: out, BENCH_RSS_FILE: rssFile, ARC_TOPOLOGY: topologyFile ?? "" };
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", join(__dirname, "peak-rss.cjs"), script, ...(script === APP ? ["synth", "--quiet"] : [])], { cwd: ROOT, env, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stderr}`);
  let resources = 0;
  for (const stack of readdirSync(join(out, "stacks"))) {
    const tf = JSON.parse(readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
    for (const byName of Object.values<Record<string, unknown>>(tf.resource ?? {})) resources += Object.keys(byName).length;
  }
  const run = { ms, rssBytes: Number(readFileSync(rssFile, "utf8")), resources };
  rmSync(out, { recursive: true, force: true });
  return run;
}

function repeated(script: string, file: string | undefined): Run {
  const runs = Array.from({ length: REPEAT }, () => measure(script, file));
  return { ms: median(runs.map((r) => r.ms)), rssBytes: median(runs.map((r) => r.rssBytes)), resources: runs[0].resources };
}

const mb = (b: number) => (b / 2 ** 20).toFixed(0);
const lines: string[] = [];
const print = (s: string) => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};
const failures: string[] = [];

print(`node ${process.version}, ${REPEAT} runs each (median), separate processes`);
print("| spokes | resources | app ms | baseline ms | time/resource ratio | app peak MB | baseline peak MB | memory/resource ratio |");
print("|---:|---:|---:|---:|---:|---:|---:|---:|");
// The app runs as `arc-connectivity synth --quiet` (bin/arc-connectivity.js: dist/arc-connectivity.js, rebuilt when stale); the
// baseline is bundled the same way. One warm-up of each fills the bundle and
// the file cache before measuring.
const APP = join(ROOT, "bin", "arc-connectivity.js");
const BASELINE = join(ROOT, "dist", "bench-baseline.js");
buildSync({ entryPoints: [join(__dirname, "baseline.ts")], bundle: true, platform: "node", target: "node20", format: "cjs", external: ["cdktf", "constructs", "@cdktf/*"], outfile: BASELINE, logLevel: "warning" });
const warm = join(work, "warm.json");
writeFileSync(warm, JSON.stringify(benchTopology(1)));
measure(APP, warm);
measure(BASELINE, warm);
for (const n of SIZES) {
  const file = join(work, `hub-${n}.json`);
  writeFileSync(file, JSON.stringify(benchTopology(n)));
  const app = repeated(APP, file);
  const base = repeated(BASELINE, file);
  if (app.resources !== base.resources) throw new Error(`resource counts differ at N=${n}: app ${app.resources}, baseline ${base.resources}`);
  const timeRatio = app.ms / app.resources / (base.ms / base.resources);
  const memRatio = app.rssBytes / app.resources / (base.rssBytes / base.resources);
  print(`| ${n} | ${app.resources} | ${app.ms.toFixed(0)} | ${base.ms.toFixed(0)} | ${timeRatio.toFixed(2)} | ${mb(app.rssBytes)} | ${mb(base.rssBytes)} | ${memRatio.toFixed(2)} |`);
  if (timeRatio > 1.2) failures.push(`time ratio ${timeRatio.toFixed(2)} > 1.2 at N=${n}`);
  if (memRatio > 1.2) failures.push(`memory ratio ${memRatio.toFixed(2)} > 1.2 at N=${n}`);
  if (n === 500 && app.rssBytes > 250 * 2 ** 20) failures.push(`peak memory ${mb(app.rssBytes)} MB > 250 MB at N=500`);
}

// The warm-up above rebuilt the bundle if it was stale; its size is most of the app's parse cost.
print(`app bundle (dist/arc-connectivity.js): ${(statSync(join(ROOT, "dist", "arc-connectivity.js")).size / 1024).toFixed(0)} KB`);

const def = repeated(APP, undefined);
print(`default topology (examples/private-link.yaml), app process: ${def.ms.toFixed(0)} ms, ${mb(def.rssBytes)} MB peak, ${def.resources} resources`);
if (def.ms > 1000) failures.push(`default topology app process ${def.ms.toFixed(0)} ms > 1000 ms`);

const cliOut = join(work, "cli");
const cliStart = process.hrtime.bigint();
const cli = spawnSync(join(ROOT, "node_modules", ".bin", "cdktf"), ["synth", "--output", cliOut], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true" }, encoding: "utf8" });
const cliMs = Number(process.hrtime.bigint() - cliStart) / 1e6;
if (cli.status !== 0) throw new Error(`cdktf synth failed:\n${cli.stderr}`);
print(`cdktf synth (CLI, default topology) wall time: ${cliMs.toFixed(0)} ms`);

rmSync(work, { recursive: true, force: true });
print(failures.length ? `TARGETS MISSED: ${failures.join("; ")}` : "all targets met (ratios <= 1.2, N=500 peak < 250 MB, default app < 1 s)");
process.exitCode = failures.length ? 1 : 0;
