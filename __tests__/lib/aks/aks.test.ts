/**
 * lib/aks: the AKS facts the topology rules use (zone names, record names,
 * subnet sizes, service ranges, approval commands) and the three constructs,
 * each validation pinned at its limit with the exact problem line, and each
 * construct's Terraform asserted whole.
 */
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { parse } from "@cdktf/hcl2json";
import {
  AKS_API_VERSION,
  AKS_DEFAULT_MAX_PODS,
  AKS_DEFAULT_SERVICE_CIDR,
  AKS_RESERVED_RANGES,
  aksApprovalCommands,
  AksApiServerEndpoint,
  AksConnectionApproval,
  aksEndpointName,
  aksPrivateZoneName,
  aksPrivateZoneProblem,
  aksRecordName,
  aksServiceCidrProblems,
  aksSubnetAddressesNeeded,
  defaultDnsServiceIp,
  MAX_AKS_SUBZONE_LENGTH,
  MIN_SERVICE_CIDR_PREFIX,
  PrivateAksCluster,
  PrivateAksClusterProps,
  suggestedDnsServiceIp,
} from "../../../lib/aks";
import { AzapiProvider, DataAzapiResourceList } from "../../../lib/azapi";
import { ArcConnectivityError, formatProblem, SubnetRef } from "../../../lib/core";
import { HAVE_SCHEMAS, schemaErrors } from "../../support/schema-check";
import { stack, synthStack } from "../../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";
const subnet: SubnetRef = { subnetId: "/subnets/nodes", name: "nodes", location: "westus3", virtualNetworkId: "/vnets/spoke", virtualNetworkKey: "spoke" };
const hubSubnet: SubnetRef = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const clusterId = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const RECORD = "aks-prod-1a2b3c4d.6f1e2d3c-0000-4a5b-9c8d-112233445566";
const fqdn = `${RECORD}.privatelink.westeurope.azmk8s.io`;
const base: PrivateAksClusterProps = { name: "aks1", resourceGroupName: "rg", location: "westus3", subnet };
const GROUP = "9a2b3c4d-0000-4000-8000-000000000001";
const RESERVED = "169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16, 192.0.2.0/24";

/** A string variable of the stack (an unresolved value). */
const variable = (s: TerraformStack, name: string) => new TerraformVariable(s, name, { type: "string" }).stringValue;

/** The problem lines a construct throws, or [] when it throws nothing. */
function thrown(build: () => unknown): string[] {
  try {
    build();
    return [];
  } catch (e) {
    if (!ArcConnectivityError.is(e)) throw e;
    return e.problems.map(formatProblem);
  }
}

describe("AKS facts", () => {
  it("has the documented constants", () => {
    expect(AKS_API_VERSION).toBe("2026-05-01");
    expect(AKS_DEFAULT_SERVICE_CIDR).toBe("10.0.0.0/16");
    expect(AKS_DEFAULT_MAX_PODS).toBe(30);
    expect(AKS_RESERVED_RANGES).toEqual(["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"]);
    expect(MIN_SERVICE_CIDR_PREFIX).toBe(12);
    expect(MAX_AKS_SUBZONE_LENGTH).toBe(32);
  });

  it("counts the subnet addresses Azure CNI needs: (nodes + 1) + (nodes + 1) x maxPods + 5", () => {
    expect(aksSubnetAddressesNeeded(1)).toBe(67);
    expect(aksSubnetAddressesNeeded(3)).toBe(129);
    expect(aksSubnetAddressesNeeded(1, 10)).toBe(27);
    expect(aksSubnetAddressesNeeded(4, 0)).toBe(10);
  });

  it("names the hub endpoint pe-<prefix>-aks-<key>", () => {
    expect(aksEndpointName("contoso", "partner")).toBe("pe-contoso-aks-partner");
  });

  it("defaults the DNS service IP to .10 of the service range", () => {
    expect(defaultDnsServiceIp("10.100.0.0/16")).toBe("10.100.0.10");
    expect(defaultDnsServiceIp("192.168.4.0/24")).toBe("192.168.4.10");
  });

  it.each([
    ["10.100.0.0/16", "10.100.0.10"],
    ["10.100.0.0/28", "10.100.0.10"],
    ["10.100.0.0/29", "10.100.0.6"],
    ["10.100.0.0/30", "10.100.0.2"],
    ["10.100.0.0/31", undefined],
    ["10.100.0.0/32", undefined],
  ])("suggests a DNS service IP in %s: %s", (range, ip) => {
    expect(suggestedDnsServiceIp(range)).toBe(ip);
  });
});

describe("aksServiceCidrProblems", () => {
  it("passes a /12, the largest service range Kubernetes takes", () => {
    expect(aksServiceCidrProblems("10.96.0.0/12")).toEqual([]);
  });

  it("fails for a /11", () => {
    expect(aksServiceCidrProblems("10.96.0.0/11")).toEqual([["serviceCidr", "is a /11; Kubernetes takes a service range of at most a /12 (2^20 addresses)", "use a /12 or smaller, e.g. 10.100.0.0/16"]]);
  });

  it("fails once per AKS-reserved range it overlaps", () => {
    const rule = (r: string) => `overlaps ${r}, which AKS reserves (${RESERVED})`;
    expect(aksServiceCidrProblems("172.28.0.0/14")).toEqual([
      ["serviceCidr", rule("172.30.0.0/16"), "use another private range, e.g. 10.100.0.0/16"],
      ["serviceCidr", rule("172.31.0.0/16"), "use another private range, e.g. 10.100.0.0/16"],
    ]);
    expect(aksServiceCidrProblems("169.254.16.0/20")).toEqual([["serviceCidr", rule("169.254.0.0/16"), "use another private range, e.g. 10.100.0.0/16"]]);
    expect(aksServiceCidrProblems("192.0.2.128/25")).toEqual([["serviceCidr", rule("192.0.2.0/24"), "use another private range, e.g. 10.100.0.0/16"]]);
    expect(aksServiceCidrProblems("172.29.0.0/16")).toEqual([]);
  });

  it("without a DNS service IP: passes a /28 (it holds .10), fails a /29 and a /31", () => {
    expect(aksServiceCidrProblems("10.100.0.0/28")).toEqual([]);
    expect(aksServiceCidrProblems("10.100.0.0/29")).toEqual([["serviceCidr", "holds no .10 address for the default DNS service IP (it has 8 addresses)", "use a /28 or larger, or set dnsServiceIp"]]);
    expect(aksServiceCidrProblems("10.100.0.0/31")).toEqual([["serviceCidr", "holds no .10 address for the default DNS service IP (it has 2 addresses)", "use a /28 or larger, or set dnsServiceIp"]]);
  });

  it("with a DNS service IP: passes .2 and the last address below the broadcast address", () => {
    expect(aksServiceCidrProblems("10.100.0.0/16", "10.100.0.2")).toEqual([]);
    expect(aksServiceCidrProblems("10.100.0.0/16", "10.100.255.254")).toEqual([]);
    expect(aksServiceCidrProblems("10.100.0.0/29", "10.100.0.3")).toEqual([]);
  });

  it("with a DNS service IP: fails on the network, first and broadcast addresses, and just outside", () => {
    const cidr = "10.100.0.0/16";
    expect(aksServiceCidrProblems(cidr, "10.100.0.0")).toEqual([["dnsServiceIp", "is the network address of serviceCidr 10.100.0.0/16", "use e.g. 10.100.0.10"]]);
    expect(aksServiceCidrProblems(cidr, "10.100.0.1")).toEqual([["dnsServiceIp", "is the first address of serviceCidr 10.100.0.0/16, which the kubernetes service (kubernetes.default.svc) takes", "use e.g. 10.100.0.10"]]);
    expect(aksServiceCidrProblems(cidr, "10.100.255.255")).toEqual([["dnsServiceIp", "is the broadcast address of serviceCidr 10.100.0.0/16, which Kubernetes never hands to a service", "use e.g. 10.100.0.10"]]);
    expect(aksServiceCidrProblems(cidr, "10.99.255.255")).toEqual([["dnsServiceIp", "is not inside serviceCidr 10.100.0.0/16", "use an address of serviceCidr, e.g. 10.100.0.10"]]);
    expect(aksServiceCidrProblems(cidr, "10.101.0.0")).toEqual([["dnsServiceIp", "is not inside serviceCidr 10.100.0.0/16", "use an address of serviceCidr, e.g. 10.100.0.10"]]);
  });

  it("suggests a larger range where none fits (a /31), and an address that fits in a /30", () => {
    expect(aksServiceCidrProblems("10.100.0.0/31", "10.100.0.0")).toEqual([["dnsServiceIp", "is the network address of serviceCidr 10.100.0.0/31", "use a larger serviceCidr"]]);
    expect(aksServiceCidrProblems("10.100.0.0/31", "10.100.0.2")).toEqual([["dnsServiceIp", "is not inside serviceCidr 10.100.0.0/31", "use a larger serviceCidr"]]);
    expect(aksServiceCidrProblems("10.100.0.0/30", "10.100.0.1")).toEqual([
      ["dnsServiceIp", "is the first address of serviceCidr 10.100.0.0/30, which the kubernetes service (kubernetes.default.svc) takes", "use e.g. 10.100.0.2"],
    ]);
  });

  it("leaves a DNS service IP that is not an address to the caller", () => {
    expect(aksServiceCidrProblems("10.100.0.0/16", "dns")).toEqual([]);
  });

  it("reports the range and the address together", () => {
    expect(aksServiceCidrProblems("172.30.0.0/16", "172.30.0.1")).toEqual([
      ["serviceCidr", `overlaps 172.30.0.0/16, which AKS reserves (${RESERVED})`, "use another private range, e.g. 10.100.0.0/16"],
      ["dnsServiceIp", "is the first address of serviceCidr 172.30.0.0/16, which the kubernetes service (kubernetes.default.svc) takes", "use e.g. 172.30.0.10"],
    ]);
  });
});

describe("AKS zone names", () => {
  it("names the zone privatelink.<region>.azmk8s.io, with an optional subzone", () => {
    expect(aksPrivateZoneName("westus3")).toBe("privatelink.westus3.azmk8s.io");
    expect(aksPrivateZoneName("westus3", "team1")).toBe("team1.privatelink.westus3.azmk8s.io");
    expect(aksPrivateZoneName("westus3", "")).toBe("privatelink.westus3.azmk8s.io");
  });

  it("passes at the limit: a subzone of 32 characters", () => {
    expect(aksPrivateZoneProblem("privatelink.westus3.azmk8s.io", "westus3")).toBeUndefined();
    expect(aksPrivateZoneProblem(`${"a".repeat(32)}.privatelink.westus3.azmk8s.io`, "westus3")).toBeUndefined();
  });

  it("fails when the subzone has 33 characters", () => {
    expect(aksPrivateZoneProblem(`${"a".repeat(33)}.privatelink.westus3.azmk8s.io`, "westus3")).toBe("the subzone has at most 32 characters (it has 33)");
  });

  it("fails when the zone is another region's", () => {
    expect(aksPrivateZoneProblem("privatelink.eastus.azmk8s.io", "westus3")).toBe("the zone's region (eastus) must be the cluster's region (westus3)");
  });

  it.each(["aks.contoso.com", "a.b.privatelink.westus3.azmk8s.io", "privatelink.westus3.azmk8s.io.contoso.com", "Privatelink.westus3.azmk8s.io"])("fails when %s is not an AKS zone name", (zone) => {
    expect(aksPrivateZoneProblem(zone, "westus3")).toBe("an AKS private DNS zone is named privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io");
  });

  it("derives the A-record name: the FQDN without the zone, in lower case, without a final dot", () => {
    expect(aksRecordName(fqdn, "westeurope")).toBe(RECORD);
    expect(aksRecordName(`${fqdn}.`, "westeurope")).toBe(RECORD);
    expect(aksRecordName(fqdn.toUpperCase(), "westeurope")).toBe(RECORD);
  });

  it("has no record name for an FQDN outside the region's zone, or the zone itself", () => {
    expect(aksRecordName(fqdn, "eastus")).toBeUndefined();
    expect(aksRecordName("privatelink.westeurope.azmk8s.io", "westeurope")).toBeUndefined();
    expect(aksRecordName(".privatelink.westeurope.azmk8s.io", "westeurope")).toBeUndefined();
  });
});

describe("PrivateAksCluster", () => {
  const synth = (props: Partial<PrivateAksClusterProps> = {}) => {
    const s = stack();
    new PrivateAksCluster(s, "Aks", { ...base, ...props });
    return synthStack(s);
  };
  const only = (tf: Record<string, any>, type: string) => {
    const all = Object.values<Record<string, any>>(tf.resource[type]);
    expect(all.length).toBe(1);
    return all[0];
  };
  const IDENTITY = "azurerm_user_assigned_identity.Aks_Identity_54F402D2";
  const NETWORK_GRANT = {
    principal_id: `\${${IDENTITY}.principal_id}`,
    principal_type: "ServicePrincipal",
    role_definition_name: "Network Contributor",
    scope: "/vnets/spoke",
  };
  const cluster = (extra: Record<string, unknown> = {}) => ({
    azure_active_directory_role_based_access_control: { azure_rbac_enabled: true, tenant_id: "${data.azurerm_client_config.Aks_ClientConfig_07E6FC58.tenant_id}" },
    default_node_pool: { name: "system", node_count: 3, temporary_name_for_rotation: "systemtmp", vm_size: "Standard_D4ds_v5", vnet_subnet_id: "/subnets/nodes" },
    depends_on: ["azurerm_role_assignment.Aks_NetworkContributor_A5D94C2A"],
    dns_prefix: "aks1",
    identity: { identity_ids: [`\${${IDENTITY}.id}`], type: "UserAssigned" },
    local_account_disabled: true,
    location: "westus3",
    name: "aks1",
    network_profile: { network_plugin: "azure", network_policy: "azure" },
    private_cluster_enabled: true,
    private_cluster_public_fqdn_enabled: false,
    private_dns_zone_id: "System",
    resource_group_name: "rg",
    role_based_access_control_enabled: true,
    ...extra,
  });

  it("by default: private, no public FQDN, zone System, Entra ID with Azure RBAC, local accounts off, Network Contributor on the network first", () => {
    const tf = synth();
    expect(tf.resource.azurerm_kubernetes_cluster).toEqual({ Aks_943C0E94: cluster() });
    expect(tf.resource.azurerm_user_assigned_identity).toEqual({ Aks_Identity_54F402D2: { location: "westus3", name: "id-aks1", resource_group_name: "rg" } });
    // On the virtual network, not the subnet: AKS links a custom zone to the network itself (Azure/AKS#2711).
    expect(tf.resource.azurerm_role_assignment).toEqual({ Aks_NetworkContributor_A5D94C2A: NETWORK_GRANT });
    expect(tf.data).toEqual({ azurerm_client_config: { Aks_ClientConfig_07E6FC58: {} } });
  });

  it("with a custom zone: the zone's id, Private DNS Zone Contributor on it, both grants before the cluster", () => {
    const tf = synth({ privateDnsZone: { zoneId: "/zones/z", zoneName: "team1.privatelink.westus3.azmk8s.io" } });
    expect(only(tf, "azurerm_kubernetes_cluster")).toEqual(
      cluster({ private_dns_zone_id: "/zones/z", depends_on: ["azurerm_role_assignment.Aks_NetworkContributor_A5D94C2A", "azurerm_role_assignment.Aks_PrivateDnsZoneContributor_04D4595F"] }),
    );
    expect(tf.resource.azurerm_role_assignment).toEqual({
      Aks_NetworkContributor_A5D94C2A: NETWORK_GRANT,
      Aks_PrivateDnsZoneContributor_04D4595F: { ...NETWORK_GRANT, role_definition_name: "Private DNS Zone Contributor", scope: "/zones/z" },
    });
  });

  it("writes every given setting: zone None with the public FQDN, DNS prefix, size, count, version, service range, tags", () => {
    const tf = synth({ privateDnsZone: "None", publicFqdnEnabled: true, dnsPrefix: "ops", vmSize: "Standard_D8ds_v5", nodeCount: 5, kubernetesVersion: "1.33", serviceCidr: "10.100.0.0/16", dnsServiceIp: "10.100.0.53", tags: { env: "prod" } });
    expect(only(tf, "azurerm_kubernetes_cluster")).toEqual(
      cluster({
        private_dns_zone_id: "None",
        private_cluster_public_fqdn_enabled: true,
        dns_prefix: "ops",
        kubernetes_version: "1.33",
        default_node_pool: { name: "system", node_count: 5, temporary_name_for_rotation: "systemtmp", vm_size: "Standard_D8ds_v5", vnet_subnet_id: "/subnets/nodes" },
        network_profile: { network_plugin: "azure", network_policy: "azure", service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.53" },
        tags: { env: "prod" },
      }),
    );
    expect(only(tf, "azurerm_user_assigned_identity")).toEqual({ location: "westus3", name: "id-aks1", resource_group_name: "rg", tags: { env: "prod" } });
  });

  it("defaults the DNS service IP to .10 of the service range (azurerm needs both)", () => {
    expect(only(synth({ serviceCidr: "10.100.0.0/16" }), "azurerm_kubernetes_cluster").network_profile).toEqual({ network_plugin: "azure", network_policy: "azure", service_cidr: "10.100.0.0/16", dns_service_ip: "10.100.0.10" });
  });

  it("with admin groups: admin_group_object_ids and no tenant or client config", () => {
    const tf = synth({ adminGroupObjectIds: [GROUP] });
    expect(only(tf, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control).toEqual({ admin_group_object_ids: [GROUP], azure_rbac_enabled: true });
    expect(tf.data).toBeUndefined();
  });

  it("with a tenant: that tenant and no client config", () => {
    const tf = synth({ tenantId: "22222222-2222-2222-2222-222222222222", adminGroupObjectIds: [] });
    expect(only(tf, "azurerm_kubernetes_cluster").azure_active_directory_role_based_access_control).toEqual({ azure_rbac_enabled: true, tenant_id: "22222222-2222-2222-2222-222222222222" });
    expect(tf.data).toBeUndefined();
  });

  it("exposes the cluster's id, private FQDN and identity principal as references", () => {
    const s = stack();
    const c = new PrivateAksCluster(s, "Aks", base);
    new TerraformOutput(s, "o", { value: { id: c.clusterId, fqdn: c.privateFqdn, principal: c.identityPrincipalId } });
    expect(synthStack(s).output.o.value).toEqual({
      id: "${azurerm_kubernetes_cluster.Aks_943C0E94.id}",
      fqdn: "${azurerm_kubernetes_cluster.Aks_943C0E94.private_fqdn}",
      principal: `\${${IDENTITY}.principal_id}`,
    });
  });

  it("passes expressions through unchecked: zone name, service range and admin group", () => {
    const s = stack();
    new PrivateAksCluster(s, "Aks", { ...base, privateDnsZone: { zoneId: variable(s, "zone_id"), zoneName: variable(s, "zone_name") }, serviceCidr: variable(s, "cidr"), adminGroupObjectIds: [variable(s, "group")] });
    const aks = only(synthStack(s), "azurerm_kubernetes_cluster");
    expect(aks.private_dns_zone_id).toBe("${var.zone_id}");
    expect(aks.network_profile).toEqual({ network_plugin: "azure", network_policy: "azure", service_cidr: "${var.cidr}" });
    expect(aks.azure_active_directory_role_based_access_control).toEqual({ admin_group_object_ids: ["${var.group}"], azure_rbac_enabled: true });
  });

  it("does not check the service range while the DNS service IP is an expression (the two are checked together)", () => {
    const s = stack();
    expect(thrown(() => new PrivateAksCluster(s, "Aks", { ...base, serviceCidr: "172.30.0.0/16", dnsServiceIp: variable(s, "dns") }))).toEqual([]);
    expect(only(synthStack(s), "azurerm_kubernetes_cluster").network_profile).toEqual({ network_plugin: "azure", network_policy: "azure", service_cidr: "172.30.0.0/16", dns_service_ip: "${var.dns}" });
  });

  it("fails when zone None comes without the public FQDN", () => {
    const line = 'test/Aks.privateDnsZone: private DNS zone "None" needs the public FQDN (the docs: with no zone, clients resolve the API server through the public FQDN); got "None". Fix: set publicFqdnEnabled: true, or use "System" or a custom zone';
    expect(thrown(() => synth({ privateDnsZone: "None" }))).toEqual([line]);
    expect(thrown(() => synth({ privateDnsZone: "None", publicFqdnEnabled: false }))).toEqual([line]);
  });

  it("fails when a custom zone is another region's, has a 33-character subzone, or is no AKS zone", () => {
    const zone = (zoneName: string) => thrown(() => synth({ privateDnsZone: { zoneId: "/z", zoneName } }));
    const fix = "Fix: use privatelink.westus3.azmk8s.io or <subzone>.privatelink.westus3.azmk8s.io";
    expect(zone("privatelink.eastus.azmk8s.io")).toEqual([`test/Aks.privateDnsZone.zoneName: the zone's region (eastus) must be the cluster's region (westus3); got "privatelink.eastus.azmk8s.io". ${fix}`]);
    const long = `${"a".repeat(33)}.privatelink.westus3.azmk8s.io`;
    expect(zone(long)).toEqual([`test/Aks.privateDnsZone.zoneName: the subzone has at most 32 characters (it has 33); got "${long}". ${fix}`]);
    expect(zone(`${"a".repeat(32)}.privatelink.westus3.azmk8s.io`)).toEqual([]);
    expect(zone("aks.contoso.com")).toEqual([`test/Aks.privateDnsZone.zoneName: an AKS private DNS zone is named privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io; got "aks.contoso.com". ${fix}`]);
  });

  it("fails when dnsServiceIp comes without serviceCidr", () => {
    expect(thrown(() => synth({ dnsServiceIp: "10.100.0.10" }))).toEqual([
      'test/Aks.dnsServiceIp: dnsServiceIp is an address of serviceCidr, and serviceCidr is not set; got "10.100.0.10". Fix: set serviceCidr too, or leave both out for the AKS defaults',
    ]);
  });

  it("fails when serviceCidr is not a network address or not a CIDR", () => {
    expect(thrown(() => synth({ serviceCidr: "10.100.0.1/16" }))).toEqual(['test/Aks.serviceCidr: has host bits set: the network is 10.100.0.0/16; got "10.100.0.1/16". Fix: write it as network/prefix, e.g. 10.100.0.0/16']);
    expect(thrown(() => synth({ serviceCidr: "10.100.0.0" }))).toEqual(['test/Aks.serviceCidr: must be an IPv4 CIDR such as 10.0.0.0/24; got "10.100.0.0". Fix: write it as network/prefix, e.g. 10.100.0.0/16']);
  });

  it("fails when serviceCidr overlaps a range AKS reserves, and passes next to it", () => {
    expect(thrown(() => synth({ serviceCidr: "172.30.0.0/16" }))).toEqual([`test/Aks.serviceCidr: overlaps 172.30.0.0/16, which AKS reserves (${RESERVED}); got "172.30.0.0/16". Fix: use another private range, e.g. 10.100.0.0/16`]);
    expect(thrown(() => synth({ serviceCidr: "172.29.0.0/16" }))).toEqual([]);
  });

  it("fails when serviceCidr is larger than a /12, and passes a /12", () => {
    expect(thrown(() => synth({ serviceCidr: "10.96.0.0/11" }))).toEqual(['test/Aks.serviceCidr: is a /11; Kubernetes takes a service range of at most a /12 (2^20 addresses); got "10.96.0.0/11". Fix: use a /12 or smaller, e.g. 10.100.0.0/16']);
    expect(thrown(() => synth({ serviceCidr: "10.96.0.0/12" }))).toEqual([]);
  });

  it("fails on every problem of the range and the address at once", () => {
    expect(thrown(() => synth({ serviceCidr: "172.30.0.0/16", dnsServiceIp: "172.30.0.1" }))).toEqual([
      `test/Aks.serviceCidr: overlaps 172.30.0.0/16, which AKS reserves (${RESERVED}); got "172.30.0.0/16". Fix: use another private range, e.g. 10.100.0.0/16`,
      'test/Aks.dnsServiceIp: is the first address of serviceCidr 172.30.0.0/16, which the kubernetes service (kubernetes.default.svc) takes; got "172.30.0.1". Fix: use e.g. 172.30.0.10',
    ]);
  });

  it("fails when the DNS service IP is the network, first or broadcast address, and passes at .2", () => {
    const dns = (dnsServiceIp: string) => thrown(() => synth({ serviceCidr: "10.100.0.0/16", dnsServiceIp }));
    expect(dns("10.100.0.0")).toEqual(['test/Aks.dnsServiceIp: is the network address of serviceCidr 10.100.0.0/16; got "10.100.0.0". Fix: use e.g. 10.100.0.10']);
    expect(dns("10.100.0.1")).toEqual(['test/Aks.dnsServiceIp: is the first address of serviceCidr 10.100.0.0/16, which the kubernetes service (kubernetes.default.svc) takes; got "10.100.0.1". Fix: use e.g. 10.100.0.10']);
    expect(dns("10.100.255.255")).toEqual(['test/Aks.dnsServiceIp: is the broadcast address of serviceCidr 10.100.0.0/16, which Kubernetes never hands to a service; got "10.100.255.255". Fix: use e.g. 10.100.0.10']);
    expect(dns("10.100.0.2")).toEqual([]);
  });

  it("fails when a /29 service range has no .10 for the default DNS service IP", () => {
    expect(thrown(() => synth({ serviceCidr: "10.100.0.0/29" }))).toEqual([
      'test/Aks.serviceCidr: holds no .10 address for the default DNS service IP (it has 8 addresses); got "10.100.0.0/29". Fix: use a /28 or larger, or set dnsServiceIp',
    ]);
  });

  it.each(["platform-admins", `x${GROUP}`, `${GROUP}x`])("fails when the admin group id %s is not a GUID", (id) => {
    expect(thrown(() => synth({ adminGroupObjectIds: [GROUP, id] }))).toEqual([`test/Aks.adminGroupObjectIds[1]: must be an Entra group object id (a GUID); got "${id}". Fix: copy it from \`az ad group show --group <name> --query id\``]);
  });

  it("passes admin group ids in upper case", () => {
    expect(thrown(() => synth({ adminGroupObjectIds: [GROUP.toUpperCase()] }))).toEqual([]);
  });
});

describe("AksApiServerEndpoint", () => {
  const zone = { zoneName: "privatelink.westeurope.azmk8s.io", resourceGroupName: "rg-dns" };
  const props = { name: "pe-hub-aks-prod", resourceGroupName: "rg", subnet: hubSubnet, clusterId, clusterRegion: "westeurope", privateFqdn: fqdn, zone };
  const endpoint = (connection: Record<string, unknown> = {}) => ({
    custom_network_interface_name: "nic-pe-hub-aks-prod",
    location: "westeurope",
    name: "pe-hub-aks-prod",
    private_service_connection: { is_manual_connection: false, name: "psc-hub-aks-prod", private_connection_resource_id: clusterId, subresource_names: ["management"], ...connection },
    resource_group_name: "rg",
    subnet_id: "/subnets/endpoints",
  });
  const record = (extra: Record<string, unknown> = {}) => ({
    name: RECORD,
    records: ["${azurerm_private_endpoint.Api_Endpoint_D56F57DF.private_service_connection[0].private_ip_address}"],
    resource_group_name: "rg-dns",
    ttl: 300,
    zone_name: "privatelink.westeurope.azmk8s.io",
    ...extra,
  });

  it("an endpoint to the management sub-resource, approved automatically, and an A record for the FQDN at its IP", () => {
    const s = stack();
    new AksApiServerEndpoint(s, "Api", props);
    expect(synthStack(s).resource).toEqual({ azurerm_private_endpoint: { Api_Endpoint_D56F57DF: endpoint() }, azurerm_private_dns_a_record: { Api_Record_BF5E80F4: record() } });
  });

  it("with manual approval: the request message; with a TTL, that TTL; an FQDN in upper case gives a lower-case record", () => {
    const s = stack();
    const ep = new AksApiServerEndpoint(s, "Api", { ...props, privateFqdn: fqdn.toUpperCase(), manualApproval: { requestMessage: "Hub access for platform team" }, ttl: 60 });
    const tf = synthStack(s);
    expect(tf.resource).toEqual({
      azurerm_private_endpoint: { Api_Endpoint_D56F57DF: endpoint({ is_manual_connection: true, request_message: "Hub access for platform team" }) },
      azurerm_private_dns_a_record: { Api_Record_BF5E80F4: record({ ttl: 60 }) },
    });
    expect(ep.record.friendlyUniqueId).toBe("Api_Record_BF5E80F4");
  });

  it("creates the record with the zone's provider (a zone in another subscription)", () => {
    const s = stack();
    const dnsSubscription = new AzurermProvider(s, "dns", { alias: "dns", features: [{}] });
    new AksApiServerEndpoint(s, "Api", { ...props, zone: { ...zone, provider: dnsSubscription } });
    const tf = synthStack(s).resource;
    expect(tf.azurerm_private_dns_a_record).toEqual({ Api_Record_BF5E80F4: record({ provider: "azurerm.dns" }) });
    expect(tf.azurerm_private_endpoint.Api_Endpoint_D56F57DF.provider).toBeUndefined();
  });

  it("takes a zone given as an expression", () => {
    const s = stack();
    new AksApiServerEndpoint(s, "Api", { ...props, zone: { zoneName: variable(s, "zone"), resourceGroupName: "rg-dns" } });
    expect(Object.values<Record<string, unknown>>(synthStack(s).resource.azurerm_private_dns_a_record)).toEqual([record({ zone_name: "${var.zone}" })]);
  });

  it("fails when the zone is another region's", () => {
    expect(thrown(() => new AksApiServerEndpoint(stack(), "Api", { ...props, zone: { ...zone, zoneName: "privatelink.eastus.azmk8s.io" } }))).toEqual([
      'test/Api.zone: the record of a cluster in westeurope goes in privatelink.westeurope.azmk8s.io; got "privatelink.eastus.azmk8s.io". Fix: pass the hub\'s privatelink.westeurope.azmk8s.io zone',
    ]);
  });

  it("fails when the FQDN is not in the region's zone", () => {
    const other = fqdn.replace("westeurope", "eastus");
    expect(thrown(() => new AksApiServerEndpoint(stack(), "Api", { ...props, privateFqdn: other }))).toEqual([
      `test/Api.privateFqdn: a private cluster's FQDN in westeurope ends with .privatelink.westeurope.azmk8s.io; got "${other}". Fix: copy it from \`az aks show --query privateFqdn\`, and check the region`,
    ]);
  });
});

describe("aksApprovalCommands", () => {
  it("lists and approves through privateEndpointConnections, each value one shell word", async () => {
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

  it("writes the cluster id in canonical casing and quotes a description with ' and \"", () => {
    const c = aksApprovalCommands(clusterId.replace("resourceGroups", "resourcegroups").replace("Microsoft.ContainerService/managedClusters", "microsoft.containerservice/managedclusters"), `it's "ok"`);
    expect(c.approve).toBe(
      `az rest --method put --url 'https://management.azure.com${clusterId}/privateEndpointConnections/<connection-name>?api-version=2026-05-01' --body '{"properties":{"privateLinkServiceConnectionState":{"status":"Approved","description":"it'\\''s \\"ok\\""}}}'`,
    );
  });
});

describe("AksConnectionApproval", () => {
  const props = { clusterId, endpointResourceGroup: "rg-hub", endpointName: "pe-x" };
  const TYPE = "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01";
  const matches = (list: string, rg = "rg-hub", name = "pe-x") =>
    `[for c in data.azapi_resource_list.${list}.output.value : c.name if endswith(lower(c.properties.privateEndpoint.id), "/resourcegroups/${rg}/providers/microsoft.network/privateendpoints/${name}")]`;

  it("lists the cluster's connections and PUTs Approved on the one from the endpoint, with a precondition", () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    const a = new AksConnectionApproval(s, "A", props);
    new TerraformOutput(s, "connection", { value: `\${${a.connectionNameExpression}}` });
    const tf = synthStack(s);
    expect(tf.data.azapi_resource_list).toEqual({ A_Connections_AA93FE02: { parent_id: clusterId, response_export_values: ["value"], type: TYPE } });
    const m = matches("A_Connections_AA93FE02");
    expect(tf.resource.azapi_resource_action).toEqual({
      A_Approve_032E782F: {
        body: { properties: { privateLinkServiceConnectionState: { description: "Approved by Terraform", status: "Approved" } } },
        lifecycle: {
          precondition: [
            {
              condition: `\${length(${m}) == 1}`,
              error_message: "No connection from private endpoint pe-x (resource group rg-hub) on this cluster yet. Apply the requesting side's stack first, then this one.",
            },
          ],
        },
        method: "PUT",
        resource_id: `${clusterId}/privateEndpointConnections/\${one(${m})}`,
        type: TYPE,
      },
    });
    expect(tf.output.connection.value).toBe(`\${one(${m})}`);
  });

  // Skipped visibly on a clone without ../shared; CI fails in the conformance suite when it is missing.
  (HAVE_SCHEMAS ? it : it.skip)("conforms to the azapi schema", () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    new AksConnectionApproval(s, "A", { ...props, endpointSubscriptionId: SUB });
    expect(schemaErrors(synthStack(s))).toEqual([]);
  });

  it("uses the given provider, description, and a cluster id in any casing (written canonical); matches names in lower case", () => {
    const s = stack();
    const owner = new AzapiProvider(s, "owner", { tenantId: "22222222-2222-2222-2222-222222222222" });
    const lower = clusterId.toLowerCase();
    new AksConnectionApproval(s, "A", { clusterId: lower, endpointResourceGroup: "RG_Hub.(1)", endpointName: "PE-x", description: "d".repeat(140), provider: owner });
    const tf = synthStack(s);
    const canonical = `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
    const [list] = Object.values<Record<string, unknown>>(tf.data.azapi_resource_list);
    expect(list).toEqual({ parent_id: canonical, provider: "azapi", response_export_values: ["value"], type: TYPE });
    const [action] = Object.values<Record<string, any>>(tf.resource.azapi_resource_action);
    expect(action.provider).toBe("azapi");
    expect(action.body).toEqual({ properties: { privateLinkServiceConnectionState: { description: "d".repeat(140), status: "Approved" } } });
    expect(action.resource_id).toBe(`${canonical}/privateEndpointConnections/\${one(${matches("A_Connections_AA93FE02", "rg_hub.(1)", "pe-x")})}`);
    expect(action.lifecycle.precondition[0].error_message).toBe("No connection from private endpoint PE-x (resource group RG_Hub.(1)) on this cluster yet. Apply the requesting side's stack first, then this one.");
  });

  it("matches the endpoint's whole id, in lower case, when the endpoint's subscription is given", () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    const a = new AksConnectionApproval(s, "A", { ...props, endpointSubscriptionId: "ABCDEF01-2345-6789-ABCD-EF0123456789" });
    const m = "[for c in data.azapi_resource_list.A_Connections_AA93FE02.output.value : c.name if lower(c.properties.privateEndpoint.id) == \"/subscriptions/abcdef01-2345-6789-abcd-ef0123456789/resourcegroups/rg-hub/providers/microsoft.network/privateendpoints/pe-x\"]";
    new TerraformOutput(s, "connection", { value: `\${${a.connectionNameExpression}}` });
    const tf = synthStack(s);
    expect(tf.output.connection.value).toBe(`\${one(${m})}`);
    const [action] = Object.values<Record<string, any>>(tf.resource.azapi_resource_action);
    expect(action.lifecycle.precondition[0].condition).toBe(`\${length(${m}) == 1}`);
  });

  it.each(["", "abcdef01-2345-6789-abcd-ef012345678", "abcdef01-2345-6789-abcd-ef0123456789x", "xabcdef01-2345-6789-abcd-ef0123456789", "rg-hub", 'abcdef01-2345-6789-abcd-ef01234567"9'])("fails when endpointSubscriptionId is %j", (sub) => {
    expect(thrown(() => new AksConnectionApproval(stack(), "A", { ...props, endpointSubscriptionId: sub }))).toEqual([
      `test/A.endpointSubscriptionId: must be a subscription id (a GUID); got ${JSON.stringify(sub)}. Fix: pass the requesting side's subscription id, or leave it out to match by resource group and name`,
    ]);
  });

  it("takes a cluster id given as an expression", () => {
    const s = stack();
    new AzapiProvider(s, "azapi", {});
    new AksConnectionApproval(s, "A", { ...props, clusterId: variable(s, "cluster_id") });
    expect(Object.values<Record<string, unknown>>(synthStack(s).data.azapi_resource_list)).toEqual([{ parent_id: "${var.cluster_id}", response_export_values: ["value"], type: TYPE }]);
  });

  it("fails when the description has 141 characters", () => {
    expect(thrown(() => new AksConnectionApproval(stack(), "A", { ...props, description: "x".repeat(141) }))).toEqual([
      `test/A.description: a connection description has at most 140 characters; got "${"x".repeat(141)}". Fix: shorten it`,
    ]);
  });

  it.each([
    ["endpointName", 'pe"x'],
    ["endpointName", ""],
    ["endpointResourceGroup", "rg hub"],
    ["endpointResourceGroup", "rg/x"],
  ])("fails when %s is %j, which would break the match expression", (field, value) => {
    expect(thrown(() => new AksConnectionApproval(stack(), "A", { ...props, [field]: value }))).toEqual([
      `test/A.${field}: must be a resource group or resource name (letters, digits, '-', '_', '.', '(' and ')'); got ${JSON.stringify(value)}. Fix: pass the plain name`,
    ]);
  });

  it.each([
    `/subscriptions/${SUB}/resourceGroups/rg-aks/providers/Microsoft.Kubernetes/connectedClusters/aks-prod`,
    "aks-prod",
  ])("fails when the cluster id %s is not a managed cluster's", (id) => {
    expect(thrown(() => new AksConnectionApproval(stack(), "A", { ...props, clusterId: id }))).toEqual([
      `test/A.clusterId: must be the ARM id of a Microsoft.ContainerService/managedClusters resource; got "${id}". Fix: use /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.ContainerService/managedClusters/<name>`,
    ]);
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
    const parsed = await parse("d.tf", s.toHclTerraform().hcl);
    expect(parsed.data.azapi_resource_list.Connections).toEqual([{ type: "Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01", parent_id: clusterId, response_export_values: ["value"] }]);
  });
});
