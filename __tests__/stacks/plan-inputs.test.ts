/**
 * Topology values that reach the stacks only through the plan: each one
 * changes the synthesized Terraform (found as gaps by one-line changes that
 * no other test caught).
 */
import { validateTopology } from "../../topology/load";
import { TopologyInput } from "../../topology/schema";
import { resources, synthTopology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER = "11111111-1111-1111-1111-111111111111";
const chart = { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" };
const gatewayTopology = (extra: Partial<TopologyInput>): TopologyInput => ({ name: "contoso", location: "eastus", subscriptionId: SUB, ...extra });

describe("plan values in the synthesized Terraform", () => {
  it("each spoke's DNS in its virtual network: the hub resolver's address, else none (Azure DNS, also with zone links)", () => {
    const spokes = [
      { name: "links", addressSpace: ["10.1.0.0/24"], dnsLinks: true },
      { name: "resolver", addressSpace: ["10.2.0.0/24"] },
    ];
    const withResolver = synthTopology(validateTopology(topologyInput({ spokes })))["contoso-connectivity"];
    const dnsServers = (tf: Record<string, any>) => Object.fromEntries(resources(tf, "azurerm_virtual_network").map((v) => [v.name, v.dns_servers]));
    expect(dnsServers(withResolver)).toEqual({ "vnet-contoso-hub": undefined, "vnet-contoso-links": undefined, "vnet-contoso-resolver": ["10.0.0.100"] });
    // No resolver and no private link: a spoke without links uses Azure DNS, with no dns_servers at all (not an empty list).
    const { privateLink: _pl, ...noPrivateLink } = topologyInput({ hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" }, dnsResolver: false }, spokes: [{ name: "azure", addressSpace: ["10.3.0.0/24"] }] });
    const azure = synthTopology(validateTopology(noPrivateLink))["contoso-connectivity"];
    expect(dnsServers(azure)).toEqual({ "vnet-contoso-hub": undefined, "vnet-contoso-azure": undefined });
    expect(resources(azure, "azurerm_virtual_network").every((v) => !("dns_servers" in v))).toBe(true);
  });

  it("privateLink.machinesResourceGroup goes into both onboarding commands", () => {
    const tf = synthTopology(validateTopology(topologyInput({ privateLink: { machinesResourceGroup: "rg-arc-servers" } })))["contoso-connectivity"];
    expect(tf.output.onboarding_command_servers.value).toMatch(/^azcmagent connect --resource-group 'rg-arc-servers' /);
    expect(tf.output.onboarding_command_kubernetes.value).toMatch(/^az connectedk8s connect -g 'rg-arc-servers' /);
  });

  it("a gateway's cluster commands use the topology's region, not the gateway's own location", () => {
    const id = `/subscriptions/${SUB}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge01`;
    const tf = synthTopology(validateTopology(gatewayTopology({ arcGateways: [{ name: "east", location: "westus3", clusters: [{ id, serviceCidr: "10.43.0.0/16" }] }] })))["contoso-gateway-east"];
    expect(tf.output.cluster_connect_commands.value["rg-k8s/edge01"]).toContain(" -l 'eastus' ");
    expect(resources(tf, "azapi_resource").map((r) => [r.type.split("@")[0], r.location])).toEqual([["Microsoft.HybridCompute/gateways", "westus3"]]);
  });

  it("two same-named clusters in two subscriptions: each command names its cluster's subscription", () => {
    const id = (sub: string) => `/subscriptions/${sub}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge01`;
    const tf = synthTopology(validateTopology(gatewayTopology({ arcGateways: [{ name: "east", clusters: [{ id: id(SUB), serviceCidr: "10.43.0.0/16" }, { id: id(OTHER), serviceCidr: "10.43.0.0/16" }] }] })))["contoso-gateway-east"];
    const update = tf.output.cluster_update_commands.value as Record<string, string>;
    // The first listed keeps the key <rg>/<name>; the second, which shares it, is keyed by its full id.
    expect(Object.keys(update).sort()).toEqual([id(OTHER), "rg-k8s/edge01"].sort());
    expect(update["rg-k8s/edge01"]).toMatch(new RegExp(`^az connectedk8s update -g 'rg-k8s' -n 'edge01' --subscription '${SUB}' --gateway-resource-id `));
    expect(update[id(OTHER)]).toMatch(new RegExp(`^az connectedk8s update -g 'rg-k8s' -n 'edge01' --subscription '${OTHER}' --gateway-resource-id `));
    const connect = tf.output.cluster_connect_commands.value as Record<string, string>;
    expect(connect[id(OTHER)]).toContain(` --subscription '${OTHER}' -l 'eastus' `);
  });

  it("a Kubernetes cluster through a gateway of another subscription: the gateway id in that subscription; its own location", () => {
    const input = gatewayTopology({
      arcGateways: [{ name: "west", subscriptionId: OTHER }],
      kubernetes: { clusters: [{ name: "edge1", gateway: "west", location: "northeurope", serviceCidr: "10.43.0.0/16", chart }] },
    });
    const tf = synthTopology(validateTopology(input))["contoso-k8s-edge1"];
    const settings = resources(tf, "azapi_update_resource").find((r) => r.name === "default");
    expect(settings?.body.properties.gatewayProperties.gatewayResourceId).toBe(`/subscriptions/${OTHER}/resourceGroups/rg-contoso-arcgw-west/providers/Microsoft.HybridCompute/gateways/arcgw-contoso-west`);
    const [connected] = resources(tf, "azapi_resource");
    expect(connected.location).toBe("northeurope");
  });
});
