import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { ArcConnectivityError } from "../../lib/core";
import { buildStacks, validateApp } from "../../stacks/app";
import { loadTopology, validateTopology } from "../../topology/load";
import { planTopology } from "../../topology/plan";
import { Topology, TopologyInput } from "../../topology/schema";

export const EXAMPLES = join(__dirname, "..", "..", "examples");

/** A small valid topology; override any field. */
export function topologyInput(overrides: Partial<TopologyInput> = {}): TopologyInput {
  return {
    name: "contoso",
    location: "westeurope",
    onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" } },
    hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" } },
    privateLink: {},
    spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"] }],
    ...overrides,
  };
}

/** The problem lines (`path: message`) a topology produces; [] when it is valid. */
export function problemLines(input: unknown): string[] {
  try {
    validateTopology(input);
    return [];
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

export function topology(overrides: Partial<TopologyInput> = {}): Topology {
  return validateTopology(topologyInput(overrides));
}

export function example(name: string): Topology {
  return loadTopology(join(EXAMPLES, name));
}

/** Builds the stacks of a topology in a fresh app and runs every validation, as the app does. */
export function buildApp(t: Topology): { app: App; stacks: TerraformStack[] } {
  const app = Testing.app();
  const stacks = buildStacks(app, planTopology(t));
  validateApp(app);
  return { app, stacks };
}

/** Synthesized JSON of each stack, by stack name. */
export function synthTopology(t: Topology): Record<string, Record<string, any>> {
  const { stacks } = buildApp(t);
  return Object.fromEntries(stacks.map((s) => [s.node.id, JSON.parse(Testing.synth(s, true))]));
}

/** All instances of a resource type in a synthesized stack. */
export function resources(tf: Record<string, any>, type: string): Array<Record<string, any>> {
  return Object.values(tf.resource?.[type] ?? {});
}

/** A stack with an azurerm provider, for a construct under test. */
export function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "test");
  new AzurermProvider(s, "azurerm", { features: [{}] });
  return s;
}

export function synthStack(s: TerraformStack): Record<string, any> {
  return JSON.parse(Testing.synth(s, true));
}
