import { MONITOR_PRIVATE_DNS_ZONES, MonitorPrivateLinkScope } from "../../../lib/monitor";
import { resources, stack, synthStack } from "../../support/synth";

const law = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log1";
const dce = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionEndpoints/dce1";
const subnet = { subnetId: "/s", name: "snet", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };

describe("MonitorPrivateLinkScope", () => {
  it("defaults both access modes to PrivateOnly, scopes each resource, endpoint azuremonitor with five zones", () => {
    const s = stack();
    new MonitorPrivateLinkScope(s, "Ampls", {
      name: "ampls-contoso",
      resourceGroupName: "rg",
      linkedResourceIds: [law, dce],
      endpoint: { subnet, privateDnsZoneIds: Object.fromEntries(MONITOR_PRIVATE_DNS_ZONES.map((z) => [z, `/zones/${z}`])) },
    });
    const tf = synthStack(s);
    expect(resources(tf, "azurerm_monitor_private_link_scope")[0]).toEqual(expect.objectContaining({ ingestion_access_mode: "PrivateOnly", query_access_mode: "PrivateOnly" }));
    expect(resources(tf, "azurerm_monitor_private_link_scoped_service").map((r) => [r.name, r.linked_resource_id]).sort()).toEqual([
      ["amplss-datacollectionendpoints-dce1", dce],
      ["amplss-workspaces-log1", law],
    ]);
    const [pe] = resources(tf, "azurerm_private_endpoint");
    expect(pe.private_service_connection.subresource_names).toEqual(["azuremonitor"]);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toHaveLength(5);
  });

  it("fails when a linked resource is not a Monitor resource, or repeats", () => {
    const kv = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";
    expect(() => new MonitorPrivateLinkScope(stack(), "Ampls", { name: "a", resourceGroupName: "rg", linkedResourceIds: [kv] })).toThrow(/test\/Ampls\.linkedResourceIds\[0\]: must be the ARM id of a Log Analytics workspace/);
    expect(() => new MonitorPrivateLinkScope(stack(), "Ampls", { name: "a", resourceGroupName: "rg", linkedResourceIds: [law, law] })).toThrow(/linkedResourceIds\[1\]: each resource is scoped once/);
  });

  it("fails when the endpoint misses a zone", () => {
    expect(() => new MonitorPrivateLinkScope(stack(), "Ampls", { name: "a", resourceGroupName: "rg", endpoint: { subnet, privateDnsZoneIds: {} } })).toThrow(/needs all five zones; missing privatelink\.monitor\.azure\.com/);
  });
});
