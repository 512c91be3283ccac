import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import {
  ArcGateway,
  ArcGatewayAssociation,
  azcmagentGatewayCommands,
  connectedK8sGatewayConnectCommand,
  connectedK8sGatewayUpdateCommand,
  renderAllowlist,
} from "../lib/arc-gateway";
import { AzapiProvider } from "../lib/azapi";
import { DefaultTags, terraformLiteral, terraformLiterals } from "../lib/core";
import type { GatewayStackPlan } from "../topology/plan";
import { configureBackend, StackWithFiles } from "./backend";

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

  constructor(scope: Construct, plan: GatewayStackPlan) {
    super(scope, plan.stackName);
    const p = plan;
    const { subscriptionId, location } = p;
    configureBackend(this, p.backend);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId, resourceProviderRegistrations: "none", resourceProvidersToRegister: [...p.resourceProviders] });
    new AzapiProvider(this, "azapi", { subscriptionId });
    DefaultTags.apply(this, terraformLiterals(p.tags));

    const rgName = p.resourceGroup.name;
    const resourceGroupId = p.resourceGroup.create ? new ResourceGroup(this, "ResourceGroup", { name: rgName, location }).id : new DataAzurermResourceGroup(this, "ResourceGroup", { name: rgName }).id;

    this.gateway = new ArcGateway(this, "ArcGateway", { name: p.gatewayName, resourceGroupId, location, apiVersion: p.apiVersion });
    const gatewayId = this.gateway.gatewayId;
    const settingsApiVersion = p.apiVersion;

    for (const m of p.machines) new ArcGatewayAssociation(this, `Machine-${m.label}`, { gatewayId, target: { machineId: m.id }, settingsApiVersion });
    const connect: Record<string, string> = {};
    const update: Record<string, string> = {};
    const skipRanges: Record<string, string> = {};
    for (const c of p.clusters) {
      new ArcGatewayAssociation(this, `Cluster-${c.label}`, { gatewayId, target: { connectedClusterId: c.id }, settingsApiVersion });
      const { subscriptionId: clusterSubscription, resourceGroup, clusterName, skipRange } = c;
      // The command holds the certificate path as written (free text): escaped so it stays literal in Terraform.
      connect[c.key] = terraformLiteral(
        connectedK8sGatewayConnectCommand({
          resourceGroup,
          clusterName,
          subscriptionId: clusterSubscription,
          location: p.region,
          gatewayId,
          proxy: c.proxy ? { https: c.proxy.https, http: c.proxy.http, skipRange: [...skipRange], certificateFile: c.proxy.certificateFile } : undefined,
        }),
      );
      update[c.key] = connectedK8sGatewayUpdateCommand({ resourceGroup, clusterName, subscriptionId: clusterSubscription, gatewayId });
      skipRanges[c.key] = skipRange.join(",");
    }

    const { scenarios, region } = p;
    const all = p.allowlist;
    // Each entry names the agent kinds that need it, so the per-kind lists are filters of the full one.
    const { servers, kubernetes } = p.allowlistHosts;
    const withEndpoint = (hosts: readonly string[]) => [this.gateway.gatewayEndpoint, ...hosts.slice(1)];
    const out = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    out("arc_gateway_id", gatewayId, "The Arc gateway: --gateway-resource-id");
    out("arc_gateway_endpoint", this.gateway.gatewayEndpoint, "The gateway URL the proxy must allow");
    out("allowlist", withEndpoint(all.map((e) => e.host)), `Hosts to allow (443) for servers and clusters in ${region}, with the scenarios' endpoints; also in ${ALLOWLIST_FILE}`);
    out("allowlist_servers", withEndpoint(servers), "Hosts to allow for Arc-enabled servers");
    out("allowlist_kubernetes", withEndpoint(kubernetes), "Hosts to allow for Arc-enabled Kubernetes");
    out("server_commands", azcmagentGatewayCommands(p.serverProxyUrl), "Run on each server (connection.type gateway is needed up to agent 1.50)");
    out("cluster_connect_commands", connect, "Onboard each cluster through the gateway and proxy (resource group/name -> command)");
    out("cluster_update_commands", update, "Move an already connected cluster onto the gateway (resource group/name -> command)");
    out("cluster_proxy_skip_ranges", skipRanges, "--proxy-skip-range per cluster");

    const text = renderAllowlist(`Azure Arc gateway ${this.gateway.node.path}: hosts for servers and clusters in ${region}${scenarios.length ? `, scenarios ${scenarios.join(", ")}` : ""}`, [...all]);
    this.files = { [ALLOWLIST_FILE]: text };
  }
}
