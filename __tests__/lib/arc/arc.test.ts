import { TerraformOutput } from "cdktf";
import {
  ARC_PRIVATE_DNS_ZONES,
  ARC_RESOURCE_PROVIDERS,
  arcPrivateDnsCheckHosts,
  ArcPrivateLinkScope,
  azcmagentConnectCommand,
  azcmagentProxyCommands,
  connectedK8sConnectCommand,
  serverPrivateLinkChecks,
} from "../../../lib/arc";
import { SubnetRef } from "../../../lib/core";
import { stack, synthStack } from "../../support/synth";
import { failure } from "../../support/errors";

const subnet = (network = "hub"): SubnetRef => ({ subnetId: `/subnets/${network}`, name: "snet-endpoints", location: "westeurope", virtualNetworkId: `/vnets/${network}`, virtualNetworkKey: network });
const zones = Object.fromEntries(ARC_PRIVATE_DNS_ZONES.map((z) => [z, `/zones/${z}`]));
const props = { name: "pls-contoso-arc", resourceGroupName: "rg", location: "westeurope" };


/** The endpoint the Arc scope `Scope` creates, given its name and tags. */
function arcEndpoint(name: string, tags?: Record<string, string>, zoneGroup: Record<string, unknown> | null = { name: "default", private_dns_zone_ids: ARC_PRIVATE_DNS_ZONES.map((z) => `/zones/${z}`) }) {
  return {
    name,
    location: "westeurope",
    resource_group_name: "rg",
    subnet_id: "/subnets/hub",
    custom_network_interface_name: `nic-${name}`,
    private_service_connection: {
      name: name.replace(/^pe-/, "psc-"),
      is_manual_connection: false,
      private_connection_resource_id: expect.stringMatching(/^\$\{azurerm_arc_private_link_scope\.Scope_[0-9A-F]{8}\.id\}$/),
      subresource_names: ["hybridcompute"],
    },
    ...(zoneGroup ? { private_dns_zone_group: zoneGroup } : {}),
    ...(tags ? { tags } : {}),
  };
}

describe("ArcPrivateLinkScope", () => {
  it("lists the Arc resource providers and the three Arc zones", () => {
    expect(ARC_RESOURCE_PROVIDERS).toEqual([
      "Microsoft.HybridCompute",
      "Microsoft.GuestConfiguration",
      "Microsoft.HybridConnectivity",
      "Microsoft.AzureArcData",
      "Microsoft.Kubernetes",
      "Microsoft.KubernetesConfiguration",
      "Microsoft.ExtendedLocation",
    ]);
    expect(ARC_PRIVATE_DNS_ZONES).toEqual(["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"]);
  });

  it("turns public network access off by default, without an endpoint or tags", () => {
    const s = stack();
    const scope = new ArcPrivateLinkScope(s, "Scope", props);
    new TerraformOutput(s, "id", { value: scope.privateLinkScopeId });
    const tf = synthStack(s);
    expect(Object.values(tf.resource.azurerm_arc_private_link_scope)).toStrictEqual([{ name: "pls-contoso-arc", resource_group_name: "rg", location: "westeurope", public_network_access_enabled: false }]);
    expect(Object.keys(tf.resource)).toEqual(["azurerm_arc_private_link_scope"]);
    expect(tf.output.id.value).toMatch(/^\$\{azurerm_arc_private_link_scope\.Scope_[0-9A-F]{8}\.id\}$/);
    expect(scope.location).toBe("westeurope");
    expect(scope.endpoint).toBeUndefined();
  });

  it("creates its endpoint: sub-resource hybridcompute, the three Arc zones in one group, the scope's tags on both", () => {
    const s = stack();
    const tags = { owner: "platform" };
    const scope = new ArcPrivateLinkScope(s, "Scope", { ...props, publicNetworkAccessEnabled: true, tags, endpoint: { subnet: subnet(), privateDnsZoneIds: zones } });
    const tf = synthStack(s);
    expect(Object.values(tf.resource.azurerm_arc_private_link_scope)).toStrictEqual([{ name: "pls-contoso-arc", resource_group_name: "rg", location: "westeurope", public_network_access_enabled: true, tags }]);
    expect(Object.values(tf.resource.azurerm_private_endpoint)).toEqual([arcEndpoint("pe-contoso-arc", tags)]);
    expect(scope.endpoint?.node.path).toBe("test/Scope/Endpoint");
  });

  it("names the endpoint after the scope without a leading pls- only, or as told", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "Scope", { ...props, name: "contoso-pls-arc", endpoint: { subnet: subnet(), privateDnsZoneIds: zones } });
    expect(Object.values(synthStack(s).resource.azurerm_private_endpoint)).toEqual([arcEndpoint("pe-contoso-pls-arc")]);
    const t = stack();
    new ArcPrivateLinkScope(t, "Scope", { ...props, endpoint: { subnet: subnet(), privateDnsZoneIds: zones, name: "pe-arc-hub" } });
    expect(Object.values(synthStack(t).resource.azurerm_private_endpoint)).toEqual([arcEndpoint("pe-arc-hub")]);
  });

  it("adds the endpoint later with addPrivateEndpoint, and fails when a second one is added", () => {
    const s = stack();
    const scope = new ArcPrivateLinkScope(s, "Scope", props);
    const endpoint = scope.addPrivateEndpoint({ subnet: subnet(), privateDnsZoneIds: zones });
    expect(scope.endpoint).toBe(endpoint);
    expect(Object.values(synthStack(s).resource.azurerm_private_endpoint)).toEqual([arcEndpoint("pe-contoso-arc")]);
    expect(failure(() => scope.addPrivateEndpoint({ subnet: subnet("other"), privateDnsZoneIds: zones }))).toBe(
      'test/Scope: this construct models one private endpoint per scope; got "snet-endpoints". Fix: create the second endpoint with the PrivateEndpoint construct',
    );
  });

  it("fails when a zone of the three is missing, passes with all three", () => {
    const { ["privatelink.his.arc.azure.com"]: _dropped, ...two } = zones;
    expect(failure(() => new ArcPrivateLinkScope(stack(), "Scope", { ...props, endpoint: { subnet: subnet(), privateDnsZoneIds: two } }))).toBe(
      'test/Scope.endpoint.privateDnsZoneIds: the Arc zone group needs all three Arc zones; missing privatelink.his.arc.azure.com; got ["privatelink.guestconfiguration.azure.com","privatelink.dp.kubernetesconfiguration.azure.com"]. Fix: pass an id for each of ARC_PRIVATE_DNS_ZONES, or let Azure Policy own the zone group',
    );
    expect(() => new ArcPrivateLinkScope(stack(), "Scope", { ...props, endpoint: { subnet: subnet(), privateDnsZoneIds: zones } })).not.toThrow();
  });

  it("fails when a second Arc scope is associated with the same virtual network; another network is fine", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "First", { ...props, endpoint: { subnet: subnet("hub"), privateDnsZoneIds: zones } });
    expect(failure(() => new ArcPrivateLinkScope(s, "Second", { ...props, name: "pls-two", endpoint: { subnet: subnet("hub"), privateDnsZoneIds: zones } }))).toBe(
      'test/Second: at most one Arc Private Link Scope can be associated with a virtual network (already held by test/First); got "arc-private-link-scope:hub". Fix: put the second scope\'s endpoint in another virtual network, or use one scope',
    );
    expect(() => new ArcPrivateLinkScope(s, "Third", { ...props, name: "pls-three", endpoint: { subnet: subnet("other"), privateDnsZoneIds: zones } })).not.toThrow();
  });

  it("policy-owned DNS: no zones needed, no zone group, changes to the group ignored", () => {
    const s = stack();
    new ArcPrivateLinkScope(s, "Scope", { ...props, endpoint: { subnet: subnet(), dnsZoneGroupManagedByPolicy: true } });
    expect(Object.values(synthStack(s).resource.azurerm_private_endpoint)).toEqual([{ ...arcEndpoint("pe-contoso-arc", undefined, null), lifecycle: { ignore_changes: ["private_dns_zone_group"] } }]);
  });

  it("imports a scope by id, creating nothing", () => {
    const s = stack();
    expect(ArcPrivateLinkScope.fromPrivateLinkScopeId(s, "I", "/pls/1").privateLinkScopeId).toBe("/pls/1");
    expect(synthStack(s).resource).toBeUndefined();
  });
});

describe("onboarding", () => {
  it("builds the documented private link commands, each value one quoted shell word", () => {
    expect(azcmagentConnectCommand({ resourceGroup: "rg-arc", tenantId: "t", subscriptionId: "s", location: "westeurope", privateLinkScopeId: "/pls" })).toBe(
      "azcmagent connect --resource-group 'rg-arc' --tenant-id 't' --subscription-id 's' --location 'westeurope' --cloud 'AzureCloud' --private-link-scope '/pls'",
    );
    expect(azcmagentConnectCommand({ resourceGroup: "rg 'x'", tenantId: "t;1", subscriptionId: "$s", location: "west europe", privateLinkScopeId: "`p`" })).toBe(
      "azcmagent connect --resource-group 'rg '\\''x'\\''' --tenant-id 't;1' --subscription-id '$s' --location 'west europe' --cloud 'AzureCloud' --private-link-scope '`p`'",
    );
    expect(connectedK8sConnectCommand({ resourceGroup: "rg-arc", location: "eastus", privateLinkScopeId: "/pls" })).toBe(
      "az connectedk8s connect -g 'rg-arc' -n '<cluster-name>' -l 'eastus' --enable-private-link true --private-link-scope-resource-id '/pls'",
    );
    expect(connectedK8sConnectCommand({ resourceGroup: "rg 1", clusterName: "edge '1'", location: "east us", privateLinkScopeId: "/p ls" })).toBe(
      "az connectedk8s connect -g 'rg 1' -n 'edge '\\''1'\\''' -l 'east us' --enable-private-link true --private-link-scope-resource-id '/p ls'",
    );
  });

  it("sets the proxy before connecting, and bypasses it for Arc unless told not to (each value one quoted shell word)", () => {
    expect(azcmagentProxyCommands({ url: "http://proxy.contoso.com:3128" })).toEqual(["azcmagent config set proxy.url 'http://proxy.contoso.com:3128'", "azcmagent config set proxy.bypass 'Arc'"]);
    expect(azcmagentProxyCommands({ url: "http://proxy:3128", bypassArc: true })).toEqual(["azcmagent config set proxy.url 'http://proxy:3128'", "azcmagent config set proxy.bypass 'Arc'"]);
    expect(azcmagentProxyCommands({ url: "http://p'x", bypassArc: false })).toEqual(["azcmagent config set proxy.url 'http://p'\\''x'"]);
  });

  it("checks after onboarding: azcmagent check with the private-link check for the scope's region, then nslookup of each name", () => {
    expect(serverPrivateLinkChecks("westeurope", ["gbl.his.arc.azure.com", "weu.his.arc.azure.com"])).toEqual([
      "azcmagent check --location 'westeurope' --enable-pls-check",
      "nslookup gbl.his.arc.azure.com",
      "nslookup weu.his.arc.azure.com",
    ]);
    expect(serverPrivateLinkChecks("east us", [])).toEqual(["azcmagent check --location 'east us' --enable-pls-check"]);
    // A host that is not a plain DNS name is one quoted shell word.
    expect(serverPrivateLinkChecks("eastus", ["x; touch /tmp/pwned", "$(id)"])).toEqual(["azcmagent check --location 'eastus' --enable-pls-check", "nslookup 'x; touch /tmp/pwned'", "nslookup '$(id)'"]);
  });

  it("lists the host names to check, with the short his code where it is known or given", () => {
    expect(arcPrivateDnsCheckHosts("eastus")).toEqual([
      "gbl.his.arc.azure.com",
      "eus.his.arc.azure.com",
      "agentserviceapi.guestconfiguration.azure.com",
      "eastus-gas.guestconfiguration.azure.com",
      "eastus.dp.kubernetesconfiguration.azure.com",
    ]);
    expect(arcPrivateDnsCheckHosts("swedencentral")).toEqual([
      "gbl.his.arc.azure.com",
      "agentserviceapi.guestconfiguration.azure.com",
      "swedencentral-gas.guestconfiguration.azure.com",
      "swedencentral.dp.kubernetesconfiguration.azure.com",
    ]);
    expect(arcPrivateDnsCheckHosts("swedencentral", "sdc")).toEqual([
      "gbl.his.arc.azure.com",
      "sdc.his.arc.azure.com",
      "agentserviceapi.guestconfiguration.azure.com",
      "swedencentral-gas.guestconfiguration.azure.com",
      "swedencentral.dp.kubernetesconfiguration.azure.com",
    ]);
    // An override wins over the catalogue's code.
    expect(arcPrivateDnsCheckHosts("eastus", "xyz")[1]).toBe("xyz.his.arc.azure.com");
  });
});
