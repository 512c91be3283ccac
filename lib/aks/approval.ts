import { TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { armIdArgument, fail, isArmIdOf, isGuid } from "../core";
import { AzapiResourceAction, DataAzapiResourceList } from "../azapi";
import { AKS_API_VERSION } from "./facts";

const CONNECTIONS_TYPE = `Microsoft.ContainerService/managedClusters/privateEndpointConnections@${AKS_API_VERSION}`;

export interface AksConnectionApprovalProps {
  /** ARM id of the cluster whose connection is approved. */
  readonly clusterId: string;
  /** Resource group of the private endpoint (on the requesting side). */
  readonly endpointResourceGroup: string;
  /** Name of the private endpoint. */
  readonly endpointName: string;
  /**
   * Subscription of the private endpoint, when the requesting side knows it:
   * the connection is then matched by the endpoint's whole id, so a
   * same-named endpoint in a same-named resource group of another
   * subscription is never approved. A GUID.
   * @default - matched by resource group and name only
   */
  readonly endpointSubscriptionId?: string;
  /** Shown on the connection, at most 140 characters. @default "Approved by Terraform" */
  readonly description?: string;
  /** An azapi provider signed in to the cluster owner's tenant and subscription. @default - the stack's default azapi provider */
  readonly provider?: TerraformProvider;
}

/**
 * Approval as code on the cluster owner's side: lists the cluster's
 * `privateEndpointConnections` (azurerm has no resource for them, and
 * `az network private-endpoint-connection approve` refuses the
 * managedClusters type) and PUTs `Approved` on the one whose endpoint id
 * ends with `/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>`.
 *
 * The endpoint is matched by its whole id when `endpointSubscriptionId` is
 * given, else by resource group and name (the requesting side's subscription
 * is often unknown, taken from its environment at apply). A precondition
 * stops the apply with a clear message while no such connection exists
 * (the requesting side has not applied yet).
 */
export class AksConnectionApproval extends Construct {
  public readonly connections: DataAzapiResourceList;
  public readonly approval: AzapiResourceAction;
  /** Terraform expression (without `${}`) of the matched connection's name. */
  public readonly connectionNameExpression: string;

  constructor(scope: Construct, id: string, props: AksConnectionApprovalProps) {
    super(scope, id);
    const description = props.description ?? "Approved by Terraform";
    if (description.length > 140) {
      fail(`${this.node.path}.description`, description, "a connection description has at most 140 characters", "shorten it");
    }
    // Names go into a Terraform string literal: keep them to ARM's name characters.
    for (const [field, value] of [["endpointResourceGroup", props.endpointResourceGroup], ["endpointName", props.endpointName]] as const) {
      if (!/^[-\w._()]+$/.test(value)) fail(`${this.node.path}.${field}`, value, "must be a resource group or resource name (letters, digits, '-', '_', '.', '(' and ')')", "pass the plain name");
    }
    const sub = props.endpointSubscriptionId;
    if (sub !== undefined && !isGuid(sub)) {
      fail(`${this.node.path}.endpointSubscriptionId`, sub, "must be a subscription id (a GUID)", "pass the requesting side's subscription id, or leave it out to match by resource group and name");
    }
    if (!Token.isUnresolved(props.clusterId) && !isArmIdOf(props.clusterId, "Microsoft.ContainerService/managedClusters")) {
      fail(`${this.node.path}.clusterId`, props.clusterId, "must be the ARM id of a Microsoft.ContainerService/managedClusters resource", "use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>");
    }
    const clusterId = armIdArgument(props.clusterId);
    this.connections = new DataAzapiResourceList(this, "Connections", {
      type: CONNECTIONS_TYPE,
      parentId: clusterId,
      responseExportValues: ["value"],
      provider: props.provider,
    });
    const suffix = `/resourcegroups/${props.endpointResourceGroup}/providers/microsoft.network/privateendpoints/${props.endpointName}`.toLowerCase();
    const test = sub === undefined ? `endswith(lower(c.properties.privateEndpoint.id), "${suffix}")` : `lower(c.properties.privateEndpoint.id) == "/subscriptions/${sub.toLowerCase()}${suffix}"`;
    const matches = `[for c in ${this.connections.outputExpression("value")} : c.name if ${test}]`;
    this.connectionNameExpression = `one(${matches})`;
    this.approval = new AzapiResourceAction(this, "Approve", {
      type: CONNECTIONS_TYPE,
      resourceId: `${clusterId}/privateEndpointConnections/\${${this.connectionNameExpression}}`,
      method: "PUT",
      body: { properties: { privateLinkServiceConnectionState: { status: "Approved", description } } },
      provider: props.provider,
      lifecycle: {
        precondition: [
          {
            condition: `\${length(${matches}) == 1}`,
            errorMessage: `No connection from private endpoint ${props.endpointName} (resource group ${props.endpointResourceGroup}) on this cluster yet. Apply the requesting side's stack first, then this one.`,
          },
        ],
      },
    });
  }
}
