import { readFileSync } from "node:fs";
import { Testing } from "cdktf";
import { arcGatewayStackName } from "../../stacks/gateway-stack";
import { validateTopology } from "../../stacks/load";
import { topologyWarnings } from "../../stacks/rules";
import { TopologyInput } from "../../stacks/topology";
import { buildApp, example, resources, synthTopology, topologyInput, problemLines } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const machine = (n: string, sub = SUB) => `/subscriptions/${sub}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/${n}`;
const cluster = (n: string) => `/subscriptions/${SUB}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/${n}`;

function gw(overrides: Partial<NonNullable<TopologyInput["arcGateways"]>[number]> = {}) {
  return { name: "east", machines: [machine("web01")], ...overrides };
}
function gatewayTopology(gateways: unknown[], extra: Partial<TopologyInput> = {}): TopologyInput {
  return { name: "contoso", location: "eastus", subscriptionId: SUB, arcGateways: gateways as never, ...extra };
}
const problems = problemLines;

describe("arcGateways rules", () => {
  it("fails when privateLink and arcGateways share a topology", () => {
    expect(problems({ ...topologyInput(), arcGateways: [gw()] })).toEqual([
      'arcGateways: privateLink and arcGateways cannot share a topology: private-link and non-private-link Arc resources cannot share DNS (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"), and one topology is one on-premises DNS domain; got ["east"]. Fix: put the gateways in a topology file of their own',
    ]);
  });

  it("fails when a subscription would get more than five gateways", () => {
    const six = Array.from({ length: 6 }, (_, i) => gw({ name: `g${i}`, machines: [machine(`m${i}`)] }));
    expect(problems(gatewayTopology(six))).toEqual([
      `arcGateways[5]: Azure allows 5 Arc gateways per subscription, and ${SUB} would get 6 (arcGateways[0], arcGateways[1], arcGateways[2], arcGateways[3], arcGateways[4], arcGateways[5]); got 6. Fix: share gateways: any Arc resource of the tenant can use any gateway`,
    ]);
    const split = six.map((g, i) => (i === 5 ? { ...g, subscriptionId: "11111111-1111-1111-1111-111111111111" } : g));
    expect(problems(gatewayTopology(split))).toEqual([]);
  });

  it("fails when a proxy inspects TLS", () => {
    const c = { id: cluster("c1"), serviceCidr: "10.96.0.0/12", proxy: { https: "http://p:3128", tlsInspection: true } };
    expect(problems(gatewayTopology([gw({ clusters: [c] as never })]))).toEqual([
      "arcGateways[0].clusters[0].proxy.tlsInspection: the Arc gateway does not support TLS-terminating (inspecting) proxies; got true. Fix: exempt the gateway and Arc hosts from TLS inspection, then set tlsInspection: false",
    ]);
  });

  it("fails when the skip range misses the service CIDR or an in-cluster suffix", () => {
    const c = { id: cluster("c1"), serviceCidr: "10.96.0.0/12", proxy: { https: "http://p:3128", skipRange: ["10.43.0.0/16", "kubernetes.default.svc", ".svc.cluster.local"] } };
    expect(problems(gatewayTopology([gw({ clusters: [c] as never })]))).toEqual([
      'arcGateways[0].clusters[0].proxy.skipRange: the skip range must cover the cluster\'s service CIDR (10.96.0.0/12), or in-cluster traffic goes to the proxy; got ["10.43.0.0/16","kubernetes.default.svc",".svc.cluster.local"]. Fix: add 10.96.0.0/12, or leave skipRange out for the default',
      'arcGateways[0].clusters[0].proxy.skipRange: the skip range must hold kubernetes.default.svc, .svc.cluster.local, .svc; missing .svc; got ["10.43.0.0/16","kubernetes.default.svc",".svc.cluster.local"]. Fix: add .svc',
    ]);
  });

  it("fails for sovereign clouds, unknown his codes, a resource in two gateways, and a keyVault scenario without vaults", () => {
    expect(problems(gatewayTopology([gw({ location: "usgovvirginia" })]))).toEqual([
      'arcGateways[0].location: is a sovereign-cloud region; this library (and the Arc gateway) supports the Azure public cloud only; got "usgovvirginia". Fix: use a public-cloud region',
    ]);
    expect(problems(gatewayTopology([gw()], { location: "swedencentral" }))).toEqual([expect.stringMatching(/^arcGateways\[0\]\.hisRegionCode: the allowlist needs the short code of <code>\.his\.arc\.azure\.com for swedencentral/)]);
    expect(problems(gatewayTopology([gw({ hisRegionCode: "sdc" })], { location: "swedencentral" }))).toEqual([]);
    expect(problems(gatewayTopology([gw(), gw({ name: "west" })]))).toEqual([expect.stringMatching(/^arcGateways\[1\]\.machines\[0\]: a machine or cluster uses one gateway, and arcGateways\[0\]\.machines\[0\] already associates it/)]);
    expect(problems(gatewayTopology([gw({ scenarios: ["keyVault"] })]))).toEqual([expect.stringMatching(/^arcGateways\[0\]\.keyVaults: the keyVault scenario allows <vault>\.vault\.azure\.net per vault, and no vault is listed/)]);
  });

  it("warns (does not fail) when the hub also has a VPN or ExpressRoute gateway", () => {
    const t = validateTopology(gatewayTopology([gw()], { onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" } }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" } } }));
    expect(topologyWarnings(t)).toEqual([{ path: "hub.gateway", message: expect.stringMatching(/^the Arc gateway preview did not support ExpressRoute or site-to-site VPN together with the gateway \(Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"\)/) }]);
  });
});

describe("ArcGatewayStack", () => {
  const stacks = synthTopology(example("arc-gateway.yaml"));
  const east = stacks["contoso-gw-gateway-east"];

  it("builds one stack per gateway, named <name>-gateway-<gateway>", () => {
    expect(Object.keys(stacks)).toEqual(["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"]);
    expect(arcGatewayStackName({ name: "a" }, { name: "b" })).toBe("a-gateway-b");
  });

  it("configures azapi (2.12.0) and azurerm, creates the gateway in its resource group, tagged", () => {
    expect(east.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "2.12.0" });
    expect(east.provider.azapi).toEqual([{ subscription_id: SUB }]);
    const [gateway] = resources(east, "azapi_resource");
    expect(gateway).toEqual(expect.objectContaining({ name: "arcgw-contoso-gw-east", location: "eastus", parent_id: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup\.id\}$/), tags: { owner: "platform" } }));
    expect(resources(east, "azurerm_resource_group")[0]).toEqual(expect.objectContaining({ name: "rg-contoso-arc-gateway", location: "eastus" }));
  });

  it("associates two machines and two clusters", () => {
    const updates = resources(east, "azapi_update_resource");
    expect(updates.filter((u) => u.type.startsWith("Microsoft.HybridCompute/settings")).map((u) => u.parent_id.split("/").pop()).sort()).toEqual(["edge01", "edge02", "sql01", "web01"]);
    expect(updates.filter((u) => u.type.startsWith("Microsoft.Kubernetes/connectedClusters"))).toHaveLength(2);
    expect(resources(east, "azapi_resource_action").every((a) => a.when === "destroy")).toBe(true);
  });

  it("outputs the allowlists, commands and skip ranges", () => {
    const out = east.output;
    expect(out.arc_gateway_endpoint.value).toMatch(/^\$\{azapi_resource\.ArcGateway_\w+\.output\.properties\.gatewayEndpoint\}$/);
    expect(out.allowlist.value[0]).toBe(out.arc_gateway_endpoint.value);
    expect(out.allowlist.value).toEqual(expect.arrayContaining(["eus.his.arc.azure.com", "eastus.obo.arc.azure.com", "kv-contoso-edge.vault.azure.net"]));
    expect(out.allowlist_servers.value).not.toContain("mcr.microsoft.com");
    expect(out.server_commands.value).toEqual(["azcmagent config set proxy.url 'http://proxy.contoso.com:3128'", "azcmagent config set connection.type gateway"]);
    expect(out.cluster_proxy_skip_ranges.value).toEqual({
      "rg-arc-k8s/edge01": "10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc",
      "rg-arc-k8s/edge02": "10.43.0.0/16,kubernetes.default.svc,.svc.cluster.local,.svc,10.0.0.0/8",
    });
    expect(out.cluster_connect_commands.value["rg-arc-k8s/edge01"]).toMatch(
      /^az connectedk8s connect -g 'rg-arc-k8s' -n 'edge01' -l 'eastus' --gateway-resource-id '\$\{azapi_resource\.ArcGateway_\w+\.id\}' --proxy-https 'http:\/\/proxy\.contoso\.com:3128' --proxy-http 'http:\/\/proxy\.contoso\.com:3128' --proxy-skip-range '10\.96\.0\.0\/12,kubernetes\.default\.svc,\.svc\.cluster\.local,\.svc' --proxy-cert '\/etc\/ssl\/certs\/contoso-proxy-ca\.pem'$/,
    );
    expect(out.cluster_update_commands.value["rg-arc-k8s/edge02"]).toMatch(/^az connectedk8s update -g 'rg-arc-k8s' -n 'edge02' --gateway-resource-id '\$\{azapi_resource\.ArcGateway_\w+\.id\}'$/);
  });

  it("uses an existing resource group by name, and the gateway's own subscription", () => {
    const lab = stacks["contoso-gw-gateway-lab"];
    expect(resources(lab, "azurerm_resource_group")).toEqual([]);
    expect(lab.data.azurerm_resource_group.ResourceGroup.name).toBe("rg-lab-arc");
    expect(lab.provider.azapi[0].subscription_id).toBe("11111111-1111-1111-1111-111111111111");
  });

  it("carries its allowlist file", () => {
    const { stacks: built } = buildApp(example("arc-gateway.yaml"));
    const files = (built[0] as unknown as { files: Record<string, string> }).files;
    expect(Object.keys(files)).toEqual(["allowlist.txt"]);
    expect(files["allowlist.txt"]).toMatch(/^<prefix>\.gw\.arc\.azure\.com +# your Arc gateway/m);
    expect(readFileSync(require.resolve("../../examples/arc-gateway.yaml"), "utf8")).toMatch(/arcGateways:/);
  });

  it("snapshot of a gateway stack", () => {
    const { stacks: built } = buildApp(example("arc-gateway.yaml"));
    expect(Testing.synth(built[0])).toMatchSnapshot();
  });
});
