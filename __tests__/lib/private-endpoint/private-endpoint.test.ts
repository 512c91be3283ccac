import { TerraformOutput, TerraformVariable } from "cdktf";
import { SubnetRef } from "../../../lib/core";
import { MAX_PRIVATE_ENDPOINT_NAME_LENGTH, MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK, MAX_REQUEST_MESSAGE_LENGTH, PrivateEndpoint, serviceZoneGroupIds } from "../../../lib/private-endpoint";
import { stack, synthStack } from "../../support/synth";
import { exactly } from "../../support/errors";

const subnet: SubnetRef = { subnetId: "/subnets/endpoints", name: "snet-endpoints", location: "westeurope", virtualNetworkId: "/vnets/hub", virtualNetworkKey: "hub" };
const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv1";
const base = { name: "pe-kv", resourceGroupName: "rg", subnet, targetResourceId: VAULT, subresourceNames: ["vault"] };
const tags = { env: "test" };
const PE = "azurerm_private_endpoint.Pe_91E5BC1D";


/** The one endpoint resource of a stack. */
function endpointOf(s: ReturnType<typeof stack>): Record<string, unknown> {
  const tf = synthStack(s);
  expect(Object.keys(tf.resource)).toEqual(["azurerm_private_endpoint"]);
  expect(Object.keys(tf.resource.azurerm_private_endpoint)).toEqual(["Pe_91E5BC1D"]);
  return tf.resource.azurerm_private_endpoint.Pe_91E5BC1D;
}

describe("PrivateEndpoint", () => {
  it("connects to the target (id in canonical casing) and puts every zone in one zone group, tagged", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, targetResourceId: VAULT.replace("resourceGroups", "resourcegroups").replace("Microsoft.KeyVault/vaults", "microsoft.keyvault/VAULTS"), privateDnsZoneIds: ["/z1", "/z2", "/z3"], tags });
    expect(endpointOf(s)).toEqual({
      name: "pe-kv",
      location: "westeurope",
      resource_group_name: "rg",
      subnet_id: "/subnets/endpoints",
      custom_network_interface_name: "nic-pe-kv",
      private_service_connection: { name: "psc-kv", private_connection_resource_id: VAULT, subresource_names: ["vault"], is_manual_connection: false },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: ["/z1", "/z2", "/z3"] },
      tags,
    });
  });

  it("without zones: no zone group, no lifecycle, no tags; the given NIC and zone group names", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, name: "kv-pe-1", customNetworkInterfaceName: "nic-custom", dnsZoneGroupName: "unused", privateDnsZoneIds: [], subresourceNames: ["vault", "other"] });
    expect(endpointOf(s)).toEqual({
      name: "kv-pe-1",
      location: "westeurope",
      resource_group_name: "rg",
      subnet_id: "/subnets/endpoints",
      custom_network_interface_name: "nic-custom",
      private_service_connection: { name: "psc-kv-pe-1", private_connection_resource_id: VAULT, subresource_names: ["vault", "other"], is_manual_connection: false },
    });
  });

  it("names the zone group as given", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, privateDnsZoneIds: ["/z1"], dnsZoneGroupName: "arc" });
    expect(endpointOf(s).private_dns_zone_group).toEqual({ name: "arc", private_dns_zone_ids: ["/z1"] });
  });

  it("passes a target id it does not parse (a token, a child resource) as written", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, targetResourceId: "${azurerm_key_vault.kv.id}" });
    expect(endpointOf(s).private_service_connection).toEqual({ name: "psc-kv", private_connection_resource_id: "${azurerm_key_vault.kv.id}", subresource_names: ["vault"], is_manual_connection: false });
  });

  it("manual approval: is_manual_connection with the request message", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, manualApproval: { requestMessage: "Platform hub, ticket 42" } });
    expect(endpointOf(s)).toEqual({
      name: "pe-kv",
      location: "westeurope",
      resource_group_name: "rg",
      subnet_id: "/subnets/endpoints",
      custom_network_interface_name: "nic-pe-kv",
      private_service_connection: { name: "psc-kv", private_connection_resource_id: VAULT, subresource_names: ["vault"], is_manual_connection: true, request_message: "Platform hub, ticket 42" },
    });
  });

  it("lets Azure Policy own the zone group by ignoring changes to it", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, dnsZoneGroupManagedByPolicy: true, privateDnsZoneIds: [] });
    expect(endpointOf(s)).toEqual({
      name: "pe-kv",
      location: "westeurope",
      resource_group_name: "rg",
      subnet_id: "/subnets/endpoints",
      custom_network_interface_name: "nic-pe-kv",
      private_service_connection: { name: "psc-kv", private_connection_resource_id: VAULT, subresource_names: ["vault"], is_manual_connection: false },
      lifecycle: { ignore_changes: ["private_dns_zone_group"] },
    });
  });

  it("dnsZoneGroupManagedByPolicy: false keeps the zone group with Terraform", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, dnsZoneGroupManagedByPolicy: false, privateDnsZoneIds: ["/z1"] });
    const pe = endpointOf(s);
    expect([pe.lifecycle, pe.private_dns_zone_group]).toEqual([undefined, { name: "default", private_dns_zone_ids: ["/z1"] }]);
  });

  it("exposes the endpoint's id, private IP, DNS record sets and custom DNS configs as references", () => {
    const s = stack();
    const pe = new PrivateEndpoint(s, "Pe", base);
    new TerraformOutput(s, "out", { value: [pe.privateEndpointId, pe.privateIpAddress, pe.dnsRecordSets, pe.customDnsConfigs, pe.resource.id] });
    expect(synthStack(s).output.out.value).toEqual([
      `\${${PE}.id}`,
      `\${${PE}.private_service_connection[0].private_ip_address}`,
      `\${flatten(${PE}.private_dns_zone_configs[*].record_sets)}`,
      `\${${PE}.custom_dns_configs}`,
      `\${${PE}.id}`,
    ]);
  });

  it("imports an existing endpoint without creating one", () => {
    const s = stack();
    const pe = PrivateEndpoint.fromPrivateEndpointId(s, "Imported", "/pe/1");
    expect(pe.privateEndpointId).toBe("/pe/1");
    expect(synthStack(s).resource).toBeUndefined();
  });

  it("fails when no sub-resource is named", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, subresourceNames: [] })).toThrow(
      exactly('test/Pe.subresourceNames: an endpoint needs at least one sub-resource (group id); got []. Fix: name one, e.g. ["hybridcompute"]'),
    );
  });

  it("fails when Azure Policy owns the zone group and zones are given too", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, dnsZoneGroupManagedByPolicy: true, privateDnsZoneIds: ["/z1", "/z2"] })).toThrow(
      exactly("test/Pe.privateDnsZoneIds: an endpoint whose zone group Azure Policy owns gets no zones from Terraform; got 2. Fix: drop privateDnsZoneIds or dnsZoneGroupManagedByPolicy"),
    );
  });
});

describe("PrivateEndpoint region", () => {
  it("defaults to the subnet's region, and passes when it is set to it", () => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, location: "westeurope" });
    expect(endpointOf(s).location).toBe("westeurope");
  });

  it("fails when the endpoint and its virtual network are in different regions", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, location: "eastus" })).toThrow(
      exactly('test/Pe.location: a private endpoint must be in the region of its virtual network (westeurope); got "eastus". Fix: remove location or set it to "westeurope"'),
    );
  });

  it("passes a region or subnet region given as a Terraform expression unchecked", () => {
    const s = stack();
    const region = new TerraformVariable(s, "region", { type: "string" });
    new PrivateEndpoint(s, "Pe", { ...base, location: region.stringValue });
    expect(endpointOf(s).location).toBe("${var.region}");
    const s2 = stack();
    const subnetRegion = new TerraformVariable(s2, "subnet_region", { type: "string" });
    new PrivateEndpoint(s2, "Pe", { ...base, subnet: { ...subnet, location: subnetRegion.stringValue }, location: "eastus" });
    expect(endpointOf(s2).location).toBe("eastus");
  });
});

describe("PrivateEndpoint limits", () => {
  const nameRule = (name: string) =>
    `test/Pe.name: a private endpoint name is 2-64 of letters, digits, '.', '-', '_', starting with a letter or digit and ending with one or '_'; got ${JSON.stringify(name)}. Fix: shorten or rename it (boundedName in lib/core cuts a name to a limit and keeps it unique)`;
  const nameOf = (name: string) => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, name });
    return endpointOf(s).name;
  };

  it("are Azure's: names of 64 characters, 1,000 endpoints per network, request messages of 140 bytes", () => {
    expect([MAX_PRIVATE_ENDPOINT_NAME_LENGTH, MAX_PRIVATE_ENDPOINTS_PER_VIRTUAL_NETWORK, MAX_REQUEST_MESSAGE_LENGTH]).toEqual([64, 1000, 140]);
  });

  it("passes at the limits: names of 64 and of 2 characters", () => {
    expect(nameOf("p".repeat(64))).toBe("p".repeat(64));
    expect(nameOf("pe")).toBe("pe");
  });

  it("fails when the name has 65 characters, 1 or none", () => {
    for (const name of ["p".repeat(65), `pe-${"x".repeat(61)}_`, "p", ""]) {
      expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name })).toThrow(exactly(nameRule(name)));
    }
  });

  it("passes for every allowed character, ending in a letter, a digit or '_'", () => {
    expect(["Pe.kv-1_A", "0pe_", "P-9", "a.b"].map(nameOf)).toEqual(["Pe.kv-1_A", "0pe_", "P-9", "a.b"]);
  });

  it.each(["pe-", "pe.", "-pe", "_pe", ".pe", "pe kv", "pe/kv", "pé-kv", "pe-kv\n"])("fails when the name is %j", (name) => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, name })).toThrow(exactly(nameRule(name)));
  });

  it("passes a name given as a Terraform expression unchecked", () => {
    const s = stack();
    const name = new TerraformVariable(s, "endpoint_name", { type: "string" });
    new PrivateEndpoint(s, "Pe", { ...base, name: name.stringValue, customNetworkInterfaceName: "nic-kv" });
    expect(endpointOf(s).name).toBe("${var.endpoint_name}");
  });

  it("passes at the limit: 1,000 endpoints in one virtual network; fails at the 1,001st; the count is per network", () => {
    const s = stack();
    for (let i = 0; i < 1000; i++) new PrivateEndpoint(s, `Pe${i}`, { ...base, name: `pe-${i}` });
    expect(() => new PrivateEndpoint(s, "Pe1000", { ...base, name: "pe-1000" })).toThrow(
      exactly("test/Pe1000: a virtual network holds at most 1,000 private endpoints: this would be number 1001, and Azure allows 1000; got 1001. Fix: put the endpoints in more virtual networks"),
    );
    const other = new PrivateEndpoint(s, "Other", { ...base, name: "pe-other", subnet: { ...subnet, virtualNetworkKey: "other" } });
    expect(other.node.path).toBe("test/Other");
  });

  const messageRule = (message: string, bytes: number, fix: string) =>
    `test/Pe.manualApproval.requestMessage: a request message has 1 to 140 bytes in UTF-8 (it has ${bytes}); got ${JSON.stringify(message)}. Fix: ${fix}`;
  const messageOf = (requestMessage: string) => {
    const s = stack();
    new PrivateEndpoint(s, "Pe", { ...base, manualApproval: { requestMessage } });
    return (endpointOf(s).private_service_connection as { request_message: string }).request_message;
  };

  it("passes at the limits: request messages of 1 and of 140 bytes (140 ASCII, 70 x \"é\")", () => {
    expect(["x", "x".repeat(140), "é".repeat(70)].map(messageOf)).toEqual(["x", "x".repeat(140), "é".repeat(70)]);
  });

  it("fails when the request message is empty", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "" } })).toThrow(exactly(messageRule("", 0, "write one")));
  });

  it("fails when the request message has 141 bytes (141 ASCII) or 142 (71 x \"é\")", () => {
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "x".repeat(141) } })).toThrow(exactly(messageRule("x".repeat(141), 141, "shorten it")));
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: "é".repeat(71) } })).toThrow(exactly(messageRule("é".repeat(71), 142, "shorten it")));
  });

  it("counts a Terraform escape ($${, %%{) as the characters it stands for", () => {
    expect(messageOf(`${"x".repeat(137)}$\${}`)).toBe(`${"x".repeat(137)}$\${}`);
    expect(messageOf(`${"x".repeat(137)}%%{}`)).toBe(`${"x".repeat(137)}%%{}`);
    const long = `${"x".repeat(138)}$\${}`;
    expect(() => new PrivateEndpoint(stack(), "Pe", { ...base, manualApproval: { requestMessage: long } })).toThrow(exactly(messageRule(long, 141, "shorten it")));
  });

  it("passes a request message given as a Terraform expression unchecked", () => {
    const s = stack();
    const message = new TerraformVariable(s, "message", { type: "string" });
    new PrivateEndpoint(s, "Pe", { ...base, manualApproval: { requestMessage: message.stringValue } });
    expect(endpointOf(s).private_service_connection).toEqual({ name: "psc-kv", private_connection_resource_id: VAULT, subresource_names: ["vault"], is_manual_connection: true, request_message: "${var.message}" });
  });
});

describe("serviceZoneGroupIds", () => {
  const zones = ["privatelink.his.arc.azure.com", "privatelink.guestconfiguration.azure.com"];
  const rule = "an Arc endpoint needs both zones";

  it("gives the ids in the order of the service's zones, ignoring others", () => {
    expect(serviceZoneGroupIds("arc", { privateDnsZoneIds: { "privatelink.guestconfiguration.azure.com": "/gc", other: "/o", "privatelink.his.arc.azure.com": "/his" } }, zones, rule, "ARC_ZONES")).toEqual(["/his", "/gc"]);
    expect(serviceZoneGroupIds("arc", { privateDnsZoneIds: {} }, [], rule, "ARC_ZONES")).toEqual([]);
  });

  it("gives nothing when Azure Policy owns the zone group, whatever ids are given", () => {
    expect(serviceZoneGroupIds("arc", { dnsZoneGroupManagedByPolicy: true }, zones, rule, "ARC_ZONES")).toBeUndefined();
    expect(serviceZoneGroupIds("arc", { dnsZoneGroupManagedByPolicy: true, privateDnsZoneIds: { [zones[0]]: "/his" } }, zones, rule, "ARC_ZONES")).toBeUndefined();
  });

  it("fails when a zone's id is missing, naming every missing zone and the ids given", () => {
    expect(() => serviceZoneGroupIds("arc", { privateDnsZoneIds: { other: "/o", [zones[1]]: "/gc" } }, zones, rule, "ARC_ZONES")).toThrow(
      exactly(`arc.endpoint.privateDnsZoneIds: an Arc endpoint needs both zones; missing ${zones[0]}; got ["other","${zones[1]}"]. Fix: pass an id for each of ARC_ZONES, or let Azure Policy own the zone group`),
    );
    expect(() => serviceZoneGroupIds("arc", { dnsZoneGroupManagedByPolicy: false }, zones, rule, "ARC_ZONES")).toThrow(
      exactly(`arc.endpoint.privateDnsZoneIds: an Arc endpoint needs both zones; missing ${zones[0]}, ${zones[1]}; got []. Fix: pass an id for each of ARC_ZONES, or let Azure Policy own the zone group`),
    );
  });
});
