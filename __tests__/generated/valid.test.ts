/**
 * Generated topologies (fast-check): every topology the generator makes is
 * one the file format accepts, and each must synthesize into stacks that
 * pass the schema, constraint and template checks, with resource names
 * within Azure's length limits (names in topologies reach their own
 * limits, and prefixes and suffixes are added to them) and Terraform
 * addresses that are valid identifiers, unique per type in each stack
 * (the file refuses two names of one list that give one address, and the
 * generator makes none; names of different lists, and names taken from
 * ARM ids, can still collide, and a later one gets a hash suffix); every
 * tenth is also rendered as HCL, which must be `terraform fmt`-clean and
 * mean the same as the JSON.
 *
 * The policy pack runs on each: no error stands (the generator suppresses
 * every option a rule refuses, e.g. public access on the Arc scope), every
 * suppression it means to be used is, and only the one it means to match
 * nothing is reported unused.
 *
 * At least 1,000 per run. FUZZ_RUNS lowers the count for quick local runs;
 * under CI (CI=true) it cannot go below 1,000. FUZZ_SEED replays a run: a
 * failure prints its seed, the path to replay it and the shrunk topology.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as fc from "fast-check";
import { Testing } from "cdktf";
import { synth } from "../../main";
import { runPolicy } from "../../stacks/policy";
import { validateTopology } from "../../topology/load";
import { planStacks, planTopology } from "../../topology/plan";
import { addressProblems } from "../support/addresses";
import { ACCEPTED, features, FEATURES, GeneratedFiles, UNUSED, validTopology } from "../support/arbitraries";
import { checkStack, hclProblems, sharedMissingNote } from "../support/conformance";
import { azureNameErrors } from "../support/name-limits";
import { buildApp, EXAMPLES } from "../support/synth";

export const MIN_RUNS = 1000;
const requested = Number(process.env.FUZZ_RUNS ?? MIN_RUNS);
const RUNS = process.env.CI === "true" ? Math.max(requested, MIN_RUNS) : requested;
const HCL_EVERY = Number(process.env.HCL_EVERY ?? 10);
/** Every so many cases also go through the command's synth (a file, an output folder, --stack, --hcl). */
const SYNTH_EVERY = 50;

let dir: string;
let files: GeneratedFiles;
beforeAll(() => {
  // Proxy CA certificates the topologies name, some with template markers and quotes in their names.
  dir = mkdtempSync(join(tmpdir(), "arc-generated-"));
  const certificates = ["proxy-ca.pem", 'ca ${var.x} %{if y} "q" \\ é.pem'].map((name) => {
    const path = join(dir, name);
    copyFileSync(join(EXAMPLES, "contoso-proxy-ca.pem"), path);
    return path;
  });
  files = { certificates };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `arc-connectivity synth FILE --out out [--stack S] [--hcl]` in a folder of its own: exit 0, and the folders it must write. */
async function synthThroughCommand(input: unknown, cli: { stackIndex: number; onlyOne: boolean; hcl: boolean }): Promise<void> {
  const cwd = join(dir, `synth-${Math.random().toString(36).slice(2)}`);
  mkdirSync(cwd);
  try {
    writeFileSync(join(cwd, "topology.json"), JSON.stringify(input));
    const names = planStacks(planTopology(validateTopology(input), { projectRoot: cwd, outDir: "out" })).map((s) => s.stackName);
    const stack = cli.onlyOne ? names[cli.stackIndex % names.length] : undefined;
    const err: string[] = [];
    const code = synth({ topology: "topology.json", cwd, out: "out", stack, hcl: cli.hcl, quiet: true }, { out: () => undefined, err: (t) => void err.push(t) });
    // Warnings, and the findings the policy pack's grouped warnings list (indented): a problem would come with its header.
    expect({ code, err: err.join("").split("\n").filter((l) => l && !l.startsWith("Warning: ") && !l.startsWith("  ")) }).toEqual({ code: 0, err: [] });
    expect(readdirSync(join(cwd, "out", "stacks")).sort()).toEqual(stack ? [stack] : [...names].sort());
    for (const s of stack ? [stack] : names) expect(readdirSync(join(cwd, "out", "stacks", s))).toContain(cli.hcl ? "cdk.tf" : "cdk.tf.json");
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

it(`synthesizes ${RUNS} generated topologies into stacks that pass the schema, constraint, template, name-length and address checks`, async () => {
  const note = sharedMissingNote();
  if (note) {
    console.warn(`generated topologies: ${note}`);
    if (process.env.CI === "true") throw new Error(`under CI: ${note}`);
  }
  let count = 0;
  let stacks = 0;
  let rules = 0;
  const seen = new Set<string>();
  await fc.assert(
    fc.asyncProperty(
      fc.constant(null).chain(() => validTopology(files)),
      fc.record({ outDir: fc.constantFrom("cdktf.out", "build/nested/out", "/elsewhere/out"), stackIndex: fc.nat(), onlyOne: fc.boolean(), hcl: fc.boolean() }),
      async (input, cli) => {
        for (const f of features(input)) seen.add(f);
        const topology = validateTopology(input);
        // Local state paths, written relative to each stack folder, lead back to the state file wherever the output goes.
        const root = "/home/someone/project";
        for (const s of planStacks(planTopology(topology, { projectRoot: root, outDir: cli.outDir }))) {
          if (s.backend.type === "local") expect(resolve(root, cli.outDir, "stacks", s.stackName, s.backend.path)).toBe(resolve(root, s.backend.stateFile));
        }
        if (count % SYNTH_EVERY === 0) await synthThroughCommand(input, cli);
        const { app, stacks: built } = buildApp(topology);
        const errors: string[] = [];
        const policy = runPolicy(app, planTopology(topology));
        errors.push(...policy.errors.map((p) => `policy: ${p.path}: ${p.message}`));
        const meantUnused = topology.suppressions.flatMap((u, i) => (u.reason === UNUSED ? [i] : []));
        if (policy.unused.join() !== meantUnused.join()) errors.push(`policy: unused suppressions [${policy.unused.join(", ")}], meant [${meantUnused.join(", ")}]`);
        if (topology.suppressions.some((u) => u.reason !== ACCEPTED && u.reason !== UNUSED)) errors.push("policy: a suppression the generator did not write");
        for (const stack of built) {
          const tf = JSON.parse(Testing.synth(stack));
          const check = checkStack(stack.node.id, tf);
          errors.push(...check.errors, ...azureNameErrors(stack.node.id, tf), ...addressProblems(stack));
          rules += check.rules;
          if (count % HCL_EVERY === 0) errors.push(...(await hclProblems(stack)).map((e) => `${stack.node.id}: HCL: ${e}`));
        }
        stacks += built.length;
        count++;
        if (errors.length > 0) throw new Error(`${errors.length} problem(s):\n${errors.slice(0, 20).join("\n")}`);
      },
    ),
    { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, endOnFailure: false },
  );
  process.stdout.write(`${count} generated topologies (${stacks} stacks, ${rules} constraint evaluations, HCL checked for every ${HCL_EVERY}th)\n`);
  expect(count).toBe(RUNS);
  // A full run must have exercised every section and option the generator covers.
  if (RUNS >= MIN_RUNS) expect(FEATURES.filter((f) => !seen.has(f))).toEqual([]);
  // An explicit timeout: the property awaits the HCL checks (WebAssembly that can yield to timers), and under load jest's default of 5 s then fired mid-run.
}, 600_000);
