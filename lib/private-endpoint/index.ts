import { PrivateEndpoint as PrivateEndpointResource } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Fn, IResolvable, Token } from "cdktf";
import { Construct } from "constructs";
import { armIdArgument, claimCapacity, fail, importedReference, literalText, resourceName, SubnetRef } from "../core";

/** Azure limit on a manual connection's request message, in UTF-8 bytes (azurerm checks the byte length). */
export const MAX_REQUEST_MESSAGE_LENGTH = 140;

/** Azure limits (Microsoft Learn, "Naming rules and restrictions for Azure resources"; "Azure subscription and service limits"). */
export const MAX_PRIVATE_ENDPOINT_NAME_LENGTH = 64;
export const MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK = 1000;
/** Letters, digits, '.', '-', '_'; a letter or digit first and a letter, digit or '_' last, so at least 2 characters (the maximum is checked apart). */
const ENDPOINT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9_]$/;

export interface PrivateEndpointManualApproval {
  /** Shown to the owner of the target resource; 1 to 140 characters. A Terraform string: escape literal text with `terraformLiteral`. */
  readonly requestMessage: string;
}

export interface PrivateEndpointProps {
  /** Name of the endpoint, e.g. `pe-contoso-arc`: 2-64 of letters, digits, `.`, `-`, `_`, starting with a letter or digit, ending with one or `_`. */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Subnet that holds the endpoint's network interface. */
  readonly subnet: SubnetRef;
  /**
   * Region of the endpoint. It must be the region of the subnet's virtual
   * network (an Azure rule), so there is rarely a reason to set it.
   * @default - the subnet's location
   */
  readonly location?: string;
  /** ARM id of the resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** Sub-resources (group ids), e.g. `["hybridcompute"]`. */
  readonly subresourceNames: readonly string[];
  /**
   * Private DNS zones of the endpoint's one zone group (any number). Leave
   * empty to manage DNS elsewhere.
   * @default - no zone group
   */
  readonly privateDnsZoneIds?: readonly string[];
  /** @default "default" */
  readonly dnsZoneGroupName?: string;
  /**
   * Azure Policy (a DeployIfNotExists assignment) owns the zone group:
   * Terraform ignores changes to it, so the two never fight.
   * @default false
   */
  readonly dnsZoneGroupManagedByPolicy?: boolean;
  /**
   * Ask the target's owner to approve the connection (cross-tenant or
   * cross-subscription targets).
   * @default - automatic approval
   */
  readonly manualApproval?: PrivateEndpointManualApproval;
  /** @default - `nic-<name>` */
  readonly customNetworkInterfaceName?: string;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** A private endpoint, created here or imported. */
export interface IPrivateEndpoint {
  readonly privateEndpointId: string;
}

/**
 * A private endpoint with one private service connection and at most one
 * DNS zone group.
 */
export class PrivateEndpoint extends Construct implements IPrivateEndpoint {
  /** Imports an existing endpoint by ARM id; creates nothing. */
  public static fromPrivateEndpointId(scope: Construct, id: string, privateEndpointId: string): IPrivateEndpoint {
    return importedReference(scope, id, { privateEndpointId });
  }

  public readonly resource: PrivateEndpointResource;
  public readonly privateEndpointId: string;
  /** The endpoint's private IP address (known after apply). */
  public readonly privateIpAddress: string;
  /**
   * The DNS record sets Azure created in the zone group's zones: a list of
   * `{ name, fqdn, type, ttl, ip_addresses }` (known after apply).
   */
  public readonly dnsRecordSets: IResolvable;
  /** FQDNs and addresses for manual DNS (`custom_dns_configs`, known after apply). */
  public readonly customDnsConfigs: IResolvable;

  constructor(scope: Construct, id: string, props: PrivateEndpointProps) {
    super(scope, id);
    if (!Token.isUnresolved(props.name) && (props.name.length > MAX_PRIVATE_ENDPOINT_NAME_LENGTH || !ENDPOINT_NAME.test(props.name))) {
      fail(`${this.node.path}.name`, props.name, `a private endpoint name is 2-${MAX_PRIVATE_ENDPOINT_NAME_LENGTH} of letters, digits, '.', '-', '_', starting with a letter or digit and ending with one or '_'`, "shorten or rename it (boundedName in lib/core cuts a name to a limit and keeps it unique)");
    }
    claimCapacity(this, `private-endpoints:${props.subnet.virtualNetworkKey}`, MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK, "a virtual network holds at most 1,000 private endpoints", "put the endpoints in more virtual networks");
    const location = props.location ?? props.subnet.location;
    if (!Token.isUnresolved(location) && !Token.isUnresolved(props.subnet.location) && location !== props.subnet.location) {
      fail(`${this.node.path}.location`, location, `a private endpoint must be in the region of its virtual network (${props.subnet.location})`, `remove location or set it to "${props.subnet.location}"`);
    }
    if (props.subresourceNames.length === 0) {
      fail(`${this.node.path}.subresourceNames`, props.subresourceNames, "an endpoint needs at least one sub-resource (group id)", 'name one, e.g. ["hybridcompute"]');
    }
    const message = props.manualApproval?.requestMessage;
    // The provider checks the evaluated string in UTF-8 bytes, so an escape ($${, %%{) counts as the character it stands for.
    const messageBytes = message === undefined ? 0 : Buffer.byteLength(literalText(message));
    if (message !== undefined && !Token.isUnresolved(message) && (messageBytes === 0 || messageBytes > MAX_REQUEST_MESSAGE_LENGTH)) {
      fail(`${this.node.path}.manualApproval.requestMessage`, message, `a request message has 1 to ${MAX_REQUEST_MESSAGE_LENGTH} bytes in UTF-8 (it has ${messageBytes})`, messageBytes === 0 ? "write one" : "shorten it");
    }
    const zoneIds = props.privateDnsZoneIds ?? [];
    if (props.dnsZoneGroupManagedByPolicy && zoneIds.length > 0) {
      fail(`${this.node.path}.privateDnsZoneIds`, zoneIds.length, "an endpoint whose zone group Azure Policy owns gets no zones from Terraform", "drop privateDnsZoneIds or dnsZoneGroupManagedByPolicy");
    }

    this.resource = new PrivateEndpointResource(this, "Resource", {
      name: props.name,
      location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnet.subnetId,
      customNetworkInterfaceName: props.customNetworkInterfaceName ?? resourceName("networkInterface", props.name),
      privateServiceConnection: {
        name: resourceName("privateServiceConnection", props.name.replace(/^pe-/, "")),
        privateConnectionResourceId: armIdArgument(props.targetResourceId),
        subresourceNames: [...props.subresourceNames],
        isManualConnection: props.manualApproval !== undefined,
        requestMessage: message,
      },
      privateDnsZoneGroup: zoneIds.length > 0 ? { name: props.dnsZoneGroupName ?? "default", privateDnsZoneIds: [...zoneIds] } : undefined,
      lifecycle: props.dnsZoneGroupManagedByPolicy ? { ignoreChanges: ["private_dns_zone_group"] } : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
    });
    this.privateEndpointId = this.resource.id;
    this.privateIpAddress = this.resource.privateServiceConnection.privateIpAddress;
    this.dnsRecordSets = Fn.flatten(Token.asList(this.resource.interpolationForAttribute("private_dns_zone_configs[*].record_sets")));
    this.customDnsConfigs = this.resource.customDnsConfigs as unknown as IResolvable;
  }
}

/** The zone group of an endpoint to a known service (Arc, Azure Monitor, ...). */
export interface ServiceZoneGroupOptions {
  /** Zone name -> zone id, for every zone of the service; required unless Azure Policy owns the group. @default - none */
  readonly privateDnsZoneIds?: Readonly<Record<string, string>>;
  /** Azure Policy owns the zone group; Terraform ignores changes to it. @default false */
  readonly dnsZoneGroupManagedByPolicy?: boolean;
}

/**
 * Zone ids of a service endpoint's one zone group, in the order of `zones`;
 * undefined when Azure Policy owns the group. Throws, naming `path`, when a
 * zone is missing: `rule` says how many the group needs, `constant` names the
 * exported list of the service's zones.
 */
export function serviceZoneGroupIds(path: string, group: ServiceZoneGroupOptions, zones: readonly string[], rule: string, constant: string): string[] | undefined {
  if (group.dnsZoneGroupManagedByPolicy) return undefined;
  const ids = group.privateDnsZoneIds ?? {};
  const missing = zones.filter((z) => ids[z] === undefined);
  if (missing.length > 0) {
    fail(`${path}.endpoint.privateDnsZoneIds`, Object.keys(ids), `${rule}; missing ${missing.join(", ")}`, `pass an id for each of ${constant}, or let Azure Policy own the zone group`);
  }
  return zones.map((z) => ids[z]);
}
