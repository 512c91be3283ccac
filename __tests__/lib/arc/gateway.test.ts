import {
  arcGatewayAllowlist,
  ArcGateway,
  ArcGatewayAssociation,
  azcmagentGatewayCommands,
  connectedK8sGatewayConnectCommand,
  connectedK8sGatewayUpdateCommand,
  proxySkipRange,
  renderAllowlist,
  skipRangeCoversServiceCidr,
} from "../../../lib/arc";
import { AzapiProvider } from "../../../lib/azapi";
import { resources, stack, synthStack } from "../../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const machine = `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01`;
const cluster = `/subscriptions/${SUB}/resourceGroups/rg-k8s/providers/Microsoft.Kubernetes/connectedClusters/edge01`;

function azapiStack() {
  const s = stack();
  new AzapiProvider(s, "azapi", {});
  return s;
}

describe("ArcGateway", () => {
  it("is a Public gateway allowing every feature, API version 2026-07-15 by default, exporting its endpoint", () => {
    const s = azapiStack();
    new ArcGateway(s, "Gw", { name: "arcgw-x", resourceGroupId: "/rg", location: "eastus" });
    const [gw] = resources(synthStack(s), "azapi_resource");
    expect(gw).toEqual(
      expect.objectContaining({
        type: "Microsoft.HybridCompute/gateways@2026-07-15",
        name: "arcgw-x",
        parent_id: "/rg",
        location: "eastus",
        body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } },
        response_export_values: ["properties.gatewayEndpoint", "properties.gatewayId"],
      }),
    );
  });

  it("takes another API version and feature list", () => {
    const s = azapiStack();
    new ArcGateway(s, "Gw", { name: "g", resourceGroupId: "/rg", location: "eastus", apiVersion: "2025-06-01", allowedFeatures: ["a"] });
    const [gw] = resources(synthStack(s), "azapi_resource");
    expect([gw.type, gw.body.properties.allowedFeatures]).toEqual(["Microsoft.HybridCompute/gateways@2025-06-01", ["a"]]);
  });

  it("imports a gateway by id, creating nothing", () => {
    const s = azapiStack();
    expect(ArcGateway.fromGatewayId(s, "I", "/gw/1").gatewayId).toBe("/gw/1");
    expect(synthStack(s).resource).toBeUndefined();
  });
});

describe("ArcGatewayAssociation", () => {
  it("server: settings/default update with the gateway id, and a destroy-time detach writing null", () => {
    const s = azapiStack();
    new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { machineId: machine } });
    const tf = synthStack(s);
    expect(resources(tf, "azapi_update_resource")).toEqual([
      expect.objectContaining({ type: "Microsoft.HybridCompute/settings@2026-07-15", parent_id: machine, name: "default", body: { properties: { gatewayProperties: { gatewayResourceId: "/gw" } } } }),
    ]);
    const [detach] = resources(tf, "azapi_resource_action");
    expect(detach).toEqual(
      expect.objectContaining({
        type: "Microsoft.HybridCompute/settings@2026-07-15",
        resource_id: `${machine}/providers/Microsoft.HybridCompute/settings/default`,
        method: "PUT",
        when: "destroy",
        body: { properties: { gatewayProperties: { gatewayResourceId: null } } },
        depends_on: [expect.stringMatching(/^azapi_update_resource\.Assoc_Settings_/)],
      }),
    );
  });

  it("cluster: also sets gateway.enabled on the connected cluster", () => {
    const s = azapiStack();
    new ArcGatewayAssociation(s, "Assoc", { gatewayId: "/gw", target: { connectedClusterId: cluster } });
    const updates = resources(synthStack(s), "azapi_update_resource");
    expect(updates).toHaveLength(2);
    expect(updates.find((u) => u.type.startsWith("Microsoft.Kubernetes/"))).toEqual(
      expect.objectContaining({ type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", resource_id: cluster, body: { properties: { gateway: { enabled: true } } } }),
    );
  });

  it("fails when the target id is not of the target's type", () => {
    expect(() => new ArcGatewayAssociation(azapiStack(), "Assoc", { gatewayId: "/gw", target: { machineId: cluster } })).toThrow(
      /test\/Assoc\.target\.machineId: must be the ARM id of a Microsoft\.HybridCompute\/machines resource/,
    );
  });
});

describe("allowlist", () => {
  it("servers: the documented hosts, regional his host with the short code", () => {
    expect(arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: false }).map((e) => e.host)).toEqual([
      "<prefix>.gw.arc.azure.com",
      "management.azure.com",
      "login.microsoftonline.com",
      "eastus.login.microsoft.com",
      "gbl.his.arc.azure.com",
      "eus.his.arc.azure.com",
      "packages.microsoft.com",
      "download.microsoft.com",
    ]);
  });

  it("kubernetes: the documented hosts; cluster connect adds obo (full region name) and its relay hosts", () => {
    const hosts = (scenarios: Parameters<typeof arcGatewayAllowlist>[0]["scenarios"]) => arcGatewayAllowlist({ region: "westeurope", servers: false, kubernetes: true, scenarios }).map((e) => e.host);
    expect(hosts([])).toEqual(["<prefix>.gw.arc.azure.com", "management.azure.com", "login.microsoftonline.com", "westeurope.login.microsoft.com", "gbl.his.arc.azure.com", "weu.his.arc.azure.com", "mcr.microsoft.com", "*.data.mcr.microsoft.com"]);
    expect(hosts(["clusterConnect"]).slice(8)).toEqual(["westeurope.obo.arc.azure.com", "*.servicebus.windows.net", "guestnotificationservice.azure.com", "*.guestnotificationservice.azure.com"]);
  });

  it("adds each scenario's endpoints once", () => {
    const all = arcGatewayAllowlist({ region: "eastus", servers: true, kubernetes: true, scenarios: ["containerInsights", "defender", "dataServices", "azurePolicy", "keyVault"], keyVaultNames: ["kv1"] });
    const hosts = all.map((e) => e.host);
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(hosts.slice(10)).toEqual(["*.ods.opinsights.azure.com", "*.oms.opinsights.azure.com", "*.monitoring.azure.com", "kv1.vault.azure.net", "data.policy.core.windows.net", "store.policy.core.windows.net"]);
    expect(all.find((e) => e.host === "packages.microsoft.com")?.for).toEqual(["servers"]);
    expect(renderAllowlist("t", all)).toMatch(/^eus\.his\.arc\.azure\.com +# Arc agent service \(regional\) \(servers, kubernetes\)$/m);
    // A host several scenarios need names each of them.
    expect(Object.fromEntries(all.slice(10, 13).map((e) => [e.host, e.purpose]))).toEqual({
      "*.ods.opinsights.azure.com": "Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services",
      "*.oms.opinsights.azure.com": "Container insights (Azure Monitor); Microsoft Defender for Containers; Azure Arc-enabled data services",
      "*.monitoring.azure.com": "Container insights (Azure Monitor); Azure Arc-enabled data services",
    });
  });

  it("needs a short his code where the catalogue has none", () => {
    expect(() => arcGatewayAllowlist({ region: "swedencentral", servers: true, kubernetes: false })).toThrow(/no short his region code for swedencentral/);
    expect(arcGatewayAllowlist({ region: "swedencentral", hisCode: "sdc", servers: true, kubernetes: false }).map((e) => e.host)).toContain("sdc.his.arc.azure.com");
  });
});

describe("proxy and commands", () => {
  it("builds the skip range from the service CIDR and the in-cluster suffixes", () => {
    expect(proxySkipRange("10.96.0.0/12")).toEqual(["10.96.0.0/12", "kubernetes.default.svc", ".svc.cluster.local", ".svc"]);
    expect(skipRangeCoversServiceCidr(["10.0.0.0/8", ".svc"], "10.96.0.0/12")).toBe(true);
    expect(skipRangeCoversServiceCidr(["10.43.0.0/16", ".svc"], "10.96.0.0/12")).toBe(false);
  });

  it("prints the exact connect and update commands", () => {
    expect(connectedK8sGatewayConnectCommand({ resourceGroup: "rg", clusterName: "c1", location: "eastus", gatewayId: "/gw", proxy: { https: "http://p:3128", skipRange: proxySkipRange("10.96.0.0/12") } })).toBe(
      "az connectedk8s connect -g 'rg' -n 'c1' -l 'eastus' --gateway-resource-id '/gw' --proxy-https 'http://p:3128' --proxy-http 'http://p:3128' --proxy-skip-range '10.96.0.0/12,kubernetes.default.svc,.svc.cluster.local,.svc'",
    );
    expect(connectedK8sGatewayUpdateCommand({ resourceGroup: "rg", clusterName: "c1", gatewayId: "/gw" })).toBe("az connectedk8s update -g 'rg' -n 'c1' --gateway-resource-id '/gw'");
    expect(azcmagentGatewayCommands("http://p:3128")).toEqual(["azcmagent config set proxy.url 'http://p:3128'", "azcmagent config set connection.type gateway"]);
  });
});
