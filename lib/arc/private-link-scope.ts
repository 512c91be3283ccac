import { ArcPrivateLinkScope as ArcPrivateLinkScopeResource } from "@cdktf/provider-azurerm/lib/arc-private-link-scope";
import { Construct } from "constructs";
import { claimExclusive, fail, importedReference, PRIVATE_LINK_SERVICES, resourceName, SubnetRef, zonesFor } from "../core";
import { PrivateEndpoint, serviceZoneGroupIds, ServiceZoneGroupOptions } from "../private-endpoint";

/**
 * Resource providers Arc-enabled servers and Kubernetes need registered in
 * the subscription; pass them to the azurerm provider's
 * `resource_providers_to_register`.
 */
export const ARC_RESOURCE_PROVIDERS: readonly string[] = [
  "Microsoft.HybridCompute",
  "Microsoft.GuestConfiguration",
  "Microsoft.HybridConnectivity",
  "Microsoft.AzureArcData",
  "Microsoft.Kubernetes",
  "Microsoft.KubernetesConfiguration",
  "Microsoft.ExtendedLocation",
];

/** The three zones of the Arc endpoint's zone group. */
export const ARC_PRIVATE_DNS_ZONES: readonly string[] = zonesFor("arc");

/** `privateDnsZoneIds` holds the three Arc zones (`ARC_PRIVATE_DNS_ZONES`). */
export interface ArcPrivateEndpointOptions extends ServiceZoneGroupOptions {
  /** Subnet of the endpoint (its network must not hold another Arc scope's endpoint). */
  readonly subnet: SubnetRef;
  /** @default - `pe-<scope name without its pls- prefix>` */
  readonly name?: string;
}

export interface ArcPrivateLinkScopeProps {
  /** e.g. `pls-contoso-arc`. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Region of the scope: Arc machines and clusters that use it must be in the same region. */
  readonly location: string;
  /**
   * Let associated machines also reach Arc over public networks.
   * @default false
   */
  readonly publicNetworkAccessEnabled?: boolean;
  /** The scope's private endpoint. @default - none: add one with `addPrivateEndpoint` */
  readonly endpoint?: ArcPrivateEndpointOptions;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface IArcPrivateLinkScope {
  readonly privateLinkScopeId: string;
}

/**
 * An Azure Arc Private Link Scope (servers and Arc-enabled Kubernetes) and
 * its private endpoint: sub-resource `hybridcompute`, the three Arc zones in
 * one zone group.
 */
export class ArcPrivateLinkScope extends Construct implements IArcPrivateLinkScope {
  /** Imports an existing scope by ARM id; creates nothing. */
  public static fromPrivateLinkScopeId(scope: Construct, id: string, privateLinkScopeId: string): IArcPrivateLinkScope {
    return importedReference(scope, id, { privateLinkScopeId });
  }

  public readonly resource: ArcPrivateLinkScopeResource;
  public readonly privateLinkScopeId: string;
  public readonly location: string;
  /** The endpoint, once added. */
  public endpoint?: PrivateEndpoint;
  private readonly props: ArcPrivateLinkScopeProps;

  constructor(scope: Construct, id: string, props: ArcPrivateLinkScopeProps) {
    super(scope, id);
    this.props = props;
    this.location = props.location;
    this.resource = new ArcPrivateLinkScopeResource(this, "Resource", {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      publicNetworkAccessEnabled: props.publicNetworkAccessEnabled ?? false,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.privateLinkScopeId = this.resource.id;
    if (props.endpoint) this.addPrivateEndpoint(props.endpoint);
  }

  /** Adds the scope's private endpoint (one per scope here; Azure allows one Arc scope per virtual network). */
  public addPrivateEndpoint(options: ArcPrivateEndpointOptions): PrivateEndpoint {
    if (this.endpoint) fail(this.node.path, options.subnet.name, "this construct models one private endpoint per scope", "create the second endpoint with the PrivateEndpoint construct");
    claimExclusive(this, `arc-private-link-scope:${options.subnet.virtualNetworkKey}`, `at most one Arc Private Link Scope can be associated with a virtual network`, "put the second scope's endpoint in another virtual network, or use one scope");
    const policy = options.dnsZoneGroupManagedByPolicy ?? false;
    const zoneIds = serviceZoneGroupIds(this.node.path, options, ARC_PRIVATE_DNS_ZONES, "the Arc zone group needs all three Arc zones", "ARC_PRIVATE_DNS_ZONES");
    const service = PRIVATE_LINK_SERVICES.arc;
    this.endpoint = new PrivateEndpoint(this, "Endpoint", {
      name: options.name ?? resourceName("privateEndpoint", this.props.name.replace(/^pls-/, "")),
      resourceGroupName: this.props.resourceGroupName,
      subnet: options.subnet,
      targetResourceId: this.resource.id,
      subresourceNames: [service.subresource],
      privateDnsZoneIds: zoneIds,
      dnsZoneGroupManagedByPolicy: policy,
      tags: this.props.tags,
    });
    return this.endpoint;
  }
}
