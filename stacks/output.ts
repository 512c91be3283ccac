/**
 * Publishing a synth: the app synthesizes into a staging folder beside the
 * output folder, then publishes it: it carries over what the output held
 * that the app did not write and swaps the staging folder in.
 *
 * - A synth that fails or is interrupted before publishing (nearly all of
 *   its time) leaves the output as it was.
 * - Publishing is a list of renames written first to a journal beside the
 *   output (`.<out>.publish.json`); a synth interrupted while publishing
 *   (a few milliseconds) is finished by the next one, which replays the
 *   journal. Nothing a user or Terraform put into the output
 *   (`.terraform/`, `.terraform.lock.hcl`, state, plans, notes) is ever
 *   deleted: at worst it waits in the staging folder for that replay.
 * - One synth publishes into an output folder at a time (a lock file,
 *   `.<out>.lock`).
 */
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ArcConnectivityError } from "../lib/core";

/** The files the app writes into a stack folder (either format): the only ones a synth replaces or removes. */
export const SYNTHESIZED_STACK_FILES: ReadonlySet<string> = new Set(["cdk.tf.json", "cdk.tf", "metadata.json", "allowlist.txt"]);

/**
 * Every file the app may write beside `stacks/` (render/index.ts
 * `sideFiles`: the hand-off files and the picture), relative to the output
 * folder. A synth (`--stack` too) writes those of its plan whole: the old
 * ones are replaced, or removed when the plan no longer has them, and never
 * carried over. Anything else in their folders (`handoff/`) is the user's
 * and is carried over like the files beside the stack folders.
 */
export const SYNTHESIZED_SIDE_FILES: ReadonlySet<string> = new Set([
  "handoff/README.md",
  "handoff/dns-forwarders.md",
  "handoff/dns-forwarders.ps1",
  "handoff/dns-forwarders.named.conf",
  "handoff/dns-forwarders.csv",
  "handoff/firewall.md",
  "handoff/firewall.csv",
  "handoff/servers.md",
  "topology.md",
]);

/** The folders at the top of the output that side files are in (`handoff`). */
const SIDE_FOLDERS: ReadonlySet<string> = new Set([...SYNTHESIZED_SIDE_FILES].filter((f) => f.includes("/")).map((f) => f.split("/")[0]));

/** What publishing did to the folders of the output, by stack folder name. */
export interface PublishResult {
  /** Stack folders written by this synth. */
  readonly written: readonly string[];
  /** Entries an earlier synth's folder held that the app did not write, carried into the new folder, by stack. */
  readonly carried: Readonly<Record<string, readonly string[]>>;
  /** Folders of stacks no longer in the topology that held only synthesized files: removed. */
  readonly removed: readonly string[];
  /** Folders of stacks no longer in the topology that hold files the app did not write: left in place, with those entries. */
  readonly kept: Readonly<Record<string, readonly string[]>>;
  /** Folders of stacks no longer in the topology whose local state file (outside the folder) still exists: left in place, with that file. */
  readonly keptForState: Readonly<Record<string, string>>;
  /** Where the removed stacks kept their state, when it is not a local file (a workspace, a blob), in words. */
  readonly remoteState: Readonly<Record<string, string>>;
}

/** The names in a folder, sorted; none when it is missing or not a folder. */
const entries = (dir: string) => (isFolder(dir) ? readdirSync(dir).sort() : []);

/** A folder (not a link to one: a link is what the user put there, and is moved as it is). */
const isFolder = (p: string) => existsSync(p) && lstatSync(p).isDirectory();

/** The hidden siblings of an output folder: `.<name>.<what>`. */
const sibling = (out: string, what: string) => join(dirname(out), `.${basename(out)}.${what}`);

/** A staging folder beside `out` (same file system, so the swap is a rename), unique to this run. */
export function stagingFolder(out: string): string {
  return sibling(out, `staging-${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
}

/** True when a process with this id runs (signal 0 only checks). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when a synth's folder holds only what the app writes (a manifest, stack folders of synthesized files, the side files). */
function onlySynthesized(folder: string): boolean {
  const stacks = join(folder, "stacks");
  return (
    entries(folder).every(
      (e) =>
        e === "manifest.json" ||
        (e === "stacks" && isFolder(stacks)) ||
        SYNTHESIZED_SIDE_FILES.has(e) ||
        (SIDE_FOLDERS.has(e) && isFolder(join(folder, e)) && entries(join(folder, e)).every((f) => SYNTHESIZED_SIDE_FILES.has(`${e}/${f}`))),
    ) &&
    entries(stacks).every((stack) => isFolder(join(stacks, stack)) && entries(join(stacks, stack)).every((f) => SYNTHESIZED_STACK_FILES.has(f)))
  );
}

/** The backend a synthesized stack folder names (`cdk.tf.json`, or HCL's `metadata.json`), as Terraform's JSON has it. */
export function synthesizedBackend(folder: string): { type: string; config: Record<string, unknown> } | undefined {
  for (const file of ["cdk.tf.json", "metadata.json"]) {
    try {
      const terraform = (JSON.parse(readFileSync(join(folder, file), "utf8")) as { terraform?: { backend?: Record<string, Record<string, unknown>>; cloud?: Record<string, unknown> } }).terraform;
      if (terraform?.cloud) return { type: "cloud", config: terraform.cloud };
      const [type, config] = Object.entries(terraform?.backend ?? {})[0] ?? [];
      if (type) return { type, config };
    } catch {
      // Missing or not JSON: try the other file.
    }
  }
  return undefined;
}

/** A remote backend in words: the workspace or the blob. */
function remoteStateOf(b: { type: string; config: Record<string, unknown> }): string {
  const c = b.config;
  if (b.type === "cloud") return `Terraform Cloud workspace ${String(c.organization)}/${String((c.workspaces as { name?: string } | undefined)?.name)}`;
  if (b.type === "azurerm") return `Azure Storage blob ${String(c.storage_account_name)}/${String(c.container_name)}/${String(c.key)}`;
  return `${b.type} backend`;
}

/** Waits, without spinning the CPU. */
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the output folder's lock (`.<out>.lock`, holding this process id),
 * waiting up to `waitMs` for another synth into the same folder; a lock
 * whose process is gone is taken over.
 * @returns a function that releases it
 * @throws ArcConnectivityError when another synth still holds it after `waitMs`
 */
export function lockOutput(out: string, waitMs = 30_000): () => void {
  const lock = sibling(out, "lock");
  mkdirSync(dirname(out), { recursive: true });
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    const holder = Number(readFileSync(lock, "utf8").trim() || "0");
    if (holder !== process.pid && holder > 0 && !alive(holder)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new ArcConnectivityError({ path: "--out", message: `another synth (process ${holder}) is writing ${out}; got the lock file ${lock}. Fix: wait for it to finish, or remove the lock file if that process is gone` });
    }
    sleep(50);
  }
}

/** The journal of a publish: its renames in order, then the folder to remove. */
interface Journal {
  readonly pid: number;
  readonly moves: ReadonlyArray<readonly [string, string]>;
  readonly remove: string;
}

/** Runs the renames of a journal that are still to do (a source that is gone was moved already), then removes the old output. */
function replay(journal: Journal): void {
  for (const [from, to] of journal.moves) {
    // Done already when the source is gone or the target is there (a replay after an interruption).
    if ((existsSync(from) || isLink(from)) && !existsSync(to) && !isLink(to)) {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(from, to);
    }
  }
  rmSync(journal.remove, { recursive: true, force: true });
}

const isLink = (p: string) => {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/**
 * Before a synth publishes: finishes a publish an interrupted synth left (its
 * journal), removes the staging folders of interrupted synths that hold
 * only synthesized files, and names any other leftover. `current` is this
 * synth's own staging folder, left alone. Call with the output's lock held.
 * @returns warnings, one per line
 */
export function recoverInterrupted(out: string, current?: string): string[] {
  const warnings: string[] = [];
  const journalFile = sibling(out, "publish.json");
  if (existsSync(journalFile)) {
    const journal = JSON.parse(readFileSync(journalFile, "utf8")) as Journal;
    replay(journal);
    rmSync(journalFile, { force: true });
    warnings.push(`a synth (process ${journal.pid}) was interrupted while it replaced ${out}; its output and the files carried over from the one before are now in place`);
  }
  const prefix = `.${basename(out)}.`;
  for (const e of entries(dirname(out))) {
    const m = e.startsWith(prefix) ? /^(staging|previous)-(\d+)(-[a-z0-9]+)?$/.exec(e.slice(prefix.length)) : null;
    // Another folder with this process's id is a leftover (ids are reused: 1 in every container).
    if (!m || join(dirname(out), e) === current || (Number(m[2]) !== process.pid && alive(Number(m[2])))) continue;
    const folder = join(dirname(out), e);
    if (m[1] === "staging" && onlySynthesized(folder)) rmSync(folder, { recursive: true, force: true });
    else warnings.push(`${folder} is left from an interrupted synth and holds files the app did not write (or an earlier output); it was left in place. Move back what you need, then remove it`);
  }
  return warnings;
}

/** `manifest.json` with only `only`'s entry from the new one and the others from the old one (`--stack`). */
function mergeManifest(staging: string, out: string, only: string): void {
  const file = (dir: string) => join(dir, "manifest.json");
  const next = JSON.parse(readFileSync(file(staging), "utf8")) as { stacks: Record<string, unknown> };
  let previous: { stacks?: Record<string, unknown> } = {};
  try {
    previous = JSON.parse(readFileSync(file(out), "utf8"));
  } catch {
    // No earlier manifest: the new one lists only this stack.
  }
  const stacks = { ...(previous.stacks ?? {}), [only]: next.stacks[only] };
  writeFileSync(file(staging), `${JSON.stringify({ ...next, stacks }, null, 2)}\n`);
}

/**
 * Moves `staging` (a fresh synth: `manifest.json`, `stacks/<stack>/...`) to
 * `out`, keeping what `out` held that the app did not write. Call with the
 * output's lock held (`lockOutput`), after `recoverInterrupted`.
 *
 * - Stack folders written now (`written`, or only `only` when set) get the
 *   entries of their earlier folder that are not synthesized files.
 * - With `only`, every other stack folder of `out` stays as it was, the
 *   other stacks of the staging folder are dropped, and the manifest keeps
 *   the other stacks' entries.
 * - Without `only`, a folder of a stack no longer in the topology is removed
 *   when it holds nothing but synthesized files and its local state file
 *   (if its backend is local) is missing or empty; else it is kept as it is.
 * - Files and links beside the stack folders, and other entries at the top
 *   of `out`, are kept. The side files (`SYNTHESIZED_SIDE_FILES`) are the
 *   staging folder's, also with `only`; other entries of their folders are
 *   carried over.
 *
 * @throws Error (an I/O error) when a rename fails; the journal then lets the next synth finish the publish
 */
export function publishOutput(staging: string, out: string, written: readonly string[], only?: string): PublishResult {
  const wanted = only === undefined ? written : written.filter((s) => s === only);
  const carried: Record<string, string[]> = {};
  const kept: Record<string, string[]> = {};
  const keptForState: Record<string, string> = {};
  const remoteState: Record<string, string> = {};
  const removed: string[] = [];
  const newStacks = join(staging, "stacks");
  for (const stack of entries(newStacks)) if (!wanted.includes(stack)) rmSync(join(newStacks, stack), { recursive: true, force: true });
  if (only !== undefined) mergeManifest(staging, out, only);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    renameSync(staging, out);
    return { written: wanted, carried, removed, kept, keptForState, remoteState };
  }
  const moves: Array<readonly [string, string]> = [];
  const oldStacks = join(out, "stacks");
  for (const stack of isFolder(oldStacks) ? entries(oldStacks) : []) {
    const from = join(oldStacks, stack);
    // A file (or link) the user put beside the stack folders: kept.
    if (!isFolder(from)) {
      moves.push([from, join(newStacks, stack)]);
      continue;
    }
    const foreign = entries(from).filter((e) => !SYNTHESIZED_STACK_FILES.has(e));
    if (wanted.includes(stack)) {
      for (const e of foreign) moves.push([join(from, e), join(newStacks, stack, e)]);
      if (foreign.length > 0) carried[stack] = foreign;
      continue;
    }
    const backend = synthesizedBackend(from);
    const stateFile = backend?.type === "local" && typeof backend.config.path === "string" ? resolve(from, backend.config.path) : undefined;
    if (only !== undefined) {
      moves.push([from, join(newStacks, stack)]);
    } else if (foreign.length > 0) {
      moves.push([from, join(newStacks, stack)]);
      kept[stack] = foreign;
    } else if (stateFile !== undefined && existsSync(stateFile) && statSync(stateFile).size > 0) {
      // Its Terraform is the only way to destroy what that state holds.
      moves.push([from, join(newStacks, stack)]);
      keptForState[stack] = stateFile;
    } else {
      removed.push(stack);
      if (backend && backend.type !== "local") remoteState[stack] = remoteStateOf(backend);
    }
  }
  for (const e of entries(out)) {
    // The app's: the staging folder holds this synth's (the old ones go with the previous output).
    if (e === "manifest.json" || (e === "stacks" && isFolder(oldStacks)) || SYNTHESIZED_SIDE_FILES.has(e)) continue;
    if (SIDE_FOLDERS.has(e)) {
      // A folder of side files: what the app did not write in it is carried into the new one; a file or link in its place, beside it.
      if (!isFolder(join(out, e))) moves.push([join(out, e), join(staging, `${e}.previous`)]);
      else for (const f of entries(join(out, e))) if (!SYNTHESIZED_SIDE_FILES.has(`${e}/${f}`)) moves.push([join(out, e, f), join(staging, e, f)]);
      continue;
    }
    // Anything else at the top (a file named `stacks` too, under another name) is the user's.
    moves.push([join(out, e), join(staging, e === "stacks" ? "stacks.previous" : e)]);
  }
  const previous = sibling(out, `previous-${process.pid}-${basename(staging).split("-").pop()}`);
  moves.push([out, previous], [staging, out]);
  const journal: Journal = { pid: process.pid, moves, remove: previous };
  const journalFile = sibling(out, "publish.json");
  writeFileSync(`${journalFile}.tmp`, JSON.stringify(journal));
  renameSync(`${journalFile}.tmp`, journalFile);
  replay(journal);
  rmSync(journalFile, { force: true });
  return { written: wanted, carried, removed, kept, keptForState, remoteState };
}
