/**
 * Readable Terraform addresses in the stacks (`ArcStack` uses
 * `readableLogicalId`; the naming rules are tested in
 * __tests__/lib/core/address.test.ts): the default topology's addresses
 * written out, unique and valid addresses in
 * every stack of every shipped example, stability when unrelated parts of
 * the topology change, and collisions.
 */
import { readdirSync } from "node:fs";
import { validateTopology } from "../../topology/load";
import { Topology, TopologySchema } from "../../topology/schema";
import { Address, addressProblems, stackAddresses } from "../support/addresses";
import { buildApp, example, EXAMPLES, problemLines, topologyInput } from "../support/synth";

/** The addresses of a built topology, by stack: address -> construct path below the stack. */
function addressesOf(t: Topology): Record<string, Record<string, string>> {
  return Object.fromEntries(buildApp(t).stacks.map((s) => [s.node.id, Object.fromEntries(stackAddresses(s).map((a: Address) => [a.address, a.path]))]));
}

describe("the default topology (examples/private-link.yaml)", () => {
  const addresses = addressesOf(example("private-link.yaml"));

  it("has these addresses, written out", () => {
    const zones = [
      "privatelink_agentsvc_azure_automation_net",
      "privatelink_azure_automation_net",
      "privatelink_blob_core_windows_net",
      "privatelink_dp_kubernetesconfiguration_azure_com",
      "privatelink_guestconfiguration_azure_com",
      "privatelink_his_arc_azure_com",
      "privatelink_monitor_azure_com",
      "privatelink_northeurope_azmk8s_io",
      "privatelink_ods_opinsights_azure_com",
      "privatelink_oms_opinsights_azure_com",
      "privatelink_vaultcore_azure_net",
      "privatelink_westeurope_azmk8s_io",
    ];
    expect(Object.keys(addresses["contoso-connectivity"]).sort()).toEqual(
      [
        "azapi_resource_action.machine_rg_contoso_servers_sql01_3643c6_release_on_destroy",
        "azapi_resource_action.machine_rg_contoso_servers_web01_134662_release_on_destroy",
        "azapi_update_resource.machine_rg_contoso_servers_sql01_3643c6_association",
        "azapi_update_resource.machine_rg_contoso_servers_web01_134662_association",
        "azurerm_arc_private_link_scope.arc",
        "azurerm_kubernetes_cluster.aks_cluster_ops",
        "azurerm_local_network_gateway.on_premises",
        "azurerm_monitor_private_link_scope.monitor",
        "azurerm_monitor_private_link_scoped_service.monitor_scoped_datacollectionendpoints_dce_contoso",
        "azurerm_monitor_private_link_scoped_service.monitor_scoped_workspaces_log_contoso",
        "azurerm_network_security_group.spoke_k8s",
        "azurerm_network_security_group.spoke_servers",
        "azurerm_private_dns_a_record.aks_access_partner",
        "azurerm_private_dns_resolver.hub",
        "azurerm_private_dns_resolver_dns_forwarding_ruleset.dns_forwarding",
        "azurerm_private_dns_resolver_forwarding_rule.dns_forwarding_ruleset_rule_contoso_local_55ee9f",
        "azurerm_private_dns_resolver_forwarding_rule.dns_forwarding_ruleset_rule_corp_contoso_com_bcd038",
        "azurerm_private_dns_resolver_inbound_endpoint.hub_dns_resolver_inbound",
        "azurerm_private_dns_resolver_outbound_endpoint.dns_forwarding_outbound",
        "azurerm_private_dns_resolver_virtual_network_link.dns_forwarding_ruleset_link_vnet_contoso_hub",
        "azurerm_private_dns_resolver_virtual_network_link.dns_forwarding_ruleset_link_vnet_contoso_k8s",
        ...zones.map((z) => `azurerm_private_dns_zone.${z}`),
        ...zones.flatMap((z) => [`azurerm_private_dns_zone_virtual_network_link.zone_${z}_link_vnet_contoso_hub`, `azurerm_private_dns_zone_virtual_network_link.zone_${z}_link_vnet_contoso_k8s`]),
        "azurerm_private_endpoint.aks_access_partner",
        "azurerm_private_endpoint.arc",
        "azurerm_private_endpoint.automation_aa_contoso",
        "azurerm_private_endpoint.blob_stcontososcripts",
        "azurerm_private_endpoint.keyvault_kv_contoso_arc",
        "azurerm_private_endpoint.monitor",
        "azurerm_public_ip.hub_gateway",
        "azurerm_resource_group.resource_group",
        "azurerm_role_assignment.aks_cluster_ops_network_contributor",
        "azurerm_role_assignment.aks_cluster_ops_private_dns_zone_contributor",
        "azurerm_subnet.hub_endpoint_subnet",
        "azurerm_subnet.hub_gateway_subnet",
        "azurerm_subnet.hub_resolver_inbound_subnet",
        "azurerm_subnet.hub_resolver_outbound_subnet",
        "azurerm_subnet.spoke_aks_subnet_nodes",
        "azurerm_subnet.spoke_k8s_subnet_ingress",
        "azurerm_subnet.spoke_k8s_subnet_nodes",
        "azurerm_subnet.spoke_servers_subnet_snet_contoso_servers",
        "azurerm_subnet.spoke_tools_subnet_snet_contoso_tools",
        "azurerm_subnet_network_security_group_association.spoke_k8s_security_group_association_ingress",
        "azurerm_subnet_network_security_group_association.spoke_k8s_security_group_association_nodes",
        "azurerm_subnet_network_security_group_association.spoke_servers_security_group_association_snet_contoso_servers",
        "azurerm_user_assigned_identity.aks_cluster_ops",
        "azurerm_virtual_network.hub",
        "azurerm_virtual_network.spoke_aks",
        "azurerm_virtual_network.spoke_k8s",
        "azurerm_virtual_network.spoke_servers",
        "azurerm_virtual_network.spoke_tools",
        "azurerm_virtual_network_gateway.hub",
        "azurerm_virtual_network_gateway_connection.on_premises",
        "azurerm_virtual_network_peering.spoke_aks_hub_to_spoke",
        "azurerm_virtual_network_peering.spoke_aks_spoke_to_hub",
        "azurerm_virtual_network_peering.spoke_k8s_hub_to_spoke",
        "azurerm_virtual_network_peering.spoke_k8s_spoke_to_hub",
        "azurerm_virtual_network_peering.spoke_servers_hub_to_spoke",
        "azurerm_virtual_network_peering.spoke_servers_spoke_to_hub",
        "azurerm_virtual_network_peering.spoke_tools_hub_to_spoke",
        "azurerm_virtual_network_peering.spoke_tools_spoke_to_hub",
        "data.azurerm_client_config.client_config",
      ].sort(),
    );
    expect(addresses["contoso-aks-approval-partner"]).toEqual({ "azapi_resource_action.approval_approve": "Approval/Approve", "data.azapi_resource_list.approval_connections": "Approval/Connections" });
    expect(addresses["contoso-k8s-factory1"]).toEqual({
      "azurerm_resource_group.resource_group": "ResourceGroup",
      "data.azurerm_client_config.client_config": "ClientConfig",
      "tls_private_key.arc_onboarding_key": "Arc/OnboardingKey",
      "azapi_resource.arc_connected_cluster": "Arc/ConnectedCluster",
      "helm_release.arc_agents": "Arc/Agents",
    });
  });

  it("each address denotes the construct it reads as", () => {
    expect(
      Object.fromEntries(
        [
          "azurerm_private_endpoint.arc",
          "azurerm_virtual_network.spoke_servers",
          "azurerm_network_security_group.spoke_servers",
          "azurerm_private_endpoint.keyvault_kv_contoso_arc",
          "azurerm_private_dns_zone.privatelink_his_arc_azure_com",
          "azurerm_virtual_network_gateway.hub",
        ].map((a) => [a, addresses["contoso-connectivity"][a]]),
      ),
    ).toEqual({
      "azurerm_private_endpoint.arc": "Arc/Endpoint/Resource",
      "azurerm_virtual_network.spoke_servers": "Spoke-servers/VirtualNetwork",
      "azurerm_network_security_group.spoke_servers": "Spoke-servers/SecurityGroup/Resource",
      "azurerm_private_endpoint.keyvault_kv_contoso_arc": "Endpoint/keyvault-kv-contoso-arc/Resource",
      "azurerm_private_dns_zone.privatelink_his_arc_azure_com": "Zone/privatelink.his.arc.azure.com/Resource",
      "azurerm_virtual_network_gateway.hub": "Hub/Gateway/Resource",
    });
  });

  describe("stays the same when unrelated parts change: every address still exists and denotes the same construct", () => {
    const base = example("private-link.yaml");
    const pl = base.privateLink as NonNullable<Topology["privateLink"]>;
    // Each change is what a user adds to the file; the whole topology is validated again.
    const changes: Array<[string, Record<string, unknown>, string[]]> = [
      ["a spoke", { spokes: [...base.spokes, { name: "web", addressSpace: ["10.5.0.0/24"], dnsLinks: true }] }, ["azurerm_virtual_network.spoke_web", "azurerm_private_dns_zone_virtual_network_link.zone_privatelink_his_arc_azure_com_link_vnet_contoso_web"]],
      [
        "a zone and an endpoint (API-server access in another region)",
        {
          aksPrivateAccess: [
            ...base.aksPrivateAccess,
            {
              name: "east",
              clusterId: "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-east/providers/Microsoft.ContainerService/managedClusters/aks-east",
              region: "uksouth",
              privateFqdn: "aks-east-1a2b3c4d.0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d.privatelink.uksouth.azmk8s.io",
              requestMessage: "hub access",
            },
          ],
        },
        ["azurerm_private_dns_zone.privatelink_uksouth_azmk8s_io", "azurerm_private_endpoint.aks_access_east", "azurerm_private_dns_a_record.aks_access_east"],
      ],
      ["a private-link endpoint", { privateLink: { ...pl, endpoints: [...pl.endpoints, { type: "keyvault", resourceId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-contoso-security/providers/Microsoft.KeyVault/vaults/kv-contoso-two" }] } }, ["azurerm_private_endpoint.keyvault_kv_contoso_two"]],
    ];
    it.each(changes)("adding %s", (_what, change, added) => {
      const changed = addressesOf(validateTopology({ ...base, ...change }));
      for (const [stack, before] of Object.entries(addresses)) {
        const after = changed[stack] ?? {};
        expect(Object.fromEntries(Object.keys(before).map((a) => [a, after[a]]))).toEqual(before);
      }
      // And the new parts have readable addresses of their own.
      expect(added.filter((a) => !(a in changed["contoso-connectivity"]))).toEqual([]);
    });
  });
});

describe("every stack of every shipped example", () => {
  const examples = readdirSync(EXAMPLES).filter((f) => /\.(ya?ml|json)$/.test(f));

  it.each(examples)("%s: addresses are Terraform identifiers, unique per type in each stack", (file) => {
    const { stacks } = buildApp(example(file));
    expect(stacks.flatMap(addressProblems)).toEqual([]);
    // Every resource and data source has a readable name: no cdktf hash suffix.
    for (const s of stacks) for (const a of stackAddresses(s)) expect(a.name).not.toMatch(/_[0-9A-F]{8}$/);
  });
});

describe("collisions", () => {
  // The file refuses two names of one list that give the same addresses (topology/rules.ts; __tests__/topology/rules.test.ts):
  // these two are built from the schema-valid topology without the file's rules, as a library user's own props could be.
  it("spokes a-b and a--b (the file refuses them): the first keeps its names, each of the second's gets a suffix of its own, nothing else changes", () => {
    const one = topologyInput({ spokes: [{ name: "a-b", addressSpace: ["10.1.0.0/24"] }] });
    const both = topologyInput({ spokes: [{ name: "a-b", addressSpace: ["10.1.0.0/24"] }, { name: "a--b", addressSpace: ["10.2.0.0/24"] }] });
    expect(problemLines(both)).toEqual([expect.stringMatching(/^spokes\[1\]\.name: gives the same Terraform addresses as spokes\[0\]\.name "a-b"/)]);
    const before = addressesOf(validateTopology(one))["contoso-connectivity"];
    const after = addressesOf(TopologySchema.parse(both))["contoso-connectivity"];
    expect(Object.fromEntries(Object.keys(before).map((a) => [a, after[a]]))).toEqual(before);
    const added = Object.fromEntries(Object.entries(after).filter(([a]) => !(a in before)));
    expect(added).toEqual({
      "azurerm_virtual_network.spoke_a_b_6f6d64": "Spoke-a--b/VirtualNetwork",
      "azurerm_subnet.spoke_a_b_subnet_snet_contoso_a_b_6e6ea6": "Spoke-a--b/Subnet-snet-contoso-a--b",
      "azurerm_network_security_group.spoke_a_b_6daa92": "Spoke-a--b/SecurityGroup/Resource",
      "azurerm_subnet_network_security_group_association.spoke_a_b_security_group_association_snet_contoso_a_b_b9b5f9": "Spoke-a--b/SecurityGroup/Association-snet-contoso-a--b",
      "azurerm_virtual_network_peering.spoke_a_b_hub_to_spoke_09195d": "Spoke-a--b/Peering/HubToSpoke",
      "azurerm_virtual_network_peering.spoke_a_b_spoke_to_hub_0ae2a0": "Spoke-a--b/Peering/SpokeToHub",
    });
  });

  it("subnets web-1, web_1 and web.1 of one spoke (the file refuses them): three subnets, three associations, all addresses distinct", () => {
    const input = topologyInput({
      spokes: [{ name: "app1", addressSpace: ["10.1.0.0/24"], subnets: ["web-1", "web_1", "web.1"].map((name, i) => ({ name, addressPrefix: `10.1.0.${i * 64}/26` })) }],
    });
    expect(problemLines(input)).toEqual([expect.stringMatching(/^spokes\[0\]\.subnets\[1\]\.name: gives the same/), expect.stringMatching(/^spokes\[0\]\.subnets\[2\]\.name: gives the same/)]);
    const { stacks } = buildApp(TopologySchema.parse(input));
    expect(stacks.flatMap(addressProblems)).toEqual([]);
    const subnets = stackAddresses(stacks[0]).filter((a) => a.address.startsWith("azurerm_subnet.spoke_"));
    expect(subnets.map((a) => [a.name.replace(/_[0-9a-f]{6}$/, "_<hash>"), a.path])).toEqual([
      ["spoke_app1_subnet_web_1", "Spoke-app1/Subnet-web-1"],
      ["spoke_app1_subnet_web_1_<hash>", "Spoke-app1/Subnet-web_1"],
      ["spoke_app1_subnet_web_1_<hash>", "Spoke-app1/Subnet-web.1"],
    ]);
  });

  it("names of two lists that join into the same words (spoke a with subnet x-subnet-y, spoke a-subnet-x with subnet y): the file accepts them, and the subnet created first keeps the plain name", () => {
    const first = { name: "a", addressSpace: ["10.1.0.0/24"], subnets: [{ name: "x-subnet-y", addressPrefix: "10.1.0.0/24" }] };
    const second = { name: "a-subnet-x", addressSpace: ["10.2.0.0/24"], subnets: [{ name: "y", addressPrefix: "10.2.0.0/24" }] };
    const subnetsOf = (spokes: Array<typeof first>) => {
      const input = topologyInput({ spokes });
      expect(problemLines(input)).toEqual([]);
      const { stacks } = buildApp(validateTopology(input));
      expect(stacks.flatMap(addressProblems)).toEqual([]);
      return stackAddresses(stacks[0]).filter((a) => a.address.startsWith("azurerm_subnet.spoke_")).map((a) => [a.name.replace(/_[0-9a-f]{6}$/, "_<hash>"), a.path]);
    };
    expect(subnetsOf([first, second])).toEqual([
      ["spoke_a_subnet_x_subnet_y", "Spoke-a/Subnet-x-subnet-y"],
      ["spoke_a_subnet_x_subnet_y_<hash>", "Spoke-a-subnet-x/Subnet-y"],
    ]);
    // First come: listed the other way round, the other subnet keeps the plain name.
    expect(subnetsOf([second, first])).toEqual([
      ["spoke_a_subnet_x_subnet_y", "Spoke-a-subnet-x/Subnet-y"],
      ["spoke_a_subnet_x_subnet_y_<hash>", "Spoke-a/Subnet-x-subnet-y"],
    ]);
  });
});
