import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import { AksConnectionApproval } from "../lib/aks/approval";
import { AzapiProvider } from "../lib/azapi";
import { parseArmId } from "../lib/core";
import { aksAccessEndpointName } from "./aks-rules";
import { configureBackend } from "./backend";
import { AksPrivateAccessConfig, connectivityResourceGroupName, Topology } from "./topology";

/** Stack names are part of the API: `<name>-aks-approval-<access name>`. */
export function aksApprovalStackName(t: Pick<Topology, "name">, a: Pick<AksPrivateAccessConfig, "name">): string {
  return `${t.name}-aks-approval-${a.name}`;
}

/**
 * Approval as code for the cluster owner (the blog post "Azure Aks Private Clusters" (2023)), one stack per
 * `aksPrivateAccess` entry with `approval`: its own azapi provider, signed in
 * to the cluster's tenant and subscription, approves the connection from the
 * hub's endpoint. It shares no state with the hub stack (the owner often
 * cannot read it): the endpoint is found by its id when the topology gives
 * `subscriptionId`, else by resource group and name.
 * Apply it after the hub-and-spoke stack.
 */
export class AksApprovalStack extends ArcStack {
  public readonly approval: AksConnectionApproval;

  constructor(scope: Construct, t: Topology, a: AksPrivateAccessConfig & { approval: NonNullable<AksPrivateAccessConfig["approval"]> }) {
    const stackName = aksApprovalStackName(t, a);
    super(scope, stackName);
    configureBackend(this, t.backend, stackName);
    new AzapiProvider(this, "azapi", { subscriptionId: parseArmId(a.clusterId)?.subscriptionId, tenantId: a.approval.tenantId });
    const endpointName = aksAccessEndpointName(t, a);
    this.approval = new AksConnectionApproval(this, "Approval", {
      clusterId: a.clusterId,
      endpointResourceGroup: connectivityResourceGroupName(t),
      endpointName,
      // The hub stack's subscription, when the topology names it (else the hub's environment decides it at apply).
      endpointSubscriptionId: t.subscriptionId,
      description: `Approved for ${t.name}: ${endpointName}`.slice(0, 140),
    });
    new TerraformOutput(this, "approved_connection_name", { value: `\${${this.approval.connectionNameExpression}}`, description: "The cluster's private endpoint connection that was approved" });
  }
}
