import { TerraformVariable } from "cdktf";
import { ARC_MACHINE_API_VERSION, ArcMachineScopeAssociation, SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES } from "../../../lib/arc-machines";
import { AzapiProvider } from "../../../lib/azapi";
import { failure } from "../../support/errors";
import { stack, synthStack } from "../../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const machine = `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01`;
const scope = `/subscriptions/${SUB}/resourceGroups/rg-conn/providers/Microsoft.HybridCompute/privateLinkScopes/pls-contoso-arc`;

function azapiStack() {
  const s = stack();
  new AzapiProvider(s, "azapi", {});
  return s;
}

describe("ArcMachineScopeAssociation", () => {
  it("sets the server's privateLinkScopeResourceId through azapi, and releases it with a destroy-time PATCH", () => {
    const s = azapiStack();
    const a = new ArcMachineScopeAssociation(s, "Web01", { machineId: machine, privateLinkScopeId: scope });
    const association = `azapi_update_resource.${a.association.friendlyUniqueId}`;
    expect(synthStack(s).resource).toStrictEqual({
      azapi_update_resource: {
        [a.association.friendlyUniqueId]: {
          type: "Microsoft.HybridCompute/machines@2026-07-15",
          resource_id: machine,
          body: { properties: { privateLinkScopeResourceId: scope } },
        },
      },
      azapi_resource_action: {
        [a.releaseOnDestroy.friendlyUniqueId]: {
          type: "Microsoft.HybridCompute/machines@2026-07-15",
          resource_id: machine,
          method: "PATCH",
          when: "destroy",
          body: { properties: { privateLinkScopeResourceId: null } },
          depends_on: [association],
        },
      },
    });
  });

  it("writes the id in canonical casing, and takes another API version", () => {
    const s = azapiStack();
    const a = new ArcMachineScopeAssociation(s, "Web01", { machineId: machine.replace("Microsoft.HybridCompute/machines", "microsoft.hybridcompute/MACHINES"), privateLinkScopeId: scope, apiVersion: "2025-01-13" });
    const tf = synthStack(s).resource;
    expect(tf.azapi_update_resource[a.association.friendlyUniqueId]).toMatchObject({ type: "Microsoft.HybridCompute/machines@2025-01-13", resource_id: machine });
    expect(tf.azapi_resource_action[a.releaseOnDestroy.friendlyUniqueId]).toMatchObject({ type: "Microsoft.HybridCompute/machines@2025-01-13", resource_id: machine });
  });

  it("passes a token as the machine id (an id known after apply)", () => {
    const s = azapiStack();
    const id = new TerraformVariable(s, "machine_id", { type: "string" }).stringValue;
    const a = new ArcMachineScopeAssociation(s, "Web01", { machineId: id, privateLinkScopeId: scope });
    expect(synthStack(s).resource.azapi_update_resource[a.association.friendlyUniqueId].resource_id).toBe("${var.machine_id}");
  });

  it.each([
    ["an Azure VM", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/web01`],
    ["a connected cluster", `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/edge01`],
    ["no ARM id", "web01"],
  ])("fails for %s, naming the construct path", (_what, id) => {
    expect(failure(() => new ArcMachineScopeAssociation(azapiStack(), "Web01", { machineId: id, privateLinkScopeId: scope }))).toBe(
      `test/Web01.machineId: must be the ARM id of a Microsoft.HybridCompute/machines resource; got "${id}". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<name>`,
    );
  });

  it("states the documented facts", () => {
    expect(ARC_MACHINE_API_VERSION).toBe("2026-07-15");
    expect(SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES).toBe(15);
  });
});
