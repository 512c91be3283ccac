import { TerraformOutput } from "cdktf";
import {
  ARC_GATEWAY_API_VERSION,
  ARC_SETTINGS_API_VERSION,
  arcGatewayAllowlist,
  ArcGateway,
  ArcGatewayAssociation,
  azcmagentGatewayCommands,
  connectedK8sGatewayConnectCommand,
  connectedK8sGatewayUpdateCommand,
  AllowlistEntry,
  CLUSTER_CONNECT_ENDPOINTS,
  CONNECTED_CLUSTER_API_VERSION,
  GATEWAY_SCENARIOS,
  MAX_ARC_GATEWAYS_PER_SUBSCRIPTION,
  PROXY_SKIP_SUFFIXES,
  proxySkipRange,
  renderAllowlist,
  skipRangeCoversServiceCidr,
} from "../../../lib/arc-gateway";
import { AzapiProvider, AzapiResource } from "../../../lib/azapi";
import { stack, synthStack } from "../../support/synth";
import { failure } from "../../support/errors";

const SUB = "00000000-0000-0000-0000-000000000000";
const machine = `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01`;
const cluster = `/subscriptions/${SUB}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge01`;

function azapiStack() {
  const s = stack();
  new AzapiProvider(s, "azapi", {});
  return s;
}


/** The settings update, the destroy-time detach and (for a cluster) the gateway flag an association writes, by resource type and construct id. */
function associationResources(a: ArcGatewayAssociation, target: string, gatewayId: string, versions = { settings: "2026-07-15", cluster: "2026-05-01" }) {
  const settings = `azapi_update_resource.${a.settings.friendlyUniqueId}`;
  return {
    azapi_update_resource: {
      [a.settings.friendlyUniqueId]: { type: `Microsoft.HybridCompute/settings@${versions.settings}`, parent_id: target, name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: gatewayId } } } },
      ...(a.clusterGateway
        ? { [a.clusterGateway.friendlyUniqueId]: { type: `Microsoft.Kubernetes/connectedClusters@${versions.cluster}`, resource_id: target, body: { properties: { gateway: { enabled: true } } }, depends_on: [settings] } }
        : {}),
    },
    azapi_resource_action: {
      [a.detachOnDestroy.friendlyUniqueId]: {
        type: `Microsoft.HybridCompute/settings@${versions.settings}`,
        resource_id: `${target}/providers/Microsoft.HybridCompute/settings/default`,
        method: "PUT",
        when: "destroy",
        body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
        depends_on: [settings],
      },
    },
  };
}

describe("ArcGateway", () => {
  it("is a Public gateway allowing every feature, API version 2026-07-15 by default, exporting its endpoint and id", () => {
    const s = azapiStack();
    const gw = new ArcGateway(s, "Gw", { name: "arcgw-x", resourceGroupId: "/rg", location: "eastus" });
    new TerraformOutput(s, "endpoint", { value: gw.gatewayEndpoint });
    new TerraformOutput(s, "id", { value: gw.gatewayId });
    const tf = synthStack(s);
    expect(tf.resource).toStrictEqual({
      azapi_resource: {
        [gw.resource.friendlyUniqueId]: {
          type: "Microsoft.HybridCompute/gateways@2026-07-15",
          name: "arcgw-x",
          parent_id: "/rg",
          location: "eastus",
          body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
          response_export_values: ["properties.gatewayEndpoint", "properties.gatewayId"],
        },
      },
    });
    expect(tf.output).toEqual({
      endpoint: { value: `\${azapi_resource.${gw.resource.friendlyUniqueId}.output.properties.gatewayEndpoint}` },
      id: { value: `\${azapi_resource.${gw.resource.friendlyUniqueId}.id}` },
    });
    expect([ARC_GATEWAY_API_VERSION, ARC_SETTINGS_API_VERSION, CONNECTED_CLUSTER_API_VERSION, MAX_ARC_GATEWAYS_PER_SUBSCRIPTION]).toEqual(["2026-07-15", "2026-07-15", "2026-05-01", 5]);
  });

  it("takes another API version, feature list and tags", () => {
    const s = azapiStack();
    const features = ["a", "b"];
    const tags = { owner: "platform" };
    const gw = new ArcGateway(s, "Gw", { name: "g", resourceGroupId: "/rg", location: "eastus", apiVersion: "2025-06-01", allowedFeatures: features, tags });
    expect(synthStack(s).resource.azapi_resource[gw.resource.friendlyUniqueId]).toStrictEqual({
      type: "Microsoft.HybridCompute/gateways@2025-06-01",
      name: "g",
      parent_id: "/rg",
      location: "eastus",
      body: { properties: { gatewayType: "Public", allowedFeatures: ["a", "b"] } },
      response_export_values: ["properties.gatewayEndpoint", "properties.gatewayId"],
      tags: { owner: "platform" },
    });
    // Copies: changing the caller's arrays later changes nothing.
    expect(gw.resource.config.tags).not.toBe(tags);
    expect((gw.resource.config.body as { properties: { allowedFeatures: string[] } }).properties.allowedFeatures).not.toBe(features);
  });

  it("imports a gateway by id, creating nothing", () => {
    const s = azapiStack();
    expect(ArcGateway.fromGatewayId(s, "I", "/gw/1").gatewayId).toBe("/gw/1");
    expect(synthStack(s).resource).toBeUndefined();
  });
});

describe("ArcGatewayAssociation", () => {
  it("server: settings/default update with the gateway id, and a destroy-time detach writing null, nothing on the machine itself", () => {
    const s = azapiStack();
    const a = new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { machineId: machine } });
    expect(a.clusterGateway).toBeUndefined();
    expect(synthStack(s).resource).toStrictEqual(associationResources(a, machine, "/gw"));
  });

  it("cluster: also sets gateway.enabled on the connected cluster, after the settings", () => {
    const s = azapiStack();
    const a = new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { connectedClusterId: cluster } });
    expect(a.clusterGateway?.node.path).toBe("test/Assoc/ClusterGateway");
    expect(synthStack(s).resource).toStrictEqual(associationResources(a, cluster, "/gw"));
  });

  it("takes other API versions for the settings and the cluster", () => {
    const s = azapiStack();
    const a = new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { connectedClusterId: cluster }, settingsApiVersion: "2024-07-31-preview", connectedClusterApiVersion: "2024-12-01-preview" });
    expect(synthStack(s).resource).toStrictEqual(associationResources(a, cluster, "/gw", { settings: "2024-07-31-preview", cluster: "2024-12-01-preview" }));
  });

  it("writes target ids in the canonical casing", () => {
    const s = azapiStack();
    const lower = `/subscriptions/${SUB}/resourcegroups/rg-k8s/providers/microsoft.kubernetes/connectedclusters/edge01`;
    const a = new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { connectedClusterId: lower } });
    expect(synthStack(s).resource).toStrictEqual(associationResources(a, cluster, "/gw"));
  });

  it("takes a target known only at apply (a reference), unchecked", () => {
    const s = azapiStack();
    const target = new AzapiResource(s, "Machine", { type: "Microsoft.HybridCompute/machines@2024-07-10", name: "m", parentId: "/rg" });
    const gw = new ArcGateway(s, "Gw", { name: "g", resourceGroupId: "/rg", location: "eastus" });
    const a = new ArcGatewayAssociation(s, "Assoc", { gatewayId: gw.gatewayId, target: { machineId: target.id } });
    const tf = synthStack(s);
    const expected = associationResources(a, "${azapi_resource.Machine.id}", `\${azapi_resource.${gw.resource.friendlyUniqueId}.id}`);
    expect(tf.resource.azapi_update_resource).toStrictEqual(expected.azapi_update_resource);
    expect(tf.resource.azapi_resource_action).toStrictEqual(expected.azapi_resource_action);
  });

  it("fails when the target id is not of the target's type; passes for the type in any casing", () => {
    const s = azapiStack();
    expect(failure(() => new ArcGatewayAssociation(s, "A1", { gatewayId: "/gw", target: { machineId: cluster } }))).toBe(
      `test/A1.target.machineId: must be the ARM id of a Microsoft.HybridCompute/machines resource; got "${cluster}". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<name>`,
    );
    expect(failure(() => new ArcGatewayAssociation(s, "A2", { gatewayId: "/gw", target: { connectedClusterId: machine } }))).toBe(
      `test/A2.target.connectedClusterId: must be the ARM id of a Microsoft.Kubernetes/connectedClusters resource; got "${machine}". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Kubernetes/connectedClusters/<name>`,
    );
    // Not an ARM id at all.
    expect(failure(() => new ArcGatewayAssociation(s, "A3", { gatewayId: "/gw", target: { machineId: "/machines/web01" } }))).toBe(
      'test/A3.target.machineId: must be the ARM id of a Microsoft.HybridCompute/machines resource; got "/machines/web01". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<name>',
    );
    // A type that only starts like the right one.
    const machinesx = machine.replace("/machines/", "/machinesx/");
    expect(failure(() => new ArcGatewayAssociation(s, "A4", { gatewayId: "/gw", target: { machineId: machinesx } }))).toBe(
      `test/A4.target.machineId: must be the ARM id of a Microsoft.HybridCompute/machines resource; got "${machinesx}". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.HybridCompute/machines/<name>`,
    );
    expect(() => new ArcGatewayAssociation(s, "A5", { gatewayId: "/gw", target: { machineId: machine.replace("Microsoft.HybridCompute/machines", "MICROSOFT.HYBRIDCOMPUTE/Machines") } })).not.toThrow();
    expect(() => new ArcGatewayAssociation(s, "A6", { gatewayId: "/gw", target: { connectedClusterId: cluster.replace("Microsoft.Kubernetes", "microsoft.kubernetes") } })).not.toThrow();
  });
});

describe("allowlist", () => {
  const both = ["servers", "kubernetes"];
  const core = (region: string, his: string, gateway = "<prefix>.gw.arc.azure.com"): AllowlistEntry[] => [
    { host: gateway, purpose: "your Arc gateway (terraform output arc_gateway_endpoint)", for: both as never },
    { host: "management.azure.com", purpose: "Azure Resource Manager control channel", for: both as never },
    { host: "login.microsoftonline.com", purpose: "Microsoft Entra ID tokens", for: both as never },
    { host: `${region}.login.microsoft.com`, purpose: "Microsoft Entra ID tokens (regional)", for: both as never },
    { host: "gbl.his.arc.azure.com", purpose: "Arc agent service (global)", for: both as never },
    { host: `${his}.his.arc.azure.com`, purpose: "Arc agent service (regional)", for: both as never },
  ];
  const serverHosts: AllowlistEntry[] = [
    { host: "packages.microsoft.com", purpose: "Connected Machine agent packages", for: ["servers"] },
    { host: "download.microsoft.com", purpose: "Connected Machine agent downloads", for: ["servers"] },
  ];
  const kubernetesHosts: AllowlistEntry[] = [
    { host: "mcr.microsoft.com", purpose: "Arc agent container images", for: ["kubernetes"] },
    { host: "*.data.mcr.microsoft.com", purpose: "Arc agent container image layers", for: ["kubernetes"] },
  ];
  const only = (entries: AllowlistEntry[], kind: "servers" | "kubernetes") => entries.map((e) => ({ ...e, for: [kind] }));

  it("names the scenarios and cluster connect's endpoints", () => {
    expect(GATEWAY_SCENARIOS).toEqual(["containerInsights", "keyVault", "azurePolicy", "defender", "dataServices", "clusterConnect"]);
    expect(CLUSTER_CONNECT_ENDPOINTS).toEqual(["*.servicebus.windows.net", "guestnotificationservice.azure.com", "*.guestnotificationservice.azure.com"]);
  });

  it("servers: the documented hosts, regional his host with the short code", () => {
    expect(arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: false })).toEqual([...only(core("eastus", "eus"), "servers"), ...serverHosts]);
  });

  it("kubernetes: the documented hosts", () => {
    expect(arcGatewayAllowlist({ region: "westeurope", servers: false, kubernetes: true, scenarios: [] })).toEqual([...only(core("westeurope", "weu"), "kubernetes"), ...kubernetesHosts]);
  });

  it("neither kind: nothing to allow", () => {
    expect(arcGatewayAllowlist({ region: "eastus", servers: false, kubernetes: false, scenarios: [...GATEWAY_SCENARIOS], keyVaultNames: ["kv1"] })).toEqual([]);
  });

  it("both kinds: every entry names the kinds that need it, servers first", () => {
    expect(arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: true, gatewayHost: "abc.gw.arc.azure.com", hisCode: "xyz" })).toEqual([...core("eastus", "xyz", "abc.gw.arc.azure.com"), ...serverHosts, ...kubernetesHosts]);
  });

  it("adds each scenario's endpoints once, naming every scenario that needs a host", () => {
    const all = arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: true, scenarios: ["containerInsights", "defender", "dataServices", "azurePolicy", "keyVault"], keyVaultNames: ["kv1", "kv2", "kv1"] });
    expect(all).toEqual([
      ...core("eastus", "eus"),
      ...serverHosts,
      ...kubernetesHosts,
      { host: "*.ods.opinsights.azure.com", purpose: "Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services", for: both },
      { host: "*.oms.opinsights.azure.com", purpose: "Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services", for: both },
      { host: "*.monitoring.azure.com", purpose: "Container insights (Azure Monitor); Azure Arc-enabled data services", for: both },
      { host: "kv1.vault.azure.net", purpose: "Azure Key Vault", for: both },
      { host: "kv2.vault.azure.net", purpose: "Azure Key Vault", for: both },
      { host: "data.policy.core.windows.net", purpose: "Azure Policy", for: both },
      { host: "store.policy.core.windows.net", purpose: "Azure Policy", for: both },
    ]);
  });

  it("each scenario alone", () => {
    const extra = (scenario: (typeof GATEWAY_SCENARIOS)[number], keyVaultNames?: string[]) =>
      arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: true, scenarios: [scenario], keyVaultNames }).slice(10);
    expect(extra("containerInsights")).toEqual([
      { host: "*.ods.opinsights.azure.com", purpose: "Container insights (Azure Monitor)", for: both },
      { host: "*.oms.opinsights.azure.com", purpose: "Container insights (Azure Monitor)", for: both },
      { host: "*.monitoring.azure.com", purpose: "Container insights (Azure Monitor)", for: both },
    ]);
    expect(extra("defender")).toEqual([
      { host: "*.ods.opinsights.azure.com", purpose: "Microsoft Defender for Containers", for: both },
      { host: "*.oms.opinsights.azure.com", purpose: "Microsoft Defender for Containers", for: both },
    ]);
    expect(extra("dataServices")).toEqual([
      { host: "*.ods.opinsights.azure.com", purpose: "Azure Arc-enabled data services", for: both },
      { host: "*.oms.opinsights.azure.com", purpose: "Azure Arc-enabled data services", for: both },
      { host: "*.monitoring.azure.com", purpose: "Azure Arc-enabled data services", for: both },
    ]);
    expect(extra("azurePolicy")).toEqual([
      { host: "data.policy.core.windows.net", purpose: "Azure Policy", for: both },
      { host: "store.policy.core.windows.net", purpose: "Azure Policy", for: both },
    ]);
    expect(extra("keyVault", ["kv1"])).toEqual([{ host: "kv1.vault.azure.net", purpose: "Azure Key Vault", for: both }]);
    expect(extra("keyVault")).toEqual([]);
    // Key Vault names without the keyVault scenario add nothing.
    expect(extra("azurePolicy", ["kv1"])).toEqual([
      { host: "data.policy.core.windows.net", purpose: "Azure Policy", for: both },
      { host: "store.policy.core.windows.net", purpose: "Azure Policy", for: both },
    ]);
  });

  it("cluster connect: obo (full region name) and its relay hosts, for clusters only", () => {
    const connect: AllowlistEntry[] = [
      { host: "westeurope.obo.arc.azure.com", purpose: "cluster connect", for: ["kubernetes"] },
      { host: "*.servicebus.windows.net", purpose: "cluster connect", for: ["kubernetes"] },
      { host: "guestnotificationservice.azure.com", purpose: "cluster connect", for: ["kubernetes"] },
      { host: "*.guestnotificationservice.azure.com", purpose: "cluster connect", for: ["kubernetes"] },
    ];
    expect(arcGatewayAllowlist({ region: "westeurope", servers: false, kubernetes: true, scenarios: ["clusterConnect"] })).toEqual([...only(core("westeurope", "weu"), "kubernetes"), ...kubernetesHosts, ...connect]);
    expect(arcGatewayAllowlist({ region: "westeurope", servers: true, kubernetes: false, scenarios: ["clusterConnect"] })).toEqual([...only(core("westeurope", "weu"), "servers"), ...serverHosts]);
  });

  it("fails when the region has no short his code and none is given", () => {
    expect(() => arcGatewayAllowlist({ region: "swedencentral", servers: true, kubernetes: false })).toThrow(new Error("no short his region code for swedencentral: pass hisCode"));
    expect(arcGatewayAllowlist({ region: "swedencentral", hisCode: "sdc", servers: true, kubernetes: false })).toEqual([...only(core("swedencentral", "sdc"), "servers"), ...serverHosts]);
  });

  it("renders a text file for the firewall team: title, the rule, one host per line in a column, then a newline", () => {
    const entries = arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: true, scenarios: ["azurePolicy"] }).slice(0, 3);
    expect(renderAllowlist("Arc gateway eastus", [...entries, { host: "data.policy.core.windows.net", purpose: "Azure Policy", for: ["kubernetes"] }])).toBe(
      [
        "# Arc gateway eastus",
        "# Allow outbound HTTPS (443) to each host; the proxy must allow websockets and must not terminate TLS.",
        "<prefix>.gw.arc.azure.com     # your Arc gateway (terraform output arc_gateway_endpoint) (servers, kubernetes)",
        "management.azure.com          # Azure Resource Manager control channel (servers, kubernetes)",
        "login.microsoftonline.com     # Microsoft Entra ID tokens (servers, kubernetes)",
        "data.policy.core.windows.net  # Azure Policy (kubernetes)",
        "",
      ].join("\n"),
    );
  });
});

describe("proxy skip range", () => {
  it("is the service CIDR, the in-cluster suffixes, then extra entries, without duplicates", () => {
    expect(PROXY_SKIP_SUFFIXES).toEqual(["kubernetes.default.svc", ".svc.cluster.local", ".svc"]);
    expect(proxySkipRange("10.96.0.0/12")).toEqual(["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc"]);
    expect(proxySkipRange("10.96.0.0/12", [".svc", "10.0.0.0/8", "corp.local", "10.0.0.0/8", "10.96.0.0/12"])).toEqual(["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc", "10.0.0.0/8", "corp.local"]);
  });

  it("covers the service CIDR with the same CIDR or one containing it; fails at the first range that leaves an address out", () => {
    // At the limit: the CIDR itself, and the CIDRs that contain it.
    expect(skipRangeCoversServiceCidr(["10.96.0.0/12"], "10.96.0.0/12")).toBe(true);
    expect(skipRangeCoversServiceCidr([".svc", "10.96.0.0/11"], "10.96.0.0/12")).toBe(true);
    expect(skipRangeCoversServiceCidr(["kubernetes.default.svc", "10.0.0.0/8", ".svc"], "10.96.0.0/12")).toBe(true);
    // Past it: one prefix bit longer, the next block, a range ending one block early.
    expect(skipRangeCoversServiceCidr(["10.96.0.0/13"], "10.96.0.0/12")).toBe(false);
    expect(skipRangeCoversServiceCidr(["10.112.0.0/12", ".svc"], "10.96.0.0/12")).toBe(false);
    expect(skipRangeCoversServiceCidr(["10.43.0.0/16", ".svc"], "10.96.0.0/12")).toBe(false);
    expect(skipRangeCoversServiceCidr(["10.96.0.0/13", "10.104.0.0/13"], "10.96.0.0/12")).toBe(false);
    expect(skipRangeCoversServiceCidr([], "10.96.0.0/12")).toBe(false);
    // Entries that are not CIDRs never cover one, and are not parsed.
    expect(skipRangeCoversServiceCidr(["10.96.0.0", "10.96.0.0/33", "*.svc"], "10.96.0.0/12")).toBe(false);
  });

  it("a service range that is not a valid CIDR is covered only by itself", () => {
    expect(skipRangeCoversServiceCidr(["10.96.0.1/12"], "10.96.0.1/12")).toBe(true);
    expect(skipRangeCoversServiceCidr(["10.0.0.0/8", "10.96.0.0/12"], "10.96.0.1/12")).toBe(false);
    expect(skipRangeCoversServiceCidr(["services"], "services")).toBe(true);
    expect(skipRangeCoversServiceCidr(["10.0.0.0/8"], "services")).toBe(false);
  });
});

describe("gateway commands", () => {
  const cluster = { resourceGroup: "rg", clusterName: "c1", location: "eastus", gatewayId: "/gw" };

  it("connect: without a proxy, no proxy flags", () => {
    expect(connectedK8sGatewayConnectCommand(cluster)).toBe("az connectedk8s connect -g 'rg' -n 'c1' -l 'eastus' --gateway-resource-id '/gw'");
  });

  it("connect: the https proxy serves http too unless given; the skip range comma-joined; the CA file when given", () => {
    expect(connectedK8sGatewayConnectCommand({ ...cluster, proxy: { https: "http://p:3128", skipRange: ["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc"] } })).toBe(
      "az connectedk8s connect -g 'rg' -n 'c1' -l 'eastus' --gateway-resource-id '/gw' --proxy-https 'http://p:3128' --proxy-http 'http://p:3128' --proxy-skip-range '10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc'",
    );
    expect(connectedK8sGatewayConnectCommand({ ...cluster, clusterName: "c 1", proxy: { https: "https://p:443", http: "http://p:80", skipRange: ["10.0.0.0/16"], certificateFile: "/etc/proxy ca.pem" } })).toBe(
      "az connectedk8s connect -g 'rg' -n 'c 1' -l 'eastus' --gateway-resource-id '/gw' --proxy-https 'https://p:443' --proxy-http 'http://p:80' --proxy-skip-range '10.0.0.0/16' --proxy-cert '/etc/proxy ca.pem'",
    );
  });

  it("update: moves an existing cluster onto the gateway", () => {
    // With the cluster's subscription: --subscription, so the command does not depend on the az CLI's default.
    expect(connectedK8sGatewayUpdateCommand({ resourceGroup: "rg", clusterName: "c1", subscriptionId: "0000-1", gatewayId: "/gw" })).toBe("az connectedk8s update -g 'rg' -n 'c1' --subscription '0000-1' --gateway-resource-id '/gw'");
    expect(connectedK8sGatewayConnectCommand({ resourceGroup: "rg", clusterName: "c1", subscriptionId: "0000-1", location: "eastus", gatewayId: "/gw" })).toBe("az connectedk8s connect -g 'rg' -n 'c1' --subscription '0000-1' -l 'eastus' --gateway-resource-id '/gw'");
    expect(connectedK8sGatewayUpdateCommand({ resourceGroup: "rg", clusterName: "c1", gatewayId: "/gw" })).toBe("az connectedk8s update -g 'rg' -n 'c1' --gateway-resource-id '/gw'");
    expect(connectedK8sGatewayUpdateCommand({ resourceGroup: "r g", clusterName: "c'1", gatewayId: "/g w" })).toBe("az connectedk8s update -g 'r g' -n 'c'\\''1' --gateway-resource-id '/g w'");
  });

  it("azcmagent: the proxy URL when given, then connection.type gateway", () => {
    expect(azcmagentGatewayCommands("http://p:3128")).toEqual(["azcmagent config set proxy.url 'http://p:3128'", "azcmagent config set connection.type gateway"]);
    expect(azcmagentGatewayCommands()).toEqual(["azcmagent config set connection.type gateway"]);
    expect(azcmagentGatewayCommands("")).toEqual(["azcmagent config set connection.type gateway"]);
  });
});
