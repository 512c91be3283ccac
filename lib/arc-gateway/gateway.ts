import { Token } from "cdktf";
import { Construct } from "constructs";
import { armIdArgument, fail, importedReference, parseArmId } from "../core";
import { AzapiResource, AzapiResourceAction, AzapiUpdateResource } from "../azapi";

/**
 * ARM API versions: the newest that azapi 2.12's embedded ARM schemas know
 * (Azure/terraform-provider-azapi v2.12.0). azapi validates every body
 * against them.
 */
export const ARC_GATEWAY_API_VERSION = "2026-07-15";
export const ARC_SETTINGS_API_VERSION = "2026-07-15";
/** Newest GA of `Microsoft.Kubernetes/connectedClusters` with `properties.gateway.enabled`. */
export const CONNECTED_CLUSTER_API_VERSION = "2026-05-01";

/** Azure limit: Arc gateway resources per subscription. */
export const MAX_ARC_GATEWAYS_PER_SUBSCRIPTION = 5;

export interface ArcGatewayProps {
  /** Name of the gateway resource. */
  readonly name: string;
  /** ARM id of the resource group that holds it. */
  readonly resourceGroupId: string;
  /** Region of the gateway; Arc resources of any region in the tenant can use it. */
  readonly location: string;
  /** @default ARC_GATEWAY_API_VERSION */
  readonly apiVersion?: string;
  /** @default ["*"] */
  readonly allowedFeatures?: readonly string[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IArcGateway {
  readonly gatewayId: string;
}

/**
 * An Azure Arc gateway (`Microsoft.HybridCompute/gateways`, type `Public`,
 * the only one Azure offers) through azapi: azurerm has no resource for it.
 */
export class ArcGateway extends Construct implements IArcGateway {
  /** Imports an existing gateway by ARM id; creates nothing. */
  public static fromGatewayId(scope: Construct, id: string, gatewayId: string): IArcGateway {
    return importedReference(scope, id, { gatewayId });
  }

  public readonly resource: AzapiResource;
  public readonly gatewayId: string;
  /** The gateway URL (`<prefix>.gw.arc.azure.com`) users must allow; known after apply. */
  public readonly gatewayEndpoint: string;

  constructor(scope: Construct, id: string, props: ArcGatewayProps) {
    super(scope, id);
    this.resource = new AzapiResource(this, "Resource", {
      type: `Microsoft.HybridCompute/gateways@${props.apiVersion ?? ARC_GATEWAY_API_VERSION}`,
      name: props.name,
      parentId: props.resourceGroupId,
      location: props.location,
      body: { properties: { gatewayType: "Public", allowedFeatures: [...(props.allowedFeatures ?? ["*"])] } },
      responseExportValues: ["properties.gatewayEndpoint", "properties.gatewayId"],
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.gatewayId = this.resource.id;
    this.gatewayEndpoint = this.resource.outputString("properties.gatewayEndpoint");
  }
}

/** What a gateway is associated with: an Arc-enabled server or an Arc-enabled Kubernetes cluster. */
export type ArcGatewayTarget = { readonly machineId: string } | { readonly connectedClusterId: string };

export interface ArcGatewayAssociationProps {
  readonly gatewayId: string;
  readonly target: ArcGatewayTarget;
  /** @default ARC_SETTINGS_API_VERSION */
  readonly settingsApiVersion?: string;
  /** For a cluster: the connectedClusters API version used to set `gateway.enabled`. @default CONNECTED_CLUSTER_API_VERSION */
  readonly connectedClusterApiVersion?: string;
}

const TARGET_TYPES = { machineId: "Microsoft.HybridCompute/machines", connectedClusterId: "Microsoft.Kubernetes/connectedClusters" } as const;

/**
 * Associates an Arc-enabled server or cluster with a gateway through the
 * HybridCompute `settings/default` extension resource of the target:
 * `properties.gatewayProperties.gatewayResourceId`. The settings resource
 * has no DELETE, so it is an `azapi_update_resource` (destroying it changes
 * nothing) paired with a destroy-time action that writes a null gateway id,
 * so `terraform destroy` detaches. On a cluster it also sets
 * `properties.gateway.enabled` on the connected cluster (GA 2026-05-01).
 *
 * ARM shapes:
 * - `PUT <target id>/providers/Microsoft.HybridCompute/settings/default?api-version=<v>`
 *   `{ "properties": { "gatewayProperties": { "gatewayResourceId": "<gateway id>" | null } } }`
 * - `Microsoft.Kubernetes/connectedClusters` `{ "properties": { "gateway": { "enabled": true } } }`
 *   (read, merged and PUT back by azapi_update_resource).
 */
export class ArcGatewayAssociation extends Construct {
  public readonly settings: AzapiUpdateResource;
  public readonly detachOnDestroy: AzapiResourceAction;
  public readonly clusterGateway?: AzapiUpdateResource;

  constructor(scope: Construct, id: string, props: ArcGatewayAssociationProps) {
    super(scope, id);
    const key = "machineId" in props.target ? "machineId" : "connectedClusterId";
    const targetId = armIdArgument("machineId" in props.target ? props.target.machineId : props.target.connectedClusterId);
    if (!Token.isUnresolved(targetId)) {
      const parsed = parseArmId(targetId);
      if (!parsed || parsed.type.toLowerCase() !== TARGET_TYPES[key].toLowerCase()) {
        fail(`${this.node.path}.target.${key}`, targetId, `must be the ARM id of a ${TARGET_TYPES[key]} resource`, `use /subscriptions/<id>/resourceGroups/<rg>/providers/${TARGET_TYPES[key]}/<name>`);
      }
    }
    const settingsType = `Microsoft.HybridCompute/settings@${props.settingsApiVersion ?? ARC_SETTINGS_API_VERSION}`;
    this.settings = new AzapiUpdateResource(this, "Settings", {
      type: settingsType,
      parentId: targetId,
      name: "default",
      body: { properties: { gatewayProperties: { gatewayResourceId: props.gatewayId } } },
    });
    this.detachOnDestroy = new AzapiResourceAction(this, "DetachOnDestroy", {
      type: settingsType,
      resourceId: `${targetId}/providers/Microsoft.HybridCompute/settings/default`,
      method: "PUT",
      when: "destroy",
      body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
      // Destroyed (and so run) before the settings update and the gateway it references.
      dependsOn: [this.settings],
    });
    if (key === "connectedClusterId") {
      this.clusterGateway = new AzapiUpdateResource(this, "ClusterGateway", {
        type: `Microsoft.Kubernetes/connectedClusters@${props.connectedClusterApiVersion ?? CONNECTED_CLUSTER_API_VERSION}`,
        resourceId: targetId,
        body: { properties: { gateway: { enabled: true } } },
        dependsOn: [this.settings],
      });
    }
  }
}
