import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { ArcStack } from "./base";
import type { AksApiServerEndpoint } from "../lib/aks/api-server-endpoint";
import type { PrivateAksCluster } from "../lib/aks/private-cluster";
import { ArcPrivateLinkScope, azcmagentConnectCommand, azcmagentProxyCommands, connectedK8sConnectCommand, serverPrivateLinkChecks } from "../lib/arc";
import { ArcMachineScopeAssociation, SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES } from "../lib/arc-machines";
import { AzapiProvider } from "../lib/azapi";
import { DefaultTags, SubnetRef, terraformLiteral, terraformLiterals } from "../lib/core";
import { PrivateDnsZones } from "../lib/dns";
import { HubNetwork, HubSpokePeering, OnPremisesConnection, OnPremisesDnsForwarding, SpokeNetwork } from "../lib/network";
import { ArcNetworkSecurityGroup } from "../lib/nsg";
import { PrivateEndpoint } from "../lib/private-endpoint";
import type { HubStackPlan, SpokePlan } from "../topology/plan";
import { configureBackend } from "./backend";

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

/**
 * The hub-and-spoke stack (Microsoft Learn, "Use Azure Private Link to securely connect servers to Azure Arc"; Microsoft Learn, "Private connectivity for Arc enabled Kubernetes clusters using private link"): the hub network with its
 * gateway and resolver, the on-premises connection, the private DNS zones
 * (with fallback to internet where asked), the forwarding ruleset to the
 * on-premises DNS servers, the Arc Private Link Scope and its endpoint, the
 * existing servers' association with it, Azure Monitor private link, the
 * other service endpoints, and the spokes with their Arc NSG rules.
 */
export class HubSpokeStack extends ArcStack {
  public readonly hub: HubNetwork;
  public readonly dns: PrivateDnsZones;
  public readonly arcScope?: ArcPrivateLinkScope;
  public readonly spokes: ReadonlyMap<string, SpokeNetwork>;
  /** Azure to on-premises name resolution (`onPremises.dns`), when the topology asks for it. */
  public readonly onPremisesDns?: OnPremisesDnsForwarding;
  /** API-server endpoints by `aksPrivateAccess` name. */
  public readonly aksEndpoints: ReadonlyMap<string, AksApiServerEndpoint>;
  /** Private clusters by `aksClusters` name. */
  public readonly aksClusters: ReadonlyMap<string, PrivateAksCluster>;

  constructor(scope: Construct, plan: HubStackPlan) {
    super(scope, plan.stackName);
    const p = plan;
    configureBackend(this, p.backend);
    new AzurermProvider(this, "azurerm", {
      features: [{}],
      subscriptionId: p.subscriptionId,
      resourceProviderRegistrations: "none",
      resourceProvidersToRegister: [...p.resourceProviders],
    });
    // Tag names and values are the file's plain text: escaped, so `${` or `%{` in them stays literal.
    DefaultTags.apply(this, terraformLiterals(p.tags));
    const client = new DataAzurermClientConfig(this, "ClientConfig", {});

    const resourceGroupName = p.resourceGroup.create ? new ResourceGroup(this, "ResourceGroup", { name: p.resourceGroup.name, location: p.location }).name : p.resourceGroup.name;
    const location = p.location;

    // Hub network, gateway, resolver, and the connection to on-premises.
    this.hub = new HubNetwork(this, "Hub", {
      name: p.hub.name,
      resourceGroupName,
      location,
      addressSpace: [...p.hub.addressSpace],
      gateway: p.hub.gateway,
      dnsResolver: p.hub.dnsResolver,
    });
    const op = p.onPremises;
    if (this.hub.gateway && op) {
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
        name: p.hub.name,
        resourceGroupName,
        location,
        gatewayId: this.hub.gateway.id,
        gatewayType: op.gatewayType,
        vpn: op.vpn && sharedKey ? { gatewayAddress: op.vpn.gatewayAddress, addressSpace: [...op.vpn.addressSpace], sharedKey: sharedKey.stringValue } : undefined,
        expressRoute: op.expressRoute ? { circuitId: op.expressRoute.circuitId, authorizationKey: authKey?.stringValue } : undefined,
      });
    }

    // Private DNS: the zones the topology needs, linked to the hub; existing zones of another subscription through a provider of theirs.
    const zoneProviders = new Map<string, AzurermProvider>();
    this.dns = new PrivateDnsZones(this, "Zone", {
      zoneNames: [...p.dns.zones],
      resourceGroupName,
      mode: p.dns.mode,
      existingZoneIds: p.dns.existingZoneIds,
      virtualNetworks: [this.hub.virtualNetwork],
      fallbackToInternet: p.dns.fallbackZones.length > 0 ? [...p.dns.fallbackZones] : undefined,
      providerFor: (subscriptionId) => {
        const alias = p.dns.zoneProviders.find((z) => z.subscriptionId === subscriptionId)?.alias;
        return alias ? this.zoneProvider(zoneProviders, subscriptionId, alias) : undefined;
      },
    });
    const policyOwnsDns = p.dns.mode === "policy";
    const zoneMap = (names: readonly string[]) => (policyOwnsDns ? undefined : Object.fromEntries(names.map((n) => [n, this.dns.zoneId(n) as string])));

    const pl = p.privateLink;
    if (pl) {
      this.arcScope = new ArcPrivateLinkScope(this, "Arc", {
        name: pl.scopeName,
        resourceGroupName,
        location: pl.location,
        publicNetworkAccessEnabled: pl.publicNetworkAccess,
        endpoint: { subnet: this.hub.endpointSubnet, privateDnsZoneIds: zoneMap(pl.zones), dnsZoneGroupManagedByPolicy: policyOwnsDns },
      });
      if (pl.monitor) {
        new (lazy.monitor())(this, "Monitor", {
          name: pl.monitor.name,
          resourceGroupName,
          ingestionAccessMode: pl.monitor.ingestionAccessMode,
          queryAccessMode: pl.monitor.queryAccessMode,
          linkedResourceIds: [...pl.monitor.linkedResourceIds],
          endpoint: { subnet: this.hub.endpointSubnet, privateDnsZoneIds: zoneMap(pl.monitor.zones), dnsZoneGroupManagedByPolicy: policyOwnsDns },
        });
      }
      // Endpoint/<label>: `Endpoint` repeats the type, so the address is azurerm_private_endpoint.<label>.
      const endpoints = pl.endpoints.length > 0 ? new Construct(this, "Endpoint") : undefined;
      for (const e of pl.endpoints) {
        new PrivateEndpoint(endpoints as Construct, e.label, {
          name: e.name,
          resourceGroupName,
          subnet: this.hub.endpointSubnet,
          targetResourceId: e.resourceId,
          subresourceNames: [e.subresource],
          privateDnsZoneIds: policyOwnsDns ? undefined : this.dns.zoneIds(e.zones),
          dnsZoneGroupManagedByPolicy: policyOwnsDns,
        });
      }
      // Existing Arc-enabled servers: Machine/<label>/Association (azapi_update_resource.machine_<label>_association) and its release; azurerm has no resource for the association.
      if (pl.machines.length > 0) {
        new AzapiProvider(this, "azapi", { subscriptionId: p.subscriptionId });
        const machines = new Construct(this, "Machine");
        for (const m of pl.machines) new ArcMachineScopeAssociation(machines, m.label, { machineId: m.id, privateLinkScopeId: this.arcScope.privateLinkScopeId });
      }
    }

    // Spokes: network, Arc NSG rules on every subnet, peerings, DNS.
    const spokes = new Map<string, SpokeNetwork>();
    for (const s of p.spokes) spokes.set(s.name, this.addSpoke(p, s, resourceGroupName));
    this.spokes = spokes;

    // Azure to on-premises: the resolver's outbound endpoint, a ruleset linked to the hub and the spokes with their own zone links.
    const toOnPremises = p.dns.toOnPremises;
    if (toOnPremises && this.hub.dnsResolverId && this.hub.resolverOutboundSubnetId) {
      this.onPremisesDns = new OnPremisesDnsForwarding(this, "DnsForwarding", {
        name: p.hub.name,
        resourceGroupName,
        location,
        privateDnsResolverId: this.hub.dnsResolverId,
        outboundSubnetId: this.hub.resolverOutboundSubnetId,
        domains: [...toOnPremises.domains],
        targets: toOnPremises.servers.map((ipAddress) => ({ ipAddress })),
        virtualNetworks: [this.hub.virtualNetwork, ...toOnPremises.linkedSpokes.map((name) => (spokes.get(name) as SpokeNetwork).virtualNetwork)],
      });
    }

    // Private AKS (the blog post "Azure Aks Private Clusters" (2023)): endpoints to clusters elsewhere, clusters in spokes.
    this.aksEndpoints = new Map(
      p.aksEndpoints.map((a) => [
        a.name,
        new (lazy.aksEndpoint())(this, `AksAccess-${a.name}`, {
          name: a.endpointName,
          resourceGroupName,
          subnet: this.hub.endpointSubnet,
          clusterId: a.clusterId,
          clusterRegion: a.region,
          privateFqdn: a.privateFqdn,
          zone: this.dns.zoneRef(a.zoneName),
          manualApproval: a.manualApproval?.requestMessage ? { requestMessage: terraformLiteral(a.manualApproval.requestMessage) } : undefined,
        }),
      ]),
    );
    this.aksClusters = new Map(
      p.aksClusters.map((c) => {
        const cluster = new (lazy.aksCluster())(this, `AksCluster-${c.name}`, {
          name: c.clusterName,
          resourceGroupName,
          location,
          subnet: spokes.get(c.spoke)?.subnets.get(c.subnet) as SubnetRef,
          dnsPrefix: c.dnsPrefix,
          privateDnsZone: typeof c.privateDnsZone === "object" ? this.dns.zoneRef(c.privateDnsZone.zoneName) : c.privateDnsZone,
          publicFqdnEnabled: c.publicFqdn,
          vmSize: c.vmSize,
          nodeCount: c.nodeCount,
          kubernetesVersion: c.kubernetesVersion,
          serviceCidr: c.serviceCidr,
          dnsServiceIp: c.dnsServiceIp,
          tenantId: client.tenantId,
          adminGroupObjectIds: [...c.adminGroupObjectIds],
        });
        return [c.name, cluster];
      }),
    );

    this.addOutputs(p, client, resourceGroupName);
  }

  /**
   * The provider for links and records in existing zones of another
   * subscription (a central DNS subscription): an azurerm resource is
   * created in its provider's subscription, so a link made with the default
   * provider would look for the zone's resource group in the wrong
   * subscription. One aliased provider per subscription; it registers no
   * resource providers there (the zones' owners may grant only DNS rights).
   * The plan lists the subscriptions that need one.
   */
  private zoneProvider(providers: Map<string, AzurermProvider>, subscriptionId: string, alias: string): AzurermProvider {
    let provider = providers.get(subscriptionId);
    if (!provider) {
      provider = new AzurermProvider(this, `azurerm-${alias}`, { alias, features: [{}], subscriptionId, resourceProviderRegistrations: "none" });
      providers.set(subscriptionId, provider);
    }
    return provider;
  }

  private addSpoke(p: HubStackPlan, s: SpokePlan, resourceGroupName: string): SpokeNetwork {
    // The spoke's network is its scope: Spoke-<name>/VirtualNetwork, /Subnet-<subnet>, /SecurityGroup, /Peering
    // (addresses azurerm_virtual_network.spoke_<name>, azurerm_network_security_group.spoke_<name>, ...).
    const network = new SpokeNetwork(this, `Spoke-${s.name}`, {
      prefix: p.hub.name,
      name: s.name,
      resourceGroupName,
      location: p.location,
      addressSpace: [...s.addressSpace],
      subnets: s.subnets,
      dnsServers: s.dns === "resolver" ? [this.hub.resolverInboundIp as string] : undefined,
    });
    if (s.nsgName !== undefined && s.arcRules !== "none") {
      new ArcNetworkSecurityGroup(network, "SecurityGroup", {
        name: s.nsgName,
        resourceGroupName,
        location: p.location,
        profile: s.arcRules,
        subnets: [...network.subnets.values()],
      });
    }
    new HubSpokePeering(network, "Peering", { resourceGroupName, hub: this.hub.virtualNetwork, spoke: network.virtualNetwork, hubGateway: this.hub.gateway });
    if (s.dns === "links") this.dns.linkVirtualNetwork(network.virtualNetwork);
    return network;
  }

  private addAksOutputs(p: HubStackPlan, resourceGroupName: string): void {
    if (this.aksEndpoints.size > 0) {
      const endpoints = Object.fromEntries(
        p.aksEndpoints.map((a) => {
          const e = this.aksEndpoints.get(a.name) as AksApiServerEndpoint;
          return [a.name, { private_endpoint_id: e.endpoint.privateEndpointId, private_ip: e.endpoint.privateIpAddress, fqdn: a.privateFqdn }];
        }),
      );
      new TerraformOutput(this, "aks_private_endpoints", { value: endpoints, description: "API-server endpoints in the hub (name -> endpoint id, private IP, the FQDN its A record serves)" });
      const manual = p.aksEndpoints.flatMap((a) => (a.manualApproval ? [[a.name, a.manualApproval.commands] as const] : []));
      if (manual.length > 0) {
        new TerraformOutput(this, "aks_approval_commands", { value: Object.fromEntries(manual), description: "For the cluster owner: list pending connections, then approve the one from this hub's endpoint (name -> list, approve)" });
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

  private addOutputs(p: HubStackPlan, client: DataAzurermClientConfig, resourceGroupName: string): void {
    const out = (id: string, value: unknown, description: string, sensitive = false) => new TerraformOutput(this, id, { value, description, sensitive });
    out("resource_group_name", resourceGroupName, "Resource group of the connectivity resources");
    out("hub_virtual_network_id", this.hub.virtualNetwork.virtualNetworkId, "Hub virtual network");
    if (this.hub.resolverInboundIp) {
      out("dns_resolver_inbound_ip", this.hub.resolverInboundIp, "Target of the on-premises conditional forwarders (fixed by the hub layout)");
    }
    out("conditional_forwarder_zones", [...p.dns.forwarderZones], "Public DNS zones that on-premises DNS servers forward to dns_resolver_inbound_ip");
    const toOnPremises = p.dns.toOnPremises;
    if (this.onPremisesDns && toOnPremises) {
      out("dns_forwarding_ruleset_id", this.onPremisesDns.ruleset.id, "DNS forwarding ruleset of the hub resolver (Azure to on-premises)");
      out("dns_forwarding_rules", Object.fromEntries(toOnPremises.domains.map((d) => [d, toOnPremises.servers.map((ip) => `${ip}:53`)])), "Domain -> the on-premises DNS servers Azure forwards it to");
      out("dns_resolver_outbound_subnet", toOnPremises.outboundSubnet, "The forwarded queries come from this range: on-premises DNS servers and firewalls must accept DNS (UDP and TCP 53) from it");
    }
    this.addAksOutputs(p, resourceGroupName);
    const scope = this.arcScope;
    const pl = p.privateLink;
    if (!scope || !scope.endpoint || !pl) return;
    out("arc_private_link_scope_id", scope.privateLinkScopeId, "Azure Arc Private Link Scope");
    out("arc_private_endpoint_id", scope.endpoint.privateEndpointId, "Private endpoint of the scope");
    out("arc_private_endpoint_ip", scope.endpoint.privateIpAddress, "Private IP of the scope's endpoint");
    out("arc_private_endpoint_dns_record_sets", scope.endpoint.dnsRecordSets, "DNS records of the endpoint (name, fqdn, ip_addresses): for manual DNS or hosts files");
    out("arc_dns_check_hosts", [...pl.dnsCheckHosts], "Names that must resolve to private IPs on-premises (nslookup each)");
    const machinesRg = pl.machinesResourceGroup ?? resourceGroupName;
    const connect = azcmagentConnectCommand({ resourceGroup: machinesRg, tenantId: client.tenantId, subscriptionId: p.subscriptionId ?? client.subscriptionId, location: pl.location, privateLinkScopeId: scope.privateLinkScopeId });
    out("onboarding_command_servers", connect, "Run on each server (Connected Machine agent 1.4 or later)");
    if (pl.serverProxy) {
      // The URL is the file's text: escaped so that `${` in it stays literal.
      const proxy = azcmagentProxyCommands({ url: terraformLiteral(pl.serverProxy.url), bypassArc: pl.serverProxy.bypassArc });
      out(
        "onboarding_steps_servers",
        [...proxy, connect],
        `Run on each server, in order: the proxy settings (proxy.url: agent 1.13 or later${pl.serverProxy.bypassArc ? "; proxy.bypass Arc: agent 1.15 or later" : ""}), then onboarding_command_servers`,
      );
    }
    out(
      "onboarding_checks_servers",
      serverPrivateLinkChecks(pl.location, pl.dnsCheckHosts),
      "Run on a server after onboarding: azcmagent check with the private-link check, then nslookup of each name (each must give a private IP)",
    );
    // Kubernetes private link needs the cluster, the scope and the endpoint's network in one region: no command for a scope elsewhere.
    if (pl.location === p.location) {
      out(
        "onboarding_command_kubernetes",
        connectedK8sConnectCommand({ resourceGroup: machinesRg, location: pl.location, privateLinkScopeId: scope.privateLinkScopeId }),
        "Run per cluster with its kubeconfig; replace <cluster-name>",
      );
    }
    if (pl.machines.length > 0) {
      out(
        "arc_private_link_machines",
        { machine_ids: pl.machines.map((m) => m.id), ready: `The scope can take up to ${SCOPE_ACCEPTS_NEW_SERVER_WITHIN_MINUTES} minutes after apply to accept connections from a newly associated server; then run onboarding_checks_servers on it` },
        "Existing Arc-enabled servers associated with the scope",
      );
    }
  }
}
