import { TerraformOutput, Testing } from "cdktf";
import { parse } from "@cdktf/hcl2json";
import { aksApprovalCommands, AksConnectionApproval, aksSubnetAddressesNeeded, AksApiServerEndpoint, aksPrivateZoneName, aksPrivateZoneProblem, aksRecordName, PrivateAksCluster } from "../../../lib/aks";
import { AzapiProvider, DataAzapiResourceList } from "../../../lib/azapi";
import { SubnetRef } from "../../../lib/core";
import { HAVE_SCHEMAS, schemaErrors } from "../../support/schema-check";
import { resources, stack, synthStack } from "../../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const subnet: SubnetRef = { subnetId: "/subnets/nodes", name: "nodes", location: "westus3", virtualNetworkId: "/vnets/spoke", virtualNetworkKey: "spoke" };
const hubSubnet: SubnetRef = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const clusterId = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const fqdn = "aks-prod-1a2b3c4d.6f1e2d3c-0000-4a5b-9c8d-112233445566.privatelink.westeurope.azmk8s.io";
const base = { name: "aks1", resourceGroupName: "rg", location: "westus3", subnet };

describe("AKS zone names", () => {
  it("accepts privatelink.<region>.azmk8s.io and a subzone of at most 32 characters, in the cluster's region", () => {
    expect(aksPrivateZoneName("westus3")).toBe("privatelink.westus3.azmk8s.io");
    expect(aksPrivateZoneProblem("privatelink.westus3.azmk8s.io", "westus3")).toBeUndefined();
    expect(aksPrivateZoneProblem(`${"a".repeat(32)}.privatelink.westus3.azmk8s.io`, "westus3")).toBeUndefined();
    expect(aksPrivateZoneProblem(`${"a".repeat(33)}.privatelink.westus3.azmk8s.io`, "westus3")).toBe("the subzone has at most 32 characters (it has 33)");
    expect(aksPrivateZoneProblem("privatelink.eastus.azmk8s.io", "westus3")).toBe("the zone's region (eastus) must be the cluster's region (westus3)");
    expect(aksPrivateZoneProblem("aks.contoso.com", "westus3")).toMatch(/^an AKS private DNS zone is named/);
  });

  it("derives the A-record name from the private FQDN", () => {
    expect(aksRecordName(fqdn, "westeurope")).toBe("aks-prod-1a2b3c4d.6f1e2d3c-0000-4a5b-9c8d-112233445566");
    expect(aksRecordName(fqdn, "eastus")).toBeUndefined();
  });
});

describe("PrivateAksCluster", () => {
  it("is private, without a public FQDN, zone System, Entra RBAC, local accounts off, grants before the cluster", () => {
    const s = stack();
    new PrivateAksCluster(s, "Aks", base);
    const tf = synthStack(s);
    const [aks] = resources(tf, "azurerm_kubernetes_cluster");
    expect(aks).toEqual(
      expect.objectContaining({
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        private_dns_zone_id: "System",
        local_account_disabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.Aks_ClientConfig_[0-9A-F]+\.tenant_id\}$/) },
        identity: expect.objectContaining({ type: "UserAssigned" }),
      }),
    );
    expect(aks.default_node_pool.vnet_subnet_id).toBe("/subnets/nodes");
    // On the virtual network, not the subnet: AKS links a custom zone to the network itself (Azure/AKS#2711).
    expect(resources(tf, "azurerm_role_assignment").map((r) => [r.role_definition_name, r.scope])).toEqual([["Network Contributor", "/vnets/spoke"]]);
    expect(aks.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\.Aks_NetworkContributor_/)]);
  });

  it("custom zone: Private DNS Zone Contributor on the zone, granted first too", () => {
    const s = stack();
    new PrivateAksCluster(s, "Aks", { ...base, privateDnsZone: { zoneId: "/zones/z", zoneName: "team1.privatelink.westus3.azmk8s.io" } });
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_kubernetes_cluster")[0].private_dns_zone_id).toBe("/zones/z");
    expect(resources(tf, "azurerm_role_assignment").map((r) => r.role_definition_name).sort()).toEqual(["Network Contributor", "Private DNS Zone Contributor"]);
    expect(resources(tf, "azurerm_kubernetes_cluster")[0].depends_on).toHaveLength(2);
  });

  it("fails on zone None without the public FQDN, and on a zone of another region", () => {
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, privateDnsZone: "None" })).toThrow(/test\/Aks\.privateDnsZone: private DNS zone "None" needs the public FQDN/);
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, privateDnsZone: "None", publicFqdnEnabled: true })).not.toThrow();
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, privateDnsZone: { zoneId: "/z", zoneName: "privatelink.eastus.azmk8s.io" } })).toThrow(
      /test\/Aks\.privateDnsZone\.zoneName: the zone's region \(eastus\) must be the cluster's region \(westus3\)/,
    );
  });
});

describe("AksApiServerEndpoint", () => {
  const zone = { zoneName: "privatelink.westeurope.azmk8s.io", resourceGroupName: "rg-dns" };
  const props = { name: "pe-hub-aks-prod", resourceGroupName: "rg", subnet: hubSubnet, clusterId, clusterRegion: "westeurope", privateFqdn: fqdn, zone };

  it("endpoint to the management sub-resource, A record for the FQDN at the endpoint's IP", () => {
    const s = stack();
    new AksApiServerEndpoint(s, "Api", { ...props, manualApproval: { requestMessage: "Hub access for platform team" } });
    const tf = synthStack(s);
    const [pe] = resources(tf, "azurerm_private_endpoint");
    expect(pe.private_service_connection).toEqual(expect.objectContaining({ private_connection_resource_id: clusterId, subresource_names: ["management"], is_manual_connection: true, request_message: "Hub access for platform team" }));
    const [record] = resources(tf, "azurerm_private_dns_a_record");
    expect(record).toEqual(expect.objectContaining({ name: "aks-prod-1a2b3c4d.6f1e2d3c-0000-4a5b-9c8d-112233445566", zone_name: zone.zoneName, resource_group_name: "rg-dns", ttl: 300 }));
    expect(record.records).toEqual([expect.stringMatching(/^\$\{azurerm_private_endpoint\.Api_Endpoint_\w+\.private_service_connection\[0\]\.private_ip_address\}$/)]);
  });

  it("fails when the FQDN is not in the region's zone, or the zone is another region's", () => {
    expect(() => new AksApiServerEndpoint(stack(), "Api", { ...props, clusterRegion: "eastus", zone: { ...zone, zoneName: "privatelink.eastus.azmk8s.io" } })).toThrow(/test\/Api\.privateFqdn: a private cluster's FQDN in eastus ends with \.privatelink\.eastus\.azmk8s\.io/);
    expect(() => new AksApiServerEndpoint(stack(), "Api", { ...props, zone: { ...zone, zoneName: "privatelink.eastus.azmk8s.io" } })).toThrow(/test\/Api\.zone: the record of a cluster in westeurope goes in privatelink\.westeurope\.azmk8s\.io/);
  });

  it("approval commands go through privateEndpointConnections, each value one shell word", async () => {
    const s = stack();
    const c = aksApprovalCommands(clusterId, "approved by platform");
    new TerraformOutput(s, "list", { value: c.list });
    new TerraformOutput(s, "approve", { value: c.approve });
    const out = synthStack(s).output;
    expect(out.list.value).toBe(`az rest --method get --url 'https://management.azure.com${clusterId}/privateEndpointConnections?api-version=2026-05-01' --query 'value[?properties.privateLinkServiceConnectionState.status==\`Pending\`].{name:name, endpoint:properties.privateEndpoint.id}'`);
    expect(out.approve.value).toBe(
      `az rest --method put --url 'https://management.azure.com${clusterId}/privateEndpointConnections/<connection-name>?api-version=2026-05-01' --body '{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"approved by platform"}}}'`,
    );
    await expect(parse("o.tf", s.toHclTerraform().hcl)).resolves.toBeDefined();
  });
});

describe("azapi resource list data source", () => {
  it("synthesizes JSON and HCL and conforms to the azapi schema", async () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    const list = new DataAzapiResourceList(s, "Connections", { type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parentId: clusterId, responseExportValues: ["value"] });
    new TerraformOutput(s, "names", { value: `\${[for c in ${list.outputExpression("value")} : c.name]}` });
    const tf = JSON.parse(Testing.synth(s));
    const { ["//"]: _m, ...data } = tf.data.azapi_resource_list.Connections;
    expect(data).toEqual({ type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parent_id: clusterId, response_export_values: ["value"] });
    expect(tf.output.names.value).toBe("${[for c in data.azapi_resource_list.Connections.output.value : c.name]}");
    if (HAVE_SCHEMAS) expect(schemaErrors(tf)).toEqual([]);
    const parsed = await parse("d.tf", s.toHclTerraform().hcl);
    expect(parsed.data.azapi_resource_list.Connections[0]).toEqual(expect.objectContaining({ parent_id: clusterId, response_export_values: ["value"] }));
  });
});

describe("PrivateAksCluster network profile", () => {
  it("defaults the DNS service IP to .10 of the service CIDR (azurerm needs both), and refuses one without the other", () => {
    const s = stack();
    new PrivateAksCluster(s, "C", { ...base, serviceCidr: "10.100.0.0/16" });
    expect(resources(synthStack(s), "azurerm_kubernetes_cluster")[0].network_profile).toEqual(expect.objectContaining({ service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.10" }));
    expect(() => new PrivateAksCluster(stack(), "C", { ...base, dnsServiceIp: "10.100.0.10" })).toThrow(/dnsServiceIp is an address of serviceCidr, and serviceCidr is not set/);
    expect(() => new PrivateAksCluster(stack(), "C", { ...base, serviceCidr: "10.100.0.1/16" })).toThrow(/serviceCidr/);
  });

  it("counts the subnet addresses Azure CNI needs", () => {
    expect(aksSubnetAddressesNeeded(3)).toBe(129);
    expect(aksSubnetAddressesNeeded(1, 10)).toBe(2 + 20 + 5);
  });
});

describe("AksConnectionApproval", () => {
  it("refuses a description over 140 characters and names that would break the match expression", () => {
    const props = { clusterId, endpointResourceGroup: "rg-hub", endpointName: "pe-x" };
    expect(() => new AksConnectionApproval(stack(), "A", { ...props, description: "x".repeat(141) })).toThrow(/a connection description has at most 140 characters/);
    expect(() => new AksConnectionApproval(stack(), "A", { ...props, endpointName: 'pe"x' })).toThrow(/test\/A\.endpointName: must be a resource group or resource name/);
  });

  it("conforms to the azapi schema, with its precondition", () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    new AksConnectionApproval(s, "A", { clusterId, endpointResourceGroup: "rg-hub", endpointName: "pe-x" });
    const tf = synthStack(s);
    expect(resources(tf, "azapi_resource_action")[0].lifecycle.precondition).toHaveLength(1);
    if (HAVE_SCHEMAS) expect(schemaErrors(tf)).toEqual([]);
  });
});

describe("PrivateAksCluster Entra ID RBAC, grants and construct errors", () => {
  const rbac = (props: Partial<typeof base> & { tenantId?: string; adminGroupObjectIds?: string[] }) => {
    const s = stack();
    new PrivateAksCluster(s, "Aks", { ...base, ...props });
    const tf = synthStack(s);
    return { block: resources(tf, "azurerm_kubernetes_cluster")[0].azure_active_directory_role_based_access_control, data: tf.data, grants: resources(tf, "azurerm_role_assignment").map((r) => [r.role_definition_name, r.scope]) };
  };

  it("by default: Azure RBAC on, tenant_id from the client config data source", () => {
    const { block, data } = rbac({});
    expect(block).toEqual({ azure_rbac_enabled: true, tenant_id: expect.stringMatching(/^\$\{data\.azurerm_client_config\.Aks_ClientConfig_[0-9A-F]{8}\.tenant_id\}$/) });
    expect(Object.keys(data.azurerm_client_config)).toEqual([expect.stringMatching(/^Aks_ClientConfig_[0-9A-F]{8}$/)]);
  });

  it("with adminGroupObjectIds: admin_group_object_ids and no client config data source", () => {
    const { block, data } = rbac({ adminGroupObjectIds: ["9a2b3c4d-0000-4000-8000-000000000001"] });
    expect(block).toEqual({ admin_group_object_ids: ["9a2b3c4d-0000-4000-8000-000000000001"], azure_rbac_enabled: true });
    expect(data).toBeUndefined();
  });

  it("with tenantId: that tenant, and no client config data source", () => {
    const { block, data } = rbac({ tenantId: "22222222-2222-2222-2222-222222222222" });
    expect(block).toEqual({ azure_rbac_enabled: true, tenant_id: "22222222-2222-2222-2222-222222222222" });
    expect(data).toBeUndefined();
  });

  it("scopes Network Contributor to the subnet's virtual network id", () => {
    expect(rbac({}).grants).toEqual([["Network Contributor", "/vnets/spoke"]]);
  });

  it("fails when the service CIDR overlaps a range AKS reserves", () => {
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, serviceCidr: "172.30.0.0/16" })).toThrow(
      exactly('test/Aks.serviceCidr: overlaps 172.30.0.0/16, which AKS reserves (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24); got "172.30.0.0/16". Fix: use another private range, e.g. 10.100.0.0/16'),
    );
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, serviceCidr: "172.29.0.0/16" })).not.toThrow();
  });

  it("fails when the DNS service IP is the network address or the first address of the service CIDR", () => {
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, serviceCidr: "10.100.0.0/16", dnsServiceIp: "10.100.0.0" })).toThrow(
      exactly('test/Aks.dnsServiceIp: is the network address of serviceCidr 10.100.0.0/16; got "10.100.0.0". Fix: use e.g. 10.100.0.10'),
    );
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, serviceCidr: "10.100.0.0/16", dnsServiceIp: "10.100.0.1" })).toThrow(
      exactly('test/Aks.dnsServiceIp: is the first address of serviceCidr 10.100.0.0/16, which the kubernetes service (kubernetes.default.svc) takes; got "10.100.0.1". Fix: use e.g. 10.100.0.10'),
    );
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, serviceCidr: "10.100.0.0/16", dnsServiceIp: "10.100.0.2" })).not.toThrow();
  });

  it("fails when an admin group id is not a GUID", () => {
    expect(() => new PrivateAksCluster(stack(), "Aks", { ...base, adminGroupObjectIds: ["platform-admins"] })).toThrow(
      exactly('test/Aks.adminGroupObjectIds[0]: must be an Entra group object id (a GUID); got "platform-admins". Fix: copy it from `az ad group show --group <name> --query id`'),
    );
  });
});

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
