import { Testing } from "cdktf";
import { aksApprovalStackName } from "../../stacks/aks-approval-stack";
import { aksZoneChoice, needsManualApproval } from "../../stacks/aks-rules";
import { neededForwarders, neededZones, topologyWarnings } from "../../stacks/rules";
import { TopologyInput } from "../../stacks/topology";
import { buildApp, example, problemLines as problems, resources, synthTopology, topology, topologyInput } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const OTHER_SUB = "11111111-1111-1111-1111-111111111111";
const clusterId = (name: string, sub = OTHER_SUB, rg = "rg-team") => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
const fqdn = (region: string, prefix = "team") => `${prefix}-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.privatelink.${region}.azmk8s.io`;

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
    expect(topologyWarnings(t).map((w) => w.path)).toEqual(["aksPrivateAccess[0]"]);
    expect(topologyWarnings(topology(aksTopology()))).toEqual([]);
  });

  it("checks the FQDN against the region, and the cluster id's type", () => {
    expect(problems(aksTopology({ aksPrivateAccess: [access({ privateFqdn: fqdn("westeurope") })] }))).toEqual([
      `aksPrivateAccess[0].privateFqdn: a cluster in northeurope has an FQDN ending with .privatelink.northeurope.azmk8s.io; got "${fqdn("westeurope")}". Fix: copy it from az aks show --query privateFqdn, and check region`,
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ privateFqdn: "team.hcp.northeurope.azmk8s.io" })] }))).toEqual([expect.stringMatching(/^aksPrivateAccess\[0\]\.privateFqdn: a private cluster FQDN ends with \.privatelink\.<region>\.azmk8s\.io/)]);
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: `/subscriptions/${OTHER_SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c` })] }))).toEqual([
      expect.stringMatching(/^aksPrivateAccess\[0\]\.clusterId: must be the id of a Microsoft\.ContainerService\/managedClusters resource, not Microsoft\.Kubernetes\/connectedClusters/),
    ]);
  });

  it("refuses an endpoint to a cluster the topology creates, duplicates, and policy DNS", () => {
    expect(problems(aksTopology({ aksPrivateAccess: [access({ clusterId: clusterId("aks-contoso-ops", SUB, "rg-contoso-connectivity") })] }))).toEqual([
      expect.stringMatching(/^aksPrivateAccess\[0\]\.clusterId: is aksClusters\[0\], which this topology creates in a peered spoke: the hub reaches its API server through the peering/),
      expect.stringMatching(/^aksPrivateAccess\[0\]\.requestMessage: a request message is only sent with manual approval/),
    ]);
    expect(problems(aksTopology({ aksPrivateAccess: [access(), access({ name: "team2" })] }))).toEqual([expect.stringMatching(/^aksPrivateAccess\[1\]\.clusterId: one endpoint per cluster \(also aksPrivateAccess\[0\]\)/)]);
    expect(problems(aksTopology({ aksPrivateAccess: [access(), access({ clusterId: clusterId("other") })] }))).toEqual([expect.stringMatching(/^aksPrivateAccess\[1\]\.name: aksPrivateAccess names are unique/)]);
    expect(problems(aksTopology({ privateLink: { dns: { mode: "policy" } }, aksClusters: [] }))).toEqual([expect.stringMatching(/^aksPrivateAccess\[0\]: the endpoint's A record goes in the hub's privatelink\.<region>\.azmk8s\.io zone, and dns\.mode policy creates no zones/)]);
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
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "linked", privateDnsZone: "custom" })] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.privateDnsZone: AKS links a custom zone to the cluster's network itself, and spoke linked has dnsLinks/)]);
    expect(problems(aksTopology({ aksClusters: [cluster({ privateDnsZone: "None" })] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.privateDnsZone: private DNS zone "None" needs the public FQDN/)]);
    expect(problems(aksTopology({ aksClusters: [cluster({ privateDnsZone: "None", publicFqdn: true })] }))).toEqual([]);
    expect(problems(aksTopology({ aksClusters: [cluster({ spoke: "linked", subzone: "ops" })] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.subzone: a subzone names a custom zone, and privateDnsZone is System/)]);
    expect(problems(aksTopology({ aksClusters: [cluster({ subzone: "x".repeat(33) })] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.subzone: a subzone is 1-32 of a-z/)]);
    expect(problems(aksTopology({ privateLink: { dns: { mode: "policy" } }, aksPrivateAccess: [] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.privateDnsZone: dns\.mode policy creates no zones/)]);
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
    expect(problems(aksTopology({ aksClusters: [cluster({ serviceCidr: "172.16.0.0/20" })] }))).toEqual([expect.stringMatching(/^aksClusters\[0\]\.serviceCidr: the service CIDR overlaps onPremises\.addressSpace\[0\] \(172\.16\.0\.0\/16\)/)]);
    expect(problems(aksTopology({ aksClusters: [cluster({ dnsServiceIp: "10.200.0.10" })] }))).toEqual(['aksClusters[0].dnsServiceIp: is not inside serviceCidr 10.100.0.0/16; got "10.200.0.10". Fix: use an address of serviceCidr, e.g. 10.100.0.10']);
    expect(problems(aksTopology({ aksClusters: [cluster({ name: "ops" }), cluster({ name: "ops" })] }))).toEqual([expect.stringMatching(/^aksClusters\[1\]\.name: aksClusters names are unique/)]);
  });

  it("needs one hub zone per region and forwards <region>.azmk8s.io", () => {
    const t = topology(aksTopology({ aksPrivateAccess: [access(), access({ name: "b", clusterId: clusterId("b"), privateFqdn: fqdn("northeurope", "b") }), access({ name: "c", clusterId: clusterId("c"), region: "westus3", privateFqdn: fqdn("westus3", "c") })], aksClusters: [cluster({ subzone: "ops" })] }));
    expect(neededZones(t).filter((z) => z.endsWith("azmk8s.io"))).toEqual(["privatelink.northeurope.azmk8s.io", "privatelink.westus3.azmk8s.io", "ops.privatelink.westeurope.azmk8s.io"]);
    expect(neededForwarders(t).filter((z) => z.endsWith("azmk8s.io"))).toEqual(["northeurope.azmk8s.io", "westus3.azmk8s.io", "westeurope.azmk8s.io"]);
  });
});

describe("private AKS in the hub-and-spoke stack", () => {
  const tf = synthTopology(topology(aksTopology()))["contoso-connectivity"];

  it("puts a manual endpoint to the API server in the hub, and its A record in the region's zone", () => {
    const [pe] = resources(tf, "azurerm_private_endpoint").filter((e) => e.name === "pe-contoso-aks-team");
    expect(pe.subnet_id).toMatch(/^\$\{azurerm_subnet\.Hub_EndpointSubnet_\w+\.id\}$/);
    expect(pe.private_service_connection).toEqual(expect.objectContaining({ is_manual_connection: true, request_message: "hub access", subresource_names: ["management"], private_connection_resource_id: clusterId("aks-team") }));
    expect(pe.private_dns_zone_group).toBeUndefined();
    const [record] = resources(tf, "azurerm_private_dns_a_record");
    expect(record).toEqual(expect.objectContaining({ name: "team-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d", ttl: 300, records: [expect.stringMatching(/^\$\{azurerm_private_endpoint\.AksEndpoint-team_Endpoint_\w+\.private_service_connection\[0\]\.private_ip_address\}$/)] }));
    expect(record.zone_name).toMatch(/^\$\{azurerm_private_dns_zone\.PrivateDns_privatelinknortheuropeazmk8sio_\w+\.name\}$/);
  });

  it("creates the cluster private, in the spoke's subnet, on the hub's custom zone with its grants first", () => {
    const [aks] = resources(tf, "azurerm_kubernetes_cluster");
    expect(aks).toEqual(
      expect.objectContaining({
        name: "aks-contoso-ops",
        location: "westeurope",
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        local_account_disabled: true,
        private_dns_zone_id: expect.stringMatching(/^\$\{azurerm_private_dns_zone\.PrivateDns_privatelinkwesteuropeazmk8sio_\w+\.id\}$/),
        network_profile: { network_plugin: "azure", network_policy: "azure", service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.10" },
      }),
    );
    expect(aks.default_node_pool.vnet_subnet_id).toMatch(/^\$\{azurerm_subnet\.Spoke-aks_Network_Subnet-nodes_\w+\.id\}$/);
    const grants = resources(tf, "azurerm_role_assignment").map((r) => r.role_definition_name);
    expect(grants.sort()).toEqual(["Network Contributor", "Private DNS Zone Contributor"]);
    expect(aks.depends_on).toHaveLength(2);
  });

  it("links the AKS zones to the hub and dnsLinks spokes only", () => {
    const links = resources(tf, "azurerm_private_dns_zone_virtual_network_link").filter((l) => /azmk8s/.test(l.private_dns_zone_name));
    expect(links.map((l) => l.name).sort()).toEqual(["link-vnet-contoso-hub", "link-vnet-contoso-hub", "link-vnet-contoso-linked", "link-vnet-contoso-linked"]);
  });

  it("outputs endpoints, approval commands and clusters", () => {
    expect(tf.output.aks_private_endpoints.value.team).toEqual(expect.objectContaining({ fqdn: fqdn("northeurope") }));
    expect(tf.output.aks_approval_commands.value.team.list).toContain(`https://management.azure.com${clusterId("aks-team")}/privateEndpointConnections?api-version=2026-05-01`);
    expect(tf.output.aks_approval_commands.value.team.approve).toContain("/privateEndpointConnections/<connection-name>?api-version=2026-05-01");
    expect(tf.output.aks_clusters.value.ops.credentials_command).toMatch(/^az aks get-credentials --resource-group \$\{azurerm_resource_group\.ResourceGroup\.name\} --name \$\{azurerm_kubernetes_cluster\.\S+\.name\}/);
  });

  it("has no approval commands when every endpoint is approved automatically", () => {
    const auto = synthTopology(topology(aksTopology({ aksPrivateAccess: [access({ clusterId: clusterId("aks-team", SUB), requestMessage: undefined })] })))["contoso-connectivity"];
    expect(auto.output.aks_approval_commands).toBeUndefined();
    const [pe] = resources(auto, "azurerm_private_endpoint").filter((e) => e.name === "pe-contoso-aks-team");
    expect(pe.private_service_connection.is_manual_connection).toBe(false);
    expect(pe.private_service_connection.request_message).toBeUndefined();
  });
});

describe("AKS approval stack", () => {
  const input = aksTopology({ aksPrivateAccess: [access({ crossTenant: true, approval: { tenantId: "22222222-2222-2222-2222-222222222222" } })] });
  const stacks = synthTopology(topology(input));
  const tf = stacks["contoso-aks-approval-team"];

  it("is a stack of its own per entry with approval, with the cluster owner's provider", () => {
    expect(Object.keys(stacks)).toEqual(["contoso-connectivity", "contoso-aks-approval-team"]);
    expect(aksApprovalStackName({ name: "x" }, { name: "y" })).toBe("x-aks-approval-y");
    expect(tf.provider.azapi).toEqual([{ subscription_id: OTHER_SUB, tenant_id: "22222222-2222-2222-2222-222222222222" }]);
    expect(tf.provider.azurerm).toBeUndefined();
    expect(tf.terraform.backend).toEqual({ local: { path: "terraform.contoso-aks-approval-team.tfstate" } });
    expect(Object.keys(synthTopology(topology(aksTopology())))).toEqual(["contoso-connectivity"]);
  });

  it("lists the cluster's connections and PUTs Approved on the one from the hub's endpoint", () => {
    const [list] = Object.values<Record<string, any>>(tf.data.azapi_resource_list);
    expect(list).toEqual(expect.objectContaining({ type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parent_id: clusterId("aks-team"), response_export_values: ["value"] }));
    const [action] = resources(tf, "azapi_resource_action");
    const match = String.raw`\[for c in data\.azapi_resource_list\.\w+\.output\.value : c\.name if endswith\(lower\(c\.properties\.privateEndpoint\.id\), "/resourcegroups/rg-contoso-connectivity/providers/microsoft\.network/privateendpoints/pe-contoso-aks-team"\)\]`;
    expect(action.method).toBe("PUT");
    expect(action.resource_id).toMatch(new RegExp(`^${clusterId("aks-team")}/privateEndpointConnections/\\$\\{one\\(${match}\\)\\}$`));
    expect(action.body).toEqual({ properties: { privateLinkServiceConnectionState: { status: "Approved", description: "Approved for contoso: pe-contoso-aks-team" } } });
    expect(action.lifecycle.precondition).toEqual([{ condition: expect.stringMatching(new RegExp(`^\\$\\{length\\(${match}\\) == 1\\}$`)), error_message: expect.stringContaining("Apply the requesting side's stack first") }]);
  });

  it("depends on the hub stack, so cdktf deploy applies it second", () => {
    const { stacks: built } = buildApp(topology(input));
    expect(built[1].dependencies).toEqual([built[0]]);
  });

  it("writes preconditions as blocks in HCL (cdktf 0.21 writes them as an attribute Terraform rejects)", () => {
    const [, approval] = buildApp(topology(input)).stacks;
    const hcl = Testing.synthHcl(approval);
    expect(hcl).toMatch(/lifecycle \{\s*precondition \{\s*condition\s+= length\(/);
    expect(hcl).not.toMatch(/precondition =/);
  });

  it("snapshot", () => {
    const { stacks: built } = buildApp(topology(input));
    expect(Testing.synth(built[1])).toMatchSnapshot();
  });

  it("the default example carries one approval stack", () => {
    expect(Object.keys(synthTopology(example("private-link.yaml")))).toContain("contoso-aks-approval-partner");
  });
});
