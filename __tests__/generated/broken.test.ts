/**
 * Broken topologies (fast-check): a valid generated topology broken in one
 * way (bad CIDRs, overlaps, reserved ranges, wrong types, unknown and
 * missing fields, limits exceeded, names one past their maximum length,
 * two names of one list that give the same Terraform address, broken
 * suppressions: a reason one short of ten characters, an unknown rule, a
 * field of an entry as the target) must be
 * refused with problems that name a field path, the value, the rule
 * and the fix; through the app, with exit code 1, no stack trace and
 * nothing written. A value one past a limit is accepted at the limit.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as fc from "fast-check";
import { main } from "../../main";
import { ArcConnectivityError } from "../../lib/core";
import { validateTopology } from "../../topology/load";
import { brokenTopology, GeneratedFiles } from "../support/arbitraries";
import { EXAMPLES } from "../support/synth";

const MIN_RUNS = 1000;
const requested = Number(process.env.FUZZ_RUNS ?? MIN_RUNS);
const RUNS = process.env.CI === "true" ? Math.max(requested, MIN_RUNS) : requested;
/** Every so many cases also go through the app (a file, a process exit code, an output folder). */
const APP_EVERY = 50;

/** A field path as problems name them: `name`, `spokes[2].addressSpace[0]`, `tags["a/b"]`, `privateLink.dns.zoneIds["x"]`. */
const FIELD_PATH = /^[A-Za-z$][\w$]*(\.[A-Za-z$][\w$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*$/;

let dir: string;
let files: GeneratedFiles;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "arc-broken-"));
  const path = join(dir, "proxy-ca.pem");
  copyFileSync(join(EXAMPLES, "contoso-proxy-ca.pem"), path);
  files = { certificates: [path] };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the app on a topology file, capturing what it writes to stderr. */
function runApp(file: string, out: string): { code: number; stderr: string } {
  const chunks: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: main({ ARC_TOPOLOGY: file, CDKTF_OUTDIR: out }), stderr: chunks.join("") };
  } finally {
    process.stderr.write = write;
  }
}

/** The problems of a topology; [] when the library accepts it. */
function problemsOf(input: unknown): ArcConnectivityError["problems"] {
  try {
    validateTopology(input, { baseDir: dir });
    return [];
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    return e.problems;
  }
}

it(`refuses ${RUNS} broken topologies with field-path problems, exit 1, no stack trace and nothing written`, () => {
  let count = 0;
  const kinds = new Map<string, number>();
  fc.assert(
    fc.property(brokenTopology(files), (b) => {
      const problems = problemsOf(b.input);
      expect({ kind: b.kind, refused: problems.length > 0 }).toEqual({ kind: b.kind, refused: true });
      // One past a limit is refused for the limit alone: at the limit, the same topology is accepted.
      if (b.atLimit !== undefined) expect({ kind: b.kind, atLimit: problemsOf(b.atLimit).map((p) => `${p.path}: ${p.message}`) }).toEqual({ kind: b.kind, atLimit: [] });
      for (const p of problems) {
        expect({ kind: b.kind, path: p.path, fieldPath: FIELD_PATH.test(p.path) || p.path === "(file)" }).toEqual({ kind: b.kind, path: p.path, fieldPath: true });
        expect(p.message).toMatch(/Fix: \S/);
      }
      expect({ kind: b.kind, paths: problems.map((p) => p.path), names: problems.some((p) => p.path.startsWith(b.path)) }).toEqual({ kind: b.kind, paths: problems.map((p) => p.path), names: true });
      if (count % APP_EVERY === 0) {
        const file = join(dir, `broken-${count}.json`);
        const out = join(dir, `out-${count}`);
        writeFileSync(file, JSON.stringify(b.input));
        const r = runApp(file, out);
        expect({ kind: b.kind, code: r.code, trace: /\n\s+at /.test(r.stderr), written: existsSync(out) }).toEqual({ kind: b.kind, code: 1, trace: false, written: false });
        expect(r.stderr.split("\n")[0]).toBe(`Topology ${file} is not valid:`);
      }
      kinds.set(b.kind, (kinds.get(b.kind) ?? 0) + 1);
      count++;
    }),
    { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
  );
  process.stdout.write(`${count} generated topologies, broken in ${kinds.size} ways (${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")})\n`);
  expect(count).toBe(RUNS);
});
