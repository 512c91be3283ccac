/**
 * The app: what the `arc-connectivity` commands do (cli.ts parses the
 * command line; bin/arc-connectivity.js runs it as precompiled JavaScript).
 *
 * - `synth`: reads the topology file, validates it, resolves it into the
 *   plan (topology/plan.ts), builds the stacks from the plan, synthesizes
 *   them into a staging folder with the side files (render/: `handoff/`)
 *   and swaps that in as the output folder (stacks/output.ts), then
 *   reports what it wrote.
 * - `validate`: every check `synth` makes (schema, rules, plan, construct
 *   validations), writing nothing.
 * - `list`: the stacks of the plan with their dependencies and where their
 *   state lives.
 * - `diagram`: the topology as a Mermaid diagram in Markdown
 *   (render/diagram.ts), the `topology.md` that `synth` writes.
 * - `handoff`: after apply, the hosts-file lines and A records from the
 *   connectivity stack's `terraform output -json` (render/after-apply.ts).
 *
 * A user mistake prints one line per problem on stderr and returns 1: no
 * stack trace, nothing written, the previous output left whole.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { App, TerraformResource, TerraformStack } from "cdktf";
import { ArcConnectivityError, oneLine, Problem, problem } from "./lib/core";
import { afterApplyFiles, OUTPUTS_FIX, parseOutputs } from "./render/after-apply";
import { sideFiles } from "./render";
import { topologyMarkdown } from "./render/diagram";
import { buildStacks, validateApp, writeStackFiles } from "./stacks/app";
import { runPolicy } from "./stacks/policy";
import { lockOutput, publishOutput, recoverInterrupted, stagingFolder, synthesizedBackend } from "./stacks/output";
import { loadTopology, unreadable } from "./topology/load";
import { BackendPlan, isWithin, Plan, planStacks, planTopology } from "./topology/plan";

/** The package's folder: this file's, or its parent when this file was compiled into `dist/`. */
const PACKAGE_ROOT = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;

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
  /** Where `topology` came from, for the report's first line. @default "argument" */
  readonly topologySource?: "argument" | "ARC_TOPOLOGY";
  /**
   * The folder the user stands in: `topology` and `out` start here. The
   * project root (`projectRootOf`) is found from it: the default output
   * folder and local state (`state/`) are there.
   * @default process.cwd()
   */
  readonly cwd?: string;
  /** The topology used when none is named. @default examples/private-link.yaml in the package's folder */
  readonly defaultTopology?: string;
  /** The output folder, absolute or relative to `cwd`: it decides the state paths written into the backends. @default cdktf.out in the project root */
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
  readonly root: string;
  readonly source: "argument" | "ARC_TOPOLOGY";
  readonly file: string;
  /** The file as the report names it: relative to `cwd` when inside it. */
  readonly shown: string;
  readonly embedded: boolean;
  readonly out: string;
}

/**
 * A path as the user reads it: relative to `cwd` when it is inside `cwd` or
 * inside the project root (`../state/...` from a sub-folder), else absolute.
 */
function display(cwd: string, root: string, p: string): string {
  if (!isWithin(cwd, p) && !isWithin(root, p)) return p;
  return path.relative(cwd, p) || ".";
}

/**
 * The project root: from `cwd` upward, the first folder that holds
 * `cdktf.json` or `package.json`; `cwd` itself when none does. Local state
 * and the default output folder live there, so they do not move when the
 * command runs from a sub-folder.
 */
export function projectRootOf(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "cdktf.json")) || existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}

/**
 * A path with every link in its existing part resolved (`realpath` of the
 * longest existing prefix, then the rest): the checks of where the output
 * and the state go compare real folders, so a link cannot hide that the
 * output folder is the project or holds the state.
 */
export function realPath(p: string): string {
  const abs = path.resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = path.dirname(abs);
  return parent === abs ? abs : path.join(realPath(parent), path.basename(abs));
}

function resolveOptions(o: CommandOptions): Resolved {
  const cwd = realPath(o.cwd ?? process.cwd());
  const root = projectRootOf(cwd);
  if (o.topology === "") throw new ArcConnectivityError({ path: "TOPOLOGY", message: 'is empty; got "". Fix: name a topology file, or leave the argument out for the embedded default' });
  if (o.out === "") throw new ArcConnectivityError({ path: "--out", message: 'is empty; got "". Fix: name a folder, or leave --out out for cdktf.out in the project root' });
  const embedded = o.topology === undefined;
  const file = embedded ? (o.defaultTopology ?? path.join(PACKAGE_ROOT, "examples", "private-link.yaml")) : path.resolve(cwd, o.topology as string);
  const out = realPath(o.out !== undefined ? path.resolve(cwd, o.out) : path.join(root, "cdktf.out"));
  return { cwd, root, source: o.topologySource ?? "argument", file, shown: display(cwd, root, file), embedded, out };
}

/**
 * The checks of the output folder `synth` and `validate` make before they
 * read the topology: not the folder the command runs in, the project root
 * or one that holds them; not a file (links resolved).
 * @throws ArcConnectivityError
 */
function checkOutputFolder(r: Resolved): void {
  if (isWithin(r.out, r.cwd) || isWithin(r.out, r.root)) {
    throw new ArcConnectivityError({ path: "--out", message: `would replace the folder the command runs in or the project root (${r.root}), or a folder that holds them; got ${r.out}. Fix: name a folder of its own, e.g. cdktf.out` });
  }
  if (existsSync(r.out) && !statSync(r.out).isDirectory()) throw new ArcConnectivityError({ path: "--out", message: `is a file, not a folder; got ${r.out}. Fix: name a folder (it is created when missing)` });
  // A missing folder is created with its parents: the nearest existing one must be a folder too.
  for (let parent = path.dirname(r.out); ; parent = path.dirname(parent)) {
    if (existsSync(parent)) {
      if (!statSync(parent).isDirectory()) throw new ArcConnectivityError({ path: "--out", message: `cannot be created: ${parent} is a file, not a folder; got ${r.out}. Fix: name a folder that is not inside a file` });
      break;
    }
    if (path.dirname(parent) === parent) break;
  }
}

/**
 * No local state file inside the output folder, which every synth replaces,
 * with links resolved (the plan checks the paths as written).
 * @throws ArcConnectivityError
 */
function checkStateOutside(r: Resolved, p: Plan): void {
  for (const s of planStacks(p)) {
    if (s.backend.type !== "local") continue;
    const state = realPath(path.resolve(r.root, s.backend.stateFile));
    if (isWithin(r.out, state)) {
      throw new ArcConnectivityError({ path: "--out", message: `holds the state file of stack ${s.stackName} (${state}), and every synth replaces the output folder; got ${r.out}. Fix: write the output elsewhere, or set backend.path outside it` });
    }
  }
}

function topologyLine(r: Resolved): string {
  if (r.embedded) return `Topology: ${r.shown} (the embedded default: no topology file was named)\n`;
  return r.source === "ARC_TOPOLOGY" ? `Topology: ${r.shown} (from ARC_TOPOLOGY)\n` : `Topology: ${r.shown}\n`;
}

function plan(r: Resolved): Plan {
  return planTopology(loadTopology(r.file), { projectRoot: r.root, outDir: r.out });
}

/** One line per warning, whatever text from the topology a message carries (control characters are written as escapes). */
function warningLines(warnings: readonly Problem[]): string[] {
  return warnings.map((w) => oneLine(`Warning: ${w.path}: ${w.message}`));
}

function warn(io: Io, warnings: readonly Problem[]): void {
  printLines(io, warningLines(warnings));
}

function printLines(io: Io, lines: readonly string[]): void {
  if (lines.length > 0) io.err(`${lines.join("\n")}\n`);
}

/** A user mistake found once the stacks were built: its problem lines print first, then every warning of the run. */
class ProblemsBeforeWarnings extends ArcConnectivityError {
  constructor(
    problems: readonly Problem[],
    public readonly warnings: readonly string[],
  ) {
    super(problems);
  }
}

/** A user mistake `e` carrying the topology's warnings, to print after its problems. */
function withWarnings(e: unknown, p: Plan): unknown {
  return ArcConnectivityError.is(e) && !(e instanceof ProblemsBeforeWarnings) ? new ProblemsBeforeWarnings(e.problems, warningLines(p.warnings)) : e;
}

/**
 * The policy pack (stacks/policy.ts) over the built stacks. Its errors
 * fail the command: their problem lines, then every warning. Otherwise the
 * warnings print once: the topology's, then the pack's grouped by rule,
 * then unused suppressions.
 */
function checkPolicy(io: Io, app: App, p: Plan): void {
  const outcome = runPolicy(app, p);
  const warnings = [...warningLines(p.warnings), ...outcome.warnings];
  if (outcome.errors.length > 0) throw new ProblemsBeforeWarnings(outcome.errors, warnings);
  printLines(io, warnings);
}

/**
 * Resolves the options and runs `body`. A user mistake (ArcConnectivityError)
 * becomes the problem lines and 1; so does an error of the file system
 * (a folder that cannot be written, a name too long), in one line with the
 * path. Anything else is a bug and is thrown on.
 */
function guarded(io: Io, options: CommandOptions, body: (r: Resolved) => number): number {
  let r: Resolved | undefined;
  try {
    r = resolveOptions(options);
    return body(r);
  } catch (e) {
    const errno = e as NodeJS.ErrnoException & { dest?: string };
    if (!ArcConnectivityError.is(e) && typeof errno.code === "string" && typeof errno.syscall === "string") {
      io.err(`Cannot ${errno.syscall} ${errno.path ?? ""}${errno.dest ? ` -> ${errno.dest}` : ""}: ${errno.code} (${errno.message.split(":")[0]}). Fix: check that the folders exist and that you may write them; the output folder was left as it was, or is completed by the next synth\n`);
      return 1;
    }
    if (!ArcConnectivityError.is(e)) throw e;
    // Problems of the command's own arguments (TOPOLOGY, --stack, --out) are not the topology's.
    const header = r === undefined || e.problems.every((p) => p.path.startsWith("--") || p.path === "TOPOLOGY") ? "The command's arguments are not valid:" : `Topology ${r.shown} is not valid:`;
    io.err(`${header}\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}\n`);
    if (e instanceof ProblemsBeforeWarnings) printLines(io, e.warnings);
    return 1;
  }
}

/**
 * Where a stack's state lives, in words: the local file, or the workspace
 * or blob. `file` shows a local state file's path (given relative to the
 * project root, or absolute). @default the path as the topology names it
 */
export function describeBackend(b: BackendPlan, file: (stateFile: string) => string = (f) => f): string {
  switch (b.type) {
    case "local":
      return file(b.stateFile);
    case "cloud":
      return `Terraform Cloud workspace ${b.organization}/${b.workspace}${b.project ? ` (project ${b.project})` : ""}${b.hostname === "app.terraform.io" ? "" : ` on ${b.hostname}`}`;
    case "azurerm":
      return `Azure Storage blob ${b.storageAccountName}/${b.containerName}/${b.key}`;
  }
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** A local state file as the user reads it: from the folder the command runs in. */
const stateShown = (r: Resolved) => (stateFile: string) => display(r.cwd, r.root, path.resolve(r.root, stateFile));

/** Rows of aligned columns. */
function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd()).join("\n");
}

/** Synthesizes the topology's stacks (see the module comment). @returns the exit code: 0, or 1 for a user mistake */
export function synth(options: SynthOptions, io: Io = PROCESS_IO): number {
  return guarded(io, options, (r) => {
    checkOutputFolder(r);
    const p = plan(r);
    checkStateOutside(r, p);
    const names = planStacks(p).map((s) => s.stackName);
    if (options.stack !== undefined && !names.includes(options.stack)) {
      throw new ArcConnectivityError({ path: "--stack", message: `is not a stack of this topology; got "${options.stack}". Fix: name one of ${names.join(", ")} (arc-connectivity list shows them)` });
    }
    // Before publishing, the staging folder holds only this synth's files and goes on failure; once publishing has
    // started, the journal beside the output names every move, and the next synth finishes them.
    const staging = stagingFolder(r.out);
    let publishing = false;
    try {
      mkdirSync(staging, { recursive: true });
      // cdktf reads SYNTH_HCL_OUTPUT when the App and each stack are created (it overrides the App's `hclOutput`
      // option): the command's choice (from --hcl or that same variable) is what they read while it builds. Inline,
      // not in a helper: cdktf records a stack trace for every token, and each frame more costs time in a large synth.
      const hclBefore = process.env.SYNTH_HCL_OUTPUT;
      process.env.SYNTH_HCL_OUTPUT = String(options.hcl === true);
      let stacks: TerraformStack[];
      try {
        const app = new App({ outdir: staging, skipValidation: true, hclOutput: options.hcl === true });
        try {
          stacks = buildStacks(app, p);
          validateApp(app);
          checkPolicy(io, app, p);
        } catch (e) {
          throw withWarnings(e, p);
        }
        app.synth();
        writeStackFiles(app, stacks);
        writeSideFiles(staging, p, r);
      } finally {
        if (hclBefore === undefined) delete process.env.SYNTH_HCL_OUTPUT;
        else process.env.SYNTH_HCL_OUTPUT = hclBefore;
      }
      const unlock = lockOutput(r.out);
      try {
        for (const w of recoverInterrupted(r.out, staging)) io.err(`Warning: ${w}\n`);
        publishing = true;
        const result = publishOutput(staging, r.out, names, options.stack);
        report(io, r, p, stacks, result, options);
      } finally {
        unlock();
      }
      return 0;
    } finally {
      if (!publishing) rmSync(staging, { recursive: true, force: true });
    }
  });
}

/** The topology file as the files the app writes name it: relative to the project root (with `/`) when inside it, else absolute; so the output does not depend on where the command runs. */
function topologyForFiles(r: Resolved): string {
  return isWithin(r.root, r.file) ? path.relative(r.root, r.file).split(path.sep).join("/") : r.file;
}

/** The side files (render/index.ts: `handoff/`, `topology.md`) into the staging folder, beside `stacks/`. */
function writeSideFiles(staging: string, p: Plan, r: Resolved): void {
  for (const [file, text] of Object.entries(sideFiles(p, { topologyFile: topologyForFiles(r) }))) {
    const target = path.join(staging, ...file.split("/"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

/** The settings of a backend that name where its state is (Terraform's names), as text. */
function backendIdentity(b: { type: string; config: Record<string, unknown> }): string {
  const c = b.config;
  const keys: Record<string, string[]> = { local: ["path"], azurerm: ["storage_account_name", "container_name", "key"], cloud: ["hostname", "organization", "workspaces"] };
  const pick = (keys[b.type] ?? Object.keys(c).sort()).map((k) => `${k} ${JSON.stringify(k === "workspaces" ? (c[k] as { name?: unknown } | undefined)?.name : c[k])}`);
  return `the ${b.type} backend (${pick.join(", ")})`;
}

/**
 * When `terraform init` ran in a stack folder with another backend than the
 * one just written (Terraform keeps it in `.terraform/terraform.tfstate`):
 * both, in words.
 */
function backendChangeSinceInit(folder: string): { before: string; after: string } | undefined {
  let init: { backend?: { type: string; config: Record<string, unknown> } };
  try {
    init = JSON.parse(readFileSync(path.join(folder, ".terraform", "terraform.tfstate"), "utf8"));
  } catch {
    return undefined;
  }
  const now = synthesizedBackend(folder);
  if (!init.backend || !now) return undefined;
  const before = backendIdentity(init.backend);
  const after = backendIdentity(now);
  return before === after ? undefined : { before, after };
}

function report(io: Io, r: Resolved, p: Plan, stacks: readonly TerraformStack[], result: ReturnType<typeof publishOutput>, options: SynthOptions): void {
  const byName = new Map(planStacks(p).map((s) => [s.stackName, s]));
  const outShown = display(r.cwd, r.root, r.out);
  for (const [stack, carried] of Object.entries(result.carried)) {
    const folder = path.join(outShown, "stacks", stack);
    // The backend Terraform was initialized with (it keeps it in .terraform/) against the one written now.
    const changed = backendChangeSinceInit(path.join(r.out, "stacks", stack));
    if (changed) {
      io.err(`Warning: ${folder} was initialized with ${changed.before}, and its backend is now ${changed.after}. Fix: run terraform init -migrate-state in ${folder} to copy the state there (see CHANGELOG.md)\n`);
      continue;
    }
    // A state file of an earlier version (in the stack folder) next to a backend that now points elsewhere.
    const backend = byName.get(stack)?.backend;
    const old = carried.filter((e) => e === `terraform.${stack}.tfstate`);
    if (old.length > 0 && backend?.type === "local" && backend.path !== old[0]) {
      io.err(`Warning: ${path.join(outShown, "stacks", stack, old[0])} is the state of an earlier version, which kept state in the stack folder; this stack's state is now ${stateShown(r)(backend.stateFile)}. Fix: run terraform init -migrate-state in ${path.join(outShown, "stacks", stack)} to move it (see CHANGELOG.md)\n`);
    }
  }
  for (const [stack, stateFile] of Object.entries(result.keptForState)) {
    io.err(`Warning: ${path.join(outShown, "stacks", stack)} is not a stack of this topology, and its state ${display(r.cwd, r.root, stateFile)} still exists; the folder was left in place. Destroy its resources from there (terraform destroy), then remove the folder and the state file\n`);
  }
  for (const [stack, foreign] of Object.entries(result.kept)) {
    io.err(`Warning: ${path.join(outShown, "stacks", stack)} is not a stack of this topology and holds files the app did not write (${foreign.join(", ")}); it was left in place. Destroy its resources from there if they are no longer wanted, then remove the folder\n`);
  }
  if (options.quiet) return;
  const resources = (s: TerraformStack) => s.node.findAll().filter((c) => c instanceof TerraformResource).length;
  const counts = new Map(stacks.map((s) => [s.node.id, resources(s)]));
  const rows = [["stack", "resources", "state"], ...result.written.map((name) => [name, String(counts.get(name) ?? 0), describeBackend((byName.get(name) as { backend: BackendPlan }).backend, stateShown(r))])];
  const lines = [
    topologyLine(r).trimEnd(),
    `Wrote ${plural(result.written.length, "stack")} to ${outShown} (${options.hcl ? "HCL, cdk.tf" : "JSON, cdk.tf.json"}):`,
    table(rows),
    ...result.removed.map(
      (s) =>
        `Removed ${path.join(outShown, "stacks", s)}: not a stack of this topology, and it held only synthesized files${result.remoteState[s] ? ` (its state is in ${result.remoteState[s]}: if that still holds resources, synthesize the old topology again to destroy them)` : ""}`,
    ),
  ];
  io.out(`${lines.join("\n")}\n`);
}

/** Every check `synth` makes, writing nothing. @returns 0 when the topology is valid, else 1 */
export function validate(options: CommandOptions, io: Io = PROCESS_IO): number {
  return guarded(io, options, (r) => {
    checkOutputFolder(r);
    const p = plan(r);
    checkStateOutside(r, p);
    // cdktf's App creates its output folder when it starts: a temporary one, removed here, so nothing is written.
    const scratch = mkdtempSync(path.join(tmpdir(), "arc-validate-"));
    try {
      const app = new App({ outdir: scratch, skipValidation: true });
      buildStacks(app, p);
      validateApp(app);
      checkPolicy(io, app, p);
    } catch (e) {
      throw withWarnings(e, p);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    const names = planStacks(p).map((s) => s.stackName);
    io.out(`${topologyLine(r)}Valid: ${plural(names.length, "stack")} (${names.join(", ")})\n`);
    return 0;
  });
}

/** The stacks of the plan, in apply order, with their dependencies and state. @returns 0, or 1 when the topology is not valid */
export function list(options: CommandOptions, io: Io = PROCESS_IO): number {
  return guarded(io, options, (r) => {
    const p = plan(r);
    const rows = [["stack", "after", "state"], ...planStacks(p).map((s) => [s.stackName, s.dependsOn.join(", ") || "-", describeBackend(s.backend, stateShown(r))])];
    io.out(`${topologyLine(r)}${table(rows)}\n`);
    warn(io, p.warnings);
    return 0;
  });
}

/** The topology as a Mermaid diagram in Markdown: what `synth` writes to `topology.md`. @returns 0, or 1 when the topology is not valid */
export function diagram(options: CommandOptions, io: Io = PROCESS_IO): number {
  return guarded(io, options, (r) => {
    const p = plan(r);
    io.out(topologyMarkdown(p, { topologyFile: topologyForFiles(r) }));
    warn(io, p.warnings);
    return 0;
  });
}

export interface HandoffOptions extends Omit<CommandOptions, "out"> {
  /** `terraform output -json` of the topology's connectivity stack, absolute or relative to `cwd`. */
  readonly outputs: string;
  /** Write the files into this folder (absolute or relative to `cwd`; created when missing) instead of printing them. @default stdout */
  readonly out?: string;
}

/**
 * After apply: the hosts-file lines (Windows, Linux) and the A records for
 * a DNS server without forwarders, from the connectivity stack's outputs
 * (render/after-apply.ts), printed one file after another (`==> name <==`)
 * or written into `out`.
 * @returns 0, or 1 when the outputs file or the topology is not valid
 */
export function handoff(options: HandoffOptions, io: Io = PROCESS_IO): number {
  const { outputs, out, ...common } = options;
  return guarded(io, common, (r) => {
    if (outputs === "") throw new ArcConnectivityError({ path: "--outputs", message: 'is empty; got "". Fix: name the file of terraform output -json of the connectivity stack' });
    if (out === "") throw new ArcConnectivityError({ path: "--out", message: 'is empty; got "". Fix: name a folder, or leave --out out to print the files' });
    const file = path.resolve(r.cwd, outputs);
    const shown = display(r.cwd, r.root, file);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new ArcConnectivityError(problem("--outputs", shown, unreadable(e), OUTPUTS_FIX));
    }
    const parsed = parseOutputs(text, shown);
    const p = plan(r);
    const files = afterApplyFiles(p, parsed, { topologyFile: topologyForFiles(r), outputsFile: shown });
    warn(io, p.warnings);
    if (out === undefined) {
      io.out(Object.entries(files).map(([name, t]) => `==> ${name} <==\n${t}`).join("\n"));
      return 0;
    }
    const dir = path.resolve(r.cwd, out);
    if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ArcConnectivityError(problem("--out", display(r.cwd, r.root, dir), "is a file, not a folder", "name a folder (it is created when missing)"));
    mkdirSync(dir, { recursive: true });
    for (const [name, t] of Object.entries(files)) writeFileSync(path.join(dir, name), t);
    io.out(`${topologyLine(r)}Wrote ${plural(Object.keys(files).length, "file")} to ${display(r.cwd, r.root, dir)}: ${Object.keys(files).join(", ")}\n`);
    return 0;
  });
}

/** What the environment variables of the cdktf CLI and earlier versions say, as `synth` options. */
export function envOptions(env: NodeJS.ProcessEnv): SynthOptions {
  return { topology: env.ARC_TOPOLOGY || undefined, topologySource: "ARC_TOPOLOGY", out: env.CDKTF_OUTDIR || undefined, hcl: env.SYNTH_HCL_OUTPUT === "true" || env.SYNTH_HCL_OUTPUT === "1" };
}

/**
 * `synth` driven by environment variables only (ARC_TOPOLOGY, CDKTF_OUTDIR,
 * SYNTH_HCL_OUTPUT), for programs that embed the app.
 * @returns the exit code
 */
export function main(env: NodeJS.ProcessEnv = process.env, options: Pick<SynthOptions, "defaultTopology" | "cwd" | "quiet"> = {}, io: Io = PROCESS_IO): number {
  return synth({ ...envOptions(env), ...options }, io);
}
