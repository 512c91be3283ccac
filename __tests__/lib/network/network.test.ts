import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { ArcConnectivityError, parseCidr, Problem, VirtualNetworkRef } from "../../../lib/core";
import {
  DEFAULT_GATEWAY_SKU,
  DNS_RESOLVER_RESERVED,
  GATEWAY_SKUS,
  HUB_ENDPOINT_ADDRESSES,
  HUB_LAYOUT,
  HUB_MIN_PREFIX,
  hubAddresses,
  HubAddresses,
  HubNetwork,
  HubSpokePeering,
  MAX_PEERINGS_PER_VIRTUAL_NETWORK,
  MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK,
  MAX_SUBNETS_PER_VIRTUAL_NETWORK,
  OnPremisesConnection,
  RESERVED_SUBNET_NAMES,
  reservedRangeProblems,
  RESOLVER_INBOUND_HOST,
  resolverSubnetsInReservedRange,
  SpokeNetwork,
  spokeSubnetSpecs,
  SubnetSpec,
  subnetProblems,
  VNET_RESERVED_RANGES,
} from "../../../lib/network";
import { stack, synthStack } from "../../support/synth";
import { exactly } from "../../support/errors";

const hubProps = { name: "contoso", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.0.0.0/22"] };
const spokeProps = { prefix: "contoso", name: "app1", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.1.0.0/24"] };
const tags = { env: "test" };


/** The problem lines (`path: message`) of a problem list. */
const lines = (problems: readonly Problem[]) => problems.map((p) => `${p.path}: ${p.message}`);

/** Tokens (ids, names) as Terraform sees them: each value goes through an output of the stack. */
function resolved(s: TerraformStack, values: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(values)) new TerraformOutput(s, `resolved-${k}`, { value: v });
  const out = synthStack(s).output;
  return Object.fromEntries(Object.keys(values).map((k) => [k, out[`resolved-${k}`].value]));
}

// Hub resources of `hubProps` under construct id "Hub" (logical ids are part of the Terraform state, so they are pinned too).
const HUB_VNET = "azurerm_virtual_network.Hub_VirtualNetwork_FF7DDE7E";
const hubSubnet = (name: string, prefix: string, delegated = false) => ({
  name,
  resource_group_name: `\${${HUB_VNET}.resource_group_name}`,
  virtual_network_name: `\${${HUB_VNET}.name}`,
  address_prefixes: [prefix],
  ...(delegated
    ? { delegation: [{ name: "Microsoft.Network.dnsResolvers", service_delegation: { name: "Microsoft.Network/dnsResolvers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }] }
    : {}),
});

describe("hub layout", () => {
  it("is fixed: endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 (IP .100) and .112/28, in a /24 or larger", () => {
    expect(HUB_LAYOUT).toEqual({ endpoints: { offset: 0, prefix: 26 }, gateway: { offset: 64, prefix: 27 }, resolverInbound: { offset: 96, prefix: 28 }, resolverOutbound: { offset: 112, prefix: 28 } });
    expect(HUB_MIN_PREFIX).toBe(24);
    expect(RESOLVER_INBOUND_HOST).toBe(4);
    expect(HUB_ENDPOINT_ADDRESSES).toBe(59);
    expect(hubAddresses(parseCidr("10.9.4.0/22"))).toEqual({
      endpoints: "10.9.4.0/26",
      gateway: "10.9.4.64/27",
      resolverInbound: "10.9.4.96/28",
      resolverOutbound: "10.9.4.112/28",
      resolverInboundIp: "10.9.4.100",
    });
  });

  it("knows the range the resolver service reserves: 10.0.1.0-10.0.16.255", () => {
    expect(DNS_RESOLVER_RESERVED).toEqual({ first: "10.0.1.0", last: "10.0.16.255" });
  });

  const layout = (resolverInbound: string, resolverOutbound: string): HubAddresses => ({ endpoints: "10.0.0.0/26", gateway: "10.0.0.64/27", resolverInbound, resolverOutbound, resolverInboundIp: "10.0.0.100" });

  it("resolver subnets: passes at the addresses next to the reserved range (10.0.0.255, 10.0.17.0)", () => {
    expect(resolverSubnetsInReservedRange(layout("10.0.0.255/32", "10.0.17.0/32"))).toEqual([]);
    expect(resolverSubnetsInReservedRange(layout("10.0.0.240/28", "10.0.17.0/28"))).toEqual([]);
    expect(resolverSubnetsInReservedRange(hubAddresses(parseCidr("10.0.0.0/24")))).toEqual([]);
    expect(resolverSubnetsInReservedRange(hubAddresses(parseCidr("10.0.17.0/24")))).toEqual([]);
  });

  it("resolver subnets: fails at the first and last reserved address (10.0.1.0, 10.0.16.255), naming each subnet inside", () => {
    expect(resolverSubnetsInReservedRange(layout("10.0.1.0/32", "10.0.16.255/32"))).toEqual(["10.0.1.0/32", "10.0.16.255/32"]);
    expect(resolverSubnetsInReservedRange(layout("10.0.0.0/23", "10.0.16.0/20"))).toEqual(["10.0.0.0/23", "10.0.16.0/20"]);
    expect(resolverSubnetsInReservedRange(layout("10.0.0.96/28", "10.0.16.240/28"))).toEqual(["10.0.16.240/28"]);
    expect(resolverSubnetsInReservedRange(hubAddresses(parseCidr("10.0.1.0/24")))).toEqual(["10.0.1.96/28", "10.0.1.112/28"]);
  });
});

describe("limits", () => {
  it("are Azure's: 3,000 subnets, 500 peerings and 1,000 private endpoints per virtual network", () => {
    expect([MAX_SUBNETS_PER_VIRTUAL_NETWORK, MAX_PEERINGS_PER_VIRTUAL_NETWORK, MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK]).toEqual([3000, 500, 1000]);
  });
});

describe("reservedRangeProblems", () => {
  const fix = "Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it";

  it("lists the ranges Azure refuses in a virtual network", () => {
    expect(VNET_RESERVED_RANGES).toEqual([
      { cidr: "224.0.0.0/4", use: "multicast" },
      { cidr: "255.255.255.255/32", use: "broadcast" },
      { cidr: "127.0.0.0/8", use: "loopback" },
      { cidr: "169.254.0.0/16", use: "link-local" },
      { cidr: "168.63.129.16/32", use: "Azure's internal DNS and health probes" },
    ]);
  });

  it("fails for every reserved range a range overlaps, in order, naming the entry", () => {
    expect(lines(reservedRangeProblems("spokes[1]", ["10.0.0.0/8", "0.0.0.0/0"]))).toEqual([
      `spokes[1].addressSpace[1]: overlaps 224.0.0.0/4 (multicast), which Azure does not allow in a virtual network; got "0.0.0.0/0". ${fix}`,
      `spokes[1].addressSpace[1]: overlaps 255.255.255.255/32 (broadcast), which Azure does not allow in a virtual network; got "0.0.0.0/0". ${fix}`,
      `spokes[1].addressSpace[1]: overlaps 127.0.0.0/8 (loopback), which Azure does not allow in a virtual network; got "0.0.0.0/0". ${fix}`,
      `spokes[1].addressSpace[1]: overlaps 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network; got "0.0.0.0/0". ${fix}`,
      `spokes[1].addressSpace[1]: overlaps 168.63.129.16/32 (Azure's internal DNS and health probes), which Azure does not allow in a virtual network; got "0.0.0.0/0". ${fix}`,
    ]);
  });

  it.each([
    ["224.0.0.0/4", "multicast", ["223.255.255.255/32", "240.0.0.0/32"], ["224.0.0.0/32", "239.255.255.255/32"]],
    ["255.255.255.255/32", "broadcast", ["255.255.255.254/32"], ["255.255.255.255/32"]],
    ["127.0.0.0/8", "loopback", ["126.255.255.255/32", "128.0.0.0/32"], ["127.0.0.0/32", "127.255.255.255/32"]],
    ["169.254.0.0/16", "link-local", ["169.253.255.255/32", "169.255.0.0/32"], ["169.254.0.0/32", "169.254.255.255/32"]],
    ["168.63.129.16/32", "Azure's internal DNS and health probes", ["168.63.129.15/32", "168.63.129.17/32"], ["168.63.129.16/32"]],
  ])("%s (%s): passes next to it (%j), fails at its first and last address (%j)", (cidr, use, outside, inside) => {
    expect(reservedRangeProblems("spokes[0]", outside)).toEqual([]);
    for (const range of inside) {
      expect(lines(reservedRangeProblems("spokes[0]", [range]))).toEqual([`spokes[0].addressSpace[0]: overlaps ${cidr} (${use}), which Azure does not allow in a virtual network; got "${range}". ${fix}`]);
    }
  });

  it("skips entries that are not CIDRs (the topology rules report those)", () => {
    expect(reservedRangeProblems("spokes[0]", ["bogus", "10.0.0.1/8", "10.0.0.0/8"])).toEqual([]);
  });
});

describe("subnetProblems", () => {
  const check = (subnets: SubnetSpec[], addressSpace = ["10.1.0.0/24"]) => lines(subnetProblems("spokes[0]", addressSpace, subnets));
  /** `n` distinct /29 subnets in 10.0.0.0/16. */
  const many = (n: number): SubnetSpec[] => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, addressPrefix: `10.0.${Math.floor(i / 32)}.${(i % 32) * 8}/29` }));

  it("passes at the limit: 3,000 subnets", () => {
    expect(subnetProblems("spokes[0]", ["10.0.0.0/16"], many(3000))).toEqual([]);
  });

  it("fails when a network would hold 3,001 subnets", () => {
    expect(lines(subnetProblems("spokes[0]", ["10.0.0.0/16"], many(3001)))).toEqual([
      "spokes[0].subnets: a virtual network holds at most 3000 subnets (Azure limit); got 3001. Fix: split the subnets over more spokes",
    ]);
  });

  it("passes at the limit: a /29 (and the last /29 of the range)", () => {
    expect(check([{ name: "a", addressPrefix: "10.1.0.0/29" }, { name: "b", addressPrefix: "10.1.0.248/29" }])).toEqual([]);
  });

  it("fails when a subnet is smaller than a /29", () => {
    expect(check([{ name: "a", addressPrefix: "10.1.0.0/30" }])).toEqual(['spokes[0].subnets[0].addressPrefix: an Azure subnet is at most a /29; got "10.1.0.0/30". Fix: use a /29 or larger']);
  });

  it("fails when a subnet starts or ends outside the address space; passes inside any of its ranges", () => {
    const outside = (prefix: string, space: string) => `spokes[0].subnets[0].addressPrefix: the subnet lies outside the network's address space (${space}); got "${prefix}". Fix: pick a prefix inside the address space or widen the address space`;
    expect(check([{ name: "a", addressPrefix: "10.1.1.0/29" }])).toEqual([outside("10.1.1.0/29", "10.1.0.0/24")]);
    expect(check([{ name: "a", addressPrefix: "10.0.255.248/29" }])).toEqual([outside("10.0.255.248/29", "10.1.0.0/24")]);
    expect(check([{ name: "a", addressPrefix: "10.1.0.0/23" }])).toEqual([outside("10.1.0.0/23", "10.1.0.0/24")]);
    expect(check([{ name: "a", addressPrefix: "10.2.0.0/29" }], ["10.1.0.0/24", "10.2.0.0/24"])).toEqual([]);
    expect(check([{ name: "a", addressPrefix: "10.3.0.0/29" }], ["10.1.0.0/24", "10.2.0.0/24"])).toEqual([outside("10.3.0.0/29", "10.1.0.0/24, 10.2.0.0/24")]);
  });

  it("checks containment against the valid ranges only, and not at all when none is valid", () => {
    expect(check([{ name: "a", addressPrefix: "10.1.0.0/29" }], ["bogus", "10.1.0.0/24"])).toEqual([]);
    expect(check([{ name: "a", addressPrefix: "10.9.0.0/29" }], ["bogus"])).toEqual([]);
    expect(check([{ name: "a", addressPrefix: "10.9.0.0/29" }], [])).toEqual([]);
  });

  it("fails when a prefix is not a network address, and checks nothing else of that prefix", () => {
    expect(check([{ name: "a", addressPrefix: "10.1.0.1/25" }, { name: "b", addressPrefix: "10.1.0.0/25" }, { name: "c", addressPrefix: "10.1.0.0/33" }])).toEqual([
      'spokes[0].subnets[0].addressPrefix: has host bits set: the network is 10.1.0.0/25; got "10.1.0.1/25". Fix: write the network address and prefix, e.g. 10.1.0.0/24',
      'spokes[0].subnets[2].addressPrefix: must be an IPv4 CIDR such as 10.0.0.0/24; got "10.1.0.0/33". Fix: write the network address and prefix, e.g. 10.1.0.0/24',
    ]);
  });

  it("fails when subnets overlap, naming the one that came first; passes for adjacent subnets", () => {
    expect(check([{ name: "a", addressPrefix: "10.1.0.0/25" }, { name: "b", addressPrefix: "10.1.0.64/26" }, { name: "c", addressPrefix: "10.1.0.128/25" }])).toEqual([
      'spokes[0].subnets[1].addressPrefix: overlaps spokes[0].subnets[0].addressPrefix (10.1.0.0/25); got "10.1.0.64/26". Fix: give each subnet its own range',
    ]);
  });

  it("fails when a name repeats in any casing, naming the first; passes for different names", () => {
    expect(check([{ name: "app", addressPrefix: "10.1.0.0/26" }, { name: "app2", addressPrefix: "10.1.0.64/26" }, { name: "APP", addressPrefix: "10.1.0.128/26" }])).toEqual([
      'spokes[0].subnets[2].name: subnet names are unique within a network (also used by spokes[0].subnets[0]); got "APP". Fix: rename one of them',
    ]);
  });

  it("knows the names Azure reserves", () => {
    expect(RESERVED_SUBNET_NAMES).toEqual(["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"]);
  });

  it.each(RESERVED_SUBNET_NAMES.flatMap((n) => [n, n.toLowerCase()]))("fails when a subnet is named %s", (name) => {
    expect(check([{ name, addressPrefix: "10.1.0.0/26" }])).toEqual([
      `spokes[0].subnets[0].name: is reserved by Azure (GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet, RouteServerSubnet); got "${name}". Fix: choose another name; the hub holds the gateway`,
    ]);
  });

  it("passes for names that only contain a reserved name", () => {
    expect(check([{ name: "GatewaySubnet2", addressPrefix: "10.1.0.0/26" }, { name: "MyAzureBastionSubnet", addressPrefix: "10.1.0.64/26" }])).toEqual([]);
  });
});

describe("HubNetwork", () => {
  it("creates the network, every subnet of the layout, the VPN gateway and the resolver, all tagged", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.0.0.0/22", "10.5.0.0/24"], gateway: { type: "Vpn" }, tags });
    const tf = synthStack(s);
    expect(Object.keys(tf.resource).sort()).toEqual([
      "azurerm_private_dns_resolver",
      "azurerm_private_dns_resolver_inbound_endpoint",
      "azurerm_public_ip",
      "azurerm_subnet",
      "azurerm_virtual_network",
      "azurerm_virtual_network_gateway",
    ]);
    expect(tf.resource.azurerm_virtual_network).toEqual({
      Hub_VirtualNetwork_FF7DDE7E: { name: "vnet-contoso-hub", resource_group_name: "rg", location: "westeurope", address_space: ["10.0.0.0/22", "10.5.0.0/24"], tags },
    });
    expect(tf.resource.azurerm_subnet).toEqual({
      Hub_EndpointSubnet_9D5F82C8: hubSubnet("snet-contoso-endpoints", "10.0.0.0/26"),
      Hub_GatewaySubnet_C890314C: hubSubnet("GatewaySubnet", "10.0.0.64/27"),
      Hub_ResolverInboundSubnet_DDFA91A1: hubSubnet("snet-contoso-dns-inbound", "10.0.0.96/28", true),
      Hub_ResolverOutboundSubnet_31422B68: hubSubnet("snet-contoso-dns-outbound", "10.0.0.112/28", true),
    });
    expect(tf.resource.azurerm_public_ip).toEqual({
      Hub_Gateway_PublicIp_E2174761: { name: "pip-vgw-contoso-hub", resource_group_name: "rg", location: "westeurope", sku: "Standard", allocation_method: "Static", zones: ["1", "2", "3"], tags },
    });
    expect(tf.resource.azurerm_virtual_network_gateway).toEqual({
      Hub_Gateway_7C4C85AE: {
        name: "vgw-contoso-hub",
        resource_group_name: "rg",
        location: "westeurope",
        type: "Vpn",
        sku: "VpnGw1AZ",
        vpn_type: "RouteBased",
        active_active: false,
        enable_bgp: false,
        ip_configuration: [
          {
            name: "default",
            public_ip_address_id: "${azurerm_public_ip.Hub_Gateway_PublicIp_E2174761.id}",
            subnet_id: "${azurerm_subnet.Hub_GatewaySubnet_C890314C.id}",
            private_ip_address_allocation: "Dynamic",
          },
        ],
        tags,
      },
    });
    expect(tf.resource.azurerm_private_dns_resolver).toEqual({
      Hub_DnsResolver_0C475257: { name: "dnspr-contoso-hub", resource_group_name: "rg", location: "westeurope", virtual_network_id: `\${${HUB_VNET}.id}`, tags },
    });
    expect(tf.resource.azurerm_private_dns_resolver_inbound_endpoint).toEqual({
      Hub_DnsResolver_Inbound_7594104E: {
        name: "in-dnspr-contoso-hub",
        private_dns_resolver_id: "${azurerm_private_dns_resolver.Hub_DnsResolver_0C475257.id}",
        location: "westeurope",
        ip_configurations: { private_ip_allocation_method: "Static", private_ip_address: "10.0.0.100", subnet_id: "${azurerm_subnet.Hub_ResolverInboundSubnet_DDFA91A1.id}" },
        tags,
      },
    });
    expect([hub.gatewayType, hub.resolverInboundIp, hub.location]).toEqual(["Vpn", "10.0.0.100", "westeurope"]);
    expect(hub.addresses).toEqual({ endpoints: "10.0.0.0/26", gateway: "10.0.0.64/27", resolverInbound: "10.0.0.96/28", resolverOutbound: "10.0.0.112/28", resolverInboundIp: "10.0.0.100" });
    expect(resolved(s, { network: hub.virtualNetwork, endpoints: hub.endpointSubnet, gateway: hub.gateway?.id })).toEqual({
      network: { virtualNetworkId: `\${${HUB_VNET}.id}`, virtualNetworkName: `\${${HUB_VNET}.name}`, label: "vnet-contoso-hub", location: "westeurope", virtualNetworkKey: "test/Hub" },
      endpoints: { subnetId: "${azurerm_subnet.Hub_EndpointSubnet_9D5F82C8.id}", name: "snet-contoso-endpoints", location: "westeurope", virtualNetworkId: `\${${HUB_VNET}.id}`, virtualNetworkKey: "test/Hub" },
      gateway: "${azurerm_virtual_network_gateway.Hub_Gateway_7C4C85AE.id}",
    });
  });

  it("without gateway and resolver: the network and the endpoint subnet only, untagged, at the same addresses", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.9.4.0/24"], dnsResolver: false });
    expect(synthStack(s).resource).toEqual({
      azurerm_virtual_network: { Hub_VirtualNetwork_FF7DDE7E: { name: "vnet-contoso-hub", resource_group_name: "rg", location: "westeurope", address_space: ["10.9.4.0/24"] } },
      azurerm_subnet: { Hub_EndpointSubnet_9D5F82C8: hubSubnet("snet-contoso-endpoints", "10.9.4.0/26") },
    });
    expect([hub.gateway, hub.gatewayType, hub.resolverInboundIp]).toEqual([undefined, undefined, undefined]);
    expect(hub.addresses.resolverInboundIp).toBe("10.9.4.100");
  });

  it("resolver on by default, gateway off by default", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", hubProps);
    const tf = synthStack(s);
    expect(Object.keys(tf.resource).sort()).toEqual(["azurerm_private_dns_resolver", "azurerm_private_dns_resolver_inbound_endpoint", "azurerm_subnet", "azurerm_virtual_network"]);
    expect(tf.resource.azurerm_subnet).toEqual({
      Hub_EndpointSubnet_9D5F82C8: hubSubnet("snet-contoso-endpoints", "10.0.0.0/26"),
      Hub_ResolverInboundSubnet_DDFA91A1: hubSubnet("snet-contoso-dns-inbound", "10.0.0.96/28", true),
      Hub_ResolverOutboundSubnet_31422B68: hubSubnet("snet-contoso-dns-outbound", "10.0.0.112/28", true),
    });
    expect([hub.gateway, hub.gatewayType, hub.resolverInboundIp]).toEqual([undefined, undefined, "10.0.0.100"]);
  });

  it("ExpressRoute gateway: ErGw1AZ by default, no VPN type, zone-redundant public IP", () => {
    const s = stack();
    new HubNetwork(s, "Hub", { ...hubProps, gateway: { type: "ExpressRoute" }, dnsResolver: false });
    const tf = synthStack(s);
    expect(tf.resource.azurerm_virtual_network_gateway).toEqual({
      Hub_Gateway_7C4C85AE: {
        name: "vgw-contoso-hub",
        resource_group_name: "rg",
        location: "westeurope",
        type: "ExpressRoute",
        sku: "ErGw1AZ",
        active_active: false,
        enable_bgp: false,
        ip_configuration: [
          {
            name: "default",
            public_ip_address_id: "${azurerm_public_ip.Hub_Gateway_PublicIp_E2174761.id}",
            subnet_id: "${azurerm_subnet.Hub_GatewaySubnet_C890314C.id}",
            private_ip_address_allocation: "Dynamic",
          },
        ],
      },
    });
    expect(tf.resource.azurerm_public_ip).toEqual({
      Hub_Gateway_PublicIp_E2174761: { name: "pip-vgw-contoso-hub", resource_group_name: "rg", location: "westeurope", sku: "Standard", allocation_method: "Static", zones: ["1", "2", "3"] },
    });
  });

  it("offers the SKUs azurerm accepts per type, zone-redundant ones by default", () => {
    expect(GATEWAY_SKUS).toEqual({
      Vpn: ["VpnGw1", "VpnGw2", "VpnGw3", "VpnGw4", "VpnGw5", "VpnGw1AZ", "VpnGw2AZ", "VpnGw3AZ", "VpnGw4AZ", "VpnGw5AZ"],
      ExpressRoute: ["Standard", "HighPerformance", "UltraPerformance", "ErGw1AZ", "ErGw2AZ", "ErGw3AZ"],
    });
    expect(DEFAULT_GATEWAY_SKU).toEqual({ Vpn: "VpnGw1AZ", ExpressRoute: "ErGw1AZ" });
  });

  it("passes for every SKU of its type; the public IP is zonal (1, 2, 3) exactly for the ...AZ SKUs", () => {
    const seen: Array<[string, string, unknown]> = [];
    for (const type of ["Vpn", "ExpressRoute"] as const) {
      for (const sku of GATEWAY_SKUS[type]) {
        const s = stack();
        new HubNetwork(s, "Hub", { ...hubProps, gateway: { type, sku }, dnsResolver: false });
        const tf = synthStack(s);
        seen.push([tf.resource.azurerm_virtual_network_gateway.Hub_Gateway_7C4C85AE.sku, type, tf.resource.azurerm_public_ip.Hub_Gateway_PublicIp_E2174761.zones]);
      }
    }
    const zonal = ["1", "2", "3"];
    expect(seen).toEqual([
      ["VpnGw1", "Vpn", undefined],
      ["VpnGw2", "Vpn", undefined],
      ["VpnGw3", "Vpn", undefined],
      ["VpnGw4", "Vpn", undefined],
      ["VpnGw5", "Vpn", undefined],
      ["VpnGw1AZ", "Vpn", zonal],
      ["VpnGw2AZ", "Vpn", zonal],
      ["VpnGw3AZ", "Vpn", zonal],
      ["VpnGw4AZ", "Vpn", zonal],
      ["VpnGw5AZ", "Vpn", zonal],
      ["Standard", "ExpressRoute", undefined],
      ["HighPerformance", "ExpressRoute", undefined],
      ["UltraPerformance", "ExpressRoute", undefined],
      ["ErGw1AZ", "ExpressRoute", zonal],
      ["ErGw2AZ", "ExpressRoute", zonal],
      ["ErGw3AZ", "ExpressRoute", zonal],
    ]);
  });

  it("public IP zones: the given zones win over the SKU's default, even none", () => {
    const zonesOf = (gateway: { type: "Vpn"; sku?: string; zones?: string[] }) => {
      const s = stack();
      new HubNetwork(s, "Hub", { ...hubProps, gateway, dnsResolver: false });
      return synthStack(s).resource.azurerm_public_ip.Hub_Gateway_PublicIp_E2174761.zones;
    };
    expect(zonesOf({ type: "Vpn", zones: ["2"] })).toEqual(["2"]);
    expect(zonesOf({ type: "Vpn", sku: "VpnGw2", zones: ["1", "3"] })).toEqual(["1", "3"]);
    expect(zonesOf({ type: "Vpn", zones: [] })).toEqual([]);
  });

  it("passes a SKU given as a Terraform expression unchecked, without default zones", () => {
    const s = stack();
    const sku = new TerraformVariable(s, "gateway_sku", { type: "string" });
    new HubNetwork(s, "Hub", { ...hubProps, gateway: { type: "ExpressRoute", sku: sku.stringValue }, dnsResolver: false });
    const tf = synthStack(s);
    expect(tf.resource.azurerm_virtual_network_gateway.Hub_Gateway_7C4C85AE.sku).toBe("${var.gateway_sku}");
    expect(tf.resource.azurerm_public_ip.Hub_Gateway_PublicIp_E2174761).toEqual({ name: "pip-vgw-contoso-hub", resource_group_name: "rg", location: "westeurope", sku: "Standard", allocation_method: "Static" });
  });

  it.each([
    ["Vpn", "ErGw1AZ", "VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5, VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ", "VpnGw1AZ"],
    ["Vpn", "Basic", "VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5, VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ", "VpnGw1AZ"],
    ["Vpn", "vpngw1az", "VpnGw1, VpnGw2, VpnGw3, VpnGw4, VpnGw5, VpnGw1AZ, VpnGw2AZ, VpnGw3AZ, VpnGw4AZ, VpnGw5AZ", "VpnGw1AZ"],
    ["ExpressRoute", "VpnGw1", "Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ", "ErGw1AZ"],
    ["ExpressRoute", "ErGwScale", "Standard, HighPerformance, UltraPerformance, ErGw1AZ, ErGw2AZ, ErGw3AZ", "ErGw1AZ"],
  ] as const)("fails when a %s gateway gets SKU %s", (type, sku, list, example) => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, gateway: { type, sku } })).toThrow(exactly(`test/Hub.gateway.sku: is not a ${type} gateway SKU (${list}); got "${sku}". Fix: use one of them, e.g. ${example}`));
  });

  it("passes at the limit: a /24 first range; fails when it is a /25", () => {
    const s = stack();
    new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.0.0.0/24"] });
    expect(synthStack(s).resource.azurerm_subnet).toEqual({
      Hub_EndpointSubnet_9D5F82C8: hubSubnet("snet-contoso-endpoints", "10.0.0.0/26"),
      Hub_ResolverInboundSubnet_DDFA91A1: hubSubnet("snet-contoso-dns-inbound", "10.0.0.96/28", true),
      Hub_ResolverOutboundSubnet_31422B68: hubSubnet("snet-contoso-dns-outbound", "10.0.0.112/28", true),
    });
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.0.0/25", "10.1.0.0/16"] })).toThrow(
      exactly('test/Hub.addressSpace[0]: the hub layout needs a /24 or larger in the first range; got "10.0.0.0/25". Fix: use a /24 or larger, e.g. 10.0.0.0/24'),
    );
  });

  it("fails without an address range, or when the first is not a network address", () => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: [] })).toThrow(exactly("test/Hub.addressSpace: a hub needs at least one address range; got []. Fix: add one, e.g. 10.0.0.0/22"));
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.0.1/22"] })).toThrow(
      exactly('test/Hub.addressSpace[0]: has host bits set: the network is 10.0.0.0/22; got "10.0.0.1/22". Fix: write the network address and prefix, e.g. 10.0.0.0/22'),
    );
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["hub"] })).toThrow(
      exactly('test/Hub.addressSpace[0]: must be an IPv4 CIDR such as 10.0.0.0/24; got "hub". Fix: write the network address and prefix, e.g. 10.0.0.0/22'),
    );
  });

  it("fails when any range overlaps a range Azure reserves, listing every problem", () => {
    let error: unknown;
    try {
      new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.0.0/22", "168.63.129.0/24", "127.0.0.0/8"] });
    } catch (e) {
      error = e;
    }
    expect(ArcConnectivityError.is(error)).toBe(true);
    expect(lines((error as ArcConnectivityError).problems)).toEqual([
      'test/Hub.addressSpace[1]: overlaps 168.63.129.16/32 (Azure\'s internal DNS and health probes), which Azure does not allow in a virtual network; got "168.63.129.0/24". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it',
      'test/Hub.addressSpace[2]: overlaps 127.0.0.0/8 (loopback), which Azure does not allow in a virtual network; got "127.0.0.0/8". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it',
    ]);
  });

  const resolverRule = (range: string, third: number) =>
    `test/Hub.addressSpace[0]: the DNS Private Resolver subnets would be 10.0.${third}.96/28 and 10.0.${third}.112/28, inside 10.0.1.0-10.0.16.255, which the resolver service reserves; got "${range}". Fix: give the hub a first range outside 10.0.1.0-10.0.16.255 (e.g. 10.0.0.0/22 puts the resolver at 10.0.0.96), or turn dnsResolver off`;

  it.each([
    ["10.0.1.0/24", 1],
    ["10.0.16.0/24", 16],
    ["10.0.4.0/22", 4],
  ])("fails when the first range %s puts the resolver in 10.0.1.0-10.0.16.255", (range, third) => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: [range] })).toThrow(exactly(resolverRule(range, third)));
  });

  it("passes next to the resolver's reserved range (10.0.0.0/24, 10.0.17.0/24), and inside it with dnsResolver: false", () => {
    for (const range of ["10.0.0.0/24", "10.0.17.0/24"]) {
      expect(new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: [range] }).resolverInboundIp).toBe(range.replace(".0/24", ".100"));
    }
    const s = stack();
    new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.0.4.0/22"], dnsResolver: false });
    expect(synthStack(s).resource.azurerm_subnet).toEqual({ Hub_EndpointSubnet_9D5F82C8: hubSubnet("snet-contoso-endpoints", "10.0.4.0/26") });
  });
});

describe("OnPremisesConnection", () => {
  const connection = { name: "contoso", resourceGroupName: "rg", location: "westeurope", gatewayId: "/gw" };
  const vpn = { gatewayAddress: "203.0.113.10", addressSpace: ["172.16.0.0/16", "192.168.10.0/24"], sharedKey: "${var.vpn_shared_key}" };
  const circuitId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er1";

  it("VPN: a local network gateway with the on-premises ranges and an IPsec connection through it, tagged", () => {
    const s = stack();
    const c = new OnPremisesConnection(s, "OnPrem", { ...connection, gatewayType: "Vpn", vpn, tags });
    expect(synthStack(s).resource).toEqual({
      azurerm_local_network_gateway: {
        OnPrem_LocalNetworkGateway_98FBC822: { name: "lgw-contoso-onprem", resource_group_name: "rg", location: "westeurope", gateway_address: "203.0.113.10", address_space: ["172.16.0.0/16", "192.168.10.0/24"], tags },
      },
      azurerm_virtual_network_gateway_connection: {
        OnPrem_91B823E8: {
          name: "con-contoso-onprem",
          resource_group_name: "rg",
          location: "westeurope",
          type: "IPsec",
          virtual_network_gateway_id: "/gw",
          local_network_gateway_id: "${azurerm_local_network_gateway.OnPrem_LocalNetworkGateway_98FBC822.id}",
          shared_key: "${var.vpn_shared_key}",
          tags,
        },
      },
    });
    expect(resolved(s, { id: c.connection.id })).toEqual({ id: "${azurerm_virtual_network_gateway_connection.OnPrem_91B823E8.id}" });
  });

  it("ExpressRoute: a circuit connection with the circuit id in canonical casing and the authorization key, tagged", () => {
    const s = stack();
    new OnPremisesConnection(s, "OnPrem", { ...connection, gatewayType: "ExpressRoute", expressRoute: { circuitId: circuitId.toLowerCase().replace("rg-er", "RG-ER"), authorizationKey: "${var.er_key}" }, tags });
    expect(synthStack(s).resource).toEqual({
      azurerm_virtual_network_gateway_connection: {
        OnPrem_91B823E8: {
          name: "con-contoso-onprem",
          resource_group_name: "rg",
          location: "westeurope",
          type: "ExpressRoute",
          virtual_network_gateway_id: "/gw",
          express_route_circuit_id: circuitId.replace("rg-er", "RG-ER"),
          authorization_key: "${var.er_key}",
          tags,
        },
      },
    });
  });

  it("ExpressRoute without an authorization key or tags (a circuit in the same subscription)", () => {
    const s = stack();
    new OnPremisesConnection(s, "OnPrem", { ...connection, gatewayType: "ExpressRoute", expressRoute: { circuitId } });
    expect(synthStack(s).resource).toEqual({
      azurerm_virtual_network_gateway_connection: {
        OnPrem_91B823E8: { name: "con-contoso-onprem", resource_group_name: "rg", location: "westeurope", type: "ExpressRoute", virtual_network_gateway_id: "/gw", express_route_circuit_id: circuitId },
      },
    });
  });

  it("fails when the connection does not match the gateway type", () => {
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { ...connection, gatewayType: "ExpressRoute", vpn })).toThrow(
      exactly('test/OnPrem.vpn: a site-to-site VPN needs a gateway of type Vpn; got "ExpressRoute". Fix: set the hub gateway type to vpn'),
    );
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { ...connection, gatewayType: "Vpn", expressRoute: { circuitId } })).toThrow(
      exactly('test/OnPrem.expressRoute: an ExpressRoute circuit connection needs a gateway of type ExpressRoute; got "Vpn". Fix: set the hub gateway type to expressroute'),
    );
  });

  it("fails with both or neither of vpn and expressRoute, naming the ones given", () => {
    const rule = (got: string) => `test/OnPrem: a connection is either a site-to-site VPN or an ExpressRoute circuit connection; got ${got}. Fix: set exactly one of vpn and expressRoute`;
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { ...connection, gatewayType: "Vpn", vpn, expressRoute: { circuitId }, tags })).toThrow(exactly(rule('["vpn","expressRoute"]')));
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { ...connection, gatewayType: "Vpn", tags })).toThrow(exactly(rule("[]")));
  });
});

describe("SpokeNetwork", () => {
  const SPOKE_VNET = "azurerm_virtual_network.Spoke_VirtualNetwork_767903CE";

  it("defaults to one subnet spanning the first range, with Azure's DNS and no tags", () => {
    const s = stack();
    const spoke = new SpokeNetwork(s, "Spoke", { ...spokeProps, addressSpace: ["10.1.0.0/24", "10.2.0.0/24"] });
    expect(synthStack(s).resource).toEqual({
      azurerm_virtual_network: { Spoke_VirtualNetwork_767903CE: { name: "vnet-contoso-app1", resource_group_name: "rg", location: "westeurope", address_space: ["10.1.0.0/24", "10.2.0.0/24"] } },
      azurerm_subnet: {
        "Spoke_Subnet-snet-contoso-app1_1D7D9DBC": { name: "snet-contoso-app1", resource_group_name: "rg", virtual_network_name: `\${${SPOKE_VNET}.name}`, address_prefixes: ["10.1.0.0/24"] },
      },
    });
    expect([...spoke.subnets.keys()]).toEqual(["snet-contoso-app1"]);
  });

  it("creates the given subnets in order, with the DNS servers and tags; refs for each", () => {
    const s = stack();
    const spoke = new SpokeNetwork(s, "Spoke", {
      ...spokeProps,
      addressSpace: ["10.1.0.0/24", "10.2.0.0/24"],
      subnets: [{ name: "nodes", addressPrefix: "10.1.0.0/25" }, { name: "ingress", addressPrefix: "10.2.0.0/26" }],
      dnsServers: ["10.0.0.100", "10.0.0.101"],
      tags,
    });
    expect(synthStack(s).resource).toEqual({
      azurerm_virtual_network: {
        Spoke_VirtualNetwork_767903CE: { name: "vnet-contoso-app1", resource_group_name: "rg", location: "westeurope", address_space: ["10.1.0.0/24", "10.2.0.0/24"], dns_servers: ["10.0.0.100", "10.0.0.101"], tags },
      },
      azurerm_subnet: {
        "Spoke_Subnet-nodes_F6DF4B19": { name: "nodes", resource_group_name: "rg", virtual_network_name: `\${${SPOKE_VNET}.name}`, address_prefixes: ["10.1.0.0/25"] },
        "Spoke_Subnet-ingress_408B1FBA": { name: "ingress", resource_group_name: "rg", virtual_network_name: `\${${SPOKE_VNET}.name}`, address_prefixes: ["10.2.0.0/26"] },
      },
    });
    expect([...spoke.subnets.keys()]).toEqual(["nodes", "ingress"]);
    expect(resolved(s, { network: spoke.virtualNetwork, subnets: Object.fromEntries(spoke.subnets) })).toEqual({
      network: { virtualNetworkId: `\${${SPOKE_VNET}.id}`, virtualNetworkName: `\${${SPOKE_VNET}.name}`, label: "vnet-contoso-app1", location: "westeurope", virtualNetworkKey: "test/Spoke" },
      subnets: {
        nodes: { subnetId: "${azurerm_subnet.Spoke_Subnet-nodes_F6DF4B19.id}", name: "nodes", location: "westeurope", virtualNetworkId: `\${${SPOKE_VNET}.id}`, virtualNetworkKey: "test/Spoke" },
        ingress: { subnetId: "${azurerm_subnet.Spoke_Subnet-ingress_408B1FBA.id}", name: "ingress", location: "westeurope", virtualNetworkId: `\${${SPOKE_VNET}.id}`, virtualNetworkKey: "test/Spoke" },
      },
    });
  });

  it("spokeSubnetSpecs: the given subnets, or one named snet-<prefix>-<name> spanning the first range", () => {
    const subnets = [{ name: "a", addressPrefix: "10.1.0.0/25" }];
    expect(spokeSubnetSpecs({ ...spokeProps, subnets })).toBe(subnets);
    expect(spokeSubnetSpecs({ ...spokeProps, name: "App2", addressSpace: ["10.7.0.0/16", "10.8.0.0/16"] })).toEqual([{ name: "snet-contoso-app2", addressPrefix: "10.7.0.0/16" }]);
  });

  it("fails with every problem of the address space and the subnets", () => {
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spokeProps, addressSpace: ["127.0.0.0/8"], subnets: [{ name: "a", addressPrefix: "10.0.0.0/30" }] })).toThrow(
      exactly(
        [
          'test/Spoke.addressSpace[0]: overlaps 127.0.0.0/8 (loopback), which Azure does not allow in a virtual network; got "127.0.0.0/8". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it',
          'test/Spoke.subnets[0].addressPrefix: an Azure subnet is at most a /29; got "10.0.0.0/30". Fix: use a /29 or larger',
          'test/Spoke.subnets[0].addressPrefix: the subnet lies outside the network\'s address space (127.0.0.0/8); got "10.0.0.0/30". Fix: pick a prefix inside the address space or widen the address space',
        ].join("\n"),
      ),
    );
  });

  it("fails in 169.254.0.0/16 (link-local) and passes next to it", () => {
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spokeProps, addressSpace: ["169.254.0.0/16"] })).toThrow(
      exactly('test/Spoke.addressSpace[0]: overlaps 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network; got "169.254.0.0/16". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it'),
    );
    for (const range of ["169.253.0.0/16", "169.255.0.0/16"]) {
      const s = stack();
      new SpokeNetwork(s, "Spoke", { ...spokeProps, addressSpace: [range] });
      expect(synthStack(s).resource.azurerm_virtual_network.Spoke_VirtualNetwork_767903CE.address_space).toEqual([range]);
    }
  });

  it("fails when a given subnet takes a name Azure reserves", () => {
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spokeProps, subnets: [{ name: "GatewaySubnet", addressPrefix: "10.1.0.0/26" }] })).toThrow(
      exactly('test/Spoke.subnets[0].name: is reserved by Azure (GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, AzureBastionSubnet, RouteServerSubnet); got "GatewaySubnet". Fix: choose another name; the hub holds the gateway'),
    );
  });
});

describe("HubSpokePeering", () => {
  const vnet = (name: string): VirtualNetworkRef => ({ virtualNetworkId: `/vnets/${name}`, virtualNetworkName: name, label: name, location: "westeurope", virtualNetworkKey: name });

  it("with a hub gateway: gateway transit on the hub side, remote gateways on the spoke side, after the gateway and the hub side", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, gateway: { type: "Vpn" }, dnsResolver: false });
    const spoke = new SpokeNetwork(s, "Spoke", spokeProps);
    new HubSpokePeering(s, "Peering", { resourceGroupName: "rg-net", hub: hub.virtualNetwork, spoke: spoke.virtualNetwork, hubGateway: hub.gateway });
    expect(synthStack(s).resource.azurerm_virtual_network_peering).toEqual({
      Peering_HubToSpoke_B16D6B53: {
        name: "peer-hub-to-vnet-contoso-app1",
        resource_group_name: "rg-net",
        virtual_network_name: `\${${HUB_VNET}.name}`,
        remote_virtual_network_id: "${azurerm_virtual_network.Spoke_VirtualNetwork_767903CE.id}",
        allow_virtual_network_access: true,
        allow_forwarded_traffic: true,
        allow_gateway_transit: true,
        depends_on: ["azurerm_virtual_network_gateway.Hub_Gateway_7C4C85AE"],
      },
      Peering_SpokeToHub_F4AE9171: {
        name: "peer-vnet-contoso-app1-to-hub",
        resource_group_name: "rg-net",
        virtual_network_name: "${azurerm_virtual_network.Spoke_VirtualNetwork_767903CE.name}",
        remote_virtual_network_id: `\${${HUB_VNET}.id}`,
        allow_virtual_network_access: true,
        allow_forwarded_traffic: true,
        use_remote_gateways: true,
        depends_on: ["azurerm_virtual_network_gateway.Hub_Gateway_7C4C85AE", "azurerm_virtual_network_peering.Peering_HubToSpoke_B16D6B53"],
      },
    });
  });

  it("without a gateway: no transit, no remote gateways, no dependencies", () => {
    const s = stack();
    new HubSpokePeering(s, "Peering", { resourceGroupName: "rg", hub: vnet("vnet-hub"), spoke: vnet("vnet-c-a") });
    expect(synthStack(s).resource.azurerm_virtual_network_peering).toEqual({
      Peering_HubToSpoke_B16D6B53: {
        name: "peer-hub-to-vnet-c-a",
        resource_group_name: "rg",
        virtual_network_name: "vnet-hub",
        remote_virtual_network_id: "/vnets/vnet-c-a",
        allow_virtual_network_access: true,
        allow_forwarded_traffic: true,
        allow_gateway_transit: false,
      },
      Peering_SpokeToHub_F4AE9171: {
        name: "peer-vnet-c-a-to-hub",
        resource_group_name: "rg",
        virtual_network_name: "vnet-c-a",
        remote_virtual_network_id: "/vnets/vnet-hub",
        allow_virtual_network_access: true,
        allow_forwarded_traffic: true,
        use_remote_gateways: false,
      },
    });
  });

  it("passes at the limit of 500 peerings on one hub, fails at the 501st; the count is per hub", () => {
    const s = stack();
    for (let i = 0; i < 500; i++) new HubSpokePeering(s, `P${i}`, { resourceGroupName: "rg", hub: vnet("vnet-hub"), spoke: vnet(`vnet-s${i}`) });
    expect(() => new HubSpokePeering(s, "P500", { resourceGroupName: "rg", hub: vnet("vnet-hub"), spoke: vnet("vnet-s500") })).toThrow(
      exactly("test/P500: a virtual network peers with at most 500 others, and vnet-hub would get one more: this would be number 501, and Azure allows 500; got 501. Fix: spread the spokes over more hubs (one topology file each)"),
    );
    new HubSpokePeering(s, "Other", { resourceGroupName: "rg", hub: vnet("vnet-hub2"), spoke: vnet("vnet-s500") });
    expect(s.node.findAll().filter((c) => c.node.id === "HubToSpoke").length).toBe(501);
  });
});
