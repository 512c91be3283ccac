import { Testing } from "cdktf";
import { aksApprovalStackName, aksZoneChoice, neededForwarders, neededZones, needsManualApproval } from "../../topology/facts";
import { topologyWarnings } from "../../topology/rules";
import { TopologyInput } from "../../topology/schema";
import { buildApp, example, problemLines as problems, synthTopology, topology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER_SUB = "11111111-1111-1111-1111-111111111111";
const clusterId = (name: string, sub = OTHER_SUB, rg = "rg-team") => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const fqdn = (region: string, prefix = "team") => `${prefix}-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.privatelink.${region}.azmk8s.io`;

/** Addresses are written out (`azurerm_private_endpoint.aks_access_team`): a changed address fails here. A zone's name is its words joined with `_`. */
const snake = (name: string) => name.replace(/[^a-z0-9]+/g, "_");
/** `${type.name.attr}` */
const ref = (type: string, name: string, attr = "id") => `\${${type}.${name}.${attr}}`;
const RG = ref("azurerm_resource_group", "resource_group", "name");

type Access = NonNullable<TopologyInput["aksPrivateAccess"]>[number];
type Cluster = NonNullable<TopologyInput["aksClusters"]>[number];

function access(overrides: Partial<Access> = {}): Access {
  return { name: "team", clusterId: clusterId("aks-team"), region: "northeurope", privateFqdn: fqdn("northeurope"), requestMessage: "hub access", ...overrides };
}
function cluster(overrides: Partial<Cluster> = {}): Cluster {
  return { name: "ops", spoke: "aks", serviceCidr: "10.100.0.0/16", ...overrides };
}
/** The small topology plus an AKS spoke (hub resolver, no Arc rules) and the given AKS entries. */
function aksTopology(extra: Partial<TopologyInput> = {}): TopologyInput {
  return topologyInput({
    subscriptionId: SUB,
    spokes: [
      { name: "app1", addressSpace: ["10.1.0.0/24"] },
      { name: "aks", addressSpace: ["10.4.0.0/23"], subnets: [{ name: "nodes", addressPrefix: "10.4.0.0/24" }], arcRules: "none" },
      { name: "linked", addressSpace: ["10.5.0.0/24"], arcRules: "none", dnsLinks: true },
    ],
    aksClusters: [cluster()],
    aksPrivateAccess: [access()],
    ...extra,
  });
}

describe("private AKS topology rules", () => {
  it("accepts the default example and a valid AKS topology", () => {
    expect(problems(aksTopology())).toEqual([]);
  });

  it("needs manual approval across tenants and subscriptions, with a request message", () => {
    const t = topology(aksTopology());
    expect(needsManualApproval(t, { ...t.aksPrivateAccess[0] })).toBe(true);
    expect(needsManualApproval(t, { ...t.aksPrivateAccess[0], clusterId: clusterId("aks-team", SUB) })).toBe(false);
    expect(needsManualApproval(t, { ...t.aksPrivateAccess[0], clusterId: clusterId("aks-team", SUB), crossTenant: true })).toBe(true);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ requestMessage: undefined })] }))).toEqual([
      "aksPrivateAccess[0].requestMessage: the cluster is in another subscription, so its owner approves the endpoint, and the request needs a message; got nothing. Fix: add requestMessage (at most 140 bytes in UTF-8)",
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: clusterId("aks-team", SUB) })] }))).toEqual([
      'aksPrivateAccess[0].requestMessage: a request message is only sent with manual approval (cross-tenant or cross-subscription), and this cluster is in the topology\'s subscription and tenant; got "hub access". Fix: remove requestMessage, or set crossTenant: true',
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ requestMessage: "x".repeat(141) })] }))).toEqual([
      `aksPrivateAccess[0].requestMessage: a request message has at most 140 bytes in UTF-8 (a non-ASCII character takes 2 to 4); got "${"x".repeat(141)}". Fix: shorten it`,
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: clusterId("aks-team", SUB), requestMessage: undefined, approval: {} })] }))).toEqual([
      "aksPrivateAccess[0].approval: the approval stack approves a manual connection, and this endpoint is approved automatically; got {}. Fix: remove approval, or set crossTenant: true",
    ]);
  });

  it("warns that approval is guessed when the topology has no subscription", () => {
    const t = topology(aksTopology({ subscriptionId: undefined, aksPrivateAccess: [access({ requestMessage: undefined })] }));
    expect(needsManualApproval(t, t.aksPrivateAccess[0])).toBe(false);
    expect(topologyWarnings(t)).toEqual([
      {
        path: "aksPrivateAccess[0]",
        message: "the topology has no subscriptionId, so whether cluster team is in another subscription is unknown; automatic approval is assumed. Set subscriptionId so that a cluster in another subscription gets manual approval",
      },
    ]);
    expect(topologyWarnings(topology(aksTopology()))).toEqual([]);
  });

  it("checks the FQDN against the region, and the cluster id's type", () => {
    expect(problems(aksTopology({ aksPrivateAccess: [access({ privateFqdn: fqdn("westeurope") })] }))).toEqual([
      `aksPrivateAccess[0].privateFqdn: a cluster in northeurope has an FQDN ending with .privatelink.northeurope.azmk8s.io; got "${fqdn("westeurope")}". Fix: copy it from az aks show --query privateFqdn, and check region`,
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ privateFqdn: "team.hcp.northeurope.azmk8s.io" })] }))).toEqual([
      'aksPrivateAccess[0].privateFqdn: a private cluster FQDN ends with .privatelink.<region>.azmk8s.io; got "team.hcp.northeurope.azmk8s.io". Fix: copy it from az aks show --query privateFqdn',
    ]);
    const connected = `/subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c`;
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: connected })] }))).toEqual([
      `aksPrivateAccess[0].clusterId: must be the id of a Microsoft.ContainerService/managedClusters resource, not Microsoft.Kubernetes/connectedClusters; got "${connected}". Fix: use /subscriptions/<subscription id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<cluster>`,
    ]);
  });

  it("refuses an endpoint to a cluster the topology creates, duplicates, and policy DNS", () => {
    const own = clusterId("aks-contoso-ops", SUB, "rg-contoso-connectivity");
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: own })] }))).toEqual([
      `aksPrivateAccess[0].clusterId: is aksClusters[0], which this topology creates in a peered spoke: the hub reaches its API server through the peering and the hub zone; got "${own}". Fix: remove this entry`,
      'aksPrivateAccess[0].requestMessage: a request message is only sent with manual approval (cross-tenant or cross-subscription), and this cluster is in the topology\'s subscription and tenant; got "hub access". Fix: remove requestMessage, or set crossTenant: true',
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access(), access({ name: "team2" })] }))).toEqual([
      `aksPrivateAccess[1].clusterId: one endpoint per cluster (also aksPrivateAccess[0]); got "${clusterId("aks-team")}". Fix: remove the duplicate`,
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access(), access({ clusterId: clusterId("other") })] }))).toEqual([
      'aksPrivateAccess[1].name: aksPrivateAccess names are unique (also aksPrivateAccess[0]); they name the endpoints and approval stacks; got "team". Fix: rename one of them',
    ]);
    expect(problems(aksTopology({ privateLink: { dns: { mode: "policy" } }, aksClusters: [] }))).toEqual([
      'aksPrivateAccess[0]: the endpoint\'s A record goes in the hub\'s privatelink.<region>.azmk8s.io zone, and dns.mode policy creates no zones; got "team". Fix: use dns.mode managed or existing',
    ]);
    expect(problems({ name: "contoso", location: "eastus", arcGateways: [{ name: "g", machines: [] }], aksPrivateAccess: [access({ crossTenant: true })] })).toEqual([
      'aksPrivateAccess: API-server endpoints live in the hub, and there is no hub; got ["team"]. Fix: add hub: { addressSpace: [...] }',
    ]);
  });

  it("picks the cluster zone from the spoke's DNS and refuses the combinations that cannot resolve", () => {
    const t = topology(aksTopology({ aksClusters: [cluster(), cluster({ name: "lnk", spoke: "linked", serviceCidr: "10.101.0.0/16" })] }));
    expect(t.aksClusters.map((c) => aksZoneChoice(t, c))).toEqual(["custom", "System"]);
    expect(problems(aksTopology({ aksClusters: [cluster({ privateDnsZone: "System" })] }))).toEqual([
      'aksClusters[0].privateDnsZone: spoke aks resolves names through the hub resolver, which cannot see the zone AKS creates for System, so the nodes cannot find the API server; got "System". Fix: leave privateDnsZone out (a custom zone in the hub), or set dnsLinks: true on the spoke',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "linked", privateDnsZone: "custom" })] }))).toEqual([
      'aksClusters[0].privateDnsZone: AKS links a custom zone to the cluster\'s network itself, and spoke linked has dnsLinks, which links every hub zone to it: a network links a zone once; got "custom". Fix: use privateDnsZone: System, or set dnsLinks: false on the spoke',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ privateDnsZone: "None" })] }))).toEqual([
      'aksClusters[0].privateDnsZone: private DNS zone "None" needs the public FQDN (with no zone, clients resolve the API server through it); got "None". Fix: set publicFqdn: true, or leave privateDnsZone out',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ privateDnsZone: "None", publicFqdn: true })] }))).toEqual([]);
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "linked", subzone: "ops" })] }))).toEqual([
      'aksClusters[0].subzone: a subzone names a custom zone, and privateDnsZone is System; got "ops". Fix: remove subzone or use privateDnsZone: custom',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ subzone: "x".repeat(33) })] }))).toEqual([`aksClusters[0].subzone: a subzone is 1-32 of a-z, 0-9 and '-'; got "${"x".repeat(33)}". Fix: e.g. ops`]);
    expect(problems(aksTopology({ privateLink: { dns: { mode: "policy" } }, aksPrivateAccess: [] }))).toEqual([
      'aksClusters[0].privateDnsZone: dns.mode policy creates no zones, and a custom zone is one the hub holds; got "custom". Fix: use privateDnsZone: System with dnsLinks on the spoke, or dns.mode managed or existing',
    ]);
  });

  it("checks spoke, subnet, egress rules, subnet size and service CIDR", () => {
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "aks2" })] }))).toEqual(['aksClusters[0].spoke: names no spoke of this topology; got "aks2". Fix: did you mean "aks"?']);
    expect(problems(aksTopology({ aksClusters: [cluster({ subnet: "node" })] }))).toEqual(['aksClusters[0].subnet: is not a subnet of spoke aks (nodes); got "node". Fix: did you mean "nodes"?']);
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "app1" })] }))).toEqual([
      'spokes[0].arcRules: spoke app1 holds AKS cluster ops, and the Arc NSG rules deny internet outbound after the Arc service tags; AKS nodes need outbound access to more (container registries, packages, time) to start; got "servers". Fix: set arcRules: none on the cluster\'s spoke and control egress with a firewall',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ nodeCount: 0 })] }))).toEqual(["aksClusters[0].nodeCount: a node count is 1-1000; got 0. Fix: e.g. 3"]);
    expect(problems(aksTopology({ aksClusters: [cluster({ nodeCount: 8 })] }))).toEqual([
      "aksClusters[0].nodeCount: Azure CNI gives every pod a subnet address: 8 nodes need (nodes + 1) + (nodes + 1) x 30 pods + 5 reserved = 284 addresses, and subnet nodes (10.4.0.0/24) has 256; got 8. Fix: use a larger subnet or fewer nodes",
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ serviceCidr: undefined })] }))).toEqual([
      'aksClusters[0].serviceCidr: the default service CIDR 10.0.0.0/16 overlaps hub.addressSpace[0] (10.0.0.0/22); cluster services would hide those addresses; got "10.0.0.0/16". Fix: set serviceCidr to an unused range, e.g. 10.100.0.0/16 (and dnsServiceIp, default its .10)',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ serviceCidr: "172.16.0.0/20" })] }))).toEqual([
      'aksClusters[0].serviceCidr: the service CIDR overlaps onPremises.addressSpace[0] (172.16.0.0/16); cluster services would hide those addresses; got "172.16.0.0/20". Fix: set serviceCidr to an unused range, e.g. 10.100.0.0/16 (and dnsServiceIp, default its .10)',
    ]);
    expect(problems(aksTopology({ aksClusters: [cluster({ dnsServiceIp: "10.200.0.10" })] }))).toEqual(['aksClusters[0].dnsServiceIp: is not inside serviceCidr 10.100.0.0/16; got "10.200.0.10". Fix: use an address of serviceCidr, e.g. 10.100.0.10']);
    expect(problems(aksTopology({ aksClusters: [cluster({ name: "ops" }), cluster({ name: "ops" })] }))).toEqual(['aksClusters[1].name: aksClusters names are unique (also aksClusters[0]); they name the clusters; got "ops". Fix: rename one of them']);
  });

  it("needs one hub zone per region and forwards <region>.azmk8s.io", () => {
    const t = topology(aksTopology({ aksPrivateAccess: [access(), access({ name: "b", clusterId: clusterId("b"), privateFqdn: fqdn("northeurope", "b") }), access({ name: "c", clusterId: clusterId("c"), region: "westus3", privateFqdn: fqdn("westus3", "c") })], aksClusters: [cluster({ subzone: "ops" })] }));
    // Two endpoints in northeurope share one zone; the cluster's subzone lives in its own region's zone name.
    expect(neededZones(t)).toEqual([
      "privatelink.his.arc.azure.com",
      "privatelink.guestconfiguration.azure.com",
      "privatelink.dp.kubernetesconfiguration.azure.com",
      "privatelink.northeurope.azmk8s.io",
      "privatelink.westus3.azmk8s.io",
      "ops.privatelink.westeurope.azmk8s.io",
    ]);
    expect(neededForwarders(t)).toEqual(["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com", "northeurope.azmk8s.io", "westus3.azmk8s.io", "westeurope.azmk8s.io"]);
  });
});

describe("private AKS in the hub-and-spoke stack", () => {
  const tf = synthTopology(topology(aksTopology()))["contoso-connectivity"];
  const endpointIp = ref("azurerm_private_endpoint", "aks_access_team", "private_service_connection[0].private_ip_address");

  it("puts a manual endpoint to the API server in the hub, and its A record in the region's zone", () => {
    const endpoints = tf.resource.azurerm_private_endpoint;
    expect(Object.keys(endpoints).sort()).toEqual(["aks_access_team", "arc"].sort());
    // No zone group: the A record below is the endpoint's DNS.
    expect(endpoints["aks_access_team"]).toEqual({
      name: "pe-contoso-aks-team",
      location: "westeurope",
      resource_group_name: RG,
      subnet_id: ref("azurerm_subnet", "hub_endpoint_subnet"),
      custom_network_interface_name: "nic-pe-contoso-aks-team",
      private_service_connection: { name: "psc-contoso-aks-team", private_connection_resource_id: clusterId("aks-team"), subresource_names: ["management"], is_manual_connection: true, request_message: "hub access" },
    });
    expect(tf.resource.azurerm_private_dns_a_record).toEqual({
      aks_access_team: {
        name: "team-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        zone_name: ref("azurerm_private_dns_zone", "privatelink_northeurope_azmk8s_io", "name"),
        resource_group_name: RG,
        ttl: 300,
        records: [endpointIp],
      },
    });
  });

  it("creates the cluster private, in the spoke's subnet, on the hub's custom zone with its grants first", () => {
    const identity = ref("azurerm_user_assigned_identity", "aks_cluster_ops", "principal_id");
    const zoneId = ref("azurerm_private_dns_zone", "privatelink_westeurope_azmk8s_io");
    expect(tf.resource.azurerm_user_assigned_identity).toEqual({ aks_cluster_ops: { name: "id-aks-contoso-ops", location: "westeurope", resource_group_name: RG } });
    // Private DNS Zone Contributor on the zone, Network Contributor on the cluster's virtual network (not only the subnet: AKS links the zone to it).
    expect(tf.resource.azurerm_role_assignment).toEqual({
      aks_cluster_ops_network_contributor: { principal_id: identity, principal_type: "ServicePrincipal", role_definition_name: "Network Contributor", scope: ref("azurerm_virtual_network", "spoke_aks") },
      aks_cluster_ops_private_dns_zone_contributor: { principal_id: identity, principal_type: "ServicePrincipal", role_definition_name: "Private DNS Zone Contributor", scope: zoneId },
    });
    expect(tf.resource.azurerm_kubernetes_cluster).toEqual({
      aks_cluster_ops: {
        name: "aks-contoso-ops",
        location: "westeurope",
        resource_group_name: RG,
        dns_prefix: "aks-contoso-ops",
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        private_dns_zone_id: zoneId,
        local_account_disabled: true,
        role_based_access_control_enabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.client_config.tenant_id}" },
        default_node_pool: { name: "system", node_count: 3, vm_size: "Standard_D4ds_v5", temporary_name_for_rotation: "systemtmp", vnet_subnet_id: ref("azurerm_subnet", "spoke_aks_subnet_nodes") },
        identity: { type: "UserAssigned", identity_ids: [ref("azurerm_user_assigned_identity", "aks_cluster_ops")] },
        network_profile: { network_plugin: "azure", network_policy: "azure", service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.10" },
        depends_on: [`azurerm_role_assignment.aks_cluster_ops_network_contributor`, `azurerm_role_assignment.aks_cluster_ops_private_dns_zone_contributor`],
      },
    });
  });

  it("creates the AKS zones next to the Arc zones and links every zone to the hub and the dnsLinks spoke only", () => {
    const zones = [
      "privatelink.his.arc.azure.com",
      "privatelink.guestconfiguration.azure.com",
      "privatelink.dp.kubernetesconfiguration.azure.com",
      "privatelink.northeurope.azmk8s.io",
      "privatelink.westeurope.azmk8s.io",
    ];
    // Synthesized JSON orders resources by logical id: compare sorted.
    expect(Object.values<{ name: string }>(tf.resource.azurerm_private_dns_zone).map((z) => z.name).sort()).toEqual([...zones].sort());
    // The (zone, network) pairs: each zone with the hub and with "linked"; none with "aks" (it uses the hub resolver) or "app1".
    const pairs = Object.values<Record<string, string>>(tf.resource.azurerm_private_dns_zone_virtual_network_link).map((l) => [l.private_dns_zone_name, l.virtual_network_id, l.name].join(" "));
    expect(pairs.sort()).toEqual(
      zones
        .flatMap((z) => [
          [ref("azurerm_private_dns_zone", snake(z), "name"), ref("azurerm_virtual_network", "hub"), "link-vnet-contoso-hub"].join(" "),
          [ref("azurerm_private_dns_zone", snake(z), "name"), ref("azurerm_virtual_network", "spoke_linked"), "link-vnet-contoso-linked"].join(" "),
        ])
        .sort(),
    );
  });

  it("outputs endpoints, approval commands and clusters", () => {
    const id = clusterId("aks-team");
    const cluster = (attr: string) => ref("azurerm_kubernetes_cluster", "aks_cluster_ops", attr);
    expect(tf.output.aks_private_endpoints.value).toEqual({ team: { private_endpoint_id: ref("azurerm_private_endpoint", "aks_access_team"), private_ip: endpointIp, fqdn: fqdn("northeurope") } });
    expect(tf.output.aks_approval_commands.value).toEqual({
      team: {
        list: `az rest --method get --url 'https://management.azure.com${id}/privateEndpointConnections?api-version=2026-05-01' --query 'value[?properties.privateLinkServiceConnectionState.status==\`Pending\`].{name:name, endpoint:properties.privateEndpoint.id}'`,
        approve: `az rest --method put --url 'https://management.azure.com${id}/privateEndpointConnections/<connection-name>?api-version=2026-05-01' --body '{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"Approved: pe-contoso-aks-team"}}}'`,
      },
    });
    expect(tf.output.aks_clusters.value).toEqual({
      ops: { id: cluster("id"), private_fqdn: cluster("private_fqdn"), credentials_command: `az aks get-credentials --resource-group ${RG} --name ${cluster("name")} && kubelogin convert-kubeconfig -l azurecli` },
    });
    expect(tf.output.conditional_forwarder_zones.value).toEqual(["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com", "northeurope.azmk8s.io", "westeurope.azmk8s.io"]);
  });

  it("has no approval commands when every endpoint is approved automatically", () => {
    const auto = synthTopology(topology(aksTopology({ aksPrivateAccess: [access({ clusterId: clusterId("aks-team", SUB), requestMessage: undefined })] })))["contoso-connectivity"];
    expect(Object.keys(auto.output).filter((k) => k.startsWith("aks_"))).toEqual(["aks_clusters", "aks_private_endpoints"]);
    expect(auto.resource.azurerm_private_endpoint["aks_access_team"].private_service_connection).toEqual({
      name: "psc-contoso-aks-team",
      private_connection_resource_id: clusterId("aks-team", SUB),
      subresource_names: ["management"],
      is_manual_connection: false,
    });
  });
});

describe("AKS approval stack", () => {
  const input = aksTopology({ aksPrivateAccess: [access({ crossTenant: true, approval: { tenantId: "22222222-2222-2222-2222-222222222222" } })] });
  // One build serves every test of this stack (JSON, HCL, dependencies, snapshot).
  const { stacks: built } = buildApp(topology(input));
  const synthesized = built.map((s) => Testing.synth(s, true));
  const stacks = Object.fromEntries(built.map((s, i) => [s.node.id, JSON.parse(synthesized[i]) as Record<string, any>]));
  const tf = stacks["contoso-aks-approval-team"];
  const LIST = `data.azapi_resource_list.approval_connections`;
  const ENDPOINT_SUFFIX = "/resourcegroups/rg-contoso-connectivity/providers/microsoft.network/privateendpoints/pe-contoso-aks-team";
  // The topology names the hub's subscription, so the connection is matched by the endpoint's whole id.
  const CONNECTION = `[for c in ${LIST}.output.value : c.name if lower(c.properties.privateEndpoint.id) == "/subscriptions/${input.subscriptionId}${ENDPOINT_SUFFIX}"]`;

  it("is a stack of its own per entry with approval, with the cluster owner's provider", () => {
    expect(Object.keys(stacks)).toEqual(["contoso-connectivity", "contoso-aks-approval-team"]);
    expect(aksApprovalStackName({ name: "x" }, { name: "y" })).toBe("x-aks-approval-y");
    expect(tf.provider).toEqual({ azapi: [{ subscription_id: OTHER_SUB, tenant_id: "22222222-2222-2222-2222-222222222222" }] });
    expect(tf.terraform).toEqual({ backend: { local: { path: "../../../state/terraform.contoso-aks-approval-team.tfstate" } }, required_providers: { azapi: { source: "azure/azapi", version: "2.12.0" } } });
    expect(buildApp(topology(aksTopology())).stacks.map((s) => s.node.id)).toEqual(["contoso-connectivity"]);
  });

  it("finds the connection of the hub stack's endpoint: its name and resource group, lower-cased (ARM ids come back in any casing)", () => {
    const hub = stacks["contoso-connectivity"];
    const endpoint = hub.resource.azurerm_private_endpoint["aks_access_team"];
    expect(endpoint.resource_group_name).toBe(ref("azurerm_resource_group", "resource_group", "name"));
    expect(ENDPOINT_SUFFIX).toBe(`/resourcegroups/${hub.resource.azurerm_resource_group.resource_group.name}/providers/microsoft.network/privateendpoints/${endpoint.name}`.toLowerCase());
  });

  it("lists the cluster's connections and PUTs Approved on the one from the hub's endpoint", () => {
    expect(tf.data).toEqual({
      azapi_resource_list: {
        approval_connections: { type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parent_id: clusterId("aks-team"), response_export_values: ["value"] },
      },
    });
    expect(tf.resource).toEqual({
      azapi_resource_action: {
        approval_approve: {
          type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01",
          resource_id: `${clusterId("aks-team")}/privateEndpointConnections/\${one(${CONNECTION})}`,
          method: "PUT",
          body: { properties: { privateLinkServiceConnectionState: { status: "Approved", description: "Approved for contoso: pe-contoso-aks-team" } } },
          lifecycle: {
            precondition: [
              {
                condition: `\${length(${CONNECTION}) == 1}`,
                error_message: "No connection from private endpoint pe-contoso-aks-team (resource group rg-contoso-connectivity) on this cluster yet. Apply the requesting side's stack first, then this one.",
              },
            ],
          },
        },
      },
    });
    expect(tf.output).toEqual({ approved_connection_name: { value: `\${one(${CONNECTION})}`, description: "The cluster's private endpoint connection that was approved" } });
  });

  it("depends on the hub stack, so cdktf deploy applies it second", () => {
    expect(built[1].dependencies).toEqual([built[0]]);
    expect(built[0].dependencies).toEqual([]);
  });

  it("writes preconditions as blocks in HCL (cdktf 0.21 writes them as an attribute Terraform rejects)", () => {
    const hcl = Testing.synthHcl(built[1]);
    expect(hcl).toContain(
      [
        "  lifecycle {",
        "    precondition {",
        `      condition     = length(${CONNECTION}) == 1`,
        `      error_message = "No connection from private endpoint pe-contoso-aks-team (resource group rg-contoso-connectivity) on this cluster yet. Apply the requesting side's stack first, then this one."`,
        "    }",
        "  }",
      ].join("\n"),
    );
    expect(hcl).not.toMatch(/precondition =/);
  });

  it("snapshot", () => {
    expect(synthesized[1]).toMatchSnapshot();
  });

  it("the default example carries one approval stack, after the hub stack", () => {
    const { stacks: defaults } = buildApp(example("private-link.yaml"));
    expect(defaults.map((s) => s.node.id)).toEqual(["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1"]);
    expect(defaults[1].dependencies).toEqual([defaults[0]]);
  });
});
