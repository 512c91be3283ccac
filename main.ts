/**
 * The app: what the `arc-connectivity` commands do (cli.ts parses the
 * command line; bin/arc-connectivity.js runs it as precompiled JavaScript).
 *
 * - `synth`: reads the topology file, validates it, resolves it into the
 *   plan (topology/plan.ts), builds the stacks from the plan, synthesizes
 *   them into a staging folder and swaps that in as the output folder
 *   (stacks/output.ts), then reports what it wrote.
 * - `validate`: every check `synth` makes (schema, rules, plan, construct
 *   validations), writing nothing.
 * - `list`: the stacks of the plan with their dependencies and where their
 *   state lives.
 *
 * A user mistake prints one line per problem on stderr and returns 1: no
 * stack trace, nothing written, the previous output left whole.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import { ArcConnectivityError, Problem } from "./lib/core";
import { buildStacks, validateApp, writeStackFiles } from "./stacks/app";
import { cleanInterrupted, publishOutput, stagingFolder } from "./stacks/output";
import { loadTopology } from "./topology/load";
import { BackendPlan, Plan, planStacks, planTopology } from "./topology/plan";

/** Where a command writes what it says: stdout (the report) and stderr (warnings and problems). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** The process's own streams. */
export const PROCESS_IO: Io = { out: (t) => void process.stdout.write(t), err: (t) => void process.stderr.write(t) };

/** What every command reads. */
export interface CommandOptions {
  /** The topology file, absolute or relative to `cwd`. @default `defaultTopology` (the command says so) */
  readonly topology?: string;
  /** The folder relative paths start from, and the project root (local state goes to `<cwd>/state/`). @default process.cwd() */
  readonly cwd?: string;
  /** The topology used when none is named. @default examples/private-link.yaml beside this file */
  readonly defaultTopology?: string;
  /** The output folder, absolute or relative to `cwd`: it decides the state paths written into the backends. @default cdktf.out */
  readonly out?: string;
}

export interface SynthOptions extends CommandOptions {
  /** HCL (`cdk.tf`) instead of JSON (`cdk.tf.json`). @default false */
  readonly hcl?: boolean;
  /** Write only this stack's folder; the other folders of the output stay as they are. @default every stack */
  readonly stack?: string;
  /** No report on stdout (warnings and problems still go to stderr). @default false */
  readonly quiet?: boolean;
}

interface Resolved {
  readonly cwd: string;
  readonly file: string;
  /** The file as the report names it: relative to `cwd` when inside it. */
  readonly shown: string;
  readonly embedded: boolean;
  readonly out: string;
}

/** A path as the user reads it: relative to `cwd` when it is inside it, else absolute. */
function display(cwd: string, p: string): string {
  const rel = path.relative(cwd, p);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? p : rel;
}

function resolveOptions(o: CommandOptions): Resolved {
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const embedded = !o.topology;
  const file = embedded ? (o.defaultTopology ?? path.join(__dirname, "examples", "private-link.yaml")) : path.resolve(cwd, o.topology as string);
  return { cwd, file, shown: display(cwd, file), embedded, out: path.resolve(cwd, o.out || "cdktf.out") };
}

function topologyLine(r: Resolved): string {
  return r.embedded ? `Topology: ${r.shown} (the embedded default: no topology file was named)\n` : `Topology: ${r.shown}\n`;
}

function plan(r: Resolved): Plan {
  return planTopology(loadTopology(r.file), { projectRoot: r.cwd, outDir: r.out });
}

function warn(io: Io, warnings: readonly Problem[]): void {
  if (warnings.length > 0) io.err(`${warnings.map((w) => `Warning: ${w.path}: ${w.message}`).join("\n")}\n`);
}

/** Runs `body`; a user mistake (ArcConnectivityError) becomes the problem lines and 1, anything else is thrown on. */
function guarded(io: Io, r: Resolved, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    // Problems of the command's own options (--stack, --out) are not the topology's.
    const header = e.problems.every((p) => p.path.startsWith("--")) ? "The command's options are not valid:" : `Topology ${r.shown} is not valid:`;
    io.err(`${header}\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}\n`);
    return 1;
  }
}

/** Where a stack's state lives, in words: the local file (relative to the project root), or the workspace. */
export function describeBackend(b: BackendPlan): string {
  switch (b.type) {
    case "local":
      return b.stateFile;
    case "cloud":
      return `Terraform Cloud workspace ${b.organization}/${b.workspace}${b.project ? ` (project ${b.project})` : ""}${b.hostname === "app.terraform.io" ? "" : ` on ${b.hostname}`}`;
    case "azurerm":
      return `Azure Storage blob ${b.storageAccountName}/${b.containerName}/${b.key}`;
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** Rows of aligned columns. */
function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd()).join("\n");
}

/** Synthesizes the topology's stacks (see the module comment). @returns the exit code: 0, or 1 for a user mistake */
export function synth(options: SynthOptions, io: Io = PROCESS_IO): number {
  const r = resolveOptions(options);
  return guarded(io, r, () => {
    if (path.relative(r.out, r.cwd) === "" || !path.relative(r.out, r.cwd).startsWith("..")) {
      throw new ArcConnectivityError({ path: "--out", message: `would replace the folder the command runs in (or one that holds it); got ${r.out}. Fix: name a folder of its own, e.g. cdktf.out` });
    }
    if (existsSync(r.out) && !statSync(r.out).isDirectory()) throw new ArcConnectivityError({ path: "--out", message: `is a file, not a folder; got ${r.out}. Fix: name a folder (it is created when missing)` });
    const p = plan(r);
    const names = planStacks(p).map((s) => s.stackName);
    if (options.stack !== undefined && !names.includes(options.stack)) {
      throw new ArcConnectivityError({ path: "--stack", message: `is not a stack of this topology; got "${options.stack}". Fix: name one of ${names.join(", ")} (arc-connectivity list shows them)` });
    }
    warn(io, p.warnings);
    for (const w of cleanInterrupted(r.out)) io.err(`Warning: ${w}\n`);
    const staging = stagingFolder(r.out);
    rmSync(staging, { recursive: true, force: true });
    // Before publishing, the staging folder holds only this synth's files and goes on failure; once publishing has
    // started it may hold files carried over from the output, so it stays (an I/O error then names it).
    let publishing = false;
    try {
      mkdirSync(staging, { recursive: true });
      const stacks = withHclSetting(options.hcl === true, () => {
        const app = new App({ outdir: staging, skipValidation: true, hclOutput: options.hcl === true });
        const built = buildStacks(app, p);
        validateApp(app);
        app.synth();
        writeStackFiles(app, built);
        return built;
      });
      publishing = true;
      const result = publishOutput(staging, r.out, names, options.stack);
      report(io, r, p, stacks, result, options);
      return 0;
    } finally {
      if (!publishing) rmSync(staging, { recursive: true, force: true });
    }
  });
}

/**
 * cdktf reads SYNTH_HCL_OUTPUT when the App and each stack are created (it
 * overrides the App's `hclOutput` option): the command's choice (from
 * `--hcl` or that same variable) is what they read while it builds.
 */
function withHclSetting<T>(hcl: boolean, f: () => T): T {
  const before = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = String(hcl);
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = before;
  }
}

function report(io: Io, r: Resolved, p: Plan, stacks: readonly TerraformStack[], result: ReturnType<typeof publishOutput>, options: SynthOptions): void {
  const byName = new Map(planStacks(p).map((s) => [s.stackName, s]));
  const outShown = display(r.cwd, r.out);
  // A state file of an earlier version (in the stack folder) next to a backend that now points elsewhere.
  for (const [stack, carried] of Object.entries(result.carried)) {
    const backend = byName.get(stack)?.backend;
    const old = carried.filter((e) => e === `terraform.${stack}.tfstate`);
    if (old.length > 0 && backend?.type === "local" && backend.path !== old[0]) {
      io.err(`Warning: ${path.join(outShown, "stacks", stack, old[0])} is the state of an earlier version, which kept state in the stack folder; this stack's state is now ${backend.stateFile}. Fix: run terraform init -migrate-state in ${path.join(outShown, "stacks", stack)} to move it (see CHANGELOG.md)\n`);
    }
  }
  for (const [stack, foreign] of Object.entries(result.kept)) {
    io.err(`Warning: ${path.join(outShown, "stacks", stack)} is not a stack of this topology and holds files the app did not write (${foreign.join(", ")}); it was left in place. Destroy its resources from there if they are no longer wanted, then remove the folder\n`);
  }
  if (options.quiet) return;
  const resources = (s: TerraformStack) => s.node.findAll().filter((c) => c instanceof TerraformResource).length;
  const counts = new Map(stacks.map((s) => [s.node.id, resources(s)]));
  const rows = [["stack", "resources", "state"], ...result.written.map((name) => [name, String(counts.get(name) ?? 0), describeBackend((byName.get(name) as { backend: BackendPlan }).backend)])];
  const lines = [
    topologyLine(r).trimEnd(),
    `Wrote ${plural(result.written.length, "stack")} to ${outShown} (${options.hcl ? "HCL, cdk.tf" : "JSON, cdk.tf.json"}):`,
    table(rows),
    ...result.removed.map((s) => `Removed ${path.join(outShown, "stacks", s)}: not a stack of this topology, and it held only synthesized files`),
  ];
  io.out(`${lines.join("\n")}\n`);
}

/** Every check `synth` makes, writing nothing. @returns 0 when the topology is valid, else 1 */
export function validate(options: CommandOptions, io: Io = PROCESS_IO): number {
  const r = resolveOptions(options);
  return guarded(io, r, () => {
    const p = plan(r);
    // cdktf's App creates its output folder when it starts: a temporary one, removed here, so nothing is written.
    const scratch = mkdtempSync(path.join(tmpdir(), "arc-validate-"));
    try {
      const app = new App({ outdir: scratch, skipValidation: true });
      buildStacks(app, p);
      validateApp(app);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    warn(io, p.warnings);
    const names = planStacks(p).map((s) => s.stackName);
    io.out(`${topologyLine(r)}Valid: ${plural(names.length, "stack")} (${names.join(", ")})\n`);
    return 0;
  });
}

/** The stacks of the plan, in apply order, with their dependencies and state. @returns 0, or 1 when the topology is not valid */
export function list(options: CommandOptions, io: Io = PROCESS_IO): number {
  const r = resolveOptions(options);
  return guarded(io, r, () => {
    const p = plan(r);
    const rows = [["stack", "after", "state"], ...planStacks(p).map((s) => [s.stackName, s.dependsOn.join(", ") || "-", describeBackend(s.backend)])];
    io.out(`${topologyLine(r)}${table(rows)}\n`);
    warn(io, p.warnings);
    return 0;
  });
}

/** What the environment variables of the cdktf CLI and earlier versions say, as `synth` options. */
export function envOptions(env: NodeJS.ProcessEnv): SynthOptions {
  return { topology: env.ARC_TOPOLOGY || undefined, out: env.CDKTF_OUTDIR || undefined, hcl: env.SYNTH_HCL_OUTPUT === "true" };
}

/**
 * `synth` driven by environment variables only (ARC_TOPOLOGY, CDKTF_OUTDIR,
 * SYNTH_HCL_OUTPUT), for programs that embed the app.
 * @returns the exit code
 */
export function main(env: NodeJS.ProcessEnv = process.env, options: Pick<SynthOptions, "defaultTopology" | "cwd" | "quiet"> = {}, io: Io = PROCESS_IO): number {
  return synth({ ...envOptions(env), ...options }, io);
}
