import { TerraformOutput } from "cdktf";
import { Problem, SubnetRef } from "../../../lib/core";
import {
  ARC_SERVICE_TAG_RULES,
  arcProfileRules,
  ArcNetworkSecurityGroup,
  DENY_INTERNET_OUTBOUND,
  deniesInternet,
  MAX_RULE_DESCRIPTION_LENGTH,
  MAX_RULES_PER_NSG,
  NSG_PRIORITY_MAX,
  NSG_PRIORITY_MIN,
  ruleProblems,
  SecurityRuleSpec,
} from "../../../lib/nsg";
import { stack, synthStack } from "../../support/synth";
import { exactly } from "../../support/errors";

const props = { name: "nsg-x", resourceGroupName: "rg", location: "westeurope" };
const tags = { env: "test" };
const subnet = (name: string): SubnetRef => ({ subnetId: `/subnets/${name}`, name, location: "westeurope", virtualNetworkId: "/vnets/v", virtualNetworkKey: "v" });


const lines = (problems: readonly Problem[]) => problems.map((p) => `${p.path}: ${p.message}`);

const AAD: SecurityRuleSpec = {
  name: "AllowAADOutboundAccess",
  priority: 150,
  direction: "Outbound",
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefix: "VirtualNetwork",
  sourcePortRange: "*",
  destinationAddressPrefix: "AzureActiveDirectory",
  destinationPortRange: "443",
  description: "Azure Arc: outbound HTTPS to AzureActiveDirectory (public route, not covered by the Arc private link scope)",
};
const ARM: SecurityRuleSpec = {
  ...AAD,
  name: "AllowAzOutboundAccess",
  priority: 151,
  destinationAddressPrefix: "AzureResourceManager",
  description: "Azure Arc: outbound HTTPS to AzureResourceManager (public route, not covered by the Arc private link scope)",
};
const AFD_OUT: SecurityRuleSpec = {
  ...AAD,
  name: "AllowAzureFrontDoorFirstPartyAccess",
  priority: 152,
  destinationAddressPrefix: "AzureFrontDoor.FirstParty",
  description: "Azure Arc: outbound HTTPS to AzureFrontDoor.FirstParty (public route, not covered by the Arc private link scope)",
};
const AFD_IN: SecurityRuleSpec = {
  name: "AllowAzureFrontDoorFirstPartyInbound",
  priority: 152,
  direction: "Inbound",
  access: "Allow",
  protocol: "Tcp",
  sourceAddressPrefix: "AzureFrontDoor.FirstParty",
  sourcePortRange: "*",
  destinationAddressPrefix: "VirtualNetwork",
  destinationPortRange: "443",
  description: "Azure Arc: inbound HTTPS from AzureFrontDoor.FirstParty (Arc-enabled Kubernetes)",
};
const MCR: SecurityRuleSpec = {
  ...AAD,
  name: "AllowMCROutboundAccess",
  priority: 153,
  destinationAddressPrefix: "MicrosoftContainerRegistry",
  description: "Azure Arc: outbound HTTPS to MicrosoftContainerRegistry (public route, not covered by the Arc private link scope)",
};
const DENY: SecurityRuleSpec = {
  name: "DenyInternetOutbound",
  priority: 4000,
  direction: "Outbound",
  access: "Deny",
  protocol: "*",
  sourceAddressPrefix: "*",
  sourcePortRange: "*",
  destinationAddressPrefix: "Internet",
  destinationPortRange: "*",
  description: "Deny all other internet egress; Arc traffic goes through the private endpoint",
};

/** A rule as the azurerm provider's inline `security_rule` block holds it (the fields this library never sets are null). */
const block = (r: SecurityRuleSpec) => ({
  name: r.name,
  priority: r.priority,
  direction: r.direction,
  access: r.access,
  protocol: r.protocol,
  source_address_prefix: r.sourceAddressPrefix,
  source_port_range: r.sourcePortRange,
  destination_address_prefix: r.destinationAddressPrefix,
  destination_port_range: r.destinationPortRange,
  description: r.description ?? null,
  source_address_prefixes: null,
  source_port_ranges: null,
  source_application_security_group_ids: null,
  destination_address_prefixes: null,
  destination_port_ranges: null,
  destination_application_security_group_ids: null,
});

/** An inbound allow from a private range: no clash with the servers profile (outbound 150, 151, 4000). */
const inbound = (i: number): SecurityRuleSpec => ({ name: `AllowIn${i}`, priority: 200 + i, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "10.0.0.0/8", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "22" });
const outboundAllow = (name: string, priority: number, destinationAddressPrefix: string): SecurityRuleSpec => ({ name, priority, direction: "Outbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix, destinationPortRange: "443" });
const outboundDeny = (name: string, priority: number, destinationAddressPrefix: string): SecurityRuleSpec => ({ name, priority, direction: "Outbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix, destinationPortRange: "*" });

describe("Arc NSG rules", () => {
  it("are the documented service-tag rules, with the profiles that use each", () => {
    expect(ARC_SERVICE_TAG_RULES).toEqual([
      { ...AAD, profiles: ["servers", "kubernetes"] },
      { ...ARM, profiles: ["servers", "kubernetes"] },
      { ...AFD_OUT, profiles: ["kubernetes"] },
      { ...AFD_IN, profiles: ["kubernetes"] },
      { ...MCR, profiles: ["kubernetes"] },
    ]);
    expect(DENY_INTERNET_OUTBOUND).toEqual(DENY);
  });

  it("servers: Entra ID and ARM outbound on 443, then deny internet", () => {
    expect(arcProfileRules("servers")).toEqual([AAD, ARM, DENY]);
  });

  it("kubernetes: adds Front Door both ways and MCR, then deny internet", () => {
    expect(arcProfileRules("kubernetes")).toEqual([AAD, ARM, AFD_OUT, AFD_IN, MCR, DENY]);
  });

  it("limits are Azure's: priorities 100-4096, 1,000 rules, descriptions of 140 bytes", () => {
    expect([NSG_PRIORITY_MIN, NSG_PRIORITY_MAX, MAX_RULES_PER_NSG, MAX_RULE_DESCRIPTION_LENGTH]).toEqual([100, 4096, 1000, 140]);
  });
});

describe("ArcNetworkSecurityGroup", () => {
  it("holds the profile's rules inline, field by field, tagged, and attaches to each subnet", () => {
    const s = stack();
    const nsg = new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "kubernetes", subnets: [subnet("nodes"), subnet("ingress")], tags });
    new TerraformOutput(s, "id", { value: nsg.networkSecurityGroupId });
    const tf = synthStack(s);
    expect(tf.resource).toEqual({
      azurerm_network_security_group: {
        Nsg_3066DF64: { name: "nsg-x", resource_group_name: "rg", location: "westeurope", security_rule: [AAD, ARM, AFD_OUT, AFD_IN, MCR, DENY].map(block), tags },
      },
      azurerm_subnet_network_security_group_association: {
        "Nsg_Association-nodes_2992FDBB": { subnet_id: "/subnets/nodes", network_security_group_id: "${azurerm_network_security_group.Nsg_3066DF64.id}" },
        "Nsg_Association-ingress_31B5E018": { subnet_id: "/subnets/ingress", network_security_group_id: "${azurerm_network_security_group.Nsg_3066DF64.id}" },
      },
    });
    expect(tf.output.id.value).toBe("${azurerm_network_security_group.Nsg_3066DF64.id}");
    expect(nsg.rules).toEqual([AAD, ARM, AFD_OUT, AFD_IN, MCR, DENY]);
  });

  it("adds extra rules in priority order (source port * by default), and can leave out the deny rule; untagged, no subnets", () => {
    const s = stack();
    const ssh: SecurityRuleSpec = { ...inbound(0), name: "AllowSsh", priority: 300, sourceAddressPrefix: "172.16.0.0/16", description: "SSH from on-premises" };
    const ntp: SecurityRuleSpec = { name: "AllowNtp", priority: 140, direction: "Outbound", access: "Allow", protocol: "Udp", sourceAddressPrefix: "VirtualNetwork", sourcePortRange: "123", destinationAddressPrefix: "10.20.0.4", destinationPortRange: "123" };
    const nsg = new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "servers", additionalRules: [ssh, ntp], denyInternetOutbound: false });
    expect(nsg.rules).toEqual([ntp, AAD, ARM, ssh]);
    expect(synthStack(s).resource).toEqual({
      azurerm_network_security_group: {
        Nsg_3066DF64: { name: "nsg-x", resource_group_name: "rg", location: "westeurope", security_rule: [block(ntp), block(AAD), block(ARM), block({ ...ssh, sourcePortRange: "*" })] },
      },
    });
  });

  it("keeps the deny rule when denyInternetOutbound is true", () => {
    expect(new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", denyInternetOutbound: true }).rules).toEqual([AAD, ARM, DENY]);
  });

  it("attaches later through associate()", () => {
    const s = stack();
    const nsg = new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "servers" });
    nsg.associate(subnet("late"));
    expect(synthStack(s).resource.azurerm_subnet_network_security_group_association).toEqual({
      "Nsg_Association-late_6A4B61A8": { subnet_id: "/subnets/late", network_security_group_id: "${azurerm_network_security_group.Nsg_3066DF64.id}" },
    });
  });

  it.each(["GatewaySubnet", "gatewaysubnet", "GATEWAYSUBNET"])("fails when attached to %s", (name) => {
    const rule = `test/Nsg.subnets: an NSG cannot be attached to GatewaySubnet; got "${name}". Fix: attach it to workload subnets only`;
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", subnets: [subnet(name)] })).toThrow(exactly(rule));
    const nsg = new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers" });
    expect(() => nsg.associate(subnet(name))).toThrow(exactly(rule));
  });

  it("passes for a subnet whose name only contains GatewaySubnet", () => {
    const s = stack();
    new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "servers", subnets: [subnet("GatewaySubnet2")] });
    expect(Object.values(synthStack(s).resource.azurerm_subnet_network_security_group_association)).toEqual([
      { subnet_id: "/subnets/GatewaySubnet2", network_security_group_id: "${azurerm_network_security_group.Nsg_3066DF64.id}" },
    ]);
  });

  it("fails when a priority collides within a direction; passes for the same priority in the other direction", () => {
    const clash = outboundAllow("AllowHttp", 150, "10.9.0.0/16");
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [clash] })).toThrow(
      exactly("test/Nsg.additionalRules[0] (AllowHttp): priority 150 is already used by AllowAADOutboundAccess in direction Outbound; got 150. Fix: priorities are unique per direction: pick a free one"),
    );
    const inboundClash = { ...clash, direction: "Inbound" as const };
    expect(new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [inboundClash] }).rules).toEqual([AAD, inboundClash, ARM, DENY]);
  });

  it("fails when an allow rule comes after the deny rule; passes just before it, and for private destinations", () => {
    const late = outboundAllow("AllowMonitor", 4001, "AzureMonitor");
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [late] })).toThrow(
      exactly("test/Nsg.additionalRules[0] (AllowMonitor): allow rule comes after DenyInternetOutbound (priority 4000), which denies internet access, so it never applies; got 4001. Fix: give AllowMonitor a priority below 4000"),
    );
    expect(new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...late, priority: 3999 }] }).rules.map((r) => r.name)).toEqual(["AllowAADOutboundAccess", "AllowAzOutboundAccess", "AllowMonitor", "DenyInternetOutbound"]);
    expect(new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...late, destinationAddressPrefix: "10.0.0.0/8" }] }).rules.map((r) => r.name)).toEqual([
      "AllowAADOutboundAccess",
      "AllowAzOutboundAccess",
      "DenyInternetOutbound",
      "AllowMonitor",
    ]);
    // Without the deny rule nothing is shadowed.
    expect(new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [late], denyInternetOutbound: false }).rules.map((r) => r.name)).toEqual(["AllowAADOutboundAccess", "AllowAzOutboundAccess", "AllowMonitor"]);
  });

  it("names a profile's rule by profile and name when an extra deny shadows it", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [outboundDeny("DenyAll", 140, "*")] })).toThrow(
      exactly(
        [
          "test/Nsg.profile servers (AllowAADOutboundAccess): allow rule comes after DenyAll (priority 140), which denies internet access, so it never applies; got 150. Fix: give AllowAADOutboundAccess a priority below 140",
          "test/Nsg.profile servers (AllowAzOutboundAccess): allow rule comes after DenyAll (priority 140), which denies internet access, so it never applies; got 151. Fix: give AllowAzOutboundAccess a priority below 140",
        ].join("\n"),
      ),
    );
  });

  it("names a problem of additionalRules[i] by its index in additionalRules, not in the merged list", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "kubernetes", additionalRules: [inbound(0), { ...inbound(1), priority: 99 }] })).toThrow(
      exactly("test/Nsg.additionalRules[1] (AllowIn1): an NSG priority is a whole number from 100 to 4096; got 99. Fix: pick a priority in that range"),
    );
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [inbound(0), { ...inbound(1), name: "allowaadoutboundaccess" }] })).toThrow(
      exactly('test/Nsg.additionalRules[1] (allowaadoutboundaccess): rule names are unique in an NSG (also test/Nsg.profile servers (AllowAADOutboundAccess)); got "allowaadoutboundaccess". Fix: rename one of them'),
    );
  });
});

describe("ArcNetworkSecurityGroup limits", () => {
  const extra = (n: number) => Array.from({ length: n }, (_, i) => inbound(i));

  it("passes at the limit: the servers profile's 3 rules plus 997 additional rules = 1,000", () => {
    const nsg = new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: extra(997) });
    expect(nsg.rules).toEqual([AAD, ARM, ...extra(997), DENY]);
  });

  it("fails when the rules total 1,001", () => {
    expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: extra(998) })).toThrow(
      exactly("test/Nsg.rules: an NSG holds at most 1000 rules (Azure limit); got 1001. Fix: merge rules, or use service tags and address ranges that cover several"),
    );
  });

  it("passes at the limit: a description of 140 bytes (140 ASCII, or 70 x \"é\")", () => {
    for (const description of ["d".repeat(140), "é".repeat(70)]) {
      const s = stack();
      new ArcNetworkSecurityGroup(s, "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), description }], denyInternetOutbound: false });
      expect(synthStack(s).resource.azurerm_network_security_group.Nsg_3066DF64.security_rule.map((r: { description: string }) => r.description)).toEqual([AAD.description, ARM.description, description]);
    }
  });

  it("fails when a description has 141 bytes (141 ASCII, or 70 x \"é\" and one more byte), naming additionalRules[0] and the rule", () => {
    for (const description of ["d".repeat(141), `${"é".repeat(70)}d`]) {
      expect(() => new ArcNetworkSecurityGroup(stack(), "Nsg", { ...props, profile: "servers", additionalRules: [{ ...inbound(0), description }] })).toThrow(
        exactly(`test/Nsg.additionalRules[0] (AllowIn0): a rule description has at most 140 bytes in UTF-8 (azurerm counts bytes); got "${description}". Fix: shorten it`),
      );
    }
  });
});

describe("ruleProblems", () => {
  const rules = (n: number) => Array.from({ length: n }, (_, i) => ({ ...inbound(i), priority: 100 + i }));

  it("passes at the limit of 1,000 rules; fails at 1,001", () => {
    expect(ruleProblems("nsg", rules(1000))).toEqual([]);
    expect(lines(ruleProblems("nsg", rules(1001)))).toEqual(["nsg.rules: an NSG holds at most 1000 rules (Azure limit); got 1001. Fix: merge rules, or use service tags and address ranges that cover several"]);
  });

  it("passes at the priority limits 100 and 4096; fails at 99, 4097 and a fraction, naming rules[i] by default", () => {
    expect(ruleProblems("nsg", [{ ...inbound(0), priority: 100 }, { ...inbound(1), priority: 4096 }])).toEqual([]);
    expect(lines(ruleProblems("nsg", [{ ...inbound(0), priority: 99 }, { ...inbound(1), priority: 4097 }, { ...inbound(2), priority: 150.5 }]))).toEqual([
      "nsg.rules[0] (AllowIn0): an NSG priority is a whole number from 100 to 4096; got 99. Fix: pick a priority in that range",
      "nsg.rules[1] (AllowIn1): an NSG priority is a whole number from 100 to 4096; got 4097. Fix: pick a priority in that range",
      "nsg.rules[2] (AllowIn2): an NSG priority is a whole number from 100 to 4096; got 150.5. Fix: pick a priority in that range",
    ]);
  });

  it("fails when names repeat in any casing, or a priority repeats within a direction; each problem names the rule", () => {
    const a = inbound(0);
    expect(lines(ruleProblems("nsg", [a, { ...inbound(1), name: "ALLOWIN0" }, { ...inbound(2), priority: a.priority }, { ...inbound(3), priority: a.priority, direction: "Outbound" }]))).toEqual([
      'nsg.rules[1] (ALLOWIN0): rule names are unique in an NSG (also nsg.rules[0] (AllowIn0)); got "ALLOWIN0". Fix: rename one of them',
      "nsg.rules[2] (AllowIn2): priority 200 is already used by AllowIn0 in direction Inbound; got 200. Fix: priorities are unique per direction: pick a free one",
    ]);
  });

  it("passes for names that differ beyond case (\"Straße\" and \"STRASSE\" are two names)", () => {
    expect(ruleProblems("nsg", [{ ...inbound(0), name: "AllowStraße" }, { ...inbound(1), name: "ALLOWSTRASSE" }])).toEqual([]);
  });

  it("uses the given names for rules", () => {
    expect(lines(ruleProblems("nsg", [inbound(0), inbound(0)], (i) => `rule #${i}`))).toEqual([
      'rule #1: rule names are unique in an NSG (also rule #0); got "AllowIn0". Fix: rename one of them',
      "rule #1: priority 200 is already used by AllowIn0 in direction Inbound; got 200. Fix: priorities are unique per direction: pick a free one",
    ]);
  });

  it("passes at a description of 140 bytes; fails at 141 (counted in UTF-8)", () => {
    expect(ruleProblems("nsg", [{ ...inbound(0), description: "€".repeat(46) + "dd" }, { ...inbound(1), description: "" }])).toEqual([]);
    expect(lines(ruleProblems("nsg", [{ ...inbound(0), description: "€".repeat(47) }]))).toEqual([
      `nsg.rules[0] (AllowIn0): a rule description has at most 140 bytes in UTF-8 (azurerm counts bytes); got "${"€".repeat(47)}". Fix: shorten it`,
    ]);
  });

  const shadowed = (allow: string, deny: string, priority: number, denyPriority: number) =>
    `nsg.rules[1] (${allow}): allow rule comes after ${deny} (priority ${denyPriority}), which denies internet access, so it never applies; got ${priority}. Fix: give ${allow} a priority below ${denyPriority}`;

  it.each(["Internet", "*", "0.0.0.0/0"])("an outbound deny to %s denies internet access: fails for an allow after it, passes for one before it", (remote) => {
    const deny = outboundDeny("DenyOut", 300, remote);
    expect(lines(ruleProblems("nsg", [deny, outboundAllow("AllowMonitor", 301, "AzureMonitor")]))).toEqual([shadowed("AllowMonitor", "DenyOut", 301, 300)]);
    expect(ruleProblems("nsg", [deny, outboundAllow("AllowMonitor", 299, "AzureMonitor")])).toEqual([]);
  });

  it("an allow at the deny's own priority is a priority clash, not a shadowed rule", () => {
    expect(lines(ruleProblems("nsg", [outboundDeny("DenyOut", 300, "Internet"), outboundAllow("AllowMonitor", 300, "AzureMonitor")]))).toEqual([
      "nsg.rules[1] (AllowMonitor): priority 300 is already used by DenyOut in direction Outbound; got 300. Fix: priorities are unique per direction: pick a free one",
    ]);
  });

  it.each(["AzureMonitor", "8.8.8.8", "8.8.0.0/16", "100.64.0.0/10", "Storage.WestEurope"])("an allow to %s after the deny is shadowed", (destination) => {
    expect(lines(ruleProblems("nsg", [outboundDeny("DenyOut", 300, "Internet"), outboundAllow("AllowX", 400, destination)]))).toEqual([shadowed("AllowX", "DenyOut", 400, 300)]);
  });

  it.each(["VirtualNetwork", "AzureLoadBalancer", "10.0.0.0/8", "172.16.5.0/24", "192.168.1.1", "10.20.30.40/32"])("an allow to private %s after the deny is not shadowed", (destination) => {
    expect(ruleProblems("nsg", [outboundDeny("DenyOut", 300, "Internet"), outboundAllow("AllowX", 400, destination)])).toEqual([]);
  });

  it("a deny to a non-internet destination shadows nothing; denies after the deny are not flagged", () => {
    expect(ruleProblems("nsg", [outboundDeny("DenyMonitor", 300, "AzureMonitor"), outboundAllow("AllowX", 400, "AzureMonitor")])).toEqual([]);
    expect(ruleProblems("nsg", [outboundDeny("DenyPrivate", 300, "10.0.0.0/8"), outboundAllow("AllowX", 400, "AzureMonitor")])).toEqual([]);
    expect(ruleProblems("nsg", [outboundDeny("DenyOut", 300, "Internet"), outboundDeny("DenyMonitor", 400, "AzureMonitor")])).toEqual([]);
  });

  it("an outbound deny never shadows an inbound allow, nor the other way round", () => {
    const inboundFromInternet: SecurityRuleSpec = { name: "AllowWeb", priority: 400, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "Internet", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "443" };
    expect(ruleProblems("nsg", [outboundDeny("DenyOut", 300, "Internet"), inboundFromInternet])).toEqual([]);
    const inboundDeny: SecurityRuleSpec = { name: "DenyIn", priority: 300, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "*", destinationAddressPrefix: "*", destinationPortRange: "*" };
    expect(ruleProblems("nsg", [inboundDeny, outboundAllow("AllowX", 400, "AzureMonitor")])).toEqual([]);
  });

  it("inbound: a deny from the internet shadows later allows from non-private sources, judged by the source", () => {
    const inboundDeny: SecurityRuleSpec = { name: "DenyIn", priority: 300, direction: "Inbound", access: "Deny", protocol: "*", sourceAddressPrefix: "Internet", destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "*" };
    const allowFrom = (sourceAddressPrefix: string): SecurityRuleSpec => ({ name: "AllowWeb", priority: 400, direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix, destinationAddressPrefix: "VirtualNetwork", destinationPortRange: "443" });
    expect(lines(ruleProblems("nsg", [inboundDeny, allowFrom("Internet")]))).toEqual([shadowed("AllowWeb", "DenyIn", 400, 300)]);
    expect(ruleProblems("nsg", [inboundDeny, allowFrom("10.0.0.0/8")])).toEqual([]);
    // An inbound deny whose destination is the internet does not deny internet access inbound.
    expect(ruleProblems("nsg", [{ ...inboundDeny, sourceAddressPrefix: "VirtualNetwork", destinationAddressPrefix: "Internet" }, allowFrom("Internet")])).toEqual([]);
  });

  it("an allow after two internet denies is reported for each", () => {
    expect(lines(ruleProblems("nsg", [outboundDeny("DenyA", 300, "*"), outboundAllow("AllowX", 500, "AzureMonitor"), outboundDeny("DenyB", 400, "0.0.0.0/0")]))).toEqual([
      "nsg.rules[1] (AllowX): allow rule comes after DenyA (priority 300), which denies internet access, so it never applies; got 500. Fix: give AllowX a priority below 300",
      "nsg.rules[1] (AllowX): allow rule comes after DenyB (priority 400), which denies internet access, so it never applies; got 500. Fix: give AllowX a priority below 400",
    ]);
  });
});

describe("deniesInternet", () => {
  const rule = (access: "Allow" | "Deny", direction: "Inbound" | "Outbound", sourceAddressPrefix: string, destinationAddressPrefix: string): SecurityRuleSpec => ({
    name: "R",
    priority: 300,
    direction,
    access,
    protocol: "*",
    sourceAddressPrefix,
    destinationAddressPrefix,
    destinationPortRange: "*",
  });

  it.each([
    ["Deny", "Outbound", "VirtualNetwork", "Internet", true],
    ["Deny", "Outbound", "VirtualNetwork", "*", true],
    ["Deny", "Outbound", "VirtualNetwork", "0.0.0.0/0", true],
    ["Deny", "Outbound", "Internet", "10.0.0.0/8", false],
    ["Deny", "Outbound", "*", "AzureMonitor", false],
    ["Deny", "Outbound", "*", "0.0.0.0/1", false],
    ["Allow", "Outbound", "*", "Internet", false],
    ["Allow", "Inbound", "Internet", "*", false],
    ["Deny", "Inbound", "Internet", "VirtualNetwork", true],
    ["Deny", "Inbound", "*", "VirtualNetwork", true],
    ["Deny", "Inbound", "0.0.0.0/0", "VirtualNetwork", true],
    ["Deny", "Inbound", "VirtualNetwork", "Internet", false],
  ] as const)("%s %s from %s to %s: %s", (access, direction, source, destination, want) => {
    expect(deniesInternet(rule(access, direction, source, destination))).toBe(want);
  });
});
