import { MonitorPrivateLinkScope as MonitorPrivateLinkScopeResource } from "@cdktf/provider-azurerm/lib/monitor-private-link-scope";
import { MonitorPrivateLinkScopedService } from "@cdktf/provider-azurerm/lib/monitor-private-link-scoped-service";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ArmId, armIdKey, boundedName, nameSegment, canonicalArmId, fail, parseArmId, PRIVATE_LINK_SERVICES, resourceName, SubnetRef, uniqueLabels, zonesFor } from "../core";
import { MONITOR_SCOPED_TYPES } from "./facts";
import { PrivateEndpoint, serviceZoneGroupIds, ServiceZoneGroupOptions } from "../private-endpoint";

export type MonitorAccessMode = "Open" | "PrivateOnly";

/** The five zones of the Azure Monitor endpoint's zone group. */
export const MONITOR_PRIVATE_DNS_ZONES: readonly string[] = zonesFor("monitor");

export * from "./facts";

/** Azure limit on a scoped resource's name. */
export const MAX_SCOPED_SERVICE_NAME_LENGTH = 64;

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

    const linked = props.linkedResourceIds ?? [];
    const seen = new Map<string, number>();
    linked.forEach((id, i) => {
      const at = `${this.node.path}.linkedResourceIds[${i}]`;
      if (Token.isUnresolved(id)) fail(at, id, "scoped services are named after the resource, so the id must be known at synth", "pass the literal ARM id");
      const parsed = parseArmId(id);
      if (!parsed || !MONITOR_SCOPED_TYPES.some((t) => t.toLowerCase() === parsed.type.toLowerCase())) {
        fail(at, id, `must be the ARM id of a Log Analytics workspace, data collection endpoint or Application Insights component (${MONITOR_SCOPED_TYPES.join(", ")})`, "use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>");
      }
      const first = seen.get(armIdKey(id));
      if (first !== undefined) fail(at, id, `each resource is scoped once (also linkedResourceIds[${first}])`, "remove the duplicate");
      seen.set(armIdKey(id), i);
    });
    // Keyed on type and name; a later resource with an earlier one's type and name (other resource groups or subscriptions) gets a hash of its whole id.
    const labels = uniqueLabels(
      linked.map((id) => {
        const p = parseArmId(id) as ArmId;
        return { id, base: `${p.type.split("/")[1].toLowerCase()}-${nameSegment(p.name)}` };
      }),
    );
    linked.forEach((id, i) => {
      new MonitorPrivateLinkScopedService(this, `Scoped-${labels[i]}`, {
        name: boundedName(`amplss-${labels[i]}`, MAX_SCOPED_SERVICE_NAME_LENGTH),
        resourceGroupName: props.resourceGroupName,
        scopeName: this.resource.name,
        linkedResourceId: canonicalArmId(id) ?? id,
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
