/**
 * The baseline: the same resources as the app builds for a bench topology,
 * written directly with the raw provider classes: no schema, no rules, no
 * constructs. Reads the topology JSON that bench/run.ts wrote.
 */
import { readFileSync } from "node:fs";
import { ArcPrivateLinkScope } from "@cdktf/provider-azurerm/lib/arc-private-link-scope";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { LocalNetworkGateway } from "@cdktf/provider-azurerm/lib/local-network-gateway";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { PrivateDnsResolver } from "@cdktf/provider-azurerm/lib/private-dns-resolver";
import { PrivateDnsResolverInboundEndpoint } from "@cdktf/provider-azurerm/lib/private-dns-resolver-inbound-endpoint";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { VirtualNetworkGateway } from "@cdktf/provider-azurerm/lib/virtual-network-gateway";
import { VirtualNetworkGatewayConnection } from "@cdktf/provider-azurerm/lib/virtual-network-gateway-connection";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";

interface BenchTopology {
  name: string;
  location: string;
  subscriptionId: string;
  onPremises: { addressSpace: string[]; vpn: { gatewayAddress: string } };
  hub: { addressSpace: string[] };
  spokes: Array<{ name: string; addressSpace: string[] }>;
}

const t = JSON.parse(readFileSync(process.env.ARC_TOPOLOGY as string, "utf8")) as BenchTopology;
const app = new App();
const s = new TerraformStack(app, `${t.name}-connectivity`);
new LocalBackend(s, { path: `terraform.${t.name}-connectivity.tfstate` });
new AzurermProvider(s, "azurerm", { features: [{}], subscriptionId: t.subscriptionId, resourceProvidersToRegister: ["Microsoft.HybridCompute", "Microsoft.GuestConfiguration", "Microsoft.HybridConnectivity", "Microsoft.AzureArcData", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration", "Microsoft.ExtendedLocation"] });
const client = new DataAzurermClientConfig(s, "ClientConfig", {});
const location = t.location;
const rg = new ResourceGroup(s, "ResourceGroup", { name: `rg-${t.name}-connectivity`, location });
const resourceGroupName = rg.name;
const hub = new VirtualNetwork(s, "HubVnet", { name: `vnet-${t.name}-hub`, resourceGroupName, location, addressSpace: t.hub.addressSpace });
const sub = (id: string, name: string, prefix: string, delegated = false) =>
  new Subnet(s, id, {
    name,
    resourceGroupName: hub.resourceGroupName,
    virtualNetworkName: hub.name,
    addressPrefixes: [prefix],
    delegation: delegated ? [{ name: "Microsoft.Network.dnsResolvers", serviceDelegation: { name: "Microsoft.Network/dnsResolvers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }] : undefined,
  });
const endpoints = sub("EndpointSubnet", `snet-${t.name}-endpoints`, "10.0.0.0/26");
const gwSubnet = sub("GatewaySubnet", "GatewaySubnet", "10.0.0.64/27");
const inbound = sub("InSubnet", `snet-${t.name}-dns-inbound`, "10.0.0.96/28", true);
sub("OutSubnet", `snet-${t.name}-dns-outbound`, "10.0.0.112/28", true);
const pip = new PublicIp(s, "Pip", { name: `pip-vgw-${t.name}-hub`, resourceGroupName, location, sku: "Standard", allocationMethod: "Static", zones: ["1", "2", "3"] });
const gw = new VirtualNetworkGateway(s, "Gateway", { name: `vgw-${t.name}-hub`, resourceGroupName, location, type: "Vpn", sku: "VpnGw1AZ", vpnType: "RouteBased", activeActive: false, enableBgp: false, ipConfiguration: [{ name: "default", publicIpAddressId: pip.id, subnetId: gwSubnet.id, privateIpAddressAllocation: "Dynamic" }] });
const resolver = new PrivateDnsResolver(s, "Resolver", { name: `dnspr-${t.name}-hub`, resourceGroupName, location, virtualNetworkId: hub.id });
new PrivateDnsResolverInboundEndpoint(s, "Inbound", { name: `in-dnspr-${t.name}-hub`, privateDnsResolverId: resolver.id, location, ipConfigurations: { privateIpAllocationMethod: "Static", privateIpAddress: "10.0.0.100", subnetId: inbound.id } });
const key = new TerraformVariable(s, "vpn_shared_key", { type: "string", sensitive: true, nullable: false });
const lgw = new LocalNetworkGateway(s, "Lgw", { name: `lgw-${t.name}-onprem`, resourceGroupName, location, gatewayAddress: t.onPremises.vpn.gatewayAddress, addressSpace: t.onPremises.addressSpace });
new VirtualNetworkGatewayConnection(s, "Connection", { name: `con-${t.name}-onprem`, resourceGroupName, location, type: "IPsec", virtualNetworkGatewayId: gw.id, localNetworkGatewayId: lgw.id, sharedKey: key.stringValue });
const zones = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"].map((name, i) => {
  const zone = new PrivateDnsZone(s, `Zone${i}`, { name, resourceGroupName });
  new PrivateDnsZoneVirtualNetworkLink(s, `Link${i}`, { name: `link-vnet-${t.name}-hub`, resourceGroupName, privateDnsZoneName: zone.name, virtualNetworkId: hub.id, registrationEnabled: false });
  return zone;
});
const scope = new ArcPrivateLinkScope(s, "Scope", { name: `pls-${t.name}-arc`, resourceGroupName, location, publicNetworkAccessEnabled: false });
const pe = new PrivateEndpoint(s, "Endpoint", {
  name: `pe-${t.name}-arc`,
  resourceGroupName,
  location,
  subnetId: endpoints.id,
  customNetworkInterfaceName: `nic-pe-${t.name}-arc`,
  privateServiceConnection: { name: `psc-${t.name}-arc`, privateConnectionResourceId: scope.id, subresourceNames: ["hybridcompute"], isManualConnection: false },
  privateDnsZoneGroup: { name: "default", privateDnsZoneIds: zones.map((z) => z.id) },
});
const rule = (name: string, priority: number, tag: string) => ({ name, priority, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "VirtualNetwork", sourcePortRange: "*", destinationAddressPrefix: tag, destinationPortRange: "443" });
for (const sp of t.spokes) {
  const vnet = new VirtualNetwork(s, `Vnet-${sp.name}`, { name: `vnet-${t.name}-${sp.name}`, resourceGroupName, location, addressSpace: sp.addressSpace, dnsServers: ["10.0.0.100"] });
  const subnet = new Subnet(s, `Subnet-${sp.name}`, { name: `snet-${t.name}-${sp.name}`, resourceGroupName, virtualNetworkName: vnet.name, addressPrefixes: [sp.addressSpace[0]] });
  const nsg = new NetworkSecurityGroup(s, `Nsg-${sp.name}`, {
    name: `nsg-${t.name}-${sp.name}`,
    resourceGroupName,
    location,
    securityRule: [rule("AllowAADOutboundAccess", 150, "AzureActiveDirectory"), rule("AllowAzOutboundAccess", 151, "AzureResourceManager"), { name: "DenyInternetOutbound", priority: 4000, direction: "Outbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "Internet", destinationPortRange: "*" }],
  });
  new SubnetNetworkSecurityGroupAssociation(s, `Assoc-${sp.name}`, { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
  const hubTo = new VirtualNetworkPeering(s, `HubTo-${sp.name}`, { name: `peer-hub-to-${vnet.nameInput}`, resourceGroupName, virtualNetworkName: hub.name, remoteVirtualNetworkId: vnet.id, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, allowGatewayTransit: true, dependsOn: [gw] });
  new VirtualNetworkPeering(s, `ToHub-${sp.name}`, { name: `peer-${vnet.nameInput}-to-hub`, resourceGroupName, virtualNetworkName: vnet.name, remoteVirtualNetworkId: hub.id, allowVirtualNetworkAccess: true, allowForwardedTraffic: true, useRemoteGateways: true, dependsOn: [gw, hubTo] });
}
new TerraformOutput(s, "arc_private_link_scope_id", { value: scope.id });
new TerraformOutput(s, "arc_private_endpoint_ip", { value: pe.privateServiceConnection.privateIpAddress });
new TerraformOutput(s, "tenant", { value: client.tenantId });
app.synth();
