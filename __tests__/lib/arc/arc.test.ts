import { ArcPrivateLinkScope as ScopeResource } from "@cdktf/provider-azurerm/lib/arc-private-link-scope";
import { Testing } from "cdktf";
import { ARC_PRIVATE_DNS_ZONES, arcPrivateDnsCheckHosts, ArcPrivateLinkScope, azcmagentConnectCommand, connectedK8sConnectCommand } from "../../../lib/arc";
import { SubnetRef } from "../../../lib/core";
import { resources, stack, synthStack } from "../../support/synth";

const subnet = (network = "hub"): SubnetRef => ({ subnetId: `/subnets/${network}`, name: "snet-endpoints", location: "westeurope", virtualNetworkId: `/vnets/${network}`, virtualNetworkKey: network });
const zones = Object.fromEntries(ARC_PRIVATE_DNS_ZONES.map((z) => [z, `/zones/${z}`]));
const props = { name: "pls-contoso-arc", resourceGroupName: "rg", location: "westeurope" };

describe("ArcPrivateLinkScope", () => {
  it("turns public network access off by default", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "Scope", props);
    expect(Testing.synth(s)).toHaveResourceWithProperties(ScopeResource, { name: "pls-contoso-arc", location: "westeurope", public_network_access_enabled: false });
  });

  it("creates its endpoint: sub-resource hybridcompute, the three Arc zones in one group", () => {
    const s = stack();
    const scope = new ArcPrivateLinkScope(s, "Scope", { ...props, publicNetworkAccessEnabled: true, endpoint: { subnet: subnet(), privateDnsZoneIds: zones } });
    const tf = synthStack(s);
    const [pe] = resources(tf, "azurerm_private_endpoint");
    expect(pe.name).toBe("pe-contoso-arc");
    expect(pe.private_service_connection).toEqual(expect.objectContaining({ subresource_names: ["hybridcompute"], is_manual_connection: false }));
    expect(pe.private_service_connection.private_connection_resource_id).toMatch(/^\$\{azurerm_arc_private_link_scope\.Scope_\w+\.id\}$/);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual(ARC_PRIVATE_DNS_ZONES.map((z) => `/zones/${z}`));
    expect(resources(tf, "azurerm_arc_private_link_scope")[0].public_network_access_enabled).toBe(true);
    expect(scope.endpoint).toBeDefined();
  });

  it("fails when a zone of the three is missing", () => {
    const { ["privatelink.his.arc.azure.com"]: _dropped, ...two } = zones;
    expect(() => new ArcPrivateLinkScope(stack(), "Scope", { ...props, endpoint: { subnet: subnet(), privateDnsZoneIds: two } })).toThrow(
      /test\/Scope\.endpoint\.privateDnsZoneIds: the Arc zone group needs all three Arc zones; missing privatelink\.his\.arc\.azure\.com/,
    );
  });

  it("fails when a second Arc scope is associated with the same virtual network", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "First", { ...props, endpoint: { subnet: subnet("hub"), privateDnsZoneIds: zones } });
    expect(() => new ArcPrivateLinkScope(s, "Second", { ...props, name: "pls-two", endpoint: { subnet: subnet("hub"), privateDnsZoneIds: zones } })).toThrow(
      /test\/Second: at most one Arc Private Link Scope can be associated with a virtual network \(already held by test\/First\)/,
    );
    expect(() => new ArcPrivateLinkScope(s, "Third", { ...props, name: "pls-three", endpoint: { subnet: subnet("other"), privateDnsZoneIds: zones } })).not.toThrow();
  });

  it("policy-owned DNS: no zones needed, changes to the group ignored", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "Scope", { ...props, endpoint: { subnet: subnet(), dnsZoneGroupManagedByPolicy: true } });
    const [pe] = resources(synthStack(s), "azurerm_private_endpoint");
    expect(pe.lifecycle).toEqual({ ignore_changes: ["private_dns_zone_group"] });
  });

  it("imports a scope by id", () => {
    expect(ArcPrivateLinkScope.fromPrivateLinkScopeId(stack(), "I", "/pls/1").privateLinkScopeId).toBe("/pls/1");
  });
});

describe("onboarding", () => {
  it("builds the documented commands with the scope's region", () => {
    expect(azcmagentConnectCommand({ resourceGroup: "rg-arc", tenantId: "t", subscriptionId: "s", location: "westeurope", privateLinkScopeId: "/pls" })).toBe(
      "azcmagent connect --resource-group 'rg-arc' --tenant-id 't' --subscription-id 's' --location 'westeurope' --cloud 'AzureCloud' --private-link-scope '/pls'",
    );
    expect(connectedK8sConnectCommand({ resourceGroup: "rg-arc", location: "eastus", privateLinkScopeId: "/pls" })).toBe(
      "az connectedk8s connect -g 'rg-arc' -n '<cluster-name>' -l 'eastus' --enable-private-link true --private-link-scope-resource-id '/pls'",
    );
  });

  it("lists the host names to check, with the short his code where it is known", () => {
    expect(arcPrivateDnsCheckHosts("eastus")).toEqual([
      "gbl.his.arc.azure.com",
      "eus.his.arc.azure.com",
      "agentserviceapi.guestconfiguration.azure.com",
      "eastus-gas.guestconfiguration.azure.com",
      "eastus.dp.kubernetesconfiguration.azure.com",
    ]);
    expect(arcPrivateDnsCheckHosts("swedencentral").filter((h) => h.includes(".his."))).toEqual(["gbl.his.arc.azure.com"]);
    expect(arcPrivateDnsCheckHosts("swedencentral", "sdc")).toContain("sdc.his.arc.azure.com");
  });
});
