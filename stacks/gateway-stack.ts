import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import {
  arcGatewayAllowlist,
  ArcGateway,
  ArcGatewayAssociation,
  azcmagentGatewayCommands,
  connectedK8sGatewayConnectCommand,
  connectedK8sGatewayUpdateCommand,
  proxySkipRange,
  renderAllowlist,
} from "../lib/arc";
import { AzapiProvider } from "../lib/azapi";
import { ArmId, DefaultTags, parseArmId, resourceName, terraformLiteral, terraformLiterals, uniqueLabels } from "../lib/core";
import { configureBackend, StackWithFiles } from "./backend";
import { gatewayScenarios } from "./kubernetes-rules";
import { ArcGatewayConfig, Topology } from "./topology";

/** Stack names are part of the API: `<name>-gateway-<gateway name>`. */
export function arcGatewayStackName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name">): string {
  return `${t.name}-gateway-${g.name}`;
}

/** The gateway's resource group: `resourceGroup.name`, default `rg-<name>-arcgw-<gateway>`. */
export function arcGatewayResourceGroupName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name" | "resourceGroup">): string {
  return g.resourceGroup?.name ?? resourceName("resourceGroup", t.name, "arcgw", g.name);
}

/** The gateway resource's name: `arcgw-<name>-<gateway>`. */
export function arcGatewayResourceName(t: Pick<Topology, "name">, g: Pick<ArcGatewayConfig, "name">): string {
  return `arcgw-${t.name}-${g.name}`;
}

/** `<resource group><sep><name>` of an ARM id. */
function rgAndName(id: string, sep: string): string {
  const p = parseArmId(id) as ArmId;
  return `${p.resourceGroup}${sep}${p.name}`;
}

/** The file written next to each gateway stack's Terraform for the firewall team. */
export const ALLOWLIST_FILE = "allowlist.txt";

/**
 * One Arc gateway (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"): the gateway resource, its association with
 * Arc-enabled servers and clusters, the allowlist for the topology's region
 * and scenarios (outputs and `allowlist.txt`), and the proxy settings and
 * commands per cluster.
 */
export class ArcGatewayStack extends ArcStack implements StackWithFiles {
  public readonly gateway: ArcGateway;
  /** Files the app writes next to this stack's Terraform: the allowlist. */
  public readonly files: Readonly<Record<string, string>>;

  constructor(scope: Construct, t: Topology, g: ArcGatewayConfig) {
    const stackName = arcGatewayStackName(t, g);
    super(scope, stackName);
    const subscriptionId = g.subscriptionId ?? t.subscriptionId;
    const location = g.location ?? t.location;
    configureBackend(this, t.backend, stackName);
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      subscriptionId,
      resourceProvidersToRegister: ["Microsoft.HybridCompute", "Microsoft.HybridConnectivity", ...(g.clusters.length > 0 ? ["Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration"] : [])],
    });
    new AzapiProvider(this, "azapi", { subscriptionId });
    DefaultTags.apply(this, terraformLiterals(t.tags));

    const rgName = arcGatewayResourceGroupName(t, g);
    const resourceGroupId =
      g.resourceGroup?.create === false ? new DataAzurermResourceGroup(this, "ResourceGroup", { name: rgName }).id : new ResourceGroup(this, "ResourceGroup", { name: rgName, location }).id;

    this.gateway = new ArcGateway(this, "ArcGateway", { name: arcGatewayResourceName(t, g), resourceGroupId, location, apiVersion: g.apiVersion });
    const gatewayId = this.gateway.gatewayId;
    const settingsApiVersion = g.apiVersion;

    // Construct ids `<rg>-<name>`, plus a hash of the whole id where two share them (other subscriptions).
    const machineLabels = uniqueLabels(g.machines.map((id) => ({ id, base: rgAndName(id, "-").toLowerCase() })));
    g.machines.forEach((machineId, i) => {
      new ArcGatewayAssociation(this, `Machine-${machineLabels[i]}`, { gatewayId, target: { machineId }, settingsApiVersion });
    });
    const clusterLabels = uniqueLabels(g.clusters.map((c) => ({ id: c.id, base: rgAndName(c.id, "-").toLowerCase() })));
    // Output keys `<rg>/<name>`, or the whole id where two clusters share them.
    const clusterKeys = uniqueLabels(g.clusters.map((c) => ({ id: c.id, base: rgAndName(c.id, "/") }))).map((key, i) => (key === rgAndName(g.clusters[i].id, "/") ? key : g.clusters[i].id));
    const connect: Record<string, string> = {};
    const update: Record<string, string> = {};
    const skipRanges: Record<string, string> = {};
    g.clusters.forEach((c, i) => {
      const parsed = parseArmId(c.id) as ArmId;
      const resourceGroup = parsed.resourceGroup;
      const clusterName = parsed.name;
      new ArcGatewayAssociation(this, `Cluster-${clusterLabels[i]}`, { gatewayId, target: { connectedClusterId: c.id }, settingsApiVersion });
      const skipRange = c.proxy?.skipRange ?? proxySkipRange(c.serviceCidr);
      const key = clusterKeys[i];
      // The command holds the certificate path as written (free text): escaped so it stays literal in Terraform.
      connect[key] = terraformLiteral(connectedK8sGatewayConnectCommand({
        resourceGroup,
        clusterName,
        location: t.location,
        gatewayId,
        proxy: c.proxy ? { https: c.proxy.https, http: c.proxy.http, skipRange, certificateFile: c.proxy.certificateFile } : undefined,
      }));
      update[key] = connectedK8sGatewayUpdateCommand({ resourceGroup, clusterName, gatewayId });
      skipRanges[key] = skipRange.join(",");
    });

    const scenarios = gatewayScenarios(t, g);
    const all = arcGatewayAllowlist({ region: t.location, hisCode: g.hisRegionCode, scenarios, keyVaultNames: g.keyVaults, servers: true, kubernetes: true });
    // Each entry names the agent kinds that need it, so the per-kind lists are filters of the full one.
    const servers = all.filter((e) => e.for.includes("servers")).map((e) => e.host);
    const kubernetes = all.filter((e) => e.for.includes("kubernetes")).map((e) => e.host);
    const withEndpoint = (hosts: string[]) => [this.gateway.gatewayEndpoint, ...hosts.slice(1)];
    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out("arc_gateway_id", gatewayId, "The Arc gateway: --gateway-resource-id");
    out("arc_gateway_endpoint", this.gateway.gatewayEndpoint, "The gateway URL the proxy must allow");
    out("allowlist", withEndpoint(all.map((e) => e.host)), `Hosts to allow (443) for servers and clusters in ${t.location}, with the scenarios' endpoints; also in ${ALLOWLIST_FILE}`);
    out("allowlist_servers", withEndpoint(servers), "Hosts to allow for Arc-enabled servers");
    out("allowlist_kubernetes", withEndpoint(kubernetes), "Hosts to allow for Arc-enabled Kubernetes");
    out("server_commands", azcmagentGatewayCommands(g.serverProxy?.url), "Run on each server (connection.type gateway is needed up to agent 1.50)");
    out("cluster_connect_commands", connect, "Onboard each cluster through the gateway and proxy (resource group/name -> command)");
    out("cluster_update_commands", update, "Move an already connected cluster onto the gateway (resource group/name -> command)");
    out("cluster_proxy_skip_ranges", skipRanges, "--proxy-skip-range per cluster");

    const text = renderAllowlist(`Azure Arc gateway ${this.gateway.node.path}: hosts for servers and clusters in ${t.location}${scenarios.length ? `, scenarios ${scenarios.join(", ")}` : ""}`, all);
    this.files = { [ALLOWLIST_FILE]: text };
  }
}
