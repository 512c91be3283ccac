import { SubnetRef } from "../../../lib/core";
import { ARC_SERVICE_TAG_RULES, arcProfileRules, ArcNetworkSecurityGroup, ruleProblems, SecurityRuleSpec } from "../../../lib/nsg";
import { resources, stack, synthStack } from "../../support/synth";

const props = { name: "nsg-x", resourceGroupName: "rg", location: "westeurope" };
const subnet = (name: string): SubnetRef => ({ subnetId: `/subnets/${name}`, name, location: "westeurope", virtualNetworkId: "/vnets/v", virtualNetworkKey: "v" });
const summary = (r: SecurityRuleSpec) => [r.name, r.direction, r.priority, r.sourceAddressPrefix, r.destinationAddressPrefix, r.destinationPortRange, r.protocol, r.access];

describe("Arc NSG rule profiles", () => {
  it("servers: Entra ID and ARM outbound on 443, then deny internet", () => {
    expect(arcProfileRules("servers").map(summary)).toEqual([
      ["AllowAADOutboundAccess", "Outbound", 150, "VirtualNetwork", "AzureActiveDirectory", "443", "Tcp", "Allow"],
      ["AllowAzOutboundAccess", "Outbound", 151, "VirtualNetwork", "AzureResourceManager", "443", "Tcp", "Allow"],
      ["DenyInternetOutbound", "Outbound", 4000, "*", "Internet", "*", "*", "Deny"],
    ]);
  });

  it("kubernetes: adds Front Door both ways and MCR, then deny internet", () => {
    expect(arcProfileRules("kubernetes").map(summary)).toEqual([
      ["AllowAADOutboundAccess", "Outbound", 150, "VirtualNetwork", "AzureActiveDirectory", "443", "Tcp", "Allow"],
      ["AllowAzOutboundAccess", "Outbound", 151, "VirtualNetwork", "AzureResourceManager", "443", "Tcp", "Allow"],
      ["AllowAzureFrontDoorFirstPartyAccess", "Outbound", 152, "VirtualNetwork", "AzureFrontDoor.FirstParty", "443", "Tcp", "Allow"],
      ["AllowAzureFrontDoorFirstPartyInbound", "Inbound", 152, "AzureFrontDoor.FirstParty", "VirtualNetwork", "443", "Tcp", "Allow"],
      ["AllowMCROutboundAccess", "Outbound", 153, "VirtualNetwork", "MicrosoftContainerRegistry", "443", "Tcp", "Allow"],
      ["DenyInternetOutbound", "Outbound", 4000, "*", "Internet", "*", "*", "Deny"],
    ]);
    expect(ARC_SERVICE_TAG_RULES).toHaveLength(5);
  });
});

describe("ArcNetworkSecurityGroup", () => {
  it("holds the profile's rules inline and attaches to each subnet", () => {
    const s = stack();
    new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "kubernetes", subnets: [subnet("nodes"), subnet("ingress")] });
    const tf = synthStack(s);
    const [nsg] = resources(tf, "azurerm_network_security_group");
    expect(nsg.security_rule.map((r: Record<string, unknown>) => [r.name, r.priority, r.direction])).toEqual([
      ["AllowAADOutboundAccess", 150, "Outbound"],
      ["AllowAzOutboundAccess", 151, "Outbound"],
      ["AllowAzureFrontDoorFirstPartyAccess", 152, "Outbound"],
      ["AllowAzureFrontDoorFirstPartyInbound", 152, "Inbound"],
      ["AllowMCROutboundAccess", 153, "Outbound"],
      ["DenyInternetOutbound", 4000, "Outbound"],
    ]);
    expect(nsg.security_rule[0]).toEqual(expect.objectContaining({ source_port_range: "*", destination_port_range: "443", protocol: "Tcp", access: "Allow" }));
    expect(resources(tf, "azurerm_subnet_network_security_group_association").map((a) => a.subnet_id)).toEqual(["/subnets/ingress", "/subnets/nodes"]);
  });

  it("accepts extra rules that fit, and can leave out the deny rule", () => {
    const extra: SecurityRuleSpec = { name: "AllowSsh", priority: 200, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "172.16.0.0/16", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "22" };
    const nsg = new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [extra], denyInternetOutbound: false });
    expect(nsg.rules.map((r) => r.name)).toEqual(["AllowAADOutboundAccess", "AllowAzOutboundAccess", "AllowSsh"]);
  });

  it("fails when a priority collides within a direction", () => {
    const clash: SecurityRuleSpec = { name: "AllowHttp", priority: 150, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "10.9.0.0/16", destinationPortRange: "80" };
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [clash] })).toThrow(
      /priority 150 is already used by AllowAADOutboundAccess in direction Outbound/,
    );
    // The same priority in the other direction is fine.
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...clash, direction: "Inbound" }] })).not.toThrow();
  });

  it("fails when an allow rule comes after the rule that denies internet access", () => {
    const late: SecurityRuleSpec = { name: "AllowMonitor", priority: 4001, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "AzureMonitor", destinationPortRange: "443" };
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [late] })).toThrow(
      /allow rule comes after DenyInternetOutbound \(priority 4000\), which denies internet access, so it never applies; got 4001\. Fix: give AllowMonitor a priority below 4000/,
    );
    // Private destinations are not shadowed by an internet deny.
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...late, destinationAddressPrefix: "10.0.0.0/8" }] })).not.toThrow();
  });

  it("fails on out-of-range priorities and duplicate names", () => {
    const r: SecurityRuleSpec = { name: "X", priority: 99, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", destinationPortRange: "*" };
    expect(ruleProblems("nsg", [r, { ...r, priority: 5000 }]).map((p) => p.message)).toEqual([
      expect.stringMatching(/^an NSG priority is a whole number from 100 to 4096; got 99/),
      expect.stringMatching(/^rule names are unique in an NSG/),
      expect.stringMatching(/^an NSG priority is a whole number from 100 to 4096; got 5000/),
    ]);
  });

  it("fails when attached to GatewaySubnet", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", subnets: [subnet("GatewaySubnet")] })).toThrow(/test\/Nsg\.subnets: an NSG cannot be attached to GatewaySubnet/);
  });
});

describe("ArcNetworkSecurityGroup limits", () => {
  /** An inbound allow from a private range: no clash with the servers profile (outbound 150, 151, 4000). */
  const inbound = (i: number): SecurityRuleSpec => ({ name: `AllowIn${i}`, priority: 200 + i, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "10.0.0.0/8", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "22" });
  const extra = (n: number) => Array.from({ length: n }, (_, i) => inbound(i));

  it("passes at the limit: the servers profile's 3 rules plus 997 additional rules = 1,000", () => {
    const nsg = new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: extra(997) });
    expect(nsg.rules).toHaveLength(1000);
  });

  it("fails when the rules total 1,001", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: extra(998) })).toThrow(
      exactly("test/Nsg.rules: an NSG holds at most 1000 rules (Azure limit); got 1001. Fix: merge rules, or use service tags and address ranges that cover several"),
    );
  });

  it("passes at the limit: a description of 140 bytes (140 ASCII, or 70 x \"é\")", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), description: "d".repeat(140) }] })).not.toThrow();
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), description: "é".repeat(70) }] })).not.toThrow();
  });

  it("fails when a description has 141 bytes, naming additionalRules[0] and the rule", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), description: "d".repeat(141) }] })).toThrow(
      exactly(`test/Nsg.additionalRules[0] (AllowIn0): a rule description has at most 140 bytes in UTF-8 (azurerm counts bytes); got "${"d".repeat(141)}". Fix: shorten it`),
    );
  });

  it("names a problem of additionalRules[i] by its index in additionalRules, not in the merged list", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), priority: 99 }] })).toThrow(
      exactly("test/Nsg.additionalRules[0] (AllowIn0): an NSG priority is a whole number from 100 to 4096; got 99. Fix: pick a priority in that range"),
    );
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [inbound(0), { ...inbound(1), name: "AllowAADOutboundAccess" }] })).toThrow(
      exactly('test/Nsg.additionalRules[1] (AllowAADOutboundAccess): rule names are unique in an NSG (also test/Nsg.profile servers (AllowAADOutboundAccess)); got "AllowAADOutboundAccess". Fix: rename one of them'),
    );
  });
});

/** A RegExp that matches exactly `text` (anchored at both ends), for `toThrow`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}
