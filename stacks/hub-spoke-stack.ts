import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import type { AksApiServerEndpoint } from "../lib/aks/api-server-endpoint";
import { aksApprovalCommands } from "../lib/aks/facts";
import type { PrivateAksCluster } from "../lib/aks/private-cluster";
import { aksPrivateZoneName } from "../lib/aks/zone";
import { arcPrivateDnsCheckHosts, ARC_RESOURCE_PROVIDERS, ArcPrivateLinkScope, azcmagentConnectCommand, connectedK8sConnectCommand } from "../lib/arc";
import { ArmId, boundedName, DefaultTags, nameSegment, parseArmId, resourceName, SubnetRef, terraformLiteral, terraformLiterals, uniqueLabels } from "../lib/core";
import { PRIVATE_LINK_SERVICES, PrivateDnsZones, zonesFor } from "../lib/dns";
import { HubNetwork, HubSpokePeering, OnPremisesConnection, SpokeNetwork } from "../lib/network";
import { ArcNetworkSecurityGroup } from "../lib/nsg";
import { MAX_PRIVATE_ENDPOINT_NAME_LENGTH, PrivateEndpoint } from "../lib/private-endpoint";
import { aksAccessEndpointName, aksClusterDnsZone, aksClusterName, needsManualApproval, spokeSubnets } from "./aks-rules";
import { configureBackend } from "./backend";
import { gatewayType, HubTopology, neededForwarders, neededZones } from "./rules";
import { connectivityResourceGroupName, SpokeConfig, Topology } from "./topology";

/**
 * Optional features' constructs, loaded on first use so that a topology
 * without them does not pay for their provider classes at start-up
 * (azurerm's kubernetes_cluster class alone is 1.5 MB, ~25 ms per synth).
 */
const lazy = {
  aksEndpoint: () => (require("../lib/aks/api-server-endpoint") as typeof import("../lib/aks/api-server-endpoint")).AksApiServerEndpoint,
  aksCluster: () => (require("../lib/aks/private-cluster") as typeof import("../lib/aks/private-cluster")).PrivateAksCluster,
  monitor: () => (require("../lib/monitor") as typeof import("../lib/monitor")).MonitorPrivateLinkScope,
};

/** Stack names are part of the API: they name the output folders and the Terraform Cloud workspaces. */
export function hubSpokeStackName(t: Pick<Topology, "name">): string {
  return `${t.name}-connectivity`;
}

/**
 * The hub-and-spoke stack (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"; Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"): the hub network with its
 * gateway and resolver, the on-premises connection, the private DNS zones,
 * the Arc Private Link Scope and its endpoint, Azure Monitor private link,
 * the other service endpoints, and the spokes with their Arc NSG rules.
 */
export class HubSpokeStack extends ArcStack {
  public readonly hub: HubNetwork;
  public readonly dns: PrivateDnsZones;
  public readonly arcScope?: ArcPrivateLinkScope;
  public readonly spokes: ReadonlyMap<string, SpokeNetwork>;
  /** API-server endpoints by `aksPrivateAccess` name. */
  public readonly aksEndpoints: ReadonlyMap<string, AksApiServerEndpoint>;
  /** Private clusters by `aksClusters` name. */
  public readonly aksClusters: ReadonlyMap<string, PrivateAksCluster>;

  constructor(scope: Construct, topology: HubTopology) {
    const stackName = hubSpokeStackName(topology);
    super(scope, stackName);
    const t = topology;
    const pl = t.privateLink;
    configureBackend(this, t.backend, stackName);
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      subscriptionId: t.subscriptionId,
      resourceProvidersToRegister: pl ? [...ARC_RESOURCE_PROVIDERS] : undefined,
    });
    // Tag names and values are the file's plain text: escaped, so `${` or `%{` in them stays literal.
    DefaultTags.apply(this, terraformLiterals(t.tags));
    const client = new DataAzurermClientConfig(this, "ClientConfig", {});

    const rgName = connectivityResourceGroupName(t);
    const resourceGroupName = t.resourceGroup?.create === false ? rgName : new ResourceGroup(this, "ResourceGroup", { name: rgName, location: t.location }).name;
    const location = t.location;

    // Hub network, gateway, resolver, and the connection to on-premises.
    const gwType = gatewayType(t);
    this.hub = new HubNetwork(this, "Hub", {
      name: t.name,
      resourceGroupName,
      location,
      addressSpace: t.hub.addressSpace,
      gateway: gwType ? { type: gwType, sku: t.hub.gateway?.sku } : undefined,
      dnsResolver: t.hub.dnsResolver,
    });
    const op = t.onPremises;
    if (this.hub.gateway && gwType && op && (op.vpn || op.expressRoute)) {
      const sharedKey = op.vpn
        ? new TerraformVariable(this, "vpn_shared_key", { type: "string", sensitive: true, nullable: false, description: "IPsec pre-shared key of the site-to-site VPN (set it in the workspace or TF_VAR_vpn_shared_key; never in the topology file)" })
        : undefined;
      let authKey: TerraformVariable | undefined;
      if (op.expressRoute) {
        authKey = new TerraformVariable(this, "expressroute_authorization_key", { type: "string", sensitive: true, nullable: true, description: "Authorization key of an ExpressRoute circuit in another subscription; leave unset for a circuit in this subscription" });
        // cdktf 0.21 crashes on `default: null` in the config (keysToSnakeCase(null)); the override writes it in JSON and HCL.
        authKey.addOverride("default", null);
      }
      new OnPremisesConnection(this, "OnPremises", {
        name: t.name,
        resourceGroupName,
        location,
        gatewayId: this.hub.gateway.id,
        gatewayType: gwType,
        vpn: op.vpn && sharedKey ? { gatewayAddress: op.vpn.gatewayAddress, addressSpace: op.addressSpace, sharedKey: sharedKey.stringValue } : undefined,
        expressRoute: op.expressRoute ? { circuitId: op.expressRoute.circuitId, authorizationKey: authKey?.stringValue } : undefined,
      });
    }

    // Private DNS: the zones the topology needs, linked to the hub.
    this.dns = new PrivateDnsZones(this, "PrivateDns", {
      zoneNames: neededZones(t),
      resourceGroupName,
      mode: pl?.dns.mode,
      existingZoneIds: pl?.dns.mode === "existing" ? pl.dns.zoneIds : undefined,
      virtualNetworks: [this.hub.virtualNetwork],
      providerFor: (subscriptionId) => this.zoneProvider(t, subscriptionId),
    });
    const policyOwnsDns = pl?.dns.mode === "policy";
    const zoneMap = (names: readonly string[]) => (policyOwnsDns ? undefined : Object.fromEntries(names.map((n) => [n, this.dns.zoneId(n) as string])));

    if (pl) {
      this.arcScope = new ArcPrivateLinkScope(this, "ArcPrivateLinkScope", {
        name: resourceName("arcPrivateLinkScope", t.name, "arc"),
        resourceGroupName,
        location,
        publicNetworkAccessEnabled: pl.publicNetworkAccess,
        endpoint: { subnet: this.hub.endpointSubnet, privateDnsZoneIds: zoneMap(zonesFor("arc")), dnsZoneGroupManagedByPolicy: policyOwnsDns },
      });
      if (pl.monitor) {
        new (lazy.monitor())(this, "MonitorPrivateLinkScope", {
          name: resourceName("monitorPrivateLinkScope", t.name),
          resourceGroupName,
          ingestionAccessMode: pl.monitor.ingestionAccessMode,
          queryAccessMode: pl.monitor.queryAccessMode,
          linkedResourceIds: pl.monitor.linkedResourceIds,
          endpoint: { subnet: this.hub.endpointSubnet, privateDnsZoneIds: zoneMap(zonesFor("monitor")), dnsZoneGroupManagedByPolicy: policyOwnsDns },
        });
      }
      // `<type>-<name>`, plus a hash of the whole id where two targets share a name (other resource groups or subscriptions).
      const labels = uniqueLabels(pl.endpoints.map((e) => ({ id: e.resourceId, base: `${e.type}-${nameSegment((parseArmId(e.resourceId) as ArmId).name)}` })));
      pl.endpoints.forEach((e, i) => {
        const label = labels[i];
        const zones = zonesFor(e.type);
        new PrivateEndpoint(this, `Endpoint-${label}`, {
          name: boundedName(resourceName("privateEndpoint", t.name, label), MAX_PRIVATE_ENDPOINT_NAME_LENGTH),
          resourceGroupName,
          subnet: this.hub.endpointSubnet,
          targetResourceId: e.resourceId,
          subresourceNames: [PRIVATE_LINK_SERVICES[e.type].subresource],
          privateDnsZoneIds: policyOwnsDns ? undefined : this.dns.zoneIds(zones),
          dnsZoneGroupManagedByPolicy: policyOwnsDns,
        });
      });
    }

    // Spokes: network, Arc NSG rules on every subnet, peerings, DNS.
    const spokes = new Map<string, SpokeNetwork>();
    for (const s of t.spokes) spokes.set(s.name, this.addSpoke(t, s, resourceGroupName));
    this.spokes = spokes;

    // Private AKS (the blog post "Azure Aks Private Clusters" (2023)): endpoints to clusters elsewhere, clusters in spokes.
    this.aksEndpoints = new Map(
      t.aksPrivateAccess.map((a) => [
        a.name,
        new (lazy.aksEndpoint())(this, `AksEndpoint-${a.name}`, {
          name: aksAccessEndpointName(t, a),
          resourceGroupName,
          subnet: this.hub.endpointSubnet,
          clusterId: a.clusterId,
          clusterRegion: a.region,
          privateFqdn: a.privateFqdn,
          zone: this.dns.zoneRef(aksPrivateZoneName(a.region)),
          manualApproval: needsManualApproval(t, a) && a.requestMessage ? { requestMessage: terraformLiteral(a.requestMessage) } : undefined,
        }),
      ]),
    );
    this.aksClusters = new Map(
      t.aksClusters.map((c) => {
        const spoke = t.spokes.find((s) => s.name === c.spoke) as SpokeConfig;
        const subnetName = c.subnet ?? spokeSubnets(t, spoke)[0].name;
        const cluster = new (lazy.aksCluster())(this, `AksCluster-${c.name}`, {
          name: aksClusterName(t, c),
          resourceGroupName,
          location,
          subnet: spokes.get(c.spoke)?.subnets.get(subnetName) as SubnetRef,
          dnsPrefix: c.dnsPrefix,
          privateDnsZone: aksClusterDnsZone(t, c, (name) => this.dns.zoneRef(name)),
          publicFqdnEnabled: c.publicFqdn,
          vmSize: c.vmSize,
          nodeCount: c.nodeCount,
          kubernetesVersion: c.kubernetesVersion,
          serviceCidr: c.serviceCidr,
          dnsServiceIp: c.dnsServiceIp,
          tenantId: client.tenantId,
          adminGroupObjectIds: c.adminGroupObjectIds,
        });
        return [c.name, cluster];
      }),
    );

    this.addOutputs(t, client, resourceGroupName);
  }

  /**
   * The provider for links and records in existing zones of another
   * subscription (a central DNS subscription): an azurerm resource is
   * created in its provider's subscription, so a link made with the default
   * provider would look for the zone's resource group in the wrong
   * subscription. One aliased provider per subscription; it registers no
   * resource providers there (the zones' owners may grant only DNS rights).
   * Undefined (the default provider) for the topology's own subscription.
   */
  private zoneProvider(t: HubTopology, subscriptionId: string): AzurermProvider | undefined {
    if (t.subscriptionId?.toLowerCase() === subscriptionId) return undefined;
    const id = `azurerm-zones-${subscriptionId}`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing as AzurermProvider;
    return new AzurermProvider(this, id, {
      alias: `zones-${subscriptionId}`,
      features: [{}],
      subscriptionId,
      resourceProviderRegistrations: "none",
    });
  }

  private addSpoke(t: HubTopology, s: SpokeConfig, resourceGroupName: string): SpokeNetwork {
    const scope = new Construct(this, `Spoke-${s.name}`);
    const useResolver = !s.dnsLinks && this.hub.resolverInboundIp !== undefined;
    const network = new SpokeNetwork(scope, "Network", {
      prefix: t.name,
      name: s.name,
      resourceGroupName,
      location: t.location,
      addressSpace: s.addressSpace,
      subnets: s.subnets,
      dnsServers: useResolver ? [this.hub.resolverInboundIp as string] : undefined,
    });
    if (s.arcRules !== "none") {
      new ArcNetworkSecurityGroup(scope, "Nsg", {
        name: resourceName("networkSecurityGroup", t.name, s.name),
        resourceGroupName,
        location: t.location,
        profile: s.arcRules,
        subnets: [...network.subnets.values()],
      });
    }
    new HubSpokePeering(scope, "Peering", { resourceGroupName, hub: this.hub.virtualNetwork, spoke: network.virtualNetwork, hubGateway: this.hub.gateway });
    if (s.dnsLinks) this.dns.linkVirtualNetwork(network.virtualNetwork);
    return network;
  }

  private addAksOutputs(t: Topology, resourceGroupName: string): void {
    if (this.aksEndpoints.size > 0) {
      const endpoints = Object.fromEntries(
        t.aksPrivateAccess.map((a) => {
          const e = this.aksEndpoints.get(a.name) as AksApiServerEndpoint;
          return [a.name, { private_endpoint_id: e.endpoint.privateEndpointId, private_ip: e.endpoint.privateIpAddress, fqdn: a.privateFqdn }];
        }),
      );
      new TerraformOutput(this, "aks_private_endpoints", { value: endpoints, description: "API-server endpoints in the hub (name -> endpoint id, private IP, the FQDN its A record serves)" });
      const manual = t.aksPrivateAccess.filter((a) => needsManualApproval(t, a));
      if (manual.length > 0) {
        const commands = Object.fromEntries(manual.map((a) => [a.name, aksApprovalCommands(a.clusterId, `Approved: ${aksAccessEndpointName(t, a)}`)]));
        new TerraformOutput(this, "aks_approval_commands", { value: commands, description: "For the cluster owner: list pending connections, then approve the one from this hub's endpoint (name -> list, approve)" });
      }
    }
    if (this.aksClusters.size > 0) {
      const clusters = Object.fromEntries(
        [...this.aksClusters].map(([name, c]) => [
          name,
          { id: c.clusterId, private_fqdn: c.privateFqdn, credentials_command: `az aks get-credentials --resource-group ${resourceGroupName} --name ${c.resource.name} && kubelogin convert-kubeconfig -l azurecli` },
        ]),
      );
      new TerraformOutput(this, "aks_clusters", { value: clusters, description: "Private clusters in the spokes (name -> id, private FQDN, kubeconfig command; Entra ID sign-in)" });
    }
  }

  private addOutputs(t: Topology, client: DataAzurermClientConfig, resourceGroupName: string): void {
    const out = (id: string, value: unknown, description: string, sensitive = false) => new TerraformOutput(this, id, { value, description, sensitive });
    out("resource_group_name", resourceGroupName, "Resource group of the connectivity resources");
    out("hub_virtual_network_id", this.hub.virtualNetwork.virtualNetworkId, "Hub virtual network");
    if (this.hub.resolverInboundIp) {
      out("dns_resolver_inbound_ip", this.hub.resolverInboundIp, "Target of the on-premises conditional forwarders (fixed by the hub layout)");
    }
    out("conditional_forwarder_zones", neededForwarders(t), "Public DNS zones that on-premises DNS servers forward to dns_resolver_inbound_ip");
    this.addAksOutputs(t, resourceGroupName);
    const scope = this.arcScope;
    if (!scope || !scope.endpoint) return;
    const pl = t.privateLink;
    out("arc_private_link_scope_id", scope.privateLinkScopeId, "Azure Arc Private Link Scope");
    out("arc_private_endpoint_id", scope.endpoint.privateEndpointId, "Private endpoint of the scope");
    out("arc_private_endpoint_ip", scope.endpoint.privateIpAddress, "Private IP of the scope's endpoint");
    out("arc_private_endpoint_dns_record_sets", scope.endpoint.dnsRecordSets, "DNS records of the endpoint (name, fqdn, ip_addresses): for manual DNS or hosts files");
    out("arc_dns_check_hosts", arcPrivateDnsCheckHosts(t.location, pl?.hisRegionCode), "Names that must resolve to private IPs on-premises (nslookup each)");
    const machinesRg = pl?.machinesResourceGroup ?? resourceGroupName;
    out(
      "onboarding_command_servers",
      azcmagentConnectCommand({ resourceGroup: machinesRg, tenantId: client.tenantId, subscriptionId: t.subscriptionId ?? client.subscriptionId, location: t.location, privateLinkScopeId: scope.privateLinkScopeId }),
      "Run on each server (Connected Machine agent 1.4 or later)",
    );
    out(
      "onboarding_command_kubernetes",
      connectedK8sConnectCommand({ resourceGroup: machinesRg, location: t.location, privateLinkScopeId: scope.privateLinkScopeId }),
      "Run per cluster with its kubeconfig; replace <cluster-name>",
    );
  }
}
