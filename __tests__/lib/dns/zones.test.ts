import { VirtualNetworkRef } from "../../../lib/core";
import { forwarderZones, MAX_LINKS_PER_ZONE, PrivateDnsZones, zonesFor } from "../../../lib/dns";
import { resources, stack, synthStack } from "../../support/synth";

const vnet = (name: string): VirtualNetworkRef => ({ virtualNetworkId: `/vnets/${name}`, virtualNetworkName: name, label: name, location: "westeurope", virtualNetworkKey: name });
const zoneId = (z: string) => `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`;

describe("zone catalogue", () => {
  it("holds the three Arc zones and the AKS zone per region", () => {
    expect(zonesFor("arc")).toEqual(["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"]);
    expect(zonesFor("monitor")).toHaveLength(5);
    expect(zonesFor("aks", "westus3")).toEqual(["privatelink.westus3.azmk8s.io"]);
    expect(() => zonesFor("aks")).toThrow(/needs a region/);
  });

  it("names the public zones on-premises resolvers forward", () => {
    expect(forwarderZones("privatelink.his.arc.azure.com")).toEqual(["his.arc.azure.com"]);
    expect(forwarderZones("privatelink.vaultcore.azure.net")).toEqual(["vault.azure.net", "vaultcore.azure.net"]);
    expect(forwarderZones("privatelink.westus3.azmk8s.io")).toEqual(["westus3.azmk8s.io"]);
    expect(forwarderZones("ops.privatelink.westus3.azmk8s.io")).toEqual(["westus3.azmk8s.io"]);
  });
});

describe("PrivateDnsZones", () => {
  it("managed: creates each zone once and links networks with registration off", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: [...zonesFor("arc"), "privatelink.blob.core.windows.net", "privatelink.blob.core.windows.net"], resourceGroupName: "rg", virtualNetworks: [vnet("vnet-hub")] });
    dns.linkVirtualNetwork(vnet("vnet-spoke"));
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_private_dns_zone").map((z) => z.name).sort()).toEqual([...zonesFor("arc"), "privatelink.blob.core.windows.net"].sort());
    const links = resources(tf, "azurerm_private_dns_zone_virtual_network_link");
    expect(links).toHaveLength(8);
    expect(links.every((l) => l.registration_enabled === false)).toBe(true);
    // Links reference the zone, so Terraform creates the zone first.
    expect(links[0].private_dns_zone_name).toMatch(/^\$\{azurerm_private_dns_zone\..+\.name\}$/);
    expect(dns.linkCount("privatelink.his.arc.azure.com")).toBe(2);
  });

  it("existing: imports zones by id, links them in the zone's resource group, creates none", () => {
    const s = stack();
    const names = zonesFor("arc");
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: names, resourceGroupName: "rg", mode: "existing", existingZoneIds: Object.fromEntries(names.map((n) => [n, zoneId(n)])), virtualNetworks: [vnet("vnet-hub")] });
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_private_dns_zone")).toHaveLength(0);
    const links = resources(tf, "azurerm_private_dns_zone_virtual_network_link");
    expect(links.map((l) => [l.private_dns_zone_name, l.resource_group_name]).sort()).toEqual(names.map((n) => [n, "rg-dns"]).sort());
    expect(dns.zoneIds(names)).toEqual(names.map(zoneId));
  });

  it("policy: creates and links nothing", () => {
    const s = stack();
    const dns = new PrivateDnsZones(s, "Dns", { zoneNames: zonesFor("arc"), resourceGroupName: "rg", mode: "policy", virtualNetworks: [vnet("vnet-hub")] });
    expect(dns.zoneIds(zonesFor("arc"))).toEqual([]);
    expect(synthStack(s).resource).toBeUndefined();
  });

  it("fails when an existing zone id is missing or names another zone", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: zonesFor("arc"), resourceGroupName: "rg", mode: "existing", existingZoneIds: {} })).toThrow(
      /test\/Dns\.existingZoneIds: mode "existing" needs the id of every zone the topology uses, and "privatelink\.his\.arc\.azure\.com" is missing/,
    );
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: ["privatelink.his.arc.azure.com"], resourceGroupName: "rg", mode: "existing", existingZoneIds: { "privatelink.his.arc.azure.com": zoneId("privatelink.blob.core.windows.net") } })).toThrow(
      /must be the ARM id of a private DNS zone named privatelink\.his\.arc\.azure\.com/,
    );
  });

  it("fails when zone ids are given outside mode existing", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [], resourceGroupName: "rg", existingZoneIds: { a: "b" } })).toThrow(/only used in mode "existing"/);
  });

  it("fails when a network is linked twice", () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: ["privatelink.blob.core.windows.net"], resourceGroupName: "rg", virtualNetworks: [vnet("a")] });
    expect(() => dns.linkVirtualNetwork(vnet("a"))).toThrow(/linked to a zone only once/);
  });

  it(`fails when a zone would get more than ${MAX_LINKS_PER_ZONE} links`, () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: ["privatelink.blob.core.windows.net"], resourceGroupName: "rg" });
    for (let i = 0; i < MAX_LINKS_PER_ZONE; i++) dns.linkVirtualNetwork(vnet(`v${i}`));
    expect(() => dns.linkVirtualNetwork(vnet("one-too-many"))).toThrow(/at most 1000 virtual network links \(Azure limit\); got 1001/);
  });
});

describe("PrivateDnsZones zones per subscription", () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `z${i}.contoso.internal`);

  it("passes at the limit: managed mode with 1,000 zone names", () => {
    const dns = new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1000), resourceGroupName: "rg" });
    expect(dns.zoneNames).toHaveLength(1000);
  });

  it("fails when managed mode would create 1,001 zones", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1001), resourceGroupName: "rg" })).toThrow(
      /^test\/Dns\.zoneNames: a subscription holds at most 1000 private DNS zones \(Azure limit\); got 1001\. Fix: create fewer zones here, or import some \(mode existing\)$/,
    );
  });

  it("counts distinct names only, and not in policy mode (which creates none)", () => {
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: [...names(1000), "z0.contoso.internal"], resourceGroupName: "rg" })).not.toThrow();
    expect(() => new PrivateDnsZones(stack(), "Dns", { zoneNames: names(1001), resourceGroupName: "rg", mode: "policy" })).not.toThrow();
  });
});
