import { PrivateEndpoint as PrivateEndpointResource } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { TerraformOutput, Testing } from "cdktf";
import { SubnetRef } from "../../../lib/core";
import { PrivateEndpoint } from "../../../lib/private-endpoint";
import { resources, stack, synthStack } from "../../support/synth";

const subnet: SubnetRef = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const base = { name: "pe-kv", resourceGroupName: "rg", subnet, targetResourceId: "/kv", subresourceNames: ["vault"] };

describe("PrivateEndpoint", () => {
  it("connects to the target and puts every zone in one zone group", () => {
    const s = stack();
    const pe = new PrivateEndpoint(s, "Pe", { ...base, privateDnsZoneIds: ["/z1", "/z2", "/z3"] });
    expect(Testing.synth(s)).toHaveResourceWithProperties(PrivateEndpointResource, {
      name: "pe-kv",
      location: "westeurope",
      subnet_id: "/subnets/endpoints",
      custom_network_interface_name: "nic-pe-kv",
      private_service_connection: expect.objectContaining({ private_connection_resource_id: "/kv", subresource_names: ["vault"], is_manual_connection: false }),
      private_dns_zone_group: { name: "default", private_dns_zone_ids: ["/z1", "/z2", "/z3"] },
    });
    expect(Testing.synth(s)).not.toMatch(/ignore_changes/);
    new TerraformOutput(s, "ip", { value: pe.privateIpAddress });
    new TerraformOutput(s, "records", { value: pe.dnsRecordSets });
    const out = synthStack(s).output;
    expect(out.ip.value).toMatch(/^\$\{azurerm_private_endpoint\.Pe_\w+\.private_service_connection\[0\]\.private_ip_address\}$/);
    expect(out.records.value).toMatch(/^\$\{flatten\(azurerm_private_endpoint\.Pe_\w+\.private_dns_zone_configs\[\*\]\.record_sets\)\}$/);
  });

  it("manual approval: is_manual_connection with the request message", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, manualApproval: { requestMessage: "Platform hub, ticket 42" } });
    const [pe] = resources(synthStack(s), "azurerm_private_endpoint");
    expect(pe.private_service_connection).toEqual(expect.objectContaining({ is_manual_connection: true, request_message: "Platform hub, ticket 42" }));
    expect(pe.private_dns_zone_group).toBeUndefined();
  });

  it("lets Azure Policy own the zone group by ignoring changes to it", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, dnsZoneGroupManagedByPolicy: true });
    const [pe] = resources(synthStack(s), "azurerm_private_endpoint");
    expect(pe.lifecycle).toEqual({ ignore_changes: ["private_dns_zone_group"] });
    expect(pe.private_dns_zone_group).toBeUndefined();
  });

  it("fails when the request message is longer than 140 characters", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "x".repeat(141) } })).toThrow(
      /test\/Pe\.manualApproval\.requestMessage: a request message has 1 to 140 bytes in UTF-8 \(it has 141\)/,
    );
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "x".repeat(140) } })).not.toThrow();
  });

  it("fails when the endpoint and its virtual network are in different regions", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, location: "eastus" })).toThrow(/test\/Pe\.location: a private endpoint must be in the region of its virtual network \(westeurope\); got "eastus"/);
  });

  it("fails when policy owns the zone group and zones are given too, or no sub-resource is named", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, dnsZoneGroupManagedByPolicy: true, privateDnsZoneIds: ["/z"] })).toThrow(/Azure Policy owns gets no zones/);
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, subresourceNames: [] })).toThrow(/at least one sub-resource/);
  });

  it("imports an existing endpoint without creating one", () => {
    const s = stack();
    const pe = PrivateEndpoint.fromPrivateEndpointId(s, "Imported", "/pe/1");
    expect(pe.privateEndpointId).toBe("/pe/1");
    expect(synthStack(s).resource).toBeUndefined();
  });
});

describe("PrivateEndpoint limits", () => {
  const nameRule = (name: string) =>
    `test/Pe.name: a private endpoint name is 2-64 of letters, digits, '.', '-', '_', starting with a letter or digit and ending with one or '_'; got ${JSON.stringify(name)}. Fix: shorten or rename it (boundedName in lib/core cuts a name to a limit and keeps it unique)`;

  it("passes at the limit: a name of 64 characters", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, name: "p".repeat(64) });
    expect(resources(synthStack(s), "azurerm_private_endpoint")[0].name).toBe("p".repeat(64));
  });

  it("fails when the name has 65 characters", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name: "p".repeat(65) })).toThrow(exactly(nameRule("p".repeat(65))));
  });

  it("fails when the name has 1 character, and passes at 2", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name: "p" })).toThrow(exactly(nameRule("p")));
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name: "pe" })).not.toThrow();
  });

  it("fails when the name ends in '-' (and passes ending in '_')", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name: "pe-" })).toThrow(exactly(nameRule("pe-")));
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name: "pe_" })).not.toThrow();
  });

  it("passes at the limit: 1,000 endpoints in one virtual network; fails at the 1,001st", () => {
    const s = stack();
    for (let i = 0; i < 1000; i++) new PrivateEndpoint(s, `Pe${i}`, { ...base, name: `pe-${i}` });
    expect(() => new PrivateEndpoint(s, "Pe1000", { ...base, name: "pe-1000" })).toThrow(
      exactly("test/Pe1000: a virtual network holds at most 1,000 private endpoints: this would be number 1001, and Azure allows 1000; got 1001. Fix: put the endpoints in more virtual networks"),
    );
    // The count is per virtual network.
    expect(() => new PrivateEndpoint(s, "Other", { ...base, name: "pe-other", subnet: { ...subnet, virtualNetworkKey: "other" } })).not.toThrow();
  });

  it("counts the request message in UTF-8 bytes: 70 x \"é\" (140 bytes) passes, 71 fails", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "é".repeat(70) } })).not.toThrow();
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "é".repeat(71) } })).toThrow(
      exactly(`test/Pe.manualApproval.requestMessage: a request message has 1 to 140 bytes in UTF-8 (it has 142); got "${"é".repeat(71)}". Fix: shorten it`),
    );
  });
});

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
