import { TerraformVariable } from "cdktf";
import { shortHash, VirtualNetworkRef } from "../../../lib/core";
import {
  DNS_DOMAIN,
  forwardingDomain,
  forwardingRuleName,
  MAX_LINKS_PER_FORWARDING_RULESET,
  MAX_RULES_PER_FORWARDING_RULESET,
  MAX_RULESETS_PER_OUTBOUND_ENDPOINT,
  MAX_TARGETS_PER_FORWARDING_RULE,
  OnPremisesDnsForwarding,
  OnPremisesDnsForwardingProps,
} from "../../../lib/network";
import { failure } from "../../support/errors";
import { stack, synthStack } from "../../support/synth";

const vnet = (name: string): VirtualNetworkRef => ({ virtualNetworkId: `/vnets/${name}`, virtualNetworkName: name, label: name, location: "westeurope", virtualNetworkKey: name });
const props = (extra: Partial<OnPremisesDnsForwardingProps> = {}): OnPremisesDnsForwardingProps => ({
  name: "contoso",
  resourceGroupName: "rg",
  location: "westeurope",
  privateDnsResolverId: "/resolvers/hub",
  outboundSubnetId: "/subnets/outbound",
  domains: ["corp.contoso.com"],
  targets: [{ ipAddress: "172.16.0.10" }],
  virtualNetworks: [vnet("vnet-hub")],
  ...extra,
});

describe("OnPremisesDnsForwarding", () => {
  it("states the resolver limits of REFERENCE.md", () => {
    expect([MAX_TARGETS_PER_FORWARDING_RULE, MAX_RULES_PER_FORWARDING_RULESET, MAX_LINKS_PER_FORWARDING_RULESET, MAX_RULESETS_PER_OUTBOUND_ENDPOINT]).toEqual([6, 1000, 500, 2]);
  });

  it("writes the outbound endpoint, one ruleset on it, a rule per domain (final dot, every target on 53 or its port) and a link per network", () => {
    const s = stack();
    const f = new OnPremisesDnsForwarding(s, "Fwd", props({ domains: ["corp.contoso.com", "Contoso.Local."], targets: [{ ipAddress: "172.16.0.10" }, { ipAddress: "172.16.0.11", port: 5353 }], virtualNetworks: [vnet("vnet-hub"), vnet("vnet-app")], tags: { env: "t" } }));
    const tf = synthStack(s).resource;
    const ref = (r: { friendlyUniqueId: string }, type: string) => `\${${type}.${r.friendlyUniqueId}.id}`;
    expect(Object.values(tf.azurerm_private_dns_resolver_outbound_endpoint)).toEqual([{ name: "out-dnspr-contoso-hub", location: "westeurope", private_dns_resolver_id: "/resolvers/hub", subnet_id: "/subnets/outbound", tags: { env: "t" } }]);
    expect(Object.values(tf.azurerm_private_dns_resolver_dns_forwarding_ruleset)).toEqual([
      { name: "dnsfrs-contoso-hub", resource_group_name: "rg", location: "westeurope", private_dns_resolver_outbound_endpoint_ids: [ref(f.outboundEndpoint, "azurerm_private_dns_resolver_outbound_endpoint")], tags: { env: "t" } },
    ]);
    const targets = [{ ip_address: "172.16.0.10", port: 53 }, { ip_address: "172.16.0.11", port: 5353 }];
    const ruleset = ref(f.ruleset, "azurerm_private_dns_resolver_dns_forwarding_ruleset");
    expect(Object.values(tf.azurerm_private_dns_resolver_forwarding_rule)).toEqual(
      expect.arrayContaining([
        { name: "rule-corp-contoso-com", dns_forwarding_ruleset_id: ruleset, domain_name: "corp.contoso.com.", enabled: true, target_dns_servers: targets },
        { name: "rule-contoso-local", dns_forwarding_ruleset_id: ruleset, domain_name: "contoso.local.", enabled: true, target_dns_servers: targets },
      ]),
    );
    expect(Object.keys(tf.azurerm_private_dns_resolver_forwarding_rule)).toHaveLength(2);
    expect(Object.values(tf.azurerm_private_dns_resolver_virtual_network_link).map((l: any) => [l.name, l.virtual_network_id, l.dns_forwarding_ruleset_id]).sort()).toEqual([
      ["link-vnet-app", "/vnets/vnet-app", ruleset],
      ["link-vnet-hub", "/vnets/vnet-hub", ruleset],
    ]);
    expect([...f.rules.keys()]).toEqual(["corp.contoso.com.", "contoso.local."]);
  });

  it("names each rule after its domain alone ('-' doubled, '.' as '-'), its construct id (address) after the name and a hash of the domain; nothing moves with the list; long names stay within 80", () => {
    const long = `${"a".repeat(60)}.${"b".repeat(60)}.com`;
    // Domain -> [construct id (the readable address's words: lib/core readableLogicalId), Azure name].
    const synth = (domains: string[]) => {
      const s = stack();
      const f = new OnPremisesDnsForwarding(s, "Fwd", props({ domains }));
      const names = Object.fromEntries(Object.values<any>(synthStack(s).resource.azurerm_private_dns_resolver_forwarding_rule).map((r) => [r.domain_name, r.name]));
      return Object.fromEntries([...f.rules].map(([domain, rule]) => [domain, [rule.node.id, names[domain]]]));
    };
    const rules = synth(["a-b.com", "a.b-com", "corp.contoso.com", long]);
    expect(rules["a-b.com."]).toEqual([`rule-a--b-com-${shortHash("a-b.com.")}`, "rule-a--b-com"]);
    expect(rules["a.b-com."]).toEqual([`rule-a-b--com-${shortHash("a.b-com.")}`, "rule-a-b--com"]);
    expect(rules["corp.contoso.com."]).toEqual([`rule-corp-contoso-com-${shortHash("corp.contoso.com.")}`, "rule-corp-contoso-com"]);
    expect(rules[`${long}.`][1]).toMatch(/^rule-a{60}-b{7}-[0-9a-f]{6}$/);
    for (const [, name] of Object.values(rules)) expect(name.length).toBeLessThanOrEqual(80);
    // Reversed, fewer, or more: every domain keeps its id and name.
    expect(synth(["a.b-com", long, "corp.contoso.com", "a-b.com"])).toEqual(rules);
    expect(synth(["corp.contoso.com"])["corp.contoso.com."]).toEqual(rules["corp.contoso.com."]);
    expect(synth(["x.corp", "corp-contoso.com", "corp.contoso.com"])["corp.contoso.com."]).toEqual(rules["corp.contoso.com."]);
  });

  it("gives a cut name another domain's uncut name spells exactly a second hash, in either order", () => {
    const long = "aaaaaaaaaa.bbbbbbbbbb.cccccccccc.dddddddddd.eeeeeeeeee.ffffffffff.gggggggggg.hhhhhhhhhh";
    const cut = forwardingRuleName(long);
    // The domain whose uncut name is the long one's cut name.
    const spelled = cut.slice("rule-".length).replace(/--/g, "\u0000").replace(/-/g, ".").replace(/\u0000/g, "-");
    expect(forwardingRuleName(spelled)).toBe(cut);
    for (const domains of [[long, spelled], [spelled, long]]) {
      const s = stack();
      new OnPremisesDnsForwarding(s, "Fwd", props({ domains }));
      const names = Object.fromEntries(Object.values<any>(synthStack(s).resource.azurerm_private_dns_resolver_forwarding_rule).map((r) => [r.domain_name, r.name]));
      expect(names[`${spelled}.`]).toBe(cut);
      expect(names[`${long}.`]).toMatch(/^rule-a{10}-b{10}-c{10}-d{10}-e{10}-f{10}-gg-[0-9a-f]{6}$/);
      expect(names[`${long}.`]).not.toBe(cut);
    }
  });

  it("never builds one construct id twice: a plain domain that reads like a hashed id of a colliding pair", () => {
    const s = stack();
    const hashed = (d: string) => `${forwardingRuleName(d)}-${shortHash(forwardingDomain(d))}`.slice("rule-".length);
    // `a-b.com` and `a.b-com` share their words; a third domain spelled like the first one's hashed id.
    const lookalike = hashed("a-b.com").replace(/--/g, "\u0000").replace(/-/g, ".").replace(/\u0000/g, "-");
    expect(forwardingRuleName(lookalike)).toBe(`rule-${hashed("a-b.com")}`);
    const f = new OnPremisesDnsForwarding(s, "Fwd", props({ domains: [lookalike, "a-b.com", "a.b-com"] }));
    expect(new Set([...f.rules.values()].map((r) => r.node.id)).size).toBe(3);
    expect(() => synthStack(s)).not.toThrow();
  });

  it("links two networks of one name (other resource groups) under distinct ids", () => {
    const s = stack();
    new OnPremisesDnsForwarding(s, "Fwd", props({ virtualNetworks: [vnet("a"), { ...vnet("a"), virtualNetworkKey: "other", virtualNetworkId: "/vnets/other-a" }] }));
    const links = Object.values<any>(synthStack(s).resource.azurerm_private_dns_resolver_virtual_network_link);
    expect(links.map((l) => l.virtual_network_id).sort()).toEqual(["/vnets/a", "/vnets/other-a"]);
    expect(links.map((l) => l.name).sort()).toEqual(["link-a", expect.stringMatching(/^link-a-[0-9a-f]{6}$/)]);
  });

  it("takes a token as a target (an address known after apply)", () => {
    const s = stack();
    const ip = new TerraformVariable(s, "dns_ip", { type: "string" }).stringValue;
    new OnPremisesDnsForwarding(s, "Fwd", props({ targets: [{ ipAddress: ip }] }));
    expect(Object.values<any>(synthStack(s).resource.azurerm_private_dns_resolver_forwarding_rule)[0].target_dns_servers).toEqual([{ ip_address: "${var.dns_ip}", port: 53 }]);
  });

  it.each<[string, Partial<OnPremisesDnsForwardingProps>, string]>([
    ["no domain", { domains: [] }, 'test/Fwd.domains: a ruleset without domains forwards nothing; got []. Fix: list the on-premises domains, e.g. corp.contoso.com'],
    ["1,001 domains", { domains: Array.from({ length: 1001 }, (_, i) => `d${i}.corp`) }, "test/Fwd.domains: a DNS forwarding ruleset holds at most 1000 rules (Azure limit); got 1001. Fix: forward parent domains instead of each child"],
    ["no target", { targets: [] }, "test/Fwd.targets: a forwarding rule takes 1-6 target DNS servers (Azure limit); got 0. Fix: list 1-6 servers"],
    ["7 targets", { targets: Array.from({ length: 7 }, (_, i) => ({ ipAddress: `10.0.0.${i + 1}` })) }, "test/Fwd.targets: a forwarding rule takes 1-6 target DNS servers (Azure limit); got 7. Fix: list 1-6 servers"],
    ["a target that is not IPv4", { targets: [{ ipAddress: "dns.corp" }] }, 'test/Fwd.targets[0].ipAddress: a target DNS server is an IPv4 address; got "dns.corp". Fix: e.g. 172.16.0.10'],
    ["port 0", { targets: [{ ipAddress: "10.0.0.1", port: 0 }] }, "test/Fwd.targets[0].port: a port is 1-65535; got 0. Fix: leave it out for 53"],
    ["a domain that is not a DNS name", { domains: ["corp..contoso.com"] }, `test/Fwd.domains[0]: a domain is a DNS name of labels of letters, digits, '_' and '-' (not the root); got "corp..contoso.com". Fix: e.g. corp.contoso.com`],
    ["the root", { domains: ["."] }, `test/Fwd.domains[0]: a domain is a DNS name of labels of letters, digits, '_' and '-' (not the root); got ".". Fix: e.g. corp.contoso.com`],
    ["a domain twice (casing and final dot aside)", { domains: ["corp.contoso.com", "CORP.contoso.com."] }, 'test/Fwd.domains[1]: each domain gets one rule, and this one is listed twice; got "CORP.contoso.com.". Fix: remove the duplicate'],
    ["501 networks", { virtualNetworks: Array.from({ length: 501 }, (_, i) => vnet(`v${i}`)) }, "test/Fwd.virtualNetworks: a DNS forwarding ruleset has at most 500 virtual network links (Azure limit); got 501. Fix: link fewer networks (spokes that use the hub resolver need no link)"],
    ["a network twice", { virtualNetworks: [vnet("a"), vnet("a")] }, 'test/Fwd.virtualNetworks: a virtual network is linked to a ruleset once; got "a". Fix: remove the duplicate'],
    ["a target twice", { targets: [{ ipAddress: "10.0.0.1" }, { ipAddress: "10.0.0.1", port: 53 }] }, 'test/Fwd.targets[1]: is listed twice (also targets[0]); got "10.0.0.1:53". Fix: remove the duplicate'],
  ])("fails for %s", (_what, extra, message) => {
    expect(failure(() => new OnPremisesDnsForwarding(stack(), "Fwd", props(extra)))).toBe(message);
  });

  it("passes the limits themselves: 6 targets, 1,000 domains, 500 networks", () => {
    expect(() => new OnPremisesDnsForwarding(stack(), "Fwd", props({ targets: Array.from({ length: 6 }, (_, i) => ({ ipAddress: `10.0.0.${i + 1}` })), domains: Array.from({ length: 1000 }, (_, i) => `d${i}.corp`), virtualNetworks: Array.from({ length: 500 }, (_, i) => vnet(`v${i}`)) }))).not.toThrow();
  });

  it("forwardingDomain and DNS_DOMAIN", () => {
    expect(forwardingDomain("Corp.Contoso.com")).toBe("corp.contoso.com.");
    expect(forwardingDomain("corp.contoso.com.")).toBe("corp.contoso.com.");
    for (const ok of ["corp", "a-b.c", "x.y.", `${"a".repeat(63)}.com`, "_msdcs.corp.contoso.com", "a_b.c", "xn--bcher-kva.example"]) expect({ ok, valid: DNS_DOMAIN.test(ok) }).toEqual({ ok, valid: true });
    for (const bad of ["", ".", "a..b", "-a.b", "a-.b", `${"a".repeat(64)}.com`, "a b", `${"a.".repeat(127)}ab`, "*.corp", "bücher.example"]) expect({ bad, valid: DNS_DOMAIN.test(bad) }).toEqual({ bad, valid: false });
    expect(forwardingRuleName("Corp-Contoso.com.")).toBe("rule-corp--contoso-com");
    expect(forwardingRuleName("_msdcs.corp")).toBe("rule-_msdcs-corp");
  });
});
