import { App, TerraformStack } from "cdktf";
import { ArcConnectivityError, Problem } from "../lib/core";
import { HubSpokeStack } from "./hub-spoke-stack";
import { Topology } from "./topology";

/** Builds every stack a topology asks for. */
export function buildStacks(app: App, topology: Topology): TerraformStack[] {
  return [new HubSpokeStack(app, topology)];
}

/**
 * Runs every construct validation of every stack before anything is
 * written, so that a broken topology leaves no partial output.
 */
export function validateApp(app: App): void {
  const problems: Problem[] = [];
  for (const node of app.node.findAll()) {
    for (const message of node.node.validate()) problems.push({ path: node.node.path, message });
  }
  if (problems.length > 0) throw new ArcConnectivityError(problems);
}
