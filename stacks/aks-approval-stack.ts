import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import { AksConnectionApproval } from "../lib/aks/approval";
import { AzapiProvider } from "../lib/azapi";
import type { ApprovalStackPlan } from "../topology/plan";
import { configureBackend } from "./backend";

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

  constructor(scope: Construct, plan: ApprovalStackPlan) {
    super(scope, plan.stackName);
    configureBackend(this, plan.backend);
    new AzapiProvider(this, "azapi", { subscriptionId: plan.subscriptionId, tenantId: plan.tenantId });
    this.approval = new AksConnectionApproval(this, "Approval", {
      clusterId: plan.clusterId,
      endpointResourceGroup: plan.endpointResourceGroup,
      endpointName: plan.endpointName,
      endpointSubscriptionId: plan.endpointSubscriptionId,
      description: plan.description,
    });
    new TerraformOutput(this, "approved_connection_name", { value: `\${${this.approval.connectionNameExpression}}`, description: "The cluster's private endpoint connection that was approved" });
  }
}
