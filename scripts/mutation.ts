/**
 * `npm run mutation`: mutation testing (StrykerJS, jest runner) of lib/ and
 * the topology rules, one run per scope: a folder's mutants are to be
 * killed by that folder's own tests (a unit is tested where it lives), which
 * also keeps each mutant's test run short. Not part of `npm test`.
 *
 *   npm run mutation                      every scope, reusing earlier results for unchanged code and tests (incremental)
 *   MUTATION_SCOPES=lib/core,lib/dns npm run mutation   some scopes
 *   MUTATION_FULL=1 npm run mutation      ignore earlier results
 *
 * Reports: reports/mutation/<scope>/mutation.{json,html}; the summary table
 * (score per scope, killed / survived / no coverage / timeout) is printed
 * and written to reports/mutation/summary.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const REPORTS = join(ROOT, "reports", "mutation");

interface Scope {
  readonly name: string;
  readonly mutate: readonly string[];
  /** Test files (globs relative to the repository) that must kill the scope's mutants. */
  readonly tests: readonly string[];
}

const lib = (folder: string, tests = [`__tests__/lib/${folder}/**/*.test.ts`]): Scope => ({ name: `lib/${folder}`, mutate: [`lib/${folder}/**/*.ts`], tests });

export const SCOPES: readonly Scope[] = [
  lib("core"),
  lib("dns"),
  lib("private-endpoint"),
  lib("network"),
  lib("nsg"),
  lib("arc"),
  lib("arc-gateway"),
  lib("arc-machines"),
  lib("monitor"),
  lib("aks"),
  lib("arc-kubernetes"),
  lib("azapi"),
  lib("hcl"),
  lib("policy"),
  {
    name: "topology",
    mutate: ["topology/rules.ts", "topology/aks-rules.ts", "topology/kubernetes-rules.ts", "topology/dns-rules.ts", "topology/facts.ts", "topology/plan.ts", "topology/suppressions.ts"],
    tests: ["__tests__/topology/*.test.ts"],
  },
];

interface MutantResult {
  readonly status: string;
}

/** Counts per status of a Stryker JSON report (mutation-testing-report-schema). */
function counts(reportFile: string): Record<string, number> {
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as { files: Record<string, { mutants: MutantResult[] }> };
  const c: Record<string, number> = {};
  for (const file of Object.values(report.files)) for (const m of file.mutants) c[m.status] = (c[m.status] ?? 0) + 1;
  return c;
}

/** A scope's folder name under reports/mutation and .stryker-tmp: `lib/core` -> `lib-core`. */
const slugOf = (scope: Scope) => scope.name.replace(/[^a-z0-9-]+/gi, "-");

function run(scope: Scope): ScopeResult {
  const slug = slugOf(scope);
  const dir = join(REPORTS, slug);
  mkdirSync(dir, { recursive: true });
  const config = {
    testRunner: "jest",
    plugins: ["@stryker-mutator/jest-runner"],
    jest: {
      projectType: "custom",
      configFile: "jest.config.js",
      enableFindRelatedTests: false,
      config: { testMatch: scope.tests.map((t) => `<rootDir>/${t}`), roots: ["<rootDir>/__tests__"] },
    },
    coverageAnalysis: "perTest",
    mutate: scope.mutate,
    ignorePatterns: ["cdktf.out", "dist", "reports", ".scratch", ".stryker-tmp", "bench/.out", "coverage"],
    concurrency: 2,
    // Stryker waits netTime * timeoutFactor (1.5) + timeoutMS before calling a mutant a timeout: the
    // dry run measures netTime, so 10 s of slack is enough and keeps loops that never end cheap.
    timeoutMS: 10_000,
    reporters: ["json", "html", "progress-append-only"],
    jsonReporter: { fileName: join(dir, "mutation.json") },
    htmlReporter: { fileName: join(dir, "mutation.html") },
    incremental: process.env.MUTATION_FULL !== "1",
    incrementalFile: join(dir, "stryker-incremental.json"),
    // One sandbox folder per scope, so runs of different scopes can go at the same time.
    tempDirName: `.stryker-tmp/${slug}`,
    cleanTempDir: "always",
  };
  const configFile = join(dir, "stryker.config.json");
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  // Incremental only when an earlier run left its results (else Stryker runs every mutant).
  const incremental = config.incremental && existsSync(config.incrementalFile);
  const start = Date.now();
  const r = spawnSync(join(ROOT, "node_modules", ".bin", "stryker"), ["run", configFile], { cwd: ROOT, stdio: "inherit", env: { ...process.env, FUZZ_RUNS: "25" } });
  if (r.status !== 0) throw new Error(`stryker failed for ${scope.name} (exit ${r.status})`);
  const seconds = (Date.now() - start) / 1000;
  writeFileSync(join(dir, "run.json"), `${JSON.stringify({ seconds, full: !incremental, finished: new Date().toISOString() })}\n`);
  rmSync(join(ROOT, ".stryker-tmp", slug), { recursive: true, force: true });
  return lastRun(scope) as ScopeResult;
}

interface ScopeResult {
  readonly scope: string;
  readonly seconds: number;
  /** True when the run ignored earlier results (MUTATION_FULL=1). */
  readonly full: boolean;
  readonly counts: Record<string, number>;
}

/** The latest report of a scope, if it was ever run. */
function lastRun(scope: Scope): ScopeResult | undefined {
  const dir = join(REPORTS, slugOf(scope));
  if (!existsSync(join(dir, "mutation.json")) || !existsSync(join(dir, "run.json"))) return undefined;
  const run = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as { seconds: number; full: boolean };
  return { scope: scope.name, seconds: run.seconds, full: run.full, counts: counts(join(dir, "mutation.json")) };
}

/** Mutation score as Stryker defines it: detected (killed + timeout) / (valid mutants: all but compile errors and ignored). */
function score(c: Record<string, number>): number {
  const detected = (c.Killed ?? 0) + (c.Timeout ?? 0);
  const valid = detected + (c.Survived ?? 0) + (c.NoCoverage ?? 0);
  return valid === 0 ? 100 : (100 * detected) / valid;
}

if (require.main === module) {
  // A scope by name (`lib/core`) or by its report folder (`lib-core`); an unknown one stops the run before anything runs.
  const wanted = process.env.MUTATION_SCOPES?.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = (wanted ?? []).filter((w) => !SCOPES.some((s) => s.name === w || slugOf(s) === w));
  if (unknown.length > 0) {
    process.stderr.write(`MUTATION_SCOPES: unknown scope ${unknown.map((u) => JSON.stringify(u)).join(", ")}. Fix: use one of ${SCOPES.map((s) => s.name).join(", ")}\n`);
    process.exit(2);
  }
  const scopes = SCOPES.filter((s) => !wanted || wanted.includes(s.name) || wanted.includes(slugOf(s)));
  for (const scope of scopes) run(scope);
  // The summary covers every scope with a report (the ones run now and earlier ones), time of each scope's last run.
  const results = SCOPES.map(lastRun).filter((r): r is ScopeResult => r !== undefined);
  const rows = results.map((r) => `| ${r.scope} | ${score(r.counts).toFixed(1)} % | ${r.counts.Killed ?? 0} | ${r.counts.Timeout ?? 0} | ${r.counts.Survived ?? 0} | ${r.counts.NoCoverage ?? 0} | ${Math.round(r.seconds)} s${r.full ? "" : " (incremental)"} |`);
  const total = results.reduce<Record<string, number>>((t, r) => {
    for (const [k, v] of Object.entries(r.counts)) t[k] = (t[k] ?? 0) + v;
    return t;
  }, {});
  const table = [
    "| scope | score | killed | timeout | survived | no coverage | time |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
    `| all | ${score(total).toFixed(1)} % | ${total.Killed ?? 0} | ${total.Timeout ?? 0} | ${total.Survived ?? 0} | ${total.NoCoverage ?? 0} | ${Math.round(results.reduce((s, r) => s + r.seconds, 0))} s |`,
  ].join("\n");
  if (!existsSync(REPORTS)) mkdirSync(REPORTS, { recursive: true });
  writeFileSync(join(REPORTS, "summary.md"), `${table}\n`);
  process.stdout.write(`\n${table}\n`);
}
