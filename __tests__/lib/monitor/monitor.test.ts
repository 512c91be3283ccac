import { createHash } from "node:crypto";
import { TerraformOutput } from "cdktf";
import { MAX_SCOPED_SERVICE_NAME_LENGTH, MONITOR_PRIVATE_DNS_ZONES, MONITOR_SCOPED_TYPES, MonitorPrivateLinkScope, MonitorPrivateLinkScopeProps } from "../../../lib/monitor";
import { stack, synthStack } from "../../support/synth";
import { failure } from "../../support/errors";

const SUB = "00000000-0000-0000-0000-000000000000";
const id = (type: string, name: string, rg = "rg") => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/${type}/${name}`;
const law = id("Microsoft.OperationalInsights/workspaces", "log1");
const dce = id("Microsoft.Insights/dataCollectionEndpoints", "dce1");
const appi = id("Microsoft.Insights/components", "appi1");
const subnet = { subnetId: "/s", name: "snet", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const zones = Object.fromEntries(MONITOR_PRIVATE_DNS_ZONES.map((z) => [z, `/zones/${z}`]));
const SCOPE_NAME = /^\$\{azurerm_monitor_private_link_scope\.Ampls_[0-9A-F]{8}\.name\}$/;
const hash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 6);


function synth(props: Partial<MonitorPrivateLinkScopeProps>) {
  const s = stack();
  const scope = new MonitorPrivateLinkScope(s, "Ampls", { name: "ampls-contoso", resourceGroupName: "rg", ...props });
  return { scope, tf: synthStack(s) };
}

/** Scoped services by name: the id they link (`count` of them, each in the scope's resource group). */
function scoped(tf: Record<string, any>, count: number): Record<string, string> {
  const services = Object.values<Record<string, string>>(tf.resource.azurerm_monitor_private_link_scoped_service ?? {});
  expect(services.length).toBe(count);
  for (const r of services) {
    expect(Object.keys(r).sort()).toEqual(["linked_resource_id", "name", "resource_group_name", "scope_name"]);
    expect(r.resource_group_name).toBe("rg");
    expect(r.scope_name).toMatch(SCOPE_NAME);
  }
  return Object.fromEntries(services.map((r) => [r.name, r.linked_resource_id]));
}

describe("MonitorPrivateLinkScope", () => {
  it("lists the scoped types and the five Azure Monitor zones", () => {
    expect(MONITOR_SCOPED_TYPES).toEqual(["Microsoft.OperationalInsights/workspaces", "Microsoft.Insights/dataCollectionEndpoints", "Microsoft.Insights/components"]);
    expect(MONITOR_PRIVATE_DNS_ZONES).toEqual(["privatelink.monitor.azure.com", "privatelink.oms.opinsights.azure.com", "privatelink.ods.opinsights.azure.com", "privatelink.agentsvc.azure-automation.net", "privatelink.blob.core.windows.net"]);
    expect(MAX_SCOPED_SERVICE_NAME_LENGTH).toBe(64);
  });

  it("defaults both access modes to PrivateOnly; nothing else without linked resources or an endpoint", () => {
    const s = stack();
    const scope = new MonitorPrivateLinkScope(s, "Ampls", { name: "ampls-contoso", resourceGroupName: "rg" });
    new TerraformOutput(s, "id", { value: scope.privateLinkScopeId });
    const tf = synthStack(s);
    expect(tf.resource).toStrictEqual({
      azurerm_monitor_private_link_scope: { [scope.resource.friendlyUniqueId]: { name: "ampls-contoso", resource_group_name: "rg", ingestion_access_mode: "PrivateOnly", query_access_mode: "PrivateOnly" } },
    });
    expect(tf.output.id.value).toBe(`\${azurerm_monitor_private_link_scope.${scope.resource.friendlyUniqueId}.id}`);
    expect(scope.endpoint).toBeUndefined();
  });

  it("takes Open access modes and tags", () => {
    const { scope, tf } = synth({ ingestionAccessMode: "Open", queryAccessMode: "Open", tags: { owner: "platform" } });
    expect(tf.resource.azurerm_monitor_private_link_scope[scope.resource.friendlyUniqueId]).toStrictEqual({
      name: "ampls-contoso",
      resource_group_name: "rg",
      ingestion_access_mode: "Open",
      query_access_mode: "Open",
      tags: { owner: "platform" },
    });
    const mixed = synth({ ingestionAccessMode: "Open" });
    expect(Object.values(mixed.tf.resource.azurerm_monitor_private_link_scope)).toStrictEqual([{ name: "ampls-contoso", resource_group_name: "rg", ingestion_access_mode: "Open", query_access_mode: "PrivateOnly" }]);
  });

  it("scopes each linked resource of the three types, named amplss-<type>-<name>, the id in the canonical casing", () => {
    const lowerAppi = appi.replace("resourceGroups", "resourcegroups").replace("Microsoft.Insights/components", "microsoft.insights/COMPONENTS");
    const { tf } = synth({ linkedResourceIds: [law, dce, lowerAppi] });
    expect(scoped(tf, 3)).toEqual({
      "amplss-workspaces-log1": law,
      "amplss-datacollectionendpoints-dce1": dce,
      "amplss-components-appi1": appi,
    });
  });

  it("of two resources of one type and name, the later one gets a hash of its whole id; the first keeps its name", () => {
    const other = id("Microsoft.OperationalInsights/workspaces", "log1", "rg2");
    const { tf } = synth({ linkedResourceIds: [law, other] });
    expect(scoped(tf, 2)).toEqual({
      "amplss-workspaces-log1": law,
      [`amplss-workspaces-log1-${hash(other.toLowerCase())}`]: other,
    });
  });

  it("keeps a scoped-service name of 64 characters, cuts one of 65 to 64 ending in a hash", () => {
    const at = "w".repeat(64 - "amplss-workspaces-".length);
    const past = `${at}x`;
    const { tf } = synth({ linkedResourceIds: [id("Microsoft.OperationalInsights/workspaces", at), id("Microsoft.OperationalInsights/workspaces", past)] });
    const full = `amplss-workspaces-${past}`;
    expect(scoped(tf, 2)).toEqual({
      [`amplss-workspaces-${at}`]: id("Microsoft.OperationalInsights/workspaces", at),
      [`${full.slice(0, 57)}-${hash(full)}`]: id("Microsoft.OperationalInsights/workspaces", past),
    });
    expect(Object.keys(scoped(tf, 2)).map((n) => n.length)).toEqual([64, 64]);
  });

  it("fails when a linked resource is not a Monitor resource, passes for each Monitor type", () => {
    const notMonitor = (i: number, value: string) =>
      `test/Ampls.linkedResourceIds[${i}]: must be the ARM id of a Log Analytics workspace, data collection endpoint or Application Insights component (Microsoft.OperationalInsights/workspaces, Microsoft.Insights/dataCollectionEndpoints, Microsoft.Insights/components); got "${value}". Fix: use /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>`;
    const kv = id("Microsoft.KeyVault/vaults", "kv");
    expect(failure(() => synth({ linkedResourceIds: [law, kv] }))).toBe(notMonitor(1, kv));
    // A type next to a Monitor type, and text that is no ARM id.
    const dcr = id("Microsoft.Insights/dataCollectionRules", "dcr");
    expect(failure(() => synth({ linkedResourceIds: [dcr] }))).toBe(notMonitor(0, dcr));
    expect(failure(() => synth({ linkedResourceIds: ["log1"] }))).toBe(notMonitor(0, "log1"));
    for (const ok of [law, dce, appi]) expect(() => synth({ linkedResourceIds: [ok] })).not.toThrow();
  });

  it("fails when a linked resource repeats (in any casing); the same name in another resource group is another resource", () => {
    expect(failure(() => synth({ linkedResourceIds: [law, dce, law.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")] }))).toBe(
      `test/Ampls.linkedResourceIds[2]: each resource is scoped once (also linkedResourceIds[0]); got "${law.toUpperCase().replace("/SUBSCRIPTIONS/", "/subscriptions/")}". Fix: remove the duplicate`,
    );
    expect(failure(() => synth({ linkedResourceIds: [dce, law, law] }))).toBe(`test/Ampls.linkedResourceIds[2]: each resource is scoped once (also linkedResourceIds[1]); got "${law}". Fix: remove the duplicate`);
    expect(() => synth({ linkedResourceIds: [law, id("Microsoft.OperationalInsights/workspaces", "log1", "rg2")] })).not.toThrow();
  });

  it("fails when a linked id is known only at apply (scoped services are named after it)", () => {
    const s = stack();
    const first = new MonitorPrivateLinkScope(s, "First", { name: "ampls-a", resourceGroupName: "rg" });
    expect(failure(() => new MonitorPrivateLinkScope(s, "Ampls", { name: "ampls-b", resourceGroupName: "rg", linkedResourceIds: [law, first.privateLinkScopeId] }))).toMatch(
      /^test\/Ampls\.linkedResourceIds\[1\]: scoped services are named after the resource, so the id must be known at synth; got "\$\{TfToken\[TOKEN\.\d+\]\}"\. Fix: pass the literal ARM id$/,
    );
  });

  it("creates its endpoint: sub-resource azuremonitor, the five zones in one group, named after the scope without a leading ampls-", () => {
    const tags = { owner: "platform" };
    const { scope, tf } = synth({ tags, endpoint: { subnet, privateDnsZoneIds: zones } });
    expect(scope.endpoint?.node.path).toBe("test/Ampls/Endpoint");
    expect(Object.values(tf.resource.azurerm_private_endpoint)).toStrictEqual([
      {
        name: "pe-contoso-monitor",
        location: "westeurope",
        resource_group_name: "rg",
        subnet_id: "/s",
        custom_network_interface_name: "nic-pe-contoso-monitor",
        private_service_connection: {
          name: "psc-contoso-monitor",
          is_manual_connection: false,
          private_connection_resource_id: `\${azurerm_monitor_private_link_scope.${scope.resource.friendlyUniqueId}.id}`,
          subresource_names: ["azuremonitor"],
        },
        private_dns_zone_group: { name: "default", private_dns_zone_ids: MONITOR_PRIVATE_DNS_ZONES.map((z) => `/zones/${z}`) },
        tags,
      },
    ]);
    const other = synth({ name: "contoso-ampls-x", endpoint: { subnet, privateDnsZoneIds: zones } });
    expect(Object.values<Record<string, string>>(other.tf.resource.azurerm_private_endpoint).map((e) => e.name)).toEqual(["pe-contoso-ampls-x-monitor"]);
  });

  it("policy-owned DNS: no zones needed, no zone group, changes to the group ignored", () => {
    const { scope, tf } = synth({ endpoint: { subnet, dnsZoneGroupManagedByPolicy: true } });
    expect(Object.values(tf.resource.azurerm_private_endpoint)).toStrictEqual([
      {
        name: "pe-contoso-monitor",
        location: "westeurope",
        resource_group_name: "rg",
        subnet_id: "/s",
        custom_network_interface_name: "nic-pe-contoso-monitor",
        private_service_connection: {
          name: "psc-contoso-monitor",
          is_manual_connection: false,
          private_connection_resource_id: `\${azurerm_monitor_private_link_scope.${scope.resource.friendlyUniqueId}.id}`,
          subresource_names: ["azuremonitor"],
        },
        lifecycle: { ignore_changes: ["private_dns_zone_group"] },
      },
    ]);
  });

  it("fails when the endpoint misses a zone, passes with all five", () => {
    const { ["privatelink.blob.core.windows.net"]: _blob, ...four } = zones;
    expect(failure(() => synth({ endpoint: { subnet, privateDnsZoneIds: four } }))).toBe(
      'test/Ampls.endpoint.privateDnsZoneIds: the Azure Monitor zone group needs all five zones; missing privatelink.blob.core.windows.net; got ["privatelink.monitor.azure.com","privatelink.oms.opinsights.azure.com","privatelink.ods.opinsights.azure.com","privatelink.agentsvc.azure-automation.net"]. Fix: pass an id for each of MONITOR_PRIVATE_DNS_ZONES, or let Azure Policy own the zone group',
    );
    expect(() => synth({ endpoint: { subnet, privateDnsZoneIds: zones } })).not.toThrow();
  });
});
