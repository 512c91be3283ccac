import { Testing } from "cdktf";
import { hubSpokeStackName } from "../../stacks/hub-spoke-stack";
import { buildApp, example, resources, synthTopology, topology } from "../support/synth";

const SUB = "00000000-0000-0000-0000-000000000000";

describe("HubSpokeStack", () => {
  const tf = synthTopology(example("private-link.yaml"))["contoso-connectivity"];

  it("is named <name>-connectivity", () => {
    expect(Object.keys(synthTopology(example("private-link.yaml")))).toEqual(["contoso-connectivity", "contoso-aks-approval-partner", "contoso-k8s-factory1"]);
    expect(hubSpokeStackName({ name: "x" })).toBe("x-connectivity");
  });

  it("configures azurerm with the Arc resource providers and the local backend", () => {
    expect(tf.provider.azurerm[0]).toEqual({
      features: [{}],
      subscription_id: SUB,
      resource_providers_to_register: ["Microsoft.HybridCompute", "Microsoft.GuestConfiguration", "Microsoft.HybridConnectivity", "Microsoft.AzureArcData", "Microsoft.Kubernetes", "Microsoft.KubernetesConfiguration", "Microsoft.ExtendedLocation"],
    });
    expect(tf.terraform.backend).toEqual({ local: { path: "terraform.contoso-connectivity.tfstate" } });
  });

  it("creates the Arc scope with public access off and one endpoint in the hub's endpoint subnet", () => {
    expect(resources(tf, "azurerm_arc_private_link_scope")).toEqual([expect.objectContaining({ name: "pls-contoso-arc", public_network_access_enabled: false, location: "westeurope" })]);
    const endpoints = resources(tf, "azurerm_private_endpoint");
    expect(endpoints.map((e) => [e.name, e.private_service_connection.subresource_names[0]]).sort()).toEqual([
      ["pe-contoso-aks-partner", "management"],
      ["pe-contoso-arc", "hybridcompute"],
      ["pe-contoso-automation-aa-contoso", "DSCAndHybridWorker"],
      ["pe-contoso-blob-stcontososcripts", "blob"],
      ["pe-contoso-keyvault-kv-contoso-arc", "vault"],
      ["pe-contoso-monitor", "azuremonitor"],
    ]);
    expect(new Set(endpoints.map((e) => e.subnet_id))).toEqual(new Set([expect.stringMatching(/^\$\{azurerm_subnet\.Hub_EndpointSubnet_\w+\.id\}$/)]));
  });

  it("creates each needed zone once (the blob zone serves Monitor and the blob endpoint) and links hub and dnsLinks spokes", () => {
    const zones = resources(tf, "azurerm_private_dns_zone").map((z) => z.name);
    expect(zones).toHaveLength(12);
    expect(new Set(zones).size).toBe(12);
    expect(zones).toEqual(expect.arrayContaining(["privatelink.westeurope.azmk8s.io", "privatelink.northeurope.azmk8s.io"]));
    const links = resources(tf, "azurerm_private_dns_zone_virtual_network_link");
    expect(new Set(links.map((l) => l.name))).toEqual(new Set(["link-vnet-contoso-hub", "link-vnet-contoso-k8s"]));
    expect(links).toHaveLength(24);
  });

  it("points spokes without zone links at the resolver; spokes with links keep Azure DNS", () => {
    const vnets = Object.fromEntries(resources(tf, "azurerm_virtual_network").map((v) => [v.name, v.dns_servers]));
    expect(vnets).toEqual({ "vnet-contoso-hub": undefined, "vnet-contoso-servers": ["10.0.0.100"], "vnet-contoso-k8s": undefined, "vnet-contoso-tools": ["10.0.0.100"], "vnet-contoso-aks": ["10.0.0.100"] });
  });

  it("puts the profile's NSG on every subnet of a spoke, none where arcRules is none", () => {
    const nsgs = Object.fromEntries(resources(tf, "azurerm_network_security_group").map((n) => [n.name, n.security_rule.map((r: { name: string }) => r.name)]));
    expect(Object.keys(nsgs).sort()).toEqual(["nsg-contoso-k8s", "nsg-contoso-servers"]);
    expect(nsgs["nsg-contoso-k8s"]).toContain("AllowMCROutboundAccess");
    expect(nsgs["nsg-contoso-servers"]).not.toContain("AllowMCROutboundAccess");
    expect(resources(tf, "azurerm_subnet_network_security_group_association")).toHaveLength(3);
  });

  it("keeps the VPN shared key a sensitive variable, never a literal", () => {
    expect(tf.variable.vpn_shared_key).toEqual(expect.objectContaining({ sensitive: true, type: "string", nullable: false }));
    const [conn] = resources(tf, "azurerm_virtual_network_gateway_connection");
    expect(conn).toEqual(expect.objectContaining({ type: "IPsec", shared_key: "${var.vpn_shared_key}" }));
  });

  it("outputs what users need after apply", () => {
    const out = tf.output;
    expect(Object.keys(out).sort()).toEqual([
      "aks_approval_commands",
      "aks_clusters",
      "aks_private_endpoints",
      "arc_dns_check_hosts",
      "arc_private_endpoint_dns_record_sets",
      "arc_private_endpoint_id",
      "arc_private_endpoint_ip",
      "arc_private_link_scope_id",
      "conditional_forwarder_zones",
      "dns_resolver_inbound_ip",
      "hub_virtual_network_id",
      "onboarding_command_kubernetes",
      "onboarding_command_servers",
      "resource_group_name",
    ]);
    expect(out.dns_resolver_inbound_ip.value).toBe("10.0.0.100");
    expect(out.conditional_forwarder_zones.value).toEqual(expect.arrayContaining(["his.arc.azure.com", "guestconfiguration.azure.com", "dp.kubernetesconfiguration.azure.com", "westeurope.azmk8s.io", "northeurope.azmk8s.io"]));
    expect(out.arc_dns_check_hosts.value).toContain("weu.his.arc.azure.com");
    expect(out.onboarding_command_servers.value).toMatch(/^azcmagent connect .*--subscription-id '00000000-0000-0000-0000-000000000000' --location 'westeurope' .*--private-link-scope '\$\{azurerm_arc_private_link_scope\.\w+\.id\}'$/);
    expect(out.onboarding_command_servers.value).toContain("--tenant-id '${data.azurerm_client_config.ClientConfig.tenant_id}'");
    expect(out.onboarding_command_kubernetes.value).toMatch(/^az connectedk8s connect -g '\$\{azurerm_resource_group\.ResourceGroup\.name\}' -n '<cluster-name>' -l 'westeurope' --enable-private-link true --private-link-scope-resource-id '\$\{azurerm_arc_private_link_scope\.\w+\.id\}'$/);
  });

  it("tags every taggable resource with the topology's tags", () => {
    const taggable = Object.values<Record<string, Record<string, unknown>>>(tf.resource).flatMap((byName) => Object.values(byName)).filter((r) => "tags" in r);
    expect(taggable.length).toBeGreaterThan(30);
    for (const r of taggable) expect(r.tags).toEqual({ owner: "platform", costCenter: "4711" });
  });

  it("ExpressRoute, existing zones, existing resource group, Terraform Cloud", () => {
    const er = synthTopology(example("expressroute-cloud.yaml"))["fabrikam-connectivity"];
    expect(er.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "fabrikam", workspaces: { name: "fabrikam-arc-fabrikam-connectivity" } });
    expect(resources(er, "azurerm_resource_group")).toEqual([]);
    expect(resources(er, "azurerm_private_dns_zone")).toEqual([]);
    expect(resources(er, "azurerm_private_dns_zone_virtual_network_link").map((l) => l.resource_group_name)).toEqual(["rg-dns", "rg-dns", "rg-dns"]);
    expect(resources(er, "azurerm_virtual_network_gateway_connection")[0]).toEqual(expect.objectContaining({ type: "ExpressRoute", authorization_key: "${var.expressroute_authorization_key}" }));
    expect(er.variable.expressroute_authorization_key).toEqual(expect.objectContaining({ sensitive: true, nullable: true, default: null }));
    expect(resources(er, "azurerm_local_network_gateway")).toEqual([]);
    expect(er.provider.azurerm[0].subscription_id).toBeUndefined();
    expect(er.output.onboarding_command_servers.value).toContain("--subscription-id '${data.azurerm_client_config.ClientConfig.subscription_id}'");
  });

  it("policy-owned DNS: no zones, no links, every endpoint ignores its zone group", () => {
    const p = synthTopology(example("policy-dns.yaml"))["northwind-connectivity"];
    expect(resources(p, "azurerm_private_dns_zone")).toEqual([]);
    expect(resources(p, "azurerm_private_dns_zone_virtual_network_link")).toEqual([]);
    const endpoints = resources(p, "azurerm_private_endpoint");
    expect(endpoints).toHaveLength(2);
    for (const e of endpoints) expect([e.lifecycle, e.private_dns_zone_group]).toEqual([{ ignore_changes: ["private_dns_zone_group"] }, undefined]);
    expect(resources(p, "azurerm_virtual_network_gateway")).toEqual([]);
    expect(p.variable).toBeUndefined();
  });

  it("without privateLink: network only, no Arc providers to register", () => {
    const n = synthTopology(topology({ privateLink: undefined }))["contoso-connectivity"];
    expect(resources(n, "azurerm_arc_private_link_scope")).toEqual([]);
    expect(n.provider.azurerm[0].resource_providers_to_register).toBeUndefined();
    expect(n.output.arc_private_link_scope_id).toBeUndefined();
  });

  it("snapshot of the default topology", () => {
    const { stacks } = buildApp(example("private-link.yaml"));
    expect(Testing.synth(stacks[0])).toMatchSnapshot();
  });
});
