import { PrivateDnsResolver } from "@cdktf/provider-azurerm/lib/private-dns-resolver";
import { PrivateDnsResolverInboundEndpoint } from "@cdktf/provider-azurerm/lib/private-dns-resolver-inbound-endpoint";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { Subnet, SubnetDelegation } from "@cdktf/provider-azurerm/lib/subnet";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { VirtualNetworkGateway } from "@cdktf/provider-azurerm/lib/virtual-network-gateway";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ArcConnectivityError, cidrProblem, fail, parseCidr, resourceName, SubnetRef, VirtualNetworkRef } from "../core";
import { reservedRangeProblems } from "./check";
import { DNS_RESOLVER_RESERVED, HUB_MIN_PREFIX, hubAddresses, HubAddresses, resolverSubnetsInReservedRange } from "./layout";

export type GatewayType = "Vpn" | "ExpressRoute";

/**
 * Gateway SKUs per type: the ones azurerm 4.55 accepts for `sku` (its
 * validation lists; `ErGwScale` is an Azure SKU that azurerm cannot express
 * yet, so it is not offered). VPN `Basic` is left out: it needs a Basic
 * public IP, which Azure retired.
 */
export const GATEWAY_SKUS: Readonly<Record<GatewayType, readonly string[]>> = {
  Vpn: ["VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"],
  ExpressRoute: ["Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ"],
};

/** Zone-redundant defaults. */
export const DEFAULT_GATEWAY_SKU: Readonly<Record<GatewayType, string>> = { Vpn: "VpnGw1AZ", ExpressRoute: "ErGw1AZ" };

export interface HubGatewayOptions {
  readonly type: GatewayType;
  /** @default - `VpnGw1AZ` for VPN, `ErGw1AZ` for ExpressRoute */
  readonly sku?: string;
  /**
   * Availability zones of the gateway's public IP.
   * @default - ["1", "2", "3"] for a zone-redundant SKU (`...AZ`), none otherwise
   */
  readonly zones?: readonly string[];
}

export interface HubNetworkProps {
  /** Name prefix: the network is `vnet-<name>-hub`. */
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /** Address ranges; the fixed layout (see `HUB_LAYOUT`) takes the first /24 of the first one. */
  readonly addressSpace: readonly string[];
  /** @default - no gateway */
  readonly gateway?: HubGatewayOptions;
  /** DNS Private Resolver with a static inbound IP, the target of on-premises conditional forwarders. @default true */
  readonly dnsResolver?: boolean;
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

const RESOLVER_DELEGATION: SubnetDelegation = {
  name: "Microsoft.Network.dnsResolvers",
  serviceDelegation: { name: "Microsoft.Network/dnsResolvers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] },
};

/**
 * The hub virtual network: the private endpoints subnet, and optionally the
 * VPN or ExpressRoute gateway and the DNS Private Resolver, all at fixed
 * addresses.
 */
export class HubNetwork extends Construct {
  public readonly virtualNetwork: VirtualNetworkRef;
  public readonly addresses: HubAddresses;
  /** Where private endpoints go. */
  public readonly endpointSubnet: SubnetRef;
  /** The gateway, when there is one. Peerings that use it must depend on it. */
  public readonly gateway?: VirtualNetworkGateway;
  public readonly gatewayType?: GatewayType;
  /** Static inbound IP of the resolver, when there is one: the target of on-premises conditional forwarders. */
  public readonly resolverInboundIp?: string;
  /** The DNS Private Resolver's id, when there is one (for `OnPremisesDnsForwarding`). */
  public readonly dnsResolverId?: string;
  /** The resolver's outbound subnet (delegated; `HUB_LAYOUT.resolverOutbound`), when there is a resolver: for `OnPremisesDnsForwarding`. */
  public readonly resolverOutboundSubnetId?: string;
  public readonly location: string;

  private readonly vnet: VirtualNetwork;

  constructor(scope: Construct, id: string, props: HubNetworkProps) {
    super(scope, id);
    const first = props.addressSpace[0];
    if (first === undefined) fail(`${this.node.path}.addressSpace`, props.addressSpace, "a hub needs at least one address range", "add one, e.g. 10.0.0.0/22");
    const bad = cidrProblem(first);
    if (bad) fail(`${this.node.path}.addressSpace[0]`, first, bad, "write the network address and prefix, e.g. 10.0.0.0/22");
    const range = parseCidr(first);
    if (range.prefix > HUB_MIN_PREFIX) {
      fail(`${this.node.path}.addressSpace[0]`, first, `the hub layout needs a /${HUB_MIN_PREFIX} or larger in the first range`, `use a /${HUB_MIN_PREFIX} or larger, e.g. ${range.text.split("/")[0]}/${HUB_MIN_PREFIX}`);
    }
    const reserved = reservedRangeProblems(this.node.path, props.addressSpace);
    if (reserved.length > 0) throw new ArcConnectivityError(reserved);
    this.addresses = hubAddresses(range);
    const resolverInReserved = (props.dnsResolver ?? true) ? resolverSubnetsInReservedRange(this.addresses) : [];
    if (resolverInReserved.length > 0) {
      fail(
        `${this.node.path}.addressSpace[0]`,
        first,
        `the DNS Private Resolver subnets would be ${resolverInReserved.join(" and ")}, inside ${DNS_RESOLVER_RESERVED.first}-${DNS_RESOLVER_RESERVED.last}, which the resolver service reserves`,
        "give the hub a first range outside 10.0.1.0-10.0.16.255 (e.g. 10.0.0.0/22 puts the resolver at 10.0.0.96), or turn dnsResolver off",
      );
    }
    this.location = props.location;
    const tags = props.tags ? { ...props.tags } : undefined;
    const name = resourceName("virtualNetwork", props.name, "hub");

    this.vnet = new VirtualNetwork(this, "VirtualNetwork", {
      name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      addressSpace: [...props.addressSpace],
      tags,
    });
    this.virtualNetwork = { virtualNetworkId: this.vnet.id, virtualNetworkName: this.vnet.name, label: name, location: props.location, virtualNetworkKey: this.node.path };

    const endpointsName = resourceName("subnet", props.name, "endpoints");
    const endpoints = this.subnet("EndpointSubnet", endpointsName, this.addresses.endpoints);
    this.endpointSubnet = { subnetId: endpoints.id, name: endpointsName, location: props.location, virtualNetworkId: this.virtualNetwork.virtualNetworkId, virtualNetworkKey: this.node.path };

    if (props.gateway) {
      this.gatewayType = props.gateway.type;
      const sku = props.gateway.sku ?? DEFAULT_GATEWAY_SKU[props.gateway.type];
      const allowed = GATEWAY_SKUS[props.gateway.type];
      if (!Token.isUnresolved(sku) && !allowed.includes(sku)) {
        fail(`${this.node.path}.gateway.sku`, sku, `is not a ${props.gateway.type} gateway SKU (${allowed.join(", ")})`, `use one of them, e.g. ${DEFAULT_GATEWAY_SKU[props.gateway.type]}`);
      }
      const zoneRedundant = /AZ$/.test(sku);
      const gatewaySubnet = this.subnet("GatewaySubnet", "GatewaySubnet", this.addresses.gateway);
      const gatewayScope = new Construct(this, "Gateway");
      const gatewayName = resourceName("virtualNetworkGateway", props.name, "hub");
      const pip = new PublicIp(gatewayScope, "PublicIp", {
        name: resourceName("publicIp", gatewayName),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku: "Standard",
        allocationMethod: "Static",
        zones: props.gateway.zones ? [...props.gateway.zones] : zoneRedundant ? ["1", "2", "3"] : undefined,
        tags,
      });
      this.gateway = new VirtualNetworkGateway(gatewayScope, "Resource", {
        name: gatewayName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        type: props.gateway.type,
        sku,
        vpnType: props.gateway.type === "Vpn" ? "RouteBased" : undefined,
        activeActive: false,
        enableBgp: false,
        ipConfiguration: [{ name: "default", publicIpAddressId: pip.id, subnetId: gatewaySubnet.id, privateIpAddressAllocation: "Dynamic" }],
        tags,
      });
    }

    if (props.dnsResolver ?? true) {
      const inbound = this.subnet("ResolverInboundSubnet", resourceName("subnet", props.name, "dns-inbound"), this.addresses.resolverInbound, RESOLVER_DELEGATION);
      this.resolverOutboundSubnetId = this.subnet("ResolverOutboundSubnet", resourceName("subnet", props.name, "dns-outbound"), this.addresses.resolverOutbound, RESOLVER_DELEGATION).id;
      const resolverScope = new Construct(this, "DnsResolver");
      const resolverName = resourceName("dnsResolver", props.name, "hub");
      const resolver = new PrivateDnsResolver(resolverScope, "Resource", {
        name: resolverName,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        virtualNetworkId: this.vnet.id,
        tags,
      });
      new PrivateDnsResolverInboundEndpoint(resolverScope, "Inbound", {
        name: resourceName("dnsResolverInbound", resolverName),
        privateDnsResolverId: resolver.id,
        location: props.location,
        ipConfigurations: { privateIpAllocationMethod: "Static", privateIpAddress: this.addresses.resolverInboundIp, subnetId: inbound.id },
        tags,
      });
      this.resolverInboundIp = this.addresses.resolverInboundIp;
      this.dnsResolverId = resolver.id;
    }
  }

  private subnet(id: string, name: string, prefix: string, delegation?: SubnetDelegation): Subnet {
    return new Subnet(this, id, {
      name,
      resourceGroupName: this.vnet.resourceGroupName,
      virtualNetworkName: this.virtualNetwork.virtualNetworkName,
      addressPrefixes: [prefix],
      delegation: delegation ? [delegation] : undefined,
    });
  }
}
