import { Testing } from "cdktf";
import { armIdKey, shortHash } from "../../lib/core";
import { arcGatewayStackName } from "../../topology/facts";
import { validateTopology } from "../../topology/load";
import { topologyWarnings } from "../../topology/rules";
import { TopologyInput } from "../../topology/schema";
import { buildApp, example, topologyInput, problemLines } from "../support/synth";

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

/** Addresses are written out (`azapi_resource.arc_gateway`): a changed address fails here. A label's name is its words joined with `_`. */
const snake = (name: string) => name.replace(/[^a-z0-9]+/g, "_");
const GATEWAY_ID = "${azapi_resource.arc_gateway.id}";
const GATEWAY_ENDPOINT = "${azapi_resource.arc_gateway.output.properties.gatewayEndpoint}";
const SETTINGS = "Microsoft.HybridCompute/settings@2026-07-15";

/**
 * What associating one server or cluster creates, keyed by address name: the
 * HybridCompute settings/default extension resource holding the gateway id,
 * a destroy-time PUT of a null gateway id (settings have no DELETE), and for
 * a cluster `properties.gateway.enabled` on the connected cluster.
 */
function association(kind: "Machine" | "Cluster", resourceId: string) {
  const parts = resourceId.split("/"); // "", subscriptions, <id>, resourceGroups, <rg>, providers, <namespace>, <type>, <name>
  const [rg, name] = [parts[4], parts[8]];
  // `<rg>-<name>-<hash of the id>`: the address depends on the target's id alone.
  const scope = `${kind.toLowerCase()}_${snake(rg)}_${snake(name)}_${shortHash(armIdKey(resourceId))}`;
  const settings = `azapi_update_resource.${scope}_settings`;
  return {
    updates: {
      [`${scope}_settings`]: { type: SETTINGS, parent_id: resourceId, name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: GATEWAY_ID } } } },
      ...(kind === "Cluster"
        ? { [`${scope}_cluster_gateway`]: { type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", resource_id: resourceId, body: { properties: { gateway: { enabled: true } } }, depends_on: [settings] } }
        : {}),
    },
    actions: {
      [`${scope}_detach_on_destroy`]: {
        type: SETTINGS,
        resource_id: `${resourceId}/providers/Microsoft.HybridCompute/settings/default`,
        method: "PUT",
        when: "destroy",
        body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
        depends_on: [settings],
      },
    },
  };
}
function associations(...list: Array<ReturnType<typeof association>>) {
  return { azapi_update_resource: Object.assign({}, ...list.map((a) => a.updates)), azapi_resource_action: Object.assign({}, ...list.map((a) => a.actions)) };
}
/** The gateway resource (gatewayType Public, every feature allowed). */
const gatewayResource = (name: string, parentId: string) => ({
  type: "Microsoft.HybridCompute/gateways@2026-07-15",
  name,
  location: "eastus",
  parent_id: parentId,
  body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
  response_export_values: ["properties.gatewayEndpoint", "properties.gatewayId"],
  tags: { owner: "platform" },
});
/** The hosts every gateway in eastus needs (seed 002), servers' and clusters'. */
const BASE = ["management.azure.com", "login.microsoftonline.com", "eastus.login.microsoft.com", "gbl.his.arc.azure.com", "eus.his.arc.azure.com"];
const SERVER_HOSTS = ["packages.microsoft.com", "download.microsoft.com"];
const KUBERNETES_HOSTS = ["mcr.microsoft.com", "*.data.mcr.microsoft.com"];

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
    expect(problems(gatewayTopology([gw()], { location: "swedencentral" }))).toEqual([
      "arcGateways[0].hisRegionCode: the allowlist needs the short code of <code>.his.arc.azure.com for swedencentral, and no public source gives it; got nothing. Fix: look it up (e.g. in the agent's logs or the portal's network requirements) and set hisRegionCode",
    ]);
    expect(problems(gatewayTopology([gw({ hisRegionCode: "sdc" })], { location: "swedencentral" }))).toEqual([]);
    expect(problems(gatewayTopology([gw(), gw({ name: "west" })]))).toEqual([
      `arcGateways[1].machines[0]: a machine or cluster uses one gateway, and arcGateways[0].machines[0] already associates it; got "${machine("web01")}". Fix: list it once`,
    ]);
    expect(problems(gatewayTopology([gw({ scenarios: ["keyVault"] })]))).toEqual(["arcGateways[0].keyVaults: the keyVault scenario allows <vault>.vault.azure.net per vault, and no vault is listed; got []. Fix: list the vault names"]);
  });

  it("warns (does not fail) when the hub also has a VPN or ExpressRoute gateway", () => {
    const t = validateTopology(gatewayTopology([gw()], { onPremises: { addressSpace: ["172.16.0.0/16"], vpn: { gatewayAddress: "203.0.113.10" } }, hub: { addressSpace: ["10.0.0.0/22"], gateway: { type: "vpn" } } }));
    expect(topologyWarnings(t)).toEqual([
      {
        path: "hub.gateway",
        message:
          'the Arc gateway preview did not support ExpressRoute or site-to-site VPN together with the gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"); later docs dropped the rule. Check the current Arc gateway limitations before relying on both',
      },
    ]);
  });
});

describe("ArcGatewayStack", () => {
  // One build of the example serves every test (JSON, files, snapshot).
  const { stacks: built } = buildApp(example("arc-gateway.yaml"));
  const synthesized = built.map((s) => Testing.synth(s, true));
  const stacks = Object.fromEntries(built.map((s, i) => [s.node.id, JSON.parse(synthesized[i]) as Record<string, any>]));
  const east = stacks["contoso-gw-gateway-east"];
  const EAST_MACHINE = (n: string) => `/subscriptions/${SUB}/resourceGroups/rg-arc-servers/providers/Microsoft.HybridCompute/machines/${n}`;
  const EAST_CLUSTER = (n: string) => `/subscriptions/${SUB}/resourceGroups/rg-arc-k8s/providers/Microsoft.Kubernetes/connectedClusters/${n}`;

  it("builds one stack per gateway, named <name>-gateway-<gateway>", () => {
    expect(Object.keys(stacks)).toEqual(["contoso-gw-gateway-east", "contoso-gw-gateway-lab", "contoso-gw-k8s-store42"]);
    expect(arcGatewayStackName({ name: "a" }, { name: "b" })).toBe("a-gateway-b");
  });

  it("configures azapi (2.12.0) and azurerm, creates the gateway in its resource group, tagged", () => {
    expect(east.terraform).toEqual({
      backend: { local: { path: "../../../state/terraform.contoso-gw-gateway-east.tfstate" } },
      required_providers: { azapi: { source: "azure/azapi", version: "2.12.0" }, azurerm: { source: "azurerm", version: "4.55.0" } },
    });
    expect(east.provider).toEqual({
      azapi: [{ subscription_id: SUB }],
      azurerm: [{ features: [{}], subscription_id: SUB, resource_provider_registrations: "none", resource_providers_to_register: ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity", "Microsoft.Kubernetes"] }],
    });
    expect(east.data).toBeUndefined();
    expect(east.resource.azurerm_resource_group).toEqual({ resource_group: { name: "rg-contoso-arc-gateway", location: "eastus", tags: { owner: "platform" } } });
    expect(east.resource.azapi_resource).toEqual({ arc_gateway: gatewayResource("arcgw-contoso-gw-east", "${azurerm_resource_group.resource_group.id}") });
  });

  it("associates two machines and two clusters, each detached on destroy", () => {
    expect(Object.keys(east.resource).sort()).toEqual(["azapi_resource", "azapi_resource_action", "azapi_update_resource", "azurerm_resource_group"]);
    const { azapi_update_resource, azapi_resource_action } = associations(
      association("Machine", EAST_MACHINE("web01")),
      association("Machine", EAST_MACHINE("sql01")),
      association("Cluster", EAST_CLUSTER("edge01")),
      association("Cluster", EAST_CLUSTER("edge02")),
    );
    expect(east.resource.azapi_update_resource).toEqual(azapi_update_resource);
    expect(east.resource.azapi_resource_action).toEqual(azapi_resource_action);
  });

  it("outputs the allowlists, commands and skip ranges", () => {
    const kubernetesScenarios = ["*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.monitoring.azure.com", "kv-contoso-edge.vault.azure.net", "data.policy.core.windows.net", "store.policy.core.windows.net"];
    const clusterConnect = ["eastus.obo.arc.azure.com", "*.servicebus.windows.net", "guestnotificationservice.azure.com", "*.guestnotificationservice.azure.com"];
    const connect = (name: string, skipRange: string, cert = "") =>
      `az connectedk8s connect -g 'rg-arc-k8s' -n '${name}' --subscription '${SUB}' -l 'eastus' --gateway-resource-id '${GATEWAY_ID}' --proxy-https 'http://proxy.contoso.com:3128' --proxy-http 'http://proxy.contoso.com:3128' --proxy-skip-range '${skipRange}'${cert}`;
    const update = (name: string) => `az connectedk8s update -g 'rg-arc-k8s' -n '${name}' --subscription '${SUB}' --gateway-resource-id '${GATEWAY_ID}'`;
    const edge01Skip = "10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc";
    const edge02Skip = "10.43.0.0/16,kubernetes.default.svc,.svc.cluster.local,.svc,10.0.0.0/8";
    expect(east.output).toEqual({
      arc_gateway_id: { value: GATEWAY_ID, description: "The Arc gateway: --gateway-resource-id" },
      arc_gateway_endpoint: { value: GATEWAY_ENDPOINT, description: "The gateway URL the proxy must allow" },
      // The gateway URL first; then the base hosts, servers', clusters', and the scenarios' in the order of the docs.
      allowlist: {
        value: [GATEWAY_ENDPOINT, ...BASE, ...SERVER_HOSTS, ...KUBERNETES_HOSTS, ...kubernetesScenarios, ...clusterConnect],
        description: "Hosts to allow (443) for servers and clusters in eastus, with the scenarios' endpoints; also in allowlist.txt",
      },
      allowlist_servers: { value: [GATEWAY_ENDPOINT, ...BASE, ...SERVER_HOSTS, ...kubernetesScenarios], description: "Hosts to allow for Arc-enabled servers" },
      allowlist_kubernetes: { value: [GATEWAY_ENDPOINT, ...BASE, ...KUBERNETES_HOSTS, ...kubernetesScenarios, ...clusterConnect], description: "Hosts to allow for Arc-enabled Kubernetes" },
      server_commands: {
        value: ["azcmagent config set proxy.url 'http://proxy.contoso.com:3128'", "azcmagent config set connection.type gateway"],
        description: "Run on each server (connection.type gateway is needed up to agent 1.50)",
      },
      cluster_connect_commands: {
        value: { "rg-arc-k8s/edge01": connect("edge01", edge01Skip, " --proxy-cert '/etc/ssl/certs/contoso-proxy-ca.pem'"), "rg-arc-k8s/edge02": connect("edge02", edge02Skip) },
        description: "Onboard each cluster through the gateway and proxy (resource group/name -> command)",
      },
      cluster_update_commands: {
        value: { "rg-arc-k8s/edge01": update("edge01"), "rg-arc-k8s/edge02": update("edge02") },
        description: "Move an already connected cluster onto the gateway (resource group/name -> command)",
      },
      cluster_proxy_skip_ranges: { value: { "rg-arc-k8s/edge01": edge01Skip, "rg-arc-k8s/edge02": edge02Skip }, description: "--proxy-skip-range per cluster" },
    });
  });

  it("uses an existing resource group by name, and the gateway's own subscription", () => {
    const lab = stacks["contoso-gw-gateway-lab"];
    const LAB = "11111111-1111-1111-1111-111111111111";
    expect(lab.provider).toEqual({ azapi: [{ subscription_id: LAB }], azurerm: [{ features: [{}], subscription_id: LAB, resource_provider_registrations: "none", resource_providers_to_register: ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity"] }] });
    expect(lab.terraform.backend).toEqual({ local: { path: "../../../state/terraform.contoso-gw-gateway-lab.tfstate" } });
    expect(lab.data).toEqual({ azurerm_resource_group: { resource_group: { name: "rg-lab-arc" } } });
    expect(lab.resource).toEqual({
      azapi_resource: { arc_gateway: gatewayResource("arcgw-contoso-gw-lab", "${data.azurerm_resource_group.resource_group.id}") },
      ...associations(association("Machine", `/subscriptions/${LAB}/resourceGroups/rg-lab/providers/Microsoft.HybridCompute/machines/lab01`)),
    });
    // No scenarios, no clusters, no server proxy.
    expect(Object.fromEntries(Object.entries<{ value: unknown }>(lab.output).map(([k, o]) => [k, o.value]))).toEqual({
      arc_gateway_id: GATEWAY_ID,
      arc_gateway_endpoint: GATEWAY_ENDPOINT,
      allowlist: [GATEWAY_ENDPOINT, ...BASE, ...SERVER_HOSTS, ...KUBERNETES_HOSTS],
      allowlist_servers: [GATEWAY_ENDPOINT, ...BASE, ...SERVER_HOSTS],
      allowlist_kubernetes: [GATEWAY_ENDPOINT, ...BASE, ...KUBERNETES_HOSTS],
      server_commands: ["azcmagent config set connection.type gateway"],
      cluster_connect_commands: {},
      cluster_update_commands: {},
      cluster_proxy_skip_ranges: {},
    });
  });

  it("carries its allowlist file: the allowlist output's hosts, with purposes and who needs them", () => {
    const files = (built[0] as unknown as { files: Record<string, string> }).files;
    expect(Object.keys(files)).toEqual(["allowlist.txt"]);
    expect(files["allowlist.txt"]).toBe(
      [
        "# Azure Arc gateway contoso-gw-gateway-east/ArcGateway: hosts for servers and clusters in eastus, scenarios containerInsights, keyVault, azurePolicy, defender, dataServices, clusterConnect",
        "# Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS.",
        "<prefix>.gw.arc.azure.com             # your Arc gateway (terraform output arc_gateway_endpoint) (servers, kubernetes)",
        "management.azure.com                  # Azure Resource Manager control channel (servers, kubernetes)",
        "login.microsoftonline.com             # Microsoft Entra ID tokens (servers, kubernetes)",
        "eastus.login.microsoft.com            # Microsoft Entra ID tokens (regional) (servers, kubernetes)",
        "gbl.his.arc.azure.com                 # Arc agent service (global) (servers, kubernetes)",
        "eus.his.arc.azure.com                 # Arc agent service (regional) (servers, kubernetes)",
        "packages.microsoft.com                # Connected Machine agent packages (servers)",
        "download.microsoft.com                # Connected Machine agent downloads (servers)",
        "mcr.microsoft.com                     # Arc agent container images (kubernetes)",
        "*.data.mcr.microsoft.com              # Arc agent container image layers (kubernetes)",
        "*.ods.opinsights.azure.com            # Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services (servers, kubernetes)",
        "*.oms.opinsights.azure.com            # Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services (servers, kubernetes)",
        "*.monitoring.azure.com                # Container insights (Azure Monitor); Azure Arc-enabled data services (servers, kubernetes)",
        "kv-contoso-edge.vault.azure.net       # Azure Key Vault (servers, kubernetes)",
        "data.policy.core.windows.net          # Azure Policy (servers, kubernetes)",
        "store.policy.core.windows.net         # Azure Policy (servers, kubernetes)",
        "eastus.obo.arc.azure.com              # cluster connect (kubernetes)",
        "*.servicebus.windows.net              # cluster connect (kubernetes)",
        "guestnotificationservice.azure.com    # cluster connect (kubernetes)",
        "*.guestnotificationservice.azure.com  # cluster connect (kubernetes)",
        "",
      ].join("\n"),
    );
    // Same hosts, same order as the allowlist output (the gateway URL as its placeholder).
    const hosts = files["allowlist.txt"].split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(" ")[0]);
    expect(hosts).toEqual(["<prefix>.gw.arc.azure.com", ...east.output.allowlist.value.slice(1)]);
  });

  it("snapshot of a gateway stack", () => {
    expect(synthesized[0]).toMatchSnapshot();
  });
});
