/**
 * Publishing a synth: the app synthesizes into a staging folder beside the
 * output folder, carries over what an earlier synth's folders hold that the
 * app did not write, and then swaps the staging folder in. An interrupted or
 * failed synth leaves the previous output whole; nothing a user or Terraform
 * put into a stack folder (`.terraform/`, `.terraform.lock.hcl`, state,
 * plans, notes) is ever deleted.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** The files the app writes into a stack folder (either format): the only ones a synth replaces or removes. */
export const SYNTHESIZED_STACK_FILES: ReadonlySet<string> = new Set(["cdk.tf.json", "cdk.tf", "metadata.json", "allowlist.txt"]);

/** The files the app writes at the top of the output folder. */
const SYNTHESIZED_ROOT_ENTRIES: ReadonlySet<string> = new Set(["manifest.json", "stacks"]);

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
}

/** A staging folder beside `out` (same file system, so the swap is a rename), unique to this process. */
export function stagingFolder(out: string): string {
  return join(dirname(out), `.${basename(out)}.staging-${process.pid}`);
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** True when a process with this id runs (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when a synth's folder holds only what the app writes (a manifest and stack folders of synthesized files). */
function onlySynthesized(folder: string): boolean {
  return entries(folder).every((e) =>
    e === "manifest.json" ? true : e === "stacks" ? entries(join(folder, e)).every((stack) => entries(join(folder, e, stack)).every((f) => SYNTHESIZED_STACK_FILES.has(f))) : false,
  );
}

/**
 * Folders an interrupted synth left beside `out` (its process is gone): a
 * staging folder that holds only synthesized files is removed; any other
 * (files carried over from the output, or the previous output after a swap
 * that did not finish) is left in place and named in the returned warnings.
 */
export function cleanInterrupted(out: string): string[] {
  const warnings: string[] = [];
  const prefix = `.${basename(out)}.`;
  for (const e of entries(dirname(out))) {
    const m = e.startsWith(prefix) ? /^(staging|previous)-(\d+)$/.exec(e.slice(prefix.length)) : null;
    if (!m || alive(Number(m[2]))) continue;
    const folder = join(dirname(out), e);
    if (m[1] === "staging" && onlySynthesized(folder)) rmSync(folder, { recursive: true, force: true });
    else warnings.push(`${folder} is left from an interrupted synth and holds files the app did not write (or the previous output); it was left in place. Move back what you need, then remove it`);
  }
  return warnings;
}

/**
 * Moves `staging` (a fresh synth: `manifest.json`, `stacks/<stack>/...`) to
 * `out`, keeping what `out` held that the app did not write.
 *
 * - Stack folders written now (`written`, or only `only` when set) get the
 *   entries of their earlier folder that are not synthesized files.
 * - With `only`, every other stack folder of `out` stays as it was, and the
 *   other stacks of the staging folder are dropped.
 * - Without `only`, a folder of a stack no longer in the topology is removed
 *   when it holds nothing but synthesized files, else kept as it is.
 * - Other entries at the top of `out` are kept.
 *
 * @throws Error (an I/O error) when a rename fails; `out` is then either the previous output or the new one, never a mix.
 */
export function publishOutput(staging: string, out: string, written: readonly string[], only?: string): PublishResult {
  const wanted = only === undefined ? written : written.filter((s) => s === only);
  const carried: Record<string, string[]> = {};
  const kept: Record<string, string[]> = {};
  const removed: string[] = [];
  const newStacks = join(staging, "stacks");
  for (const stack of entries(newStacks)) if (!wanted.includes(stack)) rmSync(join(newStacks, stack), { recursive: true, force: true });
  if (existsSync(out)) {
    const oldStacks = join(out, "stacks");
    for (const stack of entries(oldStacks)) {
      const from = join(oldStacks, stack);
      if (!lstatSync(from).isDirectory()) continue;
      const foreign = entries(from).filter((e) => !SYNTHESIZED_STACK_FILES.has(e));
      if (wanted.includes(stack)) {
        for (const e of foreign) renameSync(join(from, e), join(newStacks, stack, e));
        if (foreign.length > 0) carried[stack] = foreign;
      } else if (only !== undefined) {
        renameSync(from, join(newStacks, stack));
      } else if (foreign.length > 0) {
        renameSync(from, join(newStacks, stack));
        kept[stack] = foreign;
      } else {
        removed.push(stack);
      }
    }
    for (const e of entries(out)) if (!SYNTHESIZED_ROOT_ENTRIES.has(e)) renameSync(join(out, e), join(staging, e));
    const previous = join(dirname(out), `.${basename(out)}.previous-${process.pid}`);
    renameSync(out, previous);
    renameSync(staging, out);
    rmSync(previous, { recursive: true, force: true });
  } else {
    mkdirSync(dirname(out), { recursive: true });
    renameSync(staging, out);
  }
  return { written: wanted, carried, removed, kept };
}
