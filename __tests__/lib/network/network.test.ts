import { Testing } from "cdktf";
import { VirtualNetworkRef } from "../../../lib/core";
import { HUB_LAYOUT, HubNetwork, HubSpokePeering, OnPremisesConnection, SpokeNetwork, subnetProblems } from "../../../lib/network";
import { resources, stack, synthStack } from "../../support/synth";

const hubProps = { name: "contoso", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.0.0.0/22"] };

describe("HubNetwork", () => {
  it("places every block at its fixed address in the first /24", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, gateway: { type: "Vpn" } });
    const subnets = Object.fromEntries(resources(synthStack(s), "azurerm_subnet").map((r) => [r.name, r.address_prefixes]));
    expect(subnets).toEqual({
      "snet-contoso-endpoints": ["10.0.0.0/26"],
      GatewaySubnet: ["10.0.0.64/27"],
      "snet-contoso-dns-inbound": ["10.0.0.96/28"],
      "snet-contoso-dns-outbound": ["10.0.0.112/28"],
    });
    expect(hub.resolverInboundIp).toBe("10.0.0.100");
    expect(HUB_LAYOUT.endpoints).toEqual({ offset: 0, prefix: 26 });
  });

  it("turning features off never moves an address", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.9.4.0/24"], dnsResolver: false });
    const subnets = resources(synthStack(s), "azurerm_subnet");
    expect(subnets.map((r) => [r.name, r.address_prefixes])).toEqual([["snet-contoso-endpoints", ["10.9.4.0/26"]]]);
    expect(hub.resolverInboundIp).toBeUndefined();
    expect(hub.addresses.resolverInboundIp).toBe("10.9.4.100");
  });

  it("resolver: static inbound IP on a delegated subnet", () => {
    const s = stack();
    new HubNetwork(s, "Hub", hubProps);
    const tf = synthStack(s);
    const [inbound] = resources(tf, "azurerm_private_dns_resolver_inbound_endpoint");
    expect(inbound.ip_configurations).toEqual(expect.objectContaining({ private_ip_allocation_method: "Static", private_ip_address: "10.0.0.100" }));
    const delegated = resources(tf, "azurerm_subnet").filter((r) => r.delegation);
    expect(delegated.map((r) => r.delegation[0].service_delegation.name)).toEqual(["Microsoft.Network/dnsResolvers", "Microsoft.Network/dnsResolvers"]);
  });

  it.each([
    ["Vpn", undefined, "VpnGw1AZ", ["1", "2", "3"]],
    ["ExpressRoute", undefined, "ErGw1AZ", ["1", "2", "3"]],
    ["Vpn", "VpnGw2", "VpnGw2", undefined],
  ] as const)("gateway type %s sku %s: sku %s, public IP zones %j", (type, sku, wantSku, zones) => {
    const s = stack();
    new HubNetwork(s, "Hub", { ...hubProps, gateway: { type, sku } });
    const tf = synthStack(s);
    const [gw] = resources(tf, "azurerm_virtual_network_gateway");
    expect([gw.type, gw.sku, gw.vpn_type]).toEqual([type, wantSku, type === "Vpn" ? "RouteBased" : undefined]);
    const [pip] = resources(tf, "azurerm_public_ip");
    expect([pip.sku, pip.allocation_method, pip.zones]).toEqual(["Standard", "Static", zones]);
  });

  it("fails when the hub is smaller than the layout, or the SKU does not fit the type", () => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.0.0/25"] })).toThrow(/test\/Hub\.addressSpace\[0\]: the hub layout needs a \/24 or larger/);
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, gateway: { type: "ExpressRoute", sku: "VpnGw1" } })).toThrow(/is not a ExpressRoute gateway SKU/);
  });
});

describe("OnPremisesConnection", () => {
  it("VPN: local network gateway with the on-premises ranges and an IPsec connection", () => {
    const s = stack();
    new OnPremisesConnection(s, "OnPrem", { name: "contoso", resourceGroupName: "rg", location: "westeurope", gatewayId: "/gw", gatewayType: "Vpn", vpn: { gatewayAddress: "203.0.113.10", addressSpace: ["172.16.0.0/16"], sharedKey: "${var.k}" } });
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_local_network_gateway")[0]).toEqual(expect.objectContaining({ gateway_address: "203.0.113.10", address_space: ["172.16.0.0/16"] }));
    expect(resources(tf, "azurerm_virtual_network_gateway_connection")[0]).toEqual(expect.objectContaining({ type: "IPsec", shared_key: "${var.k}", virtual_network_gateway_id: "/gw" }));
  });

  it("ExpressRoute: circuit connection", () => {
    const s = stack();
    new OnPremisesConnection(s, "OnPrem", { name: "c", resourceGroupName: "rg", location: "westeurope", gatewayId: "/gw", gatewayType: "ExpressRoute", expressRoute: { circuitId: "/er" } });
    expect(resources(synthStack(s), "azurerm_virtual_network_gateway_connection")[0]).toEqual(expect.objectContaining({ type: "ExpressRoute", express_route_circuit_id: "/er" }));
  });

  it("fails when the connection does not match the gateway type", () => {
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { name: "c", resourceGroupName: "rg", location: "x", gatewayId: "/gw", gatewayType: "ExpressRoute", vpn: { gatewayAddress: "1.2.3.4", addressSpace: [], sharedKey: "k" } })).toThrow(
      /test\/OnPrem\.vpn: a site-to-site VPN needs a gateway of type Vpn/,
    );
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { name: "c", resourceGroupName: "rg", location: "x", gatewayId: "/gw", gatewayType: "Vpn", expressRoute: { circuitId: "/er" } })).toThrow(/needs a gateway of type ExpressRoute/);
    expect(() => new OnPremisesConnection(stack(), "OnPrem", { name: "c", resourceGroupName: "rg", location: "x", gatewayId: "/gw", gatewayType: "Vpn" })).toThrow(/set exactly one of vpn and expressRoute/);
  });
});

describe("SpokeNetwork and HubSpokePeering", () => {
  it("defaults to one subnet spanning the spoke and uses the given DNS servers", () => {
    const s = stack();
    const spoke = new SpokeNetwork(s, "Spoke", { prefix: "contoso", name: "app1", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.1.0.0/24"], dnsServers: ["10.0.0.100"] });
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_virtual_network")[0]).toEqual(expect.objectContaining({ name: "vnet-contoso-app1", dns_servers: ["10.0.0.100"] }));
    expect(resources(tf, "azurerm_subnet").map((r) => [r.name, r.address_prefixes])).toEqual([["snet-contoso-app1", ["10.1.0.0/24"]]]);
    expect([...spoke.subnets.keys()]).toEqual(["snet-contoso-app1"]);
  });

  it("peers both ways with gateway transit, after the gateway exists", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", { ...hubProps, gateway: { type: "Vpn" } });
    const spoke = new SpokeNetwork(s, "Spoke", { prefix: "contoso", name: "app1", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.1.0.0/24"] });
    new HubSpokePeering(s, "Peering", { resourceGroupName: "rg", hub: hub.virtualNetwork, spoke: spoke.virtualNetwork, hubGateway: hub.gateway });
    const json = Testing.synth(s);
    const peerings = resources(JSON.parse(json), "azurerm_virtual_network_peering");
    const byName = Object.fromEntries(peerings.map((p) => [p.name, p]));
    expect(byName["peer-hub-to-vnet-contoso-app1"]).toEqual(expect.objectContaining({ allow_gateway_transit: true }));
    expect(byName["peer-hub-to-vnet-contoso-app1"]).not.toHaveProperty("use_remote_gateways");
    expect(byName["peer-vnet-contoso-app1-to-hub"]).toEqual(expect.objectContaining({ use_remote_gateways: true, allow_forwarded_traffic: true }));
    expect(byName["peer-hub-to-vnet-contoso-app1"].depends_on).toEqual([expect.stringMatching(/^azurerm_virtual_network_gateway\./)]);
    expect(byName["peer-vnet-contoso-app1-to-hub"].depends_on).toEqual([expect.stringMatching(/^azurerm_virtual_network_gateway\./), expect.stringMatching(/^azurerm_virtual_network_peering\.Peering_HubToSpoke_/)]);
    for (const p of peerings) {
      // Names are references, so each peering also waits for both networks.
      expect(p.virtual_network_name).toMatch(/^\$\{azurerm_virtual_network\./);
    }
  });

  it("without a gateway: no transit, no remote gateways, no dependency", () => {
    const s = stack();
    const hub = new HubNetwork(s, "Hub", hubProps);
    const spoke = new SpokeNetwork(s, "Spoke", { prefix: "c", name: "a", resourceGroupName: "rg", location: "westeurope", addressSpace: ["10.1.0.0/24"] });
    new HubSpokePeering(s, "Peering", { resourceGroupName: "rg", hub: hub.virtualNetwork, spoke: spoke.virtualNetwork });
    for (const p of resources(synthStack(s), "azurerm_virtual_network_peering")) {
      expect([p.allow_gateway_transit ?? false, p.use_remote_gateways ?? false, p.depends_on]).toEqual([false, false, undefined]);
    }
  });

  it("fails when subnets fall outside the spoke, overlap, repeat or take a reserved name", () => {
    expect(subnetProblems("spokes[0]", ["10.1.0.0/24"], [
      { name: "a", addressPrefix: "10.1.0.0/25" },
      { name: "b", addressPrefix: "10.1.0.64/26" },
      { name: "A", addressPrefix: "10.2.0.0/26" },
      { name: "GatewaySubnet", addressPrefix: "10.1.0.128/30" },
    ]).map((p) => `${p.path}: ${p.message}`)).toEqual([
      expect.stringMatching(/^spokes\[0\]\.subnets\[2\]\.name: subnet names are unique within a network/),
      expect.stringMatching(/^spokes\[0\]\.subnets\[2\]\.addressPrefix: the subnet lies outside the network's address space \(10\.1\.0\.0\/24\); got "10\.2\.0\.0\/26"/),
      expect.stringMatching(/^spokes\[0\]\.subnets\[3\]\.name: is reserved by Azure/),
      expect.stringMatching(/^spokes\[0\]\.subnets\[3\]\.addressPrefix: an Azure subnet is at most a \/29/),
      expect.stringMatching(/^spokes\[0\]\.subnets\[1\]\.addressPrefix: overlaps spokes\[0\]\.subnets\[0\]\.addressPrefix \(10\.1\.0\.0\/25\)/),
    ]);
    expect(() => new SpokeNetwork(stack(), "Spoke", { prefix: "c", name: "a", resourceGroupName: "rg", location: "x", addressSpace: ["10.1.0.0/24"], subnets: [{ name: "a", addressPrefix: "10.9.0.0/24" }] })).toThrow(
      /test\/Spoke\.subnets\[0\]\.addressPrefix: the subnet lies outside/,
    );
  });
});

describe("network limits and reserved ranges", () => {
  const vnet = (name: string): VirtualNetworkRef => ({ virtualNetworkId: `/vnets/${name}`, virtualNetworkName: name, label: name, location: "westeurope", virtualNetworkKey: name });
  const resolverRule = (range: string, third: number) =>
    `test/Hub.addressSpace[0]: the DNS Private Resolver subnets would be 10.0.${third}.96/28 and 10.0.${third}.112/28, inside 10.0.1.0-10.0.16.255, which the resolver service reserves; got "${range}". Fix: give the hub a first range outside 10.0.1.0-10.0.16.255 (e.g. 10.0.0.0/22 puts the resolver at 10.0.0.96), or turn dnsResolver off`;

  it("HubSpokePeering: passes at the limit of 500 peerings on one hub, fails at the 501st", () => {
    const s = stack();
    for (let i = 0; i < 500; i++) new HubSpokePeering(s, `P${i}`, { resourceGroupName: "rg", hub: vnet("vnet-hub"), spoke: vnet(`vnet-s${i}`) });
    expect(() => new HubSpokePeering(s, "P500", { resourceGroupName: "rg", hub: vnet("vnet-hub"), spoke: vnet("vnet-s500") })).toThrow(
      exactly("test/P500: a virtual network peers with at most 500 others, and vnet-hub would get one more: this would be number 501, and Azure allows 500; got 501. Fix: spread the spokes over more hubs (one topology file each)"),
    );
    // The count is per hub.
    expect(() => new HubSpokePeering(s, "Other", { resourceGroupName: "rg", hub: vnet("vnet-hub2"), spoke: vnet("vnet-s500") })).not.toThrow();
  });

  it.each([
    ["10.0.1.0/24", 1],
    ["10.0.16.0/24", 16],
    ["10.0.4.0/22", 4],
  ])("HubNetwork fails when the first range %s puts the resolver in 10.0.1.0-10.0.16.255", (range, third) => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: [range] })).toThrow(exactly(resolverRule(range, third)));
  });

  it("HubNetwork passes next to the reserved range (10.0.0.0/24, 10.0.17.0/24), and inside it with dnsResolver: false", () => {
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.0.0/24"] })).not.toThrow();
    expect(() => new HubNetwork(stack(), "Hub", { ...hubProps, addressSpace: ["10.0.17.0/24"] })).not.toThrow();
    const s = stack();
    new HubNetwork(s, "Hub", { ...hubProps, addressSpace: ["10.0.4.0/22"], dnsResolver: false });
    expect(resources(synthStack(s), "azurerm_subnet").map((r) => [r.name, r.address_prefixes])).toEqual([["snet-contoso-endpoints", ["10.0.4.0/26"]]]);
  });

  it("SpokeNetwork fails in 169.254.0.0/16 (link-local) and passes next to it", () => {
    const spoke = { prefix: "c", name: "a", resourceGroupName: "rg", location: "westeurope" };
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spoke, addressSpace: ["169.254.0.0/16"] })).toThrow(
      exactly('test/Spoke.addressSpace[0]: overlaps 169.254.0.0/16 (link-local), which Azure does not allow in a virtual network; got "169.254.0.0/16". Fix: use a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) that avoids it'),
    );
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spoke, addressSpace: ["169.253.0.0/16"] })).not.toThrow();
    expect(() => new SpokeNetwork(stack(), "Spoke", { ...spoke, addressSpace: ["169.255.0.0/16"] })).not.toThrow();
  });
});

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
