/**
 * The app (run by bin/app.js as precompiled JS, or directly with tsx): reads the topology file named by ARC_TOPOLOGY (default
 * examples/private-link.yaml), validates it, resolves it into the plan
 * (topology/plan.ts), builds the stacks from the plan and
 * synthesizes them to CDKTF_OUTDIR (default cdktf.out). HCL instead of JSON
 * with SYNTH_HCL_OUTPUT=true (what `cdktf synth --hcl` sets).
 *
 * A user mistake prints one line per problem and exits 1: no stack trace,
 * no output written.
 */
import * as path from "node:path";
import { App } from "cdktf";
import { ArcConnectivityError } from "./lib/core";
import { buildStacks, staleStackFolders, validateApp, writeStackFiles } from "./stacks/app";
import { loadTopology } from "./topology/load";
import { planTopology } from "./topology/plan";

export interface MainOptions {
  /** The topology used when ARC_TOPOLOGY is unset. @default examples/private-link.yaml beside this file */
  readonly defaultTopology?: string;
}

export function main(env: NodeJS.ProcessEnv = process.env, options: MainOptions = {}): number {
  const file = env.ARC_TOPOLOGY || options.defaultTopology || path.join(__dirname, "examples", "private-link.yaml");
  try {
    const plan = planTopology(loadTopology(file));
    if (plan.warnings.length > 0) process.stderr.write(`${plan.warnings.map((w) => `Warning: ${w.path}: ${w.message}`).join("\n")}\n`);
    const app = new App({ skipValidation: true });
    const stacks = buildStacks(app, plan);
    validateApp(app);
    app.synth();
    writeStackFiles(app, stacks);
    for (const folder of staleStackFolders(app, stacks)) {
      process.stderr.write(`Warning: ${folder} is from an earlier synth and not a stack of this topology; it was left in place (it may hold local state). Destroy its resources from there, then remove the folder\n`);
    }
    return 0;
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    process.stderr.write(`Topology ${file} is not valid:\n${e.problems.map((p) => `  ${p.path}: ${p.message}`).join("\n")}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
