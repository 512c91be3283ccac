/**
 * Vendoring (issue 13): a user copies one folder of lib/ into their own
 * project, with what its README's "Vendoring" section names. For each
 * folder this test
 *   (a) reads that copy set from the README (the documentation is what is tested),
 *   (b) checks it equals the closure of the folder's relative imports, and its
 *       npm packages the packages those folders import,
 *   (c) copies exactly those folders into an empty project (the repository's
 *       compiler options; node_modules linked to the repository's, but a bare
 *       import resolves only for a package the README names),
 *   (d) type-checks that project alone (compiler API, in-process), and
 *   (e) transpiles it and runs a small sample that uses the folder's main
 *       construct or function, asserting on what it synthesizes or returns.
 */
import { readFileSync, rmSync } from "node:fs";
import * as path from "node:path";
import { copySet, documentedCopy, LIB, libFolders, NODE_MODULES, Vendoring, VendoredProject } from "./support/vendoring";

const SUB = "00000000-0000-0000-0000-000000000000";
const TENANT = "11111111-1111-1111-1111-111111111111";

/** A sample: `sample.ts` of the project, exporting `sample(outdir)`; `check` asserts on what it returns. */
interface Sample {
  readonly source: string;
  check(result: any): void;
}

/** The lines every construct sample starts with: a stack, in an app whose output folder is in the project (cdktf creates it; Testing.synth writes nothing). */
const STACK = `
import { App, TerraformStack, Testing } from "cdktf";
export const SUB = "${SUB}";
export const subnet = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
export function stackIn(outdir: string): TerraformStack {
  return new TerraformStack(new App({ outdir }), "sample");
}
/** The synthesized Terraform JSON. */
export function synth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}
`;

/** The only instance of a resource type in a synthesized stack. */
function only(tf: any, type: string): any {
  const all = Object.values(tf.resource?.[type] ?? {});
  expect({ type, count: all.length }).toEqual({ type, count: 1 });
  return all[0];
}

function all(tf: any, type: string): any[] {
  return Object.values(tf.resource?.[type] ?? {});
}

const SAMPLES: Record<string, Sample> = {
  core: {
    source: `
import { parseCidr, resourceName, subnetAt, terraformLiteral, zonesFor } from "./lib/core";
export function sample(_outdir: string) {
  return {
    subnet: subnetAt(parseCidr("10.0.0.0/22"), 64, 26),
    name: resourceName("virtualNetwork", "contoso", "hub"),
    literal: terraformLiteral("\${var.x} %{if}"),
    zones: zonesFor("aks", "westeurope"),
  };
}
`,
    check: (r) => expect(r).toEqual({ subnet: "10.0.0.64/26", name: "vnet-contoso-hub", literal: "$${var.x} %%{if}", zones: ["privatelink.westeurope.azmk8s.io"] }),
  },
  hcl: {
    source: `${STACK}
import { TerraformOutput, TerraformVariable } from "cdktf";
import { renderStackHcl } from "./lib/hcl";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  const region = new TerraformVariable(stack, "region", { type: "string", default: "westeurope" });
  new TerraformOutput(stack, "greeting", { value: \`say "hi" in \${region.stringValue}\` });
  return renderStackHcl(stack).hcl;
}
`,
    check: (hcl) => expect(hcl).toBe(['variable "region" {', '  default = "westeurope"', "  type    = string", "}", "", 'output "greeting" {', '  value = "say \\"hi\\" in ${var.region}"', "}", ""].join("\n")),
  },
  azapi: {
    source: `${STACK}
import { AzapiProvider, AzapiResource } from "./lib/azapi";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new AzapiProvider(stack, "azapi", { subscriptionId: SUB });
  new AzapiResource(stack, "Group", { type: "Microsoft.Resources/resourceGroups@2021-04-01", name: "rg-sample", parentId: \`/subscriptions/\${SUB}\`, location: "westeurope", body: { properties: {} } });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azapi_resource")).toEqual({ type: "Microsoft.Resources/resourceGroups@2021-04-01", name: "rg-sample", parent_id: `/subscriptions/${SUB}`, location: "westeurope", body: { properties: {} } });
      expect(tf.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "2.12.0" });
      expect(tf.provider.azapi).toEqual([{ subscription_id: SUB }]);
    },
  },
  dns: {
    source: `${STACK}
import { PrivateDnsZones, zonesFor } from "./lib/dns";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  const hub = { virtualNetworkId: "/vnets/hub", virtualNetworkName: "vnet-hub", label: "hub", location: "westeurope", virtualNetworkKey: "hub" };
  new PrivateDnsZones(stack, "Dns", { zoneNames: zonesFor("arc"), resourceGroupName: "rg-dns", virtualNetworks: [hub] });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(all(tf, "azurerm_private_dns_zone").map((z) => z.name).sort()).toEqual(["privatelink.dp.kubernetesconfiguration.azure.com", "privatelink.guestconfiguration.azure.com", "privatelink.his.arc.azure.com"]);
      const links = all(tf, "azurerm_private_dns_zone_virtual_network_link");
      expect(links.map((l) => ({ name: l.name, network: l.virtual_network_id, registration: l.registration_enabled }))).toEqual(Array(3).fill({ name: "link-hub", network: "/vnets/hub", registration: false }));
    },
  },
  "private-endpoint": {
    source: `${STACK}
import { PrivateEndpoint } from "./lib/private-endpoint";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new PrivateEndpoint(stack, "Blob", {
    name: "pe-sample-blob", resourceGroupName: "rg", subnet,
    targetResourceId: \`/subscriptions/\${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stsample\`,
    subresourceNames: ["blob"], privateDnsZoneIds: ["/zones/privatelink.blob.core.windows.net"],
  });
  return synth(stack);
}
`,
    check: (tf) =>
      expect(only(tf, "azurerm_private_endpoint")).toEqual({
        name: "pe-sample-blob",
        location: "westeurope",
        resource_group_name: "rg",
        subnet_id: "/subnets/endpoints",
        custom_network_interface_name: "nic-pe-sample-blob",
        private_service_connection: { name: "psc-sample-blob", is_manual_connection: false, private_connection_resource_id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stsample`, subresource_names: ["blob"] },
        private_dns_zone_group: { name: "default", private_dns_zone_ids: ["/zones/privatelink.blob.core.windows.net"] },
      }),
  },
  network: {
    source: `${STACK}
import { HubNetwork } from "./lib/network";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new HubNetwork(stack, "Hub", { name: "contoso", resourceGroupName: "rg-net", location: "westeurope", addressSpace: ["10.0.0.0/22"] });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azurerm_virtual_network")).toEqual({ name: "vnet-contoso-hub", resource_group_name: "rg-net", location: "westeurope", address_space: ["10.0.0.0/22"] });
      expect(Object.fromEntries(all(tf, "azurerm_subnet").map((n) => [n.name, n.address_prefixes]))).toEqual({ "snet-contoso-endpoints": ["10.0.0.0/26"], "snet-contoso-dns-inbound": ["10.0.0.96/28"], "snet-contoso-dns-outbound": ["10.0.0.112/28"] });
      expect(only(tf, "azurerm_private_dns_resolver_inbound_endpoint").ip_configurations).toMatchObject({ private_ip_address: "10.0.0.100", private_ip_allocation_method: "Static" });
    },
  },
  nsg: {
    source: `${STACK}
import { ArcNetworkSecurityGroup } from "./lib/nsg";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new ArcNetworkSecurityGroup(stack, "Nsg", { name: "nsg-servers", resourceGroupName: "rg", location: "westeurope", profile: "servers", subnets: [subnet] });
  return synth(stack);
}
`,
    check: (tf) => {
      const nsg = only(tf, "azurerm_network_security_group");
      expect(nsg.security_rule.map((r: any) => [r.name, r.direction, r.access, r.priority, r.destination_address_prefix])).toEqual([
        ["AllowAADOutboundAccess", "Outbound", "Allow", 150, "AzureActiveDirectory"],
        ["AllowAzOutboundAccess", "Outbound", "Allow", 151, "AzureResourceManager"],
        ["DenyInternetOutbound", "Outbound", "Deny", 4000, "Internet"],
      ]);
      expect(only(tf, "azurerm_subnet_network_security_group_association").subnet_id).toBe("/subnets/endpoints");
    },
  },
  arc: {
    source: `${STACK}
import { ARC_PRIVATE_DNS_ZONES, ArcPrivateLinkScope } from "./lib/arc";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new ArcPrivateLinkScope(stack, "Arc", {
    name: "pls-contoso-arc", resourceGroupName: "rg-net", location: "westeurope",
    endpoint: { subnet, privateDnsZoneIds: Object.fromEntries(ARC_PRIVATE_DNS_ZONES.map((z) => [z, \`/zones/\${z}\`])) },
  });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azurerm_arc_private_link_scope")).toEqual({ name: "pls-contoso-arc", resource_group_name: "rg-net", location: "westeurope", public_network_access_enabled: false });
      const endpoint = only(tf, "azurerm_private_endpoint");
      expect(endpoint.private_service_connection.subresource_names).toEqual(["hybridcompute"]);
      expect(endpoint.private_service_connection.private_connection_resource_id).toMatch(/^\$\{azurerm_arc_private_link_scope\.[A-Za-z0-9_]+\.id\}$/);
      expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toEqual(["/zones/privatelink.his.arc.azure.com", "/zones/privatelink.guestconfiguration.azure.com", "/zones/privatelink.dp.kubernetesconfiguration.azure.com"]);
    },
  },
  monitor: {
    source: `${STACK}
import { MONITOR_PRIVATE_DNS_ZONES, MonitorPrivateLinkScope } from "./lib/monitor";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new MonitorPrivateLinkScope(stack, "Ampls", {
    name: "ampls-contoso", resourceGroupName: "rg",
    linkedResourceIds: [\`/subscriptions/\${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log1\`],
    endpoint: { subnet, privateDnsZoneIds: Object.fromEntries(MONITOR_PRIVATE_DNS_ZONES.map((z) => [z, \`/zones/\${z}\`])) },
  });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azurerm_monitor_private_link_scope")).toEqual({ name: "ampls-contoso", resource_group_name: "rg", ingestion_access_mode: "PrivateOnly", query_access_mode: "PrivateOnly" });
      expect(only(tf, "azurerm_monitor_private_link_scoped_service")).toMatchObject({ name: "amplss-workspaces-log1", linked_resource_id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log1` });
      const endpoint = only(tf, "azurerm_private_endpoint");
      expect(endpoint.private_service_connection.subresource_names).toEqual(["azuremonitor"]);
      expect(endpoint.private_dns_zone_group.private_dns_zone_ids).toHaveLength(5);
    },
  },
  policy: {
    source: `${STACK}
import { TerraformResource } from "cdktf";
import { checkPolicy } from "./lib/policy";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  const scope = new TerraformResource(stack, "Scope", { terraformResourceType: "azurerm_arc_private_link_scope" });
  scope.addOverride("public_network_access_enabled", true);
  const gateway = new TerraformResource(stack, "Gateway", { terraformResourceType: "azurerm_subnet" });
  gateway.addOverride("name", "GatewaySubnet");
  const web = new TerraformResource(stack, "Web", { terraformResourceType: "azurerm_subnet" });
  web.addOverride("name", "web");
  const report = checkPolicy(stack, { suppressions: [{ rule: "ARC-006", paths: ["sample/Web"], reason: "an NSG is attached elsewhere" }] });
  return { errors: report.errors.map((f) => [f.rule.id, f.path]), warnings: report.warnings.length, suppressed: report.suppressed.map((f) => [f.rule.id, f.path]) };
}
`,
    check: (r) => expect(r).toEqual({ errors: [["ARC-001", "sample/Scope"]], warnings: 0, suppressed: [["ARC-006", "sample/Web"]] }),
  },
  aks: {
    source: `${STACK}
import { PrivateAksCluster } from "./lib/aks";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new PrivateAksCluster(stack, "Aks", { name: "aks1", resourceGroupName: "rg", location: "westeurope", subnet });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azurerm_kubernetes_cluster")).toMatchObject({
        name: "aks1",
        private_cluster_enabled: true,
        private_cluster_public_fqdn_enabled: false,
        private_dns_zone_id: "System",
        local_account_disabled: true,
        azure_active_directory_role_based_access_control: { azure_rbac_enabled: true },
        default_node_pool: { vnet_subnet_id: "/subnets/endpoints" },
        identity: { type: "UserAssigned" },
      });
      expect(only(tf, "azurerm_role_assignment")).toMatchObject({ role_definition_name: "Network Contributor", scope: "/vnets/hub" });
    },
  },
  "arc-gateway": {
    source: `${STACK}
import { ArcGateway, ArcGatewayAssociation } from "./lib/arc-gateway";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  const gateway = new ArcGateway(stack, "Gateway", { name: "arcgw-sample", resourceGroupId: \`/subscriptions/\${SUB}/resourceGroups/rg-gw\`, location: "westeurope" });
  new ArcGatewayAssociation(stack, "Web01", { gatewayId: gateway.gatewayId, target: { machineId: \`/subscriptions/\${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01\` } });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azapi_resource")).toMatchObject({ type: "Microsoft.HybridCompute/gateways@2026-07-15", name: "arcgw-sample", parent_id: `/subscriptions/${SUB}/resourceGroups/rg-gw`, body: { properties: { gatewayType: "Public", allowedFeatures: ["*"] } } });
      const settings = only(tf, "azapi_update_resource");
      expect(settings).toMatchObject({ type: "Microsoft.HybridCompute/settings@2026-07-15", name: "default", parent_id: `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01` });
      expect(settings.body.properties.gatewayProperties.gatewayResourceId).toMatch(/^\$\{azapi_resource\.[A-Za-z0-9_]+\.id\}$/);
      expect(only(tf, "azapi_resource_action")).toMatchObject({ method: "PUT", when: "destroy", body: { properties: { gatewayProperties: { gatewayResourceId: null } } } });
    },
  },
  "arc-machines": {
    source: `${STACK}
import { ArcMachineScopeAssociation } from "./lib/arc-machines";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new ArcMachineScopeAssociation(stack, "Web01", {
    machineId: \`/subscriptions/\${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01\`,
    privateLinkScopeId: \`/subscriptions/\${SUB}/resourceGroups/rg-conn/providers/Microsoft.HybridCompute/privateLinkScopes/pls-sample\`,
  });
  return synth(stack);
}
`,
    check: (tf) => {
      const machine = `/subscriptions/${SUB}/resourceGroups/rg-arc/providers/Microsoft.HybridCompute/machines/web01`;
      const scope = `/subscriptions/${SUB}/resourceGroups/rg-conn/providers/Microsoft.HybridCompute/privateLinkScopes/pls-sample`;
      expect(only(tf, "azapi_update_resource")).toMatchObject({ type: "Microsoft.HybridCompute/machines@2026-07-15", resource_id: machine, body: { properties: { privateLinkScopeResourceId: scope } } });
      expect(only(tf, "azapi_resource_action")).toMatchObject({ resource_id: machine, method: "PATCH", when: "destroy", body: { properties: { privateLinkScopeResourceId: null } } });
    },
  },
  "arc-kubernetes": {
    source: `${STACK}
import { ArcKubernetesAgents } from "./lib/arc-kubernetes";
export function sample(outdir: string) {
  const stack = stackIn(outdir);
  new ArcKubernetesAgents(stack, "Agents", {
    name: "edge1", resourceGroupId: \`/subscriptions/\${SUB}/resourceGroups/rg-k8s\`, resourceGroupName: "rg-k8s", location: "westeurope",
    subscriptionId: SUB, tenantId: "${TENANT}", distribution: "k3s", infrastructure: "generic",
    connectivity: { gatewayId: \`/subscriptions/\${SUB}/resourceGroups/rg-gw/providers/Microsoft.HybridCompute/gateways/arcgw-east\` },
    chart: { repository: "oci://mcr.microsoft.com/azurearck8s/batch1/stable", version: "1.36.1" },
  });
  return synth(stack);
}
`,
    check: (tf) => {
      expect(only(tf, "azapi_resource")).toMatchObject({ type: "Microsoft.Kubernetes/connectedClusters@2026-05-01", name: "edge1", body: { properties: { distribution: "k3s", infrastructure: "generic", privateLinkState: "Disabled" } } });
      const updates = all(tf, "azapi_update_resource");
      expect(updates.map((u) => u.type).sort()).toEqual(["Microsoft.HybridCompute/settings@2026-07-15", "Microsoft.Kubernetes/connectedClusters@2026-05-01"]);
      expect(updates.find((u) => u.name === "default").body.properties.gatewayProperties.gatewayResourceId).toBe(`/subscriptions/${SUB}/resourceGroups/rg-gw/providers/Microsoft.HybridCompute/gateways/arcgw-east`);
      expect(only(tf, "helm_release")).toMatchObject({ name: "azure-arc", namespace: "azure-arc-release", chart: "azure-arc-k8sagents", version: "1.36.1" });
      expect(only(tf, "tls_private_key")).toEqual({ algorithm: "RSA", rsa_bits: 4096 });
    },
  },
};

const vendoring = new Vendoring();
afterAll(() => rmSync(vendoring.root, { recursive: true, force: true }));

it("every folder of lib/ has a sample here", () => {
  expect(Object.keys(SAMPLES).sort()).toEqual(libFolders());
});

describe.each(libFolders())("lib/%s", (folder) => {
  it("its README's Vendoring section names exactly the folders its imports reach and the npm packages they import", () => {
    const documented = documentedCopy(folder);
    const needed = copySet(folder);
    expect(needed.problems).toEqual([]);
    expect(documented.folders[0]).toBe(folder);
    expect({ folders: [...documented.folders].sort(), packages: [...documented.packages].sort() }).toEqual({ folders: [...needed.folders].sort(), packages: needed.packages });
  });

  it("copied alone with them into an empty project, it type-checks and its sample synthesizes", () => {
    const { folders, packages } = documentedCopy(folder);
    const project = vendoring.project(folder, folders, packages, SAMPLES[folder].source);
    const { diagnostics, files } = vendoring.typeCheck(project);
    expect(diagnostics).toEqual([]);
    // Nothing came from the repository but its node_modules: every source file is the copy's, or a package's.
    expect(files.filter((f) => !f.startsWith(project.dir + path.sep) && !f.startsWith(NODE_MODULES + path.sep))).toEqual([]);
    vendoring.transpile(project);
    SAMPLES[folder].check(run(project));
  });
});

describe("the check itself", () => {
  it("refuses a copy without a folder it imports, and a bare import of a package the README does not name", () => {
    const withoutEndpoint = vendoring.project("negative-folder", ["arc", "core"], ["@cdktf/provider-azurerm", "cdktf", "constructs", "ipaddr.js"], SAMPLES.arc.source);
    expect(vendoring.typeCheck(withoutEndpoint).diagnostics).toContain(`lib/arc/private-link-scope.ts:${lineOf("arc/private-link-scope.ts", '"../private-endpoint"')}: Cannot find module '../private-endpoint' or its corresponding type declarations.`);
    const withoutIpaddr = vendoring.project("negative-package", ["core"], ["cdktf", "constructs"], SAMPLES.core.source);
    expect(vendoring.typeCheck(withoutIpaddr).diagnostics).toEqual([`lib/core/cidr.ts:${lineOf("core/cidr.ts", '"ipaddr.js"')}: Cannot find module 'ipaddr.js' or its corresponding type declarations.`]);
  });
});

/** Runs the transpiled sample of a project. */
function run(project: VendoredProject): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(project.sample.replace(/\.ts$/, ".js")) as { sample(outdir: string): unknown };
  return loaded.sample(path.join(project.dir, "cdktf.out"));
}

/** The 1-based line of lib/<file> that holds `text`. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(path.join(LIB, file), "utf8").split("\n");
  return lines.findIndex((l) => l.includes(text)) + 1;
}

