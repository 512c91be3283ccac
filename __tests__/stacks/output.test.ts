/**
 * Publishing a synth (stacks/output.ts) without running one: the journal of
 * an interrupted publish is finished by the next synth, leftovers are
 * removed only when they hold nothing but synthesized files (also when they
 * carry this process's id, as in containers where every process is 1), and
 * one synth at a time takes the output folder's lock.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lockOutput, publishOutput, recoverInterrupted } from "../../stacks/output";
import { exactly } from "../support/errors";
import { filesUnder, writeTree } from "../support/files";

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "arc-output-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tree = writeTree;
const read = filesUnder;

it("publishes: the new stack files, the old folder's other files carried over, the user's files kept, stale synthesized-only folders removed", () => {
  const out = join(dir, "out");
  tree(out, { "manifest.json": "{}", "stacks/a/cdk.tf.json": "old a", "stacks/a/.terraform.lock.hcl": "lock", "stacks/gone/cdk.tf.json": "{}", "stacks/NOTES.md": "n", "top.txt": "t" });
  const staging = join(dir, "staging");
  tree(staging, { "manifest.json": '{"stacks":{}}', "stacks/a/cdk.tf.json": "new a" });
  const result = publishOutput(staging, out, ["a"]);
  expect(result).toEqual({ written: ["a"], carried: { a: [".terraform.lock.hcl"] }, removed: ["gone"], kept: {}, keptForState: {}, remoteState: {} });
  expect(read(out)).toEqual({ "manifest.json": '{"stacks":{}}', "stacks/a/cdk.tf.json": "new a", "stacks/a/.terraform.lock.hcl": "lock", "stacks/NOTES.md": "n", "top.txt": "t" });
  expect(readdirSync(dir)).toEqual(["out"]);
});

it("a publish killed after its first move is finished by the next synth's recovery: the new output, with every carried file", () => {
  const out = join(dir, "out");
  const staging = join(dir, ".out.staging-1-x");
  const previous = join(dir, ".out.previous-1-x");
  // The first move (plan.out into the staging folder) ran; the rest did not.
  tree(staging, { "manifest.json": "new", "stacks/a/cdk.tf.json": "new a", "stacks/a/plan.out": "p" });
  tree(out, { "manifest.json": "old", "stacks/a/cdk.tf.json": "old a", "stacks/a/terraform.tfstate": "state" });
  const journal = {
    pid: 999999,
    moves: [
      [join(out, "stacks", "a", "plan.out"), join(staging, "stacks", "a", "plan.out")],
      [join(out, "stacks", "a", "terraform.tfstate"), join(staging, "stacks", "a", "terraform.tfstate")],
      [out, previous],
      [staging, out],
    ],
    remove: previous,
  };
  writeFileSync(join(dir, ".out.publish.json"), JSON.stringify(journal));
  expect(recoverInterrupted(out)).toEqual([`a synth (process 999999) was interrupted while it replaced ${out}; its output and the files carried over from the one before are now in place`]);
  expect(read(out)).toEqual({ "manifest.json": "new", "stacks/a/cdk.tf.json": "new a", "stacks/a/plan.out": "p", "stacks/a/terraform.tfstate": "state" });
  expect(readdirSync(dir)).toEqual(["out"]);
});

it("a replay after the swap is done moves nothing back (a move whose target exists is done)", () => {
  const out = join(dir, "out");
  const previous = join(dir, ".out.previous-1-x");
  tree(out, { "stacks/a/cdk.tf.json": "new a" });
  tree(previous, { "stacks/a/cdk.tf.json": "old a" });
  writeFileSync(join(dir, ".out.publish.json"), JSON.stringify({ pid: 999999, moves: [[out, previous], [join(dir, ".out.staging-1-x"), out]], remove: previous }));
  recoverInterrupted(out);
  expect(read(out)).toEqual({ "stacks/a/cdk.tf.json": "new a" });
  expect(readdirSync(dir)).toEqual(["out"]);
});

it("leftover staging folders: removed when they hold only synthesized files, kept and named otherwise, also with this process's id; this synth's own is left alone", () => {
  const out = join(dir, "out");
  const mine = join(dir, `.out.staging-${process.pid}-now`);
  tree(mine, { "stacks/a/cdk.tf.json": "this synth" });
  tree(join(dir, `.out.staging-${process.pid}-old`), { "manifest.json": "{}", "stacks/a/cdk.tf.json": "x" });
  tree(join(dir, ".out.staging-999999-b"), { "stacks/a/terraform.tfstate": "state" });
  tree(join(dir, ".out.staging-999998-c"), { "stacks/junk": "a file where a stack folder would be" });
  expect(recoverInterrupted(out, mine)).toEqual([
    `${join(dir, ".out.staging-999998-c")} is left from an interrupted synth and holds files the app did not write (or an earlier output); it was left in place. Move back what you need, then remove it`,
    `${join(dir, ".out.staging-999999-b")} is left from an interrupted synth and holds files the app did not write (or an earlier output); it was left in place. Move back what you need, then remove it`,
  ]);
  expect(readdirSync(dir).sort()).toEqual([".out.staging-999998-c", ".out.staging-999999-b", `.out.staging-${process.pid}-now`].sort());
});

describe("the side files (handoff/, topology.md): the app's, replaced on every synth; what else is in their folder is carried over", () => {
  const OLD = {
    "manifest.json": "{}",
    "stacks/a/cdk.tf.json": "old a",
    "handoff/README.md": "old readme",
    "handoff/dns-forwarders.ps1": "old forwarders",
    "handoff/my-notes.md": "mine",
    "handoff/after-apply/hosts.linux.txt": "10.0.0.4 gbl.his.arc.azure.com",
    "topology.md": "old picture",
    "top.txt": "t",
  };
  /** The new synth writes a README and a firewall file, and no forwarders and no picture. */
  const NEW = { "manifest.json": '{"stacks":{}}', "stacks/a/cdk.tf.json": "new a", "handoff/README.md": "new readme", "handoff/firewall.md": "new firewall" };
  const AFTER = {
    "manifest.json": '{"stacks":{}}',
    "stacks/a/cdk.tf.json": "new a",
    "handoff/README.md": "new readme",
    "handoff/firewall.md": "new firewall",
    "handoff/my-notes.md": "mine",
    "handoff/after-apply/hosts.linux.txt": "10.0.0.4 gbl.his.arc.azure.com",
    "top.txt": "t",
  };

  it.each([
    ["every stack", undefined],
    ["--stack", "a"],
  ])("%s: the new side files replace the old ones, one no longer written goes, the user's files in handoff/ stay", (_, only) => {
    const out = join(dir, "out");
    tree(out, OLD);
    const staging = join(dir, ".out.staging-1-x");
    tree(staging, only === undefined ? NEW : { ...NEW, "manifest.json": '{"stacks":{"a":{}}}' });
    publishOutput(staging, out, ["a"], only);
    expect(read(out)).toEqual(only === undefined ? AFTER : { ...AFTER, "manifest.json": expect.any(String) });
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("a synth with no handoff/ of its own still carries the user's files there; a file named handoff is kept beside the new folder", () => {
    const out = join(dir, "out");
    tree(out, OLD);
    const staging = join(dir, ".out.staging-1-x");
    tree(staging, { "manifest.json": "{}", "stacks/a/cdk.tf.json": "new a" });
    publishOutput(staging, out, ["a"]);
    expect(read(out)).toEqual({ "manifest.json": "{}", "stacks/a/cdk.tf.json": "new a", "handoff/my-notes.md": "mine", "handoff/after-apply/hosts.linux.txt": "10.0.0.4 gbl.his.arc.azure.com", "top.txt": "t" });
    rmSync(out, { recursive: true });
    tree(out, { "manifest.json": "{}", handoff: "a file of the user's" });
    tree(staging, NEW);
    publishOutput(staging, out, ["a"]);
    expect(read(out)).toEqual({ ...NEW, "handoff.previous": "a file of the user's" });
  });

  it("a publish of side files killed after its first move is finished by the next synth; a leftover staging folder with side files is the app's, with a user's file it is kept", () => {
    const out = join(dir, "out");
    const staging = join(dir, ".out.staging-1-x");
    const previous = join(dir, ".out.previous-1-x");
    // The first move (the user's note into the new handoff folder) ran; the rest did not.
    tree(staging, { ...NEW, "handoff/my-notes.md": "mine" });
    tree(out, { "manifest.json": "{}", "stacks/a/cdk.tf.json": "old a", "handoff/README.md": "old readme", "topology.md": "old picture" });
    const journal = { pid: 999999, moves: [[join(out, "handoff", "my-notes.md"), join(staging, "handoff", "my-notes.md")], [out, previous], [staging, out]], remove: previous };
    writeFileSync(join(dir, ".out.publish.json"), JSON.stringify(journal));
    recoverInterrupted(out);
    expect(read(out)).toEqual({ ...NEW, "handoff/my-notes.md": "mine" });
    expect(readdirSync(dir)).toEqual(["out"]);
    tree(join(dir, ".out.staging-999997-a"), NEW);
    tree(join(dir, ".out.staging-999996-b"), { ...NEW, "handoff/my-notes.md": "mine" });
    expect(recoverInterrupted(out)).toEqual([
      `${join(dir, ".out.staging-999996-b")} is left from an interrupted synth and holds files the app did not write (or an earlier output); it was left in place. Move back what you need, then remove it`,
    ]);
    expect(readdirSync(dir).sort()).toEqual([".out.staging-999996-b", "out"]);
  });
});

it("the lock: one holder at a time; a lock whose process is gone is taken over; a live holder makes the next wait, then fail with the fix", async () => {
  const out = join(dir, "out");
  const release = lockOutput(out);
  expect(readFileSync(join(dir, ".out.lock"), "utf8")).toBe(String(process.pid));
  release();
  expect(existsSync(join(dir, ".out.lock"))).toBe(false);
  writeFileSync(join(dir, ".out.lock"), "999999");
  lockOutput(out)();
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
  try {
    writeFileSync(join(dir, ".out.lock"), String(child.pid));
    expect(() => lockOutput(out, 200)).toThrow(
      exactly(`--out: another synth (process ${child.pid}) is writing ${out}; got the lock file ${join(dir, ".out.lock")}. Fix: wait for it to finish, or remove the lock file if that process is gone`),
    );
  } finally {
    child.kill();
  }
});
