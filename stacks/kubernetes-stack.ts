import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DataAzurermResourceGroup } from "@cdktf/provider-azurerm/lib/data-azurerm-resource-group";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";

import { KubernetesProvider, KubernetesProviderConfig } from "@cdktf/provider-kubernetes/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import { ARC_KUBERNETES_RESOURCE_PROVIDERS, ArcKubernetesAgents, ClusterConnect, Helm3Provider } from "../lib/arc-kubernetes";
import { AzapiProvider } from "../lib/azapi";
import { DefaultTags, terraformLiteral, terraformLiterals } from "../lib/core";
import type { KubernetesStackPlan } from "../topology/plan";
import { configureBackend } from "./backend";

/** The connection of the kubernetes and helm providers: a kubeconfig file, or host, token and CA certificate as variables. */
function clusterConnection(stack: TerraformStack, c: Pick<KubernetesStackPlan, "connection">): Pick<KubernetesProviderConfig, "configPath" | "configContext" | "host" | "token" | "clusterCaCertificate"> {
  // The path and context are the file's plain text: escaped, so they stay literal in Terraform.
  if (c.connection.type === "kubeconfig") return { configPath: terraformLiteral(c.connection.path), configContext: c.connection.context === undefined ? undefined : terraformLiteral(c.connection.context) };
  const host = new TerraformVariable(stack, "kube_host", { type: "string", nullable: false, description: "API server URL of the cluster, e.g. https://10.10.0.10:6443" });
  const token = new TerraformVariable(stack, "kube_token", { type: "string", sensitive: true, nullable: false, description: "Bearer token of an identity allowed to install the Arc agents (cluster-admin)" });
  const ca = new TerraformVariable(stack, "kube_cluster_ca_certificate", { type: "string", nullable: false, description: "PEM CA certificate of the API server" });
  return { host: host.stringValue, token: token.stringValue, clusterCaCertificate: ca.stringValue };
}

/**
 * One Arc-enabled Kubernetes cluster (Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"; Microsoft Learn, "Use cluster connect to securely connect to Azure Arc-enabled Kubernetes clusters"): the connected
 * cluster with its onboarding key, private link (the hub stack's scope) or
 * the gateway association, the Arc agents chart through helm, and cluster
 * connect. Providers: azurerm, azapi and tls for Azure; kubernetes and helm
 * for the cluster itself.
 */
export class ArcKubernetesStack extends ArcStack {
  public readonly agents: ArcKubernetesAgents;
  public readonly clusterConnect?: ClusterConnect;

  constructor(scope: Construct, plan: KubernetesStackPlan) {
    super(scope, plan.stackName);
    const c = plan;
    const location = c.location;
    configureBackend(this, c.backend);
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      subscriptionId: c.subscriptionId,
      resourceProviderRegistrations: "none",
      // Through a gateway, the cluster's Microsoft.HybridCompute/settings extension resource is written here too.
      resourceProvidersToRegister: [...ARC_KUBERNETES_RESOURCE_PROVIDERS, ...(c.connectivity.type === "gateway" ? ["Microsoft.HybridCompute"] : [])].sort(),
    });
    new AzapiProvider(this, "azapi", { subscriptionId: c.subscriptionId });
    new TlsProvider(this, "tls", {});
    const connection = clusterConnection(this, c);
    const kubernetes = new KubernetesProvider(this, "kubernetes", connection);
    const helm = new Helm3Provider(this, "helm", { kubernetes: connection });
    DefaultTags.apply(this, terraformLiterals(c.tags));
    const client = new DataAzurermClientConfig(this, "ClientConfig", {});
    const subscriptionId = c.subscriptionId ?? client.subscriptionId;

    const rgName = c.resourceGroup.name;
    const rg = c.resourceGroup.create ? new ResourceGroup(this, "ResourceGroup", { name: rgName, location }) : new DataAzurermResourceGroup(this, "ResourceGroup", { name: rgName });

    // The scope and the gateway live in other stacks: their ids are built from their names, so no stack reads another's state.
    const via = c.connectivity;
    const connectivity =
      via.type === "gateway"
        ? { gatewayId: `/subscriptions/${via.subscriptionId ?? subscriptionId}/resourceGroups/${via.resourceGroupName}/providers/Microsoft.HybridCompute/gateways/${via.gatewayName}` }
        : { privateLinkScopeId: `/subscriptions/${subscriptionId}/resourceGroups/${via.resourceGroupName}/providers/Microsoft.HybridCompute/privateLinkScopes/${via.scopeName}` };

    this.agents = new ArcKubernetesAgents(this, "Arc", {
      name: c.name,
      resourceGroupId: rg.id,
      resourceGroupName: rgName,
      location,
      subscriptionId,
      tenantId: client.tenantId,
      distribution: c.distribution,
      infrastructure: c.infrastructure,
      connectivity,
      chart: { ...c.chart, repository: terraformLiteral(c.chart.repository) },
      proxy: c.proxy ? { https: c.proxy.https, http: c.proxy.http, noProxy: [...c.proxy.noProxy], certificatePem: c.proxy.certificatePem } : undefined,
      clusterConnect: c.clusterConnect !== undefined,
      helmProvider: helm,
    });

    const out = (id: string, value: unknown, description: string, sensitive = false) => new TerraformOutput(this, id, { value, description, sensitive });
    out("connected_cluster_id", this.agents.connectedClusterId, "The Arc-enabled cluster (Microsoft.Kubernetes/connectedClusters)");
    out("connectivity", via.type === "gateway" ? `gateway ${via.gateway}` : "private link", "How the agents reach Azure Arc");
    const cc = c.clusterConnect;
    if (cc) {
      this.clusterConnect = new ClusterConnect(this, "ClusterConnect", {
        connectedClusterId: this.agents.connectedClusterId,
        clusterName: c.name,
        resourceGroupName: rgName,
        serviceAccount: cc.serviceAccount ? { name: cc.serviceAccount.name, namespace: cc.serviceAccount.namespace } : undefined,
        entraObjectIds: cc.entraObjectIds,
        clusterRole: cc.clusterRole,
        azureRbacPrincipalIds: cc.azureRbacPrincipalIds,
        kubernetesProvider: kubernetes,
      });
      out("cluster_connect_proxy_command", this.clusterConnect.proxyCommand, "Reach the API server through Azure Arc (az connectedk8s proxy)");
      if (this.clusterConnect.token) out("cluster_connect_token", this.clusterConnect.token, "The service account's token for --token (terraform output -raw cluster_connect_token)", true);
    }
  }
}
