import { rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { ArcConnectivityError, Problem } from "../lib/core";
import { Plan, planStacks } from "../topology/plan";
import { StackWithFiles } from "./backend";
import { HubSpokeStack } from "./hub-spoke-stack";

/**
 * The optional stacks load on first use: their provider classes (azapi,
 * kubernetes, helm, tls) cost start-up time that a topology without them
 * would otherwise pay on every synth.
 */
const lazy = {
  gateway: () => (require("./gateway-stack") as typeof import("./gateway-stack")).ArcGatewayStack,
  approval: () => (require("./aks-approval-stack") as typeof import("./aks-approval-stack")).AksApprovalStack,
  kubernetes: () => (require("./kubernetes-stack") as typeof import("./kubernetes-stack")).ArcKubernetesStack,
};

/**
 * Builds every stack of a plan (`planTopology`): the hub-and-spoke stack
 * when there is a hub, one stack per Arc gateway, one approval stack per
 * `aksPrivateAccess` entry with `approval`, and one stack per
 * `kubernetes.clusters` entry; each depends on the stacks its plan names.
 */
export function buildStacks(app: App, plan: Plan): TerraformStack[] {
  const stacks = new Map<string, TerraformStack>();
  const add = (stack: TerraformStack) => stacks.set(stack.node.id, stack);
  if (plan.hub) add(new HubSpokeStack(app, plan.hub));
  for (const g of plan.gateways) add(new (lazy.gateway())(app, g));
  for (const a of plan.approvals) add(new (lazy.approval())(app, a));
  for (const c of plan.kubernetes) add(new (lazy.kubernetes())(app, c));
  for (const p of planStacks(plan)) {
    for (const dependency of p.dependsOn) (stacks.get(p.stackName) as TerraformStack).addDependency(stacks.get(dependency) as TerraformStack);
  }
  return [...stacks.values()];
}

/** A validation as constructs keeps it; cdktf's binary-version checks carry the command they run. */
interface Validation {
  validate(): string[];
  readonly versionCommand?: string;
}

/**
 * Runs every construct validation of every stack before anything is
 * written, so that a broken topology leaves no partial output.
 *
 * Skipped: cdktf's checks of the Terraform binary's version (the cloud
 * backend adds one that runs `terraform version`, a child process per
 * stack). Synthesizing never needs Terraform, and the check fails where it
 * is not installed; the README states the Terraform versions the output
 * needs. constructs keeps validations private, so they are read from the
 * node's `_validations` (constructs 10).
 */
export function validateApp(app: App): void {
  const problems: Problem[] = [];
  for (const node of app.node.findAll()) {
    const validations = (node.node as unknown as { _validations?: Validation[] })._validations ?? [];
    for (const v of validations) {
      if (v.versionCommand !== undefined) continue;
      for (const message of v.validate()) problems.push({ path: node.node.path, message });
    }
  }
  if (problems.length > 0) throw new ArcConnectivityError(problems);
}

/**
 * After `app.synth()`: writes each stack's side files (allowlists) into its
 * folder of the output, and removes the other format's Terraform file that
 * an earlier synth may have left there (`cdk.tf` beside `cdk.tf.json`
 * would make Terraform read every resource twice).
 */
export function writeStackFiles(app: App, stacks: readonly TerraformStack[]): void {
  for (const stack of stacks) {
    const manifest = app.manifest.forStack(stack);
    const dir = join(app.outdir, manifest.workingDirectory);
    // HCL output comes with metadata.json (what cdk.tf.json carries in its "//" block): the other format's files go.
    const others = basename(manifest.synthesizedStackPath) === "cdk.tf" ? ["cdk.tf.json"] : ["cdk.tf", "metadata.json"];
    for (const other of others) rmSync(join(dir, other), { force: true });
    const files = (stack as Partial<StackWithFiles>).files;
    for (const [name, text] of Object.entries(files ?? {})) writeFileSync(join(dir, name), text);
  }
}
