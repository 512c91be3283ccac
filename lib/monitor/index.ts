import { MonitorPrivateLinkScope as MonitorPrivateLinkScopeResource } from "@cdktf/provider-azurerm/lib/monitor-private-link-scope";
import { MonitorPrivateLinkScopedService } from "@cdktf/provider-azurerm/lib/monitor-private-link-scoped-service";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { fail, parseArmId, resourceName, SubnetRef } from "../core";
import { PRIVATE_LINK_SERVICES, zonesFor } from "../dns";
import { PrivateEndpoint, serviceZoneGroupIds, ServiceZoneGroupOptions } from "../private-endpoint";

export type MonitorAccessMode = "Open" | "PrivateOnly";

/** The five zones of the Azure Monitor endpoint's zone group. */
export const MONITOR_PRIVATE_DNS_ZONES: readonly string[] = zonesFor("monitor");

/** Resource types an Azure Monitor Private Link Scope can hold. */
export const MONITOR_SCOPED_TYPES = ["microsoft.operationalinsights/workspaces", "microsoft.insights/datacollectionendpoints", "microsoft.insights/components"];

/** `privateDnsZoneIds` holds the five Azure Monitor zones (`MONITOR_PRIVATE_DNS_ZONES`). */
export interface MonitorPrivateEndpointOptions extends ServiceZoneGroupOptions {
  readonly subnet: SubnetRef;
}

export interface MonitorPrivateLinkScopeProps {
  /** e.g. `ampls-contoso`. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** @default "PrivateOnly" */
  readonly ingestionAccessMode?: MonitorAccessMode;
  /** @default "PrivateOnly" */
  readonly queryAccessMode?: MonitorAccessMode;
  /** Log Analytics workspaces, data collection endpoints or Application Insights components to scope. @default - none */
  readonly linkedResourceIds?: readonly string[];
  /** The scope's endpoint (sub-resource `azuremonitor`, five zones). @default - none */
  readonly endpoint?: MonitorPrivateEndpointOptions;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** An Azure Monitor Private Link Scope, its scoped services and its private endpoint. */
export class MonitorPrivateLinkScope extends Construct {
  public readonly resource: MonitorPrivateLinkScopeResource;
  public readonly privateLinkScopeId: string;
  public readonly endpoint?: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: MonitorPrivateLinkScopeProps) {
    super(scope, id);
    this.resource = new MonitorPrivateLinkScopeResource(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      ingestionAccessMode: props.ingestionAccessMode ?? "PrivateOnly",
      queryAccessMode: props.queryAccessMode ?? "PrivateOnly",
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.privateLinkScopeId = this.resource.id;

    const seen = new Set<string>();
    (props.linkedResourceIds ?? []).forEach((linked, i) => {
      if (Token.isUnresolved(linked)) fail(`${this.node.path}.linkedResourceIds[${i}]`, linked, "scoped services are keyed by resource name, so the id must be known at synth", "pass the literal ARM id");
      const parsed = parseArmId(linked);
      if (!parsed || !MONITOR_SCOPED_TYPES.includes(parsed.type.toLowerCase())) {
        fail(`${this.node.path}.linkedResourceIds[${i}]`, linked, "must be the ARM id of a Log Analytics workspace, data collection endpoint or Application Insights component", "use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>");
      }
      const key = `${parsed.type.split("/")[1]}-${parsed.name}`.toLowerCase();
      if (seen.has(key)) fail(`${this.node.path}.linkedResourceIds[${i}]`, linked, "each resource is scoped once", "remove the duplicate");
      seen.add(key);
      new MonitorPrivateLinkScopedService(this, `Scoped-${key}`, {
        name: `amplss-${key}`.slice(0, 64),
        resourceGroupName: props.resourceGroupName,
        scopeName: this.resource.name,
        linkedResourceId: linked,
      });
    });

    if (props.endpoint) {
      const zoneIds = serviceZoneGroupIds(this.node.path, props.endpoint, MONITOR_PRIVATE_DNS_ZONES, "the Azure Monitor zone group needs all five zones", "MONITOR_PRIVATE_DNS_ZONES");
      this.endpoint = new PrivateEndpoint(this, "Endpoint", {
        name: resourceName("privateEndpoint", props.name.replace(/^ampls-/, ""), "monitor"),
        resourceGroupName: props.resourceGroupName,
        subnet: props.endpoint.subnet,
        targetResourceId: this.resource.id,
        subresourceNames: [PRIVATE_LINK_SERVICES.monitor.subresource],
        privateDnsZoneIds: zoneIds,
        dnsZoneGroupManagedByPolicy: props.endpoint.dnsZoneGroupManagedByPolicy ?? false,
        tags: props.tags,
      });
    }
  }
}
