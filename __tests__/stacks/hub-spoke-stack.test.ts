import { Testing } from "cdktf";
import { armIdKey, shortHash } from "../../lib/core";
import { hubSpokeStackName } from "../../topology/facts";
import { buildApp, example, resources, synthTopology, topology } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const TAGS = { owner: "platform", costCenter: "4711" };

/**
 * Addresses are written out (`azurerm_virtual_network.hub`), not computed
 * with the naming function: a changed address (a replace in Terraform, or a
 * `terraform state mv`) fails here. Names made of a spoke, subnet or zone
 * name hold that name's words joined with `_` (`snake`).
 */
const snake = (name: string) => name.replace(/[^a-z0-9]+/g, "_");
/** `${type.name.attr}` */
const ref = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;
const RG = ref("azurerm_resource_group", "resource_group", "name");
const HUB_VNET = "hub";
const spokeVnet = (spoke: string) => `spoke_${snake(spoke)}`;

/** The NSG rule table of the Arc docs (seeds 000, 001), one security_rule object per row, every attribute present (unused ones null, as azurerm's JSON needs them). */
function rule(name: string, direction: "Inbound" | "Outbound", priority: number, access: "Allow" | "Deny", protocol: string, source: string, destination: string, port: string, description: string) {
  return {
    name,
    direction,
    priority,
    access,
    protocol,
    source_address_prefix: source,
    source_address_prefixes: null,
    source_application_security_group_ids: null,
    source_port_range: "*",
    source_port_ranges: null,
    destination_address_prefix: destination,
    destination_address_prefixes: null,
    destination_application_security_group_ids: null,
    destination_port_range: port,
    destination_port_ranges: null,
    description,
  };
}
const publicRoute = (tag: string) => `Azure Arc: outbound HTTPS to ${tag} (public route, not covered by the Arc private link scope)`;
const AAD = rule("AllowAADOutboundAccess", "Outbound", 150, "Allow", "Tcp", "VirtualNetwork", "AzureActiveDirectory", "443", publicRoute("AzureActiveDirectory"));
const ARM = rule("AllowAzOutboundAccess", "Outbound", 151, "Allow", "Tcp", "VirtualNetwork", "AzureResourceManager", "443", publicRoute("AzureResourceManager"));
const FRONT_DOOR_OUT = rule("AllowAzureFrontDoorFirstPartyAccess", "Outbound", 152, "Allow", "Tcp", "VirtualNetwork", "AzureFrontDoor.FirstParty", "443", publicRoute("AzureFrontDoor.FirstParty"));
const FRONT_DOOR_IN = rule("AllowAzureFrontDoorFirstPartyInbound", "Inbound", 152, "Allow", "Tcp", "AzureFrontDoor.FirstParty", "VirtualNetwork", "443", "Azure Arc: inbound HTTPS from AzureFrontDoor.FirstParty (Arc-enabled Kubernetes)");
const MCR = rule("AllowMCROutboundAccess", "Outbound", 153, "Allow", "Tcp", "VirtualNetwork", "MicrosoftContainerRegistry", "443", publicRoute("MicrosoftContainerRegistry"));
const DENY_INTERNET = rule("DenyInternetOutbound", "Outbound", 4000, "Deny", "*", "*", "Internet", "*", "Deny all other internet egress; Arc traffic goes through the private endpoint");
const SERVERS_RULES = [AAD, ARM, DENY_INTERNET];
const KUBERNETES_RULES = [AAD, ARM, FRONT_DOOR_OUT, FRONT_DOOR_IN, MCR, DENY_INTERNET];

/** Both peerings of a spoke (hub wiring of the landing-zone module: gateway transit when the hub has a gateway), keyed by address name. */
function peerings(prefix: string, spoke: string, rg: string, gateway: boolean): Record<string, unknown> {
  const hubToSpoke = `spoke_${snake(spoke)}_hub_to_spoke`;
  const gatewayRef = "azurerm_virtual_network_gateway.hub";
  return {
    [hubToSpoke]: {
      name: `peer-hub-to-vnet-${prefix}-${spoke}`,
      resource_group_name: rg,
      virtual_network_name: ref("azurerm_virtual_network", HUB_VNET, "name"),
      remote_virtual_network_id: ref("azurerm_virtual_network", spokeVnet(spoke)),
      allow_virtual_network_access: true,
      allow_forwarded_traffic: true,
      allow_gateway_transit: gateway,
      ...(gateway ? { depends_on: [gatewayRef] } : {}),
    },
    [`spoke_${snake(spoke)}_spoke_to_hub`]: {
      name: `peer-vnet-${prefix}-${spoke}-to-hub`,
      resource_group_name: rg,
      virtual_network_name: ref("azurerm_virtual_network", spokeVnet(spoke), "name"),
      remote_virtual_network_id: ref("azurerm_virtual_network", HUB_VNET),
      allow_virtual_network_access: true,
      allow_forwarded_traffic: true,
      use_remote_gateways: gateway,
      ...(gateway ? { depends_on: [gatewayRef, `azurerm_virtual_network_peering.${hubToSpoke}`] } : {}),
    },
  };
}

/** Output values by name (descriptions left out). */
const outputValues = (tf: Record<string, any>) => Object.fromEntries(Object.entries<{ value: unknown }>(tf.output).map(([k, o]) => [k, o.value]));

/** The zones of the default topology, in the order the stack creates them (Arc, Monitor, Blob, Key Vault, Automation, then AKS by region). */
const DEFAULT_ZONES = [
  "privatelink.his.arc.azure.com",
  "privatelink.guestconfiguration.azure.com",
  "privatelink.dp.kubernetesconfiguration.azure.com",
  "privatelink.monitor.azure.com",
  "privatelink.oms.opinsights.azure.com",
  "privatelink.ods.opinsights.azure.com",
  "privatelink.agentsvc.azure-automation.net",
  "privatelink.blob.core.windows.net",
  "privatelink.vaultcore.azure.net",
  "privatelink.azure-automation.net",
  "privatelink.northeurope.azmk8s.io",
  "privatelink.westeurope.azmk8s.io",
];
/** The checks after onboarding for a scope in eastus (expressroute-cloud.yaml's privateLink.location). */
const EASTUS_CHECKS = [
  "azcmagent check --location 'eastus' --enable-pls-check",
  "nslookup gbl.his.arc.azure.com",
  "nslookup eus.his.arc.azure.com",
  "nslookup agentserviceapi.guestconfiguration.azure.com",
  "nslookup eastus-gas.guestconfiguration.azure.com",
  "nslookup eastus.dp.kubernetesconfiguration.azure.com",
];
const zoneRef = (zone: string, attr = "id") => ref("azurerm_private_dns_zone", snake(zone), attr);

describe("HubSpokeStack", () => {
  // One build and one synth of the default topology serve every test of it, the snapshot included.
  const { stacks } = buildApp(example("private-link.yaml"));
  const synthesized = Testing.synth(stacks[0], true);
  const tf = JSON.parse(synthesized) as Record<string, any>;

  it("is named <name>-connectivity", () => {
    expect(stacks.map((s) => s.node.id)).toEqual(["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1"]);
    expect(hubSpokeStackName({ name: "x" })).toBe("x-connectivity");
  });

  it("configures azurerm with the Arc resource providers and the local backend, and azapi for the existing servers", () => {
    expect(tf.provider).toEqual({
      azapi: [{ subscription_id: SUB }],
      azurerm: [
        {
          features: [{}],
          subscription_id: SUB,
          resource_provider_registrations: "none",
          resource_providers_to_register: [
            "Microsoft.AzureArcData",
            "Microsoft.ContainerService",
            "Microsoft.ExtendedLocation",
            "Microsoft.GuestConfiguration",
            "Microsoft.HybridCompute",
            "Microsoft.HybridConnectivity",
            "Microsoft.Insights",
            "Microsoft.Kubernetes",
            "Microsoft.KubernetesConfiguration",
            "Microsoft.ManagedIdentity",
            "Microsoft.Network",
          ],
        },
      ],
    });
    expect(tf.terraform).toEqual({
      backend: { local: { path: "../../../state/terraform.contoso-connectivity.tfstate" } },
      required_providers: { azapi: { source: "azure/azapi", version: "2.12.0" }, azurerm: { source: "azurerm", version: "4.55.0" } },
    });
    expect(tf.data).toEqual({ azurerm_client_config: { client_config: {} } });
  });

  it("creates exactly these resources", () => {
    const count = (type: string) => Object.keys(tf.resource[type]).length;
    expect(Object.fromEntries(Object.keys(tf.resource).map((type) => [type, count(type)]))).toEqual({
      azapi_resource_action: 2,
      azapi_update_resource: 2,
      azurerm_arc_private_link_scope: 1,
      azurerm_kubernetes_cluster: 1,
      azurerm_local_network_gateway: 1,
      azurerm_monitor_private_link_scope: 1,
      azurerm_monitor_private_link_scoped_service: 2,
      azurerm_network_security_group: 2,
      azurerm_private_dns_a_record: 1,
      azurerm_private_dns_resolver: 1,
      azurerm_private_dns_resolver_inbound_endpoint: 1,
      azurerm_private_dns_resolver_outbound_endpoint: 1,
      azurerm_private_dns_resolver_dns_forwarding_ruleset: 1,
      azurerm_private_dns_resolver_forwarding_rule: 2,
      azurerm_private_dns_resolver_virtual_network_link: 2,
      azurerm_private_dns_zone: 12,
      azurerm_private_dns_zone_virtual_network_link: 24,
      azurerm_private_endpoint: 6,
      azurerm_public_ip: 1,
      azurerm_resource_group: 1,
      azurerm_role_assignment: 2,
      azurerm_subnet: 9,
      azurerm_subnet_network_security_group_association: 3,
      azurerm_user_assigned_identity: 1,
      azurerm_virtual_network: 5,
      azurerm_virtual_network_gateway: 1,
      azurerm_virtual_network_gateway_connection: 1,
      azurerm_virtual_network_peering: 8,
    });
    expect(tf.resource.azurerm_resource_group).toEqual({ resource_group: { name: "rg-contoso-connectivity", location: "westeurope", tags: TAGS } });
  });

  it("lays out the hub (endpoints .0/26, GatewaySubnet .64/27, resolver .96/28 and .112/28) and the spokes' networks", () => {
    const hubSubnet = (name: string, prefix: string, delegated = false) => ({
      name,
      address_prefixes: [prefix],
      resource_group_name: ref("azurerm_virtual_network", HUB_VNET, "resource_group_name"),
      virtual_network_name: ref("azurerm_virtual_network", HUB_VNET, "name"),
      ...(delegated ? { delegation: [{ name: "Microsoft.Network.dnsResolvers", service_delegation: { name: "Microsoft.Network/dnsResolvers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }] } : {}),
    });
    const spokeSubnet = (spoke: string, id: string, name: string, prefix: string) => [
      `spoke_${snake(spoke)}_subnet_${snake(id)}`,
      { name, address_prefixes: [prefix], resource_group_name: RG, virtual_network_name: ref("azurerm_virtual_network", spokeVnet(spoke), "name") },
    ];
    expect(tf.resource.azurerm_subnet).toEqual({
      hub_endpoint_subnet: hubSubnet("snet-contoso-endpoints", "10.0.0.0/26"),
      hub_gateway_subnet: hubSubnet("GatewaySubnet", "10.0.0.64/27"),
      hub_resolver_inbound_subnet: hubSubnet("snet-contoso-dns-inbound", "10.0.0.96/28", true),
      hub_resolver_outbound_subnet: hubSubnet("snet-contoso-dns-outbound", "10.0.0.112/28", true),
      ...Object.fromEntries([
        spokeSubnet("servers", "snet-contoso-servers", "snet-contoso-servers", "10.1.0.0/24"),
        spokeSubnet("k8s", "nodes", "nodes", "10.2.0.0/24"),
        spokeSubnet("k8s", "ingress", "ingress", "10.2.1.0/26"),
        spokeSubnet("tools", "snet-contoso-tools", "snet-contoso-tools", "10.3.0.0/24"),
        spokeSubnet("aks", "nodes", "nodes", "10.4.0.0/24"),
      ]),
    });
    const vnet = (name: string, addressSpace: string, dnsServers?: string[]) => ({ name, address_space: [addressSpace], location: "westeurope", resource_group_name: RG, tags: TAGS, ...(dnsServers ? { dns_servers: dnsServers } : {}) });
    // Spokes without zone links use the resolver; spokes with links (k8s) keep Azure DNS.
    expect(tf.resource.azurerm_virtual_network).toEqual({
      [HUB_VNET]: vnet("vnet-contoso-hub", "10.0.0.0/22"),
      [spokeVnet("servers")]: vnet("vnet-contoso-servers", "10.1.0.0/24", ["10.0.0.100"]),
      [spokeVnet("k8s")]: vnet("vnet-contoso-k8s", "10.2.0.0/23"),
      [spokeVnet("tools")]: vnet("vnet-contoso-tools", "10.3.0.0/24", ["10.0.0.100"]),
      [spokeVnet("aks")]: vnet("vnet-contoso-aks", "10.4.0.0/23", ["10.0.0.100"]),
    });
  });

  it("creates the DNS Private Resolver with its static inbound IP .100", () => {
    expect(tf.resource.azurerm_private_dns_resolver).toEqual({
      hub: { name: "dnspr-contoso-hub", location: "westeurope", resource_group_name: RG, virtual_network_id: ref("azurerm_virtual_network", HUB_VNET), tags: TAGS },
    });
    expect(tf.resource.azurerm_private_dns_resolver_inbound_endpoint).toEqual({
      hub_dns_resolver_inbound: {
        name: "in-dnspr-contoso-hub",
        location: "westeurope",
        private_dns_resolver_id: ref("azurerm_private_dns_resolver", "hub"),
        ip_configurations: { private_ip_address: "10.0.0.100", private_ip_allocation_method: "Static", subnet_id: ref("azurerm_subnet", "hub_resolver_inbound_subnet") },
        tags: TAGS,
      },
    });
  });

  it("connects on-premises over a site-to-site VPN whose shared key is a sensitive variable, never a literal", () => {
    expect(tf.variable).toEqual({
      vpn_shared_key: { type: "string", sensitive: true, nullable: false, description: "IPsec pre-shared key of the site-to-site VPN (set it in the workspace or TF_VAR_vpn_shared_key; never in the topology file)" },
    });
    expect(tf.resource.azurerm_public_ip).toEqual({
      hub_gateway: { name: "pip-vgw-contoso-hub", location: "westeurope", resource_group_name: RG, allocation_method: "Static", sku: "Standard", zones: ["1", "2", "3"], tags: TAGS },
    });
    expect(tf.resource.azurerm_virtual_network_gateway).toEqual({
      hub: {
        name: "vgw-contoso-hub",
        location: "westeurope",
        resource_group_name: RG,
        type: "Vpn",
        vpn_type: "RouteBased",
        sku: "VpnGw1AZ",
        active_active: false,
        enable_bgp: false,
        ip_configuration: [{ name: "default", private_ip_address_allocation: "Dynamic", public_ip_address_id: ref("azurerm_public_ip", "hub_gateway"), subnet_id: ref("azurerm_subnet", "hub_gateway_subnet") }],
        tags: TAGS,
      },
    });
    expect(tf.resource.azurerm_local_network_gateway).toEqual({
      on_premises: { name: "lgw-contoso-onprem", location: "westeurope", resource_group_name: RG, gateway_address: "203.0.113.10", address_space: ["172.16.0.0/16"], tags: TAGS },
    });
    expect(tf.resource.azurerm_virtual_network_gateway_connection).toEqual({
      on_premises: {
        name: "con-contoso-onprem",
        location: "westeurope",
        resource_group_name: RG,
        type: "IPsec",
        virtual_network_gateway_id: ref("azurerm_virtual_network_gateway", "hub"),
        local_network_gateway_id: ref("azurerm_local_network_gateway", "on_premises"),
        shared_key: "${var.vpn_shared_key}",
        tags: TAGS,
      },
    });
  });

  it("creates the Arc scope with public access off, and each endpoint in the hub's endpoint subnet with its zone group", () => {
    expect(tf.resource.azurerm_arc_private_link_scope).toEqual({
      arc: { name: "pls-contoso-arc", location: "westeurope", resource_group_name: RG, public_network_access_enabled: false, tags: TAGS },
    });
    const endpoint = (name: string, target: string, subresource: string, zones: string[] | undefined, manual?: string) => ({
      name: `pe-contoso-${name}`,
      location: "westeurope",
      resource_group_name: RG,
      subnet_id: ref("azurerm_subnet", "hub_endpoint_subnet"),
      custom_network_interface_name: `nic-pe-contoso-${name}`,
      private_service_connection: {
        name: `psc-contoso-${name}`,
        private_connection_resource_id: target,
        subresource_names: [subresource],
        is_manual_connection: manual !== undefined,
        ...(manual !== undefined ? { request_message: manual } : {}),
      },
      ...(zones ? { private_dns_zone_group: { name: "default", private_dns_zone_ids: zones.map((z) => zoneRef(z)) } } : {}),
      tags: TAGS,
    });
    const arm = (rg: string, type: string, name: string) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/${type}/${name}`;
    expect(tf.resource.azurerm_private_endpoint).toEqual({
      arc: endpoint("arc", ref("azurerm_arc_private_link_scope", "arc"), "hybridcompute", DEFAULT_ZONES.slice(0, 3)),
      monitor: endpoint("monitor", ref("azurerm_monitor_private_link_scope", "monitor"), "azuremonitor", [
        "privatelink.monitor.azure.com",
        "privatelink.oms.opinsights.azure.com",
        "privatelink.ods.opinsights.azure.com",
        "privatelink.agentsvc.azure-automation.net",
        "privatelink.blob.core.windows.net",
      ]),
      keyvault_kv_contoso_arc: endpoint("keyvault-kv-contoso-arc", arm("rg-contoso-security", "Microsoft.KeyVault/vaults", "kv-contoso-arc"), "vault", ["privatelink.vaultcore.azure.net"]),
      blob_stcontososcripts: endpoint("blob-stcontososcripts", arm("rg-contoso-storage", "Microsoft.Storage/storageAccounts", "stcontososcripts"), "blob", ["privatelink.blob.core.windows.net"]),
      automation_aa_contoso: endpoint("automation-aa-contoso", arm("rg-contoso-automation", "Microsoft.Automation/automationAccounts", "aa-contoso"), "DSCAndHybridWorker", ["privatelink.azure-automation.net"]),
      // The AKS API-server endpoint has no zone group: its A record is a resource of its own (below).
      aks_access_partner: endpoint(
        "aks-partner",
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-partner-aks/providers/Microsoft.ContainerService/managedClusters/aks-partner",
        "management",
        undefined,
        "Contoso platform team, hub endpoint for kubectl over VPN",
      ),
    });
  });

  it("scopes Azure Monitor privately (PrivateOnly both ways) with both linked resources", () => {
    expect(tf.resource.azurerm_monitor_private_link_scope).toEqual({
      monitor: { name: "ampls-contoso", resource_group_name: RG, ingestion_access_mode: "PrivateOnly", query_access_mode: "PrivateOnly", tags: TAGS },
    });
    const scoped = (id: string, name: string, linked: string) => [
      `monitor_scoped_${snake(id)}`,
      { name, resource_group_name: RG, scope_name: ref("azurerm_monitor_private_link_scope", "monitor", "name"), linked_resource_id: linked },
    ];
    expect(tf.resource.azurerm_monitor_private_link_scoped_service).toEqual(
      Object.fromEntries([
        scoped("workspaces-log-contoso", "amplss-workspaces-log-contoso", `/subscriptions/${SUB}/resourceGroups/rg-contoso-monitor/providers/Microsoft.OperationalInsights/workspaces/log-contoso`),
        scoped("datacollectionendpoints-dce-contoso", "amplss-datacollectionendpoints-dce-contoso", `/subscriptions/${SUB}/resourceGroups/rg-contoso-monitor/providers/Microsoft.Insights/dataCollectionEndpoints/dce-contoso`),
      ]),
    );
  });

  it("creates each needed zone once (the blob zone serves Monitor and the blob endpoint) and links it to the hub and the dnsLinks spoke; only the blob zone's links fall back to internet", () => {
    expect(tf.resource.azurerm_private_dns_zone).toEqual(Object.fromEntries(DEFAULT_ZONES.map((z) => [snake(z), { name: z, resource_group_name: RG, tags: TAGS }])));
    // Exactly the (zone, network) pairs: every zone with the hub and with k8s (the only spoke with dnsLinks), nothing else.
    const networks = [
      ["vnet-contoso-hub", HUB_VNET],
      ["vnet-contoso-k8s", spokeVnet("k8s")],
    ];
    expect(tf.resource.azurerm_private_dns_zone_virtual_network_link).toEqual(
      Object.fromEntries(
        DEFAULT_ZONES.flatMap((z) =>
          networks.map(([label, vnet]) => [
            `zone_${snake(z)}_link_${snake(label)}`,
            {
              name: `link-${label}`,
              resource_group_name: RG,
              private_dns_zone_name: zoneRef(z, "name"),
              virtual_network_id: ref("azurerm_virtual_network", vnet),
              registration_enabled: false,
              // privateLink.dns.fallbackToInternetZones of the default example.
              ...(z === "privatelink.blob.core.windows.net" ? { resolution_policy: "NxDomainRedirect" } : {}),
              tags: TAGS,
            },
          ]),
        ),
      ),
    );
  });

  it("puts the profile's NSG (the Arc docs' rule table) on every subnet of a spoke, none where arcRules is none", () => {
    const nsg = (spoke: string, rules: unknown[]) => [spokeVnet(spoke), { name: `nsg-contoso-${spoke}`, location: "westeurope", resource_group_name: RG, security_rule: rules, tags: TAGS }];
    expect(tf.resource.azurerm_network_security_group).toEqual(Object.fromEntries([nsg("servers", SERVERS_RULES), nsg("k8s", KUBERNETES_RULES)]));
    const association = (spoke: string, subnet: string) => [
      `spoke_${snake(spoke)}_security_group_association_${snake(subnet)}`,
      { network_security_group_id: ref("azurerm_network_security_group", spokeVnet(spoke)), subnet_id: ref("azurerm_subnet", `spoke_${snake(spoke)}_subnet_${snake(subnet)}`) },
    ];
    expect(tf.resource.azurerm_subnet_network_security_group_association).toEqual(Object.fromEntries([association("servers", "snet-contoso-servers"), association("k8s", "nodes"), association("k8s", "ingress")]));
  });

  it("peers every spoke with the hub both ways, through the hub's gateway, after the gateway exists", () => {
    expect(tf.resource.azurerm_virtual_network_peering).toEqual({
      ...peerings("contoso", "servers", RG, true),
      ...peerings("contoso", "k8s", RG, true),
      ...peerings("contoso", "tools", RG, true),
      ...peerings("contoso", "aks", RG, true),
    });
  });

  it("creates the private AKS cluster after its identity's grants, and the partner endpoint's A record", () => {
    const identity = ref("azurerm_user_assigned_identity", "aks_cluster_ops", "principal_id");
    expect(tf.resource.azurerm_user_assigned_identity).toEqual({ aks_cluster_ops: { name: "id-aks-contoso-ops", location: "westeurope", resource_group_name: RG, tags: TAGS } });
    expect(tf.resource.azurerm_role_assignment).toEqual({
      aks_cluster_ops_network_contributor: { principal_id: identity, principal_type: "ServicePrincipal", role_definition_name: "Network Contributor", scope: ref("azurerm_virtual_network", spokeVnet("aks")) },
      aks_cluster_ops_private_dns_zone_contributor: { principal_id: identity, principal_type: "ServicePrincipal", role_definition_name: "Private DNS Zone Contributor", scope: zoneRef("privatelink.westeurope.azmk8s.io") },
    });
    expect(tf.resource.azurerm_kubernetes_cluster).toEqual({
      aks_cluster_ops: {
        name: "aks-contoso-ops",
        location: "westeurope",
        resource_group_name: RG,
        dns_prefix: "aks-contoso-ops",
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        private_dns_zone_id: zoneRef("privatelink.westeurope.azmk8s.io"),
        local_account_disabled: true,
        role_based_access_control_enabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.client_config.tenant_id}" },
        default_node_pool: { name: "system", node_count: 3, vm_size: "Standard_D4ds_v5", temporary_name_for_rotation: "systemtmp", vnet_subnet_id: ref("azurerm_subnet", "spoke_aks_subnet_nodes") },
        identity: { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", "aks_cluster_ops")] },
        network_profile: { network_plugin: "azure", network_policy: "azure", service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.10" },
        depends_on: [`azurerm_role_assignment.aks_cluster_ops_network_contributor`, `azurerm_role_assignment.aks_cluster_ops_private_dns_zone_contributor`],
        tags: TAGS,
      },
    });
    expect(tf.resource.azurerm_private_dns_a_record).toEqual({
      aks_access_partner: {
        name: "aks-partner-3f2a1b4c.8d7e6f5a-1b2c-3d4e-5f6a-7b8c9d0e1f2a",
        zone_name: zoneRef("privatelink.northeurope.azmk8s.io", "name"),
        resource_group_name: RG,
        ttl: 300,
        records: [ref("azurerm_private_endpoint", "aks_access_partner", "private_service_connection[0].private_ip_address")],
        tags: TAGS,
      },
    });
  });

  it("outputs what users need after apply", () => {
    const scopeId = ref("azurerm_arc_private_link_scope", "arc");
    const arcEndpoint = (attr: string) => ref("azurerm_private_endpoint", "arc", attr);
    const partner = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-partner-aks/providers/Microsoft.ContainerService/managedClusters/aks-partner";
    const cluster = (attr: string) => ref("azurerm_kubernetes_cluster", "aks_cluster_ops", attr);
    const out = (value: unknown, description: string) => ({ value, description, sensitive: false });
    expect(tf.output).toEqual({
      resource_group_name: out(RG, "Resource group of the connectivity resources"),
      hub_virtual_network_id: out(ref("azurerm_virtual_network", HUB_VNET), "Hub virtual network"),
      dns_resolver_inbound_ip: out("10.0.0.100", "Target of the on-premises conditional forwarders (fixed by the hub layout)"),
      conditional_forwarder_zones: out(
        [
          "his.arc.azure.com",
          "guestconfiguration.azure.com",
          "dp.kubernetesconfiguration.azure.com",
          "monitor.azure.com",
          "oms.opinsights.azure.com",
          "ods.opinsights.azure.com",
          "agentsvc.azure-automation.net",
          "blob.core.windows.net",
          "vault.azure.net",
          "vaultcore.azure.net",
          "azure-automation.net",
          "northeurope.azmk8s.io",
          "westeurope.azmk8s.io",
        ],
        "Public DNS zones that on-premises DNS servers forward to dns_resolver_inbound_ip",
      ),
      dns_forwarding_ruleset_id: out(ref("azurerm_private_dns_resolver_dns_forwarding_ruleset", "dns_forwarding"), "DNS forwarding ruleset of the hub resolver (Azure to on-premises)"),
      dns_forwarding_rules: out({ "corp.contoso.com.": ["172.16.0.10:53", "172.16.0.11:53"], "contoso.local.": ["172.16.0.10:53", "172.16.0.11:53"] }, "Domain -> the on-premises DNS servers Azure forwards it to"),
      dns_resolver_outbound_subnet: out("10.0.0.112/28", "The forwarded queries come from this range: on-premises DNS servers and firewalls must accept DNS (UDP and TCP 53) from it"),
      aks_private_endpoints: {
        description: "API-server endpoints in the hub (name -> endpoint id, private IP, the FQDN its A record serves)",
        value: {
          partner: {
            private_endpoint_id: ref("azurerm_private_endpoint", "aks_access_partner"),
            private_ip: ref("azurerm_private_endpoint", "aks_access_partner", "private_service_connection[0].private_ip_address"),
            fqdn: "aks-partner-3f2a1b4c.8d7e6f5a-1b2c-3d4e-5f6a-7b8c9d0e1f2a.privatelink.northeurope.azmk8s.io",
          },
        },
      },
      aks_approval_commands: {
        description: "For the cluster owner: list pending connections, then approve the one from this hub's endpoint (name -> list, approve)",
        value: {
          partner: {
            list: `az rest --method get --url 'https://management.azure.com${partner}/privateEndpointConnections?api-version=2026-05-01' --query 'value[?properties.privateLinkServiceConnectionState.status==\`Pending\`].{name:name, endpoint:properties.privateEndpoint.id}'`,
            approve: `az rest --method put --url 'https://management.azure.com${partner}/privateEndpointConnections/<connection-name>?api-version=2026-05-01' --body '{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"Approved: pe-contoso-aks-partner"}}}'`,
          },
        },
      },
      aks_clusters: {
        description: "Private clusters in the spokes (name -> id, private FQDN, kubeconfig command; Entra ID sign-in)",
        value: {
          ops: {
            id: cluster("id"),
            private_fqdn: cluster("private_fqdn"),
            credentials_command: `az aks get-credentials --resource-group ${RG} --name ${cluster("name")} && kubelogin convert-kubeconfig -l azurecli`,
          },
        },
      },
      arc_private_link_scope_id: out(scopeId, "Azure Arc Private Link Scope"),
      arc_private_endpoint_id: out(arcEndpoint("id"), "Private endpoint of the scope"),
      arc_private_endpoint_ip: out(arcEndpoint("private_service_connection[0].private_ip_address"), "Private IP of the scope's endpoint"),
      arc_private_endpoint_dns_record_sets: out(
        `\${flatten(azurerm_private_endpoint.arc.private_dns_zone_configs[*].record_sets)}`,
        "DNS records of the endpoint (name, fqdn, ip_addresses): for manual DNS or hosts files",
      ),
      arc_dns_check_hosts: out(
        ["gbl.his.arc.azure.com", "weu.his.arc.azure.com", "agentserviceapi.guestconfiguration.azure.com", "westeurope-gas.guestconfiguration.azure.com", "westeurope.dp.kubernetesconfiguration.azure.com"],
        "Names that must resolve to private IPs on-premises (nslookup each)",
      ),
      onboarding_command_servers: out(
        `azcmagent connect --resource-group '${RG}' --tenant-id '\${data.azurerm_client_config.client_config.tenant_id}' --subscription-id '${SUB}' --location 'westeurope' --cloud 'AzureCloud' --private-link-scope '${scopeId}'`,
        "Run on each server (Connected Machine agent 1.4 or later)",
      ),
      onboarding_steps_servers: out(
        [
          "azcmagent config set proxy.url 'http://proxy.contoso.com:3128'",
          "azcmagent config set proxy.bypass 'Arc'",
          `azcmagent connect --resource-group '${RG}' --tenant-id '\${data.azurerm_client_config.client_config.tenant_id}' --subscription-id '${SUB}' --location 'westeurope' --cloud 'AzureCloud' --private-link-scope '${scopeId}'`,
        ],
        "Run on each server, in order: the proxy settings (proxy.url: agent 1.13 or later; proxy.bypass Arc: agent 1.15 or later), then onboarding_command_servers",
      ),
      onboarding_checks_servers: out(
        [
          "azcmagent check --location 'westeurope' --enable-pls-check",
          "nslookup gbl.his.arc.azure.com",
          "nslookup weu.his.arc.azure.com",
          "nslookup agentserviceapi.guestconfiguration.azure.com",
          "nslookup westeurope-gas.guestconfiguration.azure.com",
          "nslookup westeurope.dp.kubernetesconfiguration.azure.com",
        ],
        "Run on a server after onboarding: azcmagent check with the private-link check, then nslookup of each name (each must give a private IP)",
      ),
      onboarding_command_kubernetes: out(
        `az connectedk8s connect -g '${RG}' -n '<cluster-name>' -l 'westeurope' --enable-private-link true --private-link-scope-resource-id '${scopeId}'`,
        "Run per cluster with its kubeconfig; replace <cluster-name>",
      ),
      arc_private_link_machines: out(
        {
          machine_ids: [
            `/subscriptions/${SUB}/resourceGroups/rg-contoso-servers/providers/Microsoft.HybridCompute/machines/web01`,
            `/subscriptions/${SUB}/resourceGroups/rg-contoso-servers/providers/Microsoft.HybridCompute/machines/sql01`,
          ],
          ready: "The scope can take up to 15 minutes after apply to accept connections from a newly associated server; then run onboarding_checks_servers on it",
        },
        "Existing Arc-enabled servers associated with the scope",
      ),
    });
  });

  it("tags every taggable resource with the topology's tags; the others take no tags", () => {
    const all = Object.entries<Record<string, Record<string, unknown>>>(tf.resource).flatMap(([type, byName]) => Object.values(byName).map((r) => [type, r] as const));
    const untagged: Record<string, number> = {};
    for (const [type, r] of all) if (!("tags" in r)) untagged[type] = (untagged[type] ?? 0) + 1;
    // The types azurerm gives no tags argument, and azapi's update and action on the existing servers (they tag nothing of their own); only those.
    expect(untagged).toEqual({ azapi_update_resource: 2, azapi_resource_action: 2, azurerm_private_dns_resolver_forwarding_rule: 2, azurerm_private_dns_resolver_virtual_network_link: 2, azurerm_subnet: 9, azurerm_virtual_network_peering: 8, azurerm_subnet_network_security_group_association: 3, azurerm_monitor_private_link_scoped_service: 2, azurerm_role_assignment: 2 });
    const taggable = all.filter(([, r]) => "tags" in r);
    expect(taggable).toHaveLength(63);
    for (const [, r] of taggable) expect(r.tags).toEqual(TAGS);
  });

  describe("ExpressRoute, existing zones, existing resource group, Terraform Cloud", () => {
    const er = synthTopology(example("expressroute-cloud.yaml"))["fabrikam-connectivity"];
    const ER_RG = "rg-network-arc";
    const DNS_SUB = "22222222-2222-2222-2222-222222222222";
    const ARC_ZONES = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.dp.kubernetesconfiguration.azure.com"];

    it("uses Terraform Cloud, the environment's subscription and the existing resource group by name", () => {
      expect(er.terraform).toEqual({
        cloud: { hostname: "app.terraform.io", organization: "fabrikam", workspaces: { name: "fabrikam-arc-fabrikam-connectivity" } },
        required_providers: { azurerm: { source: "azurerm", version: "4.55.0" } },
      });
      expect(er.provider).toEqual({
        azurerm: [
          { features: [{}], resource_provider_registrations: "none", resource_providers_to_register: [
              "Microsoft.AzureArcData",
              "Microsoft.ExtendedLocation",
              "Microsoft.GuestConfiguration",
              "Microsoft.HybridCompute",
              "Microsoft.HybridConnectivity",
              "Microsoft.Kubernetes",
              "Microsoft.KubernetesConfiguration",
              "Microsoft.Network",
            ] },
          // The existing zones' subscription: links to them are created there (see below).
          { alias: `zones-${DNS_SUB}`, features: [{}], subscription_id: DNS_SUB, resource_provider_registrations: "none" },
        ],
      });
      // No resource group, no zones, no local network gateway (ExpressRoute).
      expect(Object.keys(er.resource).sort()).toEqual([
        "azurerm_arc_private_link_scope",
        "azurerm_network_security_group",
        "azurerm_private_dns_resolver",
        "azurerm_private_dns_resolver_inbound_endpoint",
        "azurerm_private_dns_zone_virtual_network_link",
        "azurerm_private_endpoint",
        "azurerm_public_ip",
        "azurerm_subnet",
        "azurerm_subnet_network_security_group_association",
        "azurerm_virtual_network",
        "azurerm_virtual_network_gateway",
        "azurerm_virtual_network_gateway_connection",
        "azurerm_virtual_network_peering",
      ]);
      expect(er.resource.azurerm_virtual_network[HUB_VNET].resource_group_name).toBe(ER_RG);
    });

    it("connects the circuit through an ExpressRoute gateway, with an optional sensitive authorization key", () => {
      expect(er.variable).toEqual({
        expressroute_authorization_key: {
          type: "string",
          sensitive: true,
          nullable: true,
          default: null,
          description: "Authorization key of an ExpressRoute circuit in another subscription; leave unset for a circuit in this subscription",
        },
      });
      expect(er.resource.azurerm_virtual_network_gateway).toEqual({
        hub: {
          name: "vgw-fabrikam-hub",
          location: "eastus2",
          resource_group_name: ER_RG,
          type: "ExpressRoute",
          sku: "ErGw1AZ",
          active_active: false,
          enable_bgp: false,
          ip_configuration: [{ name: "default", private_ip_address_allocation: "Dynamic", public_ip_address_id: ref("azurerm_public_ip", "hub_gateway"), subnet_id: ref("azurerm_subnet", "hub_gateway_subnet") }],
          tags: { env: "prod" },
        },
      });
      expect(er.resource.azurerm_virtual_network_gateway_connection).toEqual({
        on_premises: {
          name: "con-fabrikam-onprem",
          location: "eastus2",
          resource_group_name: ER_RG,
          type: "ExpressRoute",
          virtual_network_gateway_id: ref("azurerm_virtual_network_gateway", "hub"),
          express_route_circuit_id: "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-er/providers/Microsoft.Network/expressRouteCircuits/er-fabrikam-ashburn",
          authorization_key: "${var.expressroute_authorization_key}",
          tags: { env: "prod" },
        },
      });
      expect(er.resource.azurerm_virtual_network_peering).toEqual(peerings("fabrikam", "datacenter-mgmt", ER_RG, true));
    });

    it("links the hub to the existing zones and puts their ids in the Arc endpoint's zone group", () => {
      expect(er.resource.azurerm_private_dns_zone_virtual_network_link).toEqual(
        Object.fromEntries(
          ARC_ZONES.map((z) => [
            `zone_${snake(z)}_link_vnet_fabrikam_hub`,
            { name: "link-vnet-fabrikam-hub", resource_group_name: "rg-dns", private_dns_zone_name: z, virtual_network_id: ref("azurerm_virtual_network", HUB_VNET), registration_enabled: false, tags: { env: "prod" }, provider: `azurerm.zones-${DNS_SUB}` },
          ]),
        ),
      );
      expect(er.resource.azurerm_private_endpoint["arc"].private_dns_zone_group).toEqual({
        name: "default",
        private_dns_zone_ids: ARC_ZONES.map((z) => `/subscriptions/${DNS_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/${z}`),
      });
    });

    // azurerm_private_dns_zone_virtual_network_link has no subscription argument: azurerm puts the link under
    // /subscriptions/<the provider's subscription>/resourceGroups/<resource_group_name>/. This example's zones are in
    // subscription 22222222-... (rg-dns), so the links go through an aliased provider of that subscription.
    it("creates each link to an existing zone through a provider of the zone's subscription", () => {
      const links = resources(er, "azurerm_private_dns_zone_virtual_network_link");
      expect(links).toHaveLength(3);
      for (const link of links) {
        const alias = /^azurerm\.(.+)$/.exec(String(link.provider ?? ""))?.[1];
        const provider = (er.provider.azurerm as Array<Record<string, unknown>>).find((p) => p.alias === alias);
        expect(provider).toEqual({ alias: `zones-${DNS_SUB}`, features: [{}], subscription_id: DNS_SUB, resource_provider_registrations: "none" });
      }
      expect(er.provider.azurerm).toHaveLength(2);
    });

    it("uses the default provider for existing zones in the topology's own subscription (any casing)", () => {
      const same = synthTopology({ ...example("expressroute-cloud.yaml"), subscriptionId: DNS_SUB.toUpperCase() })["fabrikam-connectivity"];
      expect(same.provider.azurerm).toHaveLength(1);
      expect(same.provider.azurerm[0].subscription_id).toBe(DNS_SUB.toUpperCase());
      const links = resources(same, "azurerm_private_dns_zone_virtual_network_link");
      expect(links).toHaveLength(3);
      expect(links.filter((l) => "provider" in l)).toEqual([]);
    });

    it("outputs the onboarding commands with the environment's subscription and the existing group's name, in the scope's region (privateLink.location eastus; the hub is in eastus2)", () => {
      const scopeId = ref("azurerm_arc_private_link_scope", "arc");
      const endpoint = (attr: string) => ref("azurerm_private_endpoint", "arc", attr);
      expect(outputValues(er)).toEqual({
        resource_group_name: ER_RG,
        hub_virtual_network_id: ref("azurerm_virtual_network", HUB_VNET),
        dns_resolver_inbound_ip: "10.100.0.100",
        conditional_forwarder_zones: ["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com"],
        arc_private_link_scope_id: scopeId,
        arc_private_endpoint_id: endpoint("id"),
        arc_private_endpoint_ip: endpoint("private_service_connection[0].private_ip_address"),
        arc_private_endpoint_dns_record_sets: `\${flatten(azurerm_private_endpoint.arc.private_dns_zone_configs[*].record_sets)}`,
        arc_dns_check_hosts: ["gbl.his.arc.azure.com", "eus.his.arc.azure.com", "agentserviceapi.guestconfiguration.azure.com", "eastus-gas.guestconfiguration.azure.com", "eastus.dp.kubernetesconfiguration.azure.com"],
        onboarding_command_servers: `azcmagent connect --resource-group '${ER_RG}' --tenant-id '\${data.azurerm_client_config.client_config.tenant_id}' --subscription-id '\${data.azurerm_client_config.client_config.subscription_id}' --location 'eastus' --cloud 'AzureCloud' --private-link-scope '${scopeId}'`,
        onboarding_checks_servers: EASTUS_CHECKS,
      });
    });
  });

  it("policy-owned DNS: no zones, no links, every endpoint ignores its zone group; no gateway, so no gateway transit", () => {
    const p = synthTopology(example("policy-dns.yaml"))["northwind-connectivity"];
    expect(Object.keys(p.resource).sort()).toEqual([
      "azurerm_arc_private_link_scope",
      "azurerm_monitor_private_link_scope",
      "azurerm_network_security_group",
      "azurerm_private_dns_resolver",
      "azurerm_private_dns_resolver_inbound_endpoint",
      "azurerm_private_endpoint",
      "azurerm_resource_group",
      "azurerm_subnet",
      "azurerm_subnet_network_security_group_association",
      "azurerm_virtual_network",
      "azurerm_virtual_network_peering",
    ]);
    const PRG = ref("azurerm_resource_group", "resource_group", "name");
    const endpoint = (name: string, target: string, subresource: string) => ({
      name: `pe-northwind-${name}`,
      location: "uksouth",
      resource_group_name: PRG,
      subnet_id: ref("azurerm_subnet", "hub_endpoint_subnet"),
      custom_network_interface_name: `nic-pe-northwind-${name}`,
      private_service_connection: { name: `psc-northwind-${name}`, private_connection_resource_id: target, subresource_names: [subresource], is_manual_connection: false },
      lifecycle: { ignore_changes: ["private_dns_zone_group"] },
    });
    expect(p.resource.azurerm_private_endpoint).toEqual({
      arc: endpoint("arc", ref("azurerm_arc_private_link_scope", "arc"), "hybridcompute"),
      monitor: endpoint("monitor", ref("azurerm_monitor_private_link_scope", "monitor"), "azuremonitor"),
    });
    expect(Object.keys(p.resource.azurerm_subnet).sort()).toEqual(["hub_endpoint_subnet", "hub_resolver_inbound_subnet", "hub_resolver_outbound_subnet", "spoke_edge_subnet_snet_northwind_edge"].sort());
    expect(p.resource.azurerm_virtual_network_peering).toEqual(peerings("northwind", "edge", PRG, false));
    expect(p.resource.azurerm_network_security_group["spoke_edge"].security_rule).toEqual(KUBERNETES_RULES);
    expect(p.variable).toBeUndefined();
    expect(outputValues(p).conditional_forwarder_zones).toEqual([
      "his.arc.azure.com",
      "guestconfiguration.azure.com",
      "dp.kubernetesconfiguration.azure.com",
      "monitor.azure.com",
      "oms.opinsights.azure.com",
      "ods.opinsights.azure.com",
      "agentsvc.azure-automation.net",
      "blob.core.windows.net",
    ]);
    expect(outputValues(p).dns_resolver_inbound_ip).toBe("10.50.0.100");
  });

  it("without privateLink: network only, no Arc providers to register, no Arc outputs", () => {
    const n = synthTopology(topology({ privateLink: undefined }))["contoso-connectivity"];
    expect(n.provider).toEqual({ azurerm: [{ features: [{}], resource_provider_registrations: "none", resource_providers_to_register: ["Microsoft.Network"] }] });
    expect(Object.keys(n.resource).sort()).toEqual([
      "azurerm_local_network_gateway",
      "azurerm_network_security_group",
      "azurerm_private_dns_resolver",
      "azurerm_private_dns_resolver_inbound_endpoint",
      "azurerm_public_ip",
      "azurerm_resource_group",
      "azurerm_subnet",
      "azurerm_subnet_network_security_group_association",
      "azurerm_virtual_network",
      "azurerm_virtual_network_gateway",
      "azurerm_virtual_network_gateway_connection",
      "azurerm_virtual_network_peering",
    ]);
    expect(outputValues(n)).toEqual({
      resource_group_name: ref("azurerm_resource_group", "resource_group", "name"),
      hub_virtual_network_id: ref("azurerm_virtual_network", HUB_VNET),
      dns_resolver_inbound_ip: "10.0.0.100",
      conditional_forwarder_zones: [],
    });
  });

  it("snapshot of the default topology", () => {
    expect(synthesized).toMatchSnapshot();
  });
});

describe("HubSpokeStack: existing servers and the server proxy (issue 15)", () => {
  const machineId = (name: string, rg = "rg-arc", sub = SUB) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.HybridCompute/machines/${name}`;
  const hub = (privateLink: Record<string, unknown>) => synthTopology(topology({ subscriptionId: SUB, privateLink }))["contoso-connectivity"];

  it("without machines or a proxy: no azapi provider, no association, no steps or machines output; the checks are there", () => {
    const tf = hub({});
    expect(Object.keys(tf.provider)).toEqual(["azurerm"]);
    expect(Object.keys(tf.terraform.required_providers)).toEqual(["azurerm"]);
    expect(Object.keys(tf.resource).filter((t) => t.startsWith("azapi"))).toEqual([]);
    expect(Object.keys(tf.output).filter((o) => ["onboarding_steps_servers", "arc_private_link_machines"].includes(o))).toEqual([]);
    expect(tf.output.onboarding_checks_servers.value[0]).toBe("azcmagent check --location 'westeurope' --enable-pls-check");
  });

  it("associates each server with the scope: address <rg>-<name>-<hash of the id>, one per server", () => {
    const other = machineId("web01", "rg-arc", "11111111-1111-1111-1111-111111111111");
    const tf = hub({ machines: [{ id: machineId("web01") }, { id: other }, { id: machineId("db01", "rg-other") }] });
    const updates = tf.resource.azapi_update_resource;
    const address = (id: string) => `machine_${snake(`${id.split("/")[4]}-${id.split("/")[8]}`.toLowerCase())}_${shortHash(armIdKey(id))}_association`;
    // Address -> the server it associates (the synthesized JSON sorts the addresses).
    expect(Object.fromEntries(Object.entries<any>(updates).map(([a, u]) => [u.resource_id, a]))).toEqual({
      [machineId("web01")]: address(machineId("web01")),
      [other]: address(other),
      [machineId("db01", "rg-other")]: address(machineId("db01", "rg-other")),
    });
    expect(address(machineId("web01"))).toMatch(/^machine_rg_arc_web01_[0-9a-f]{6}_association$/);
    for (const u of Object.values<any>(updates)) {
      expect(u).toMatchObject({ type: "Microsoft.HybridCompute/machines@2026-07-15", body: { properties: { privateLinkScopeResourceId: "${azurerm_arc_private_link_scope.arc.id}" } } });
    }
    const releases = Object.values<any>(tf.resource.azapi_resource_action);
    expect(releases.map((r) => [r.resource_id, r.method, r.when, r.body])).toEqual(
      Object.values<any>(updates).map((u) => [u.resource_id, "PATCH", "destroy", { properties: { privateLinkScopeResourceId: null } }]),
    );
    expect(tf.provider.azapi).toEqual([{ subscription_id: SUB }]);
    expect(tf.output.arc_private_link_machines.value.machine_ids).toEqual([machineId("web01"), other, machineId("db01", "rg-other")]);
  });

  it("a server keeps its addresses whatever happens to the list around it: removing, inserting or reordering same-named servers moves no address to another server", () => {
    // With first-come labels, removing the first of two same-named servers gave the second one the plain address: its
    // old release action (destroy-time PATCH to null) would run against the server that stays.
    const ids = [machineId("web01", "rg-arc", "11111111-1111-1111-1111-111111111111"), machineId("web01"), machineId("web-01"), machineId("web_01"), machineId("web", "rg-arc-a"), machineId("a-web", "rg-arc")];
    const byAddress = (list: string[]) => {
      const tf = hub({ machines: list.map((id) => ({ id })) });
      return { ...Object.fromEntries(Object.entries<any>(tf.resource.azapi_update_resource).map(([a, u]) => [a, u.resource_id])), ...Object.fromEntries(Object.entries<any>(tf.resource.azapi_resource_action).map(([a, r]) => [a, r.resource_id])) };
    };
    const all = byAddress(ids);
    expect(Object.keys(all)).toHaveLength(ids.length * 2);
    for (const list of [ids.slice(1), [...ids].reverse(), [ids[3], ids[0]], [machineId("app01"), ...ids]]) {
      for (const [address, id] of Object.entries(byAddress(list))) if (address in all) expect({ address, id }).toEqual({ address, id: all[address] });
    }
  });

  it("a proxy without the Arc bypass: one setting before the connect command, and a description without proxy.bypass", () => {
    const out = hub({ serverProxy: { url: "http://10.0.0.5:8080", bypassArc: false } }).output.onboarding_steps_servers;
    expect(out.value).toEqual(["azcmagent config set proxy.url 'http://10.0.0.5:8080'", out.value[1]]);
    expect(out.value[1]).toMatch(/^azcmagent connect /);
    expect(out.description).toBe("Run on each server, in order: the proxy settings (proxy.url: agent 1.13 or later), then onboarding_command_servers");
  });
});

describe("HubSpokeStack: the scope in another region than the hub (issue 16, privateLink.location)", () => {
  const tf = synthTopology(topology({ subscriptionId: SUB, privateLink: { location: "eastus" } }))["contoso-connectivity"];

  it("places the scope in privateLink.location and its endpoint in the hub's region", () => {
    expect(tf.resource.azurerm_arc_private_link_scope.arc.location).toBe("eastus");
    expect(tf.resource.azurerm_private_endpoint.arc.location).toBe("westeurope");
  });

  it("onboards servers and checks them in the scope's region; no Kubernetes command (Kubernetes private link needs one region)", () => {
    expect(tf.output.onboarding_command_servers.value).toMatch(/ --location 'eastus' /);
    expect(tf.output.onboarding_checks_servers.value).toEqual(EASTUS_CHECKS);
    expect(tf.output.arc_dns_check_hosts.value).toContain("eus.his.arc.azure.com");
    expect(tf.output.onboarding_command_kubernetes).toBeUndefined();
  });
});

describe("HubSpokeStack: Azure to on-premises name resolution (issue 16, onPremises.dns)", () => {
  const tf = synthTopology(example("private-link.yaml"))["contoso-connectivity"];

  it("puts an outbound endpoint in the resolver's outbound subnet, one ruleset on it, a rule per domain to both servers on 53, linked to the hub and the dnsLinks spoke", () => {
    expect(tf.resource.azurerm_private_dns_resolver_outbound_endpoint).toEqual({
      dns_forwarding_outbound: { name: "out-dnspr-contoso-hub", location: "westeurope", private_dns_resolver_id: ref("azurerm_private_dns_resolver", "hub"), subnet_id: ref("azurerm_subnet", "hub_resolver_outbound_subnet"), tags: TAGS },
    });
    const ruleset = ref("azurerm_private_dns_resolver_dns_forwarding_ruleset", "dns_forwarding");
    expect(tf.resource.azurerm_private_dns_resolver_dns_forwarding_ruleset).toEqual({
      dns_forwarding: { name: "dnsfrs-contoso-hub", resource_group_name: RG, location: "westeurope", private_dns_resolver_outbound_endpoint_ids: [ref("azurerm_private_dns_resolver_outbound_endpoint", "dns_forwarding_outbound")], tags: TAGS },
    });
    const targets = [{ ip_address: "172.16.0.10", port: 53 }, { ip_address: "172.16.0.11", port: 53 }];
    expect(tf.resource.azurerm_private_dns_resolver_forwarding_rule).toEqual({
      dns_forwarding_ruleset_rule_corp_contoso_com_bcd038: { name: "rule-corp-contoso-com", dns_forwarding_ruleset_id: ruleset, domain_name: "corp.contoso.com.", enabled: true, target_dns_servers: targets },
      dns_forwarding_ruleset_rule_contoso_local_55ee9f: { name: "rule-contoso-local", dns_forwarding_ruleset_id: ruleset, domain_name: "contoso.local.", enabled: true, target_dns_servers: targets },
    });
    expect(tf.resource.azurerm_private_dns_resolver_virtual_network_link).toEqual({
      dns_forwarding_ruleset_link_vnet_contoso_hub: { name: "link-vnet-contoso-hub", dns_forwarding_ruleset_id: ruleset, virtual_network_id: ref("azurerm_virtual_network", HUB_VNET) },
      dns_forwarding_ruleset_link_vnet_contoso_k8s: { name: "link-vnet-contoso-k8s", dns_forwarding_ruleset_id: ruleset, virtual_network_id: ref("azurerm_virtual_network", spokeVnet("k8s")) },
    });
  });

  it("writes none of it without onPremises.dns", () => {
    const plain = synthTopology(topology({ subscriptionId: SUB }))["contoso-connectivity"];
    expect(Object.keys(plain.resource).filter((t) => /outbound_endpoint|forwarding|resolver_virtual_network_link/.test(t))).toEqual([]);
    expect(Object.keys(plain.output).filter((o) => o.startsWith("dns_forwarding") || o === "dns_resolver_outbound_subnet")).toEqual([]);
  });
});
