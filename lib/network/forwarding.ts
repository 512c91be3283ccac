import { PrivateDnsResolverDnsForwardingRuleset } from "@cdktf/provider-azurerm/lib/private-dns-resolver-dns-forwarding-ruleset";
import { PrivateDnsResolverForwardingRule } from "@cdktf/provider-azurerm/lib/private-dns-resolver-forwarding-rule";
import { PrivateDnsResolverOutboundEndpoint } from "@cdktf/provider-azurerm/lib/private-dns-resolver-outbound-endpoint";
import { PrivateDnsResolverVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-resolver-virtual-network-link";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { fail, isIpv4Address, resourceName, shortHash, VirtualNetworkRef } from "../core";
import { DNS_DOMAIN, forwardingDomain, forwardingRuleName, forwardingRuleNameIsCut } from "./domains";

/**
 * DNS Private Resolver limits (Microsoft Learn, "What is Azure DNS Private
 * Resolver?", resource limits): target DNS servers per forwarding rule,
 * rules per ruleset, virtual network links per ruleset, rulesets per
 * outbound endpoint.
 */
export const MAX_TARGETS_PER_FORWARDING_RULE = 6;
export const MAX_RULES_PER_FORWARDING_RULESET = 1000;
export const MAX_LINKS_PER_FORWARDING_RULESET = 500;
export const MAX_RULESETS_PER_OUTBOUND_ENDPOINT = 2;

export interface DnsForwardingTarget {
  /** IPv4 address of the DNS server. */
  readonly ipAddress: string;
  /** @default 53 */
  readonly port?: number;
}

export interface OnPremisesDnsForwardingProps {
  /** Base of the names: the hub's (`contoso` gives `dnsfrs-contoso-hub`, `out-dnspr-contoso-hub`). */
  readonly name: string;
  readonly resourceGroupName: string;
  /** Region of the resolver (the hub's). */
  readonly location: string;
  /** The hub's DNS Private Resolver (`HubNetwork.dnsResolverId`). */
  readonly privateDnsResolverId: string;
  /** The resolver's outbound subnet, delegated to `Microsoft.Network/dnsResolvers` (`HubNetwork.resolverOutboundSubnetId`). */
  readonly outboundSubnetId: string;
  /** Domains to forward (`corp.contoso.com`, with or without the final dot), one rule each. */
  readonly domains: readonly string[];
  /** The DNS servers each rule forwards to (1-6). */
  readonly targets: readonly DnsForwardingTarget[];
  /** Networks whose DNS queries the rules apply to: the hub (queries through its inbound endpoint) and networks that use Azure DNS directly. */
  readonly virtualNetworks: readonly VirtualNetworkRef[];
  /** @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Name resolution from Azure to on-premises: an outbound endpoint of the
 * hub's DNS Private Resolver, one DNS forwarding ruleset on it, one
 * forwarding rule per domain (trailing dot; every target on its port,
 * default 53), and the ruleset linked to the given networks (Microsoft
 * Learn, "What is Azure DNS Private Resolver?"; azurerm 4.55
 * `azurerm_private_dns_resolver_outbound_endpoint`,
 * `..._dns_forwarding_ruleset`, `..._forwarding_rule`,
 * `..._virtual_network_link`).
 *
 * Rule names are `forwardingRuleName(domain)`: `rule-<domain>` with '-'
 * doubled and '.' written '-', so each depends on its domain alone. The
 * rules' construct ids (and so their Terraform addresses) end in a hash of
 * the domain, so no other domain of the list moves them.
 *
 * @throws for no domain or target, more than 6 targets, 1,000 rules or 500
 * links, a domain that is not a DNS name, a domain or target given twice, a
 * target that is not an IPv4 address or a port outside 1-65535, a network
 * linked twice.
 */
export class OnPremisesDnsForwarding extends Construct {
  public readonly outboundEndpoint: PrivateDnsResolverOutboundEndpoint;
  public readonly ruleset: PrivateDnsResolverDnsForwardingRuleset;
  /** Forwarding rules by domain (`corp.contoso.com.`). */
  public readonly rules: ReadonlyMap<string, PrivateDnsResolverForwardingRule>;

  constructor(scope: Construct, id: string, props: OnPremisesDnsForwardingProps) {
    super(scope, id);
    const path = this.node.path;
    if (props.domains.length === 0) fail(`${path}.domains`, [], "a ruleset without domains forwards nothing", "list the on-premises domains, e.g. corp.contoso.com");
    if (props.domains.length > MAX_RULES_PER_FORWARDING_RULESET) {
      fail(`${path}.domains`, props.domains.length, `a DNS forwarding ruleset holds at most ${MAX_RULES_PER_FORWARDING_RULESET} rules (Azure limit)`, "forward parent domains instead of each child");
    }
    if (props.targets.length === 0 || props.targets.length > MAX_TARGETS_PER_FORWARDING_RULE) {
      fail(`${path}.targets`, props.targets.length, `a forwarding rule takes 1-${MAX_TARGETS_PER_FORWARDING_RULE} target DNS servers (Azure limit)`, `list 1-${MAX_TARGETS_PER_FORWARDING_RULE} servers`);
    }
    props.targets.forEach((t, i) => {
      if (!Token.isUnresolved(t.ipAddress) && !isIpv4Address(t.ipAddress)) fail(`${path}.targets[${i}].ipAddress`, t.ipAddress, "a target DNS server is an IPv4 address", "e.g. 172.16.0.10");
      const first = props.targets.findIndex((o) => o.ipAddress === t.ipAddress && (o.port ?? 53) === (t.port ?? 53));
      if (first < i) fail(`${path}.targets[${i}]`, `${t.ipAddress}:${t.port ?? 53}`, `is listed twice (also targets[${first}])`, "remove the duplicate");
      const port = t.port ?? 53;
      if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`${path}.targets[${i}].port`, port, "a port is 1-65535", "leave it out for 53");
    });
    if (props.virtualNetworks.length > MAX_LINKS_PER_FORWARDING_RULESET) {
      fail(`${path}.virtualNetworks`, props.virtualNetworks.length, `a DNS forwarding ruleset has at most ${MAX_LINKS_PER_FORWARDING_RULESET} virtual network links (Azure limit)`, "link fewer networks (spokes that use the hub resolver need no link)");
    }
    const tags = props.tags ? { ...props.tags } : undefined;
    const resolverName = resourceName("dnsResolver", props.name, "hub");
    this.outboundEndpoint = new PrivateDnsResolverOutboundEndpoint(this, "Outbound", {
      name: resourceName("dnsResolverOutbound", resolverName),
      privateDnsResolverId: props.privateDnsResolverId,
      location: props.location,
      subnetId: props.outboundSubnetId,
      tags,
    });
    // One ruleset on the endpoint (Azure allows MAX_RULESETS_PER_OUTBOUND_ENDPOINT).
    this.ruleset = new PrivateDnsResolverDnsForwardingRuleset(this, "Ruleset", {
      name: resourceName("dnsForwardingRuleset", props.name, "hub"),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      privateDnsResolverOutboundEndpointIds: [this.outboundEndpoint.id],
      tags,
    });
    const domains: string[] = [];
    props.domains.forEach((written, i) => {
      if (!DNS_DOMAIN.test(written)) fail(`${path}.domains[${i}]`, written, "a domain is a DNS name of labels of letters, digits, '_' and '-' (not the root)", "e.g. corp.contoso.com");
      const domain = forwardingDomain(written);
      if (domains.includes(domain)) fail(`${path}.domains[${i}]`, written, "each domain gets one rule, and this one is listed twice", "remove the duplicate");
      domains.push(domain);
    });
    // Azure names (forwardingRuleName) never collide uncut; a cut one (over 80 characters) ends in a hash of its domain,
    // and in the odd case that another listed domain's uncut name spells exactly that, the cut one is hashed again.
    const uncut = new Set(domains.filter((d) => !forwardingRuleNameIsCut(d)).map(forwardingRuleName));
    const rules = new Map<string, PrivateDnsResolverForwardingRule>();
    for (const domain of domains) {
      let name = forwardingRuleName(domain);
      for (let round = 1; forwardingRuleNameIsCut(domain) && uncut.has(name); round++) name = `${name.slice(0, 73).replace(/[-_]+$/, "")}-${shortHash(`${round}:${domain}`)}`;
      // The address carries a hash of the domain, always: Terraform addresses keep only the words of a construct id, so
      // corp.example.com and corp-example.com (or one that spells another's hash) would otherwise share one, and which
      // kept the plain address would depend on the list.
      const id = `${name}-${shortHash(domain)}`;
      rules.set(
        domain,
        new PrivateDnsResolverForwardingRule(this.ruleset, id, {
          name,
          dnsForwardingRulesetId: this.ruleset.id,
          domainName: domain,
          enabled: true,
          targetDnsServers: props.targets.map((t) => ({ ipAddress: t.ipAddress, port: t.port ?? 53 })),
        }),
      );
    }
    this.rules = rules;
    const linked = new Set<string>();
    const labels = new Set<string>();
    for (const network of props.virtualNetworks) {
      if (linked.has(network.virtualNetworkKey)) fail(`${path}.virtualNetworks`, network.label, "a virtual network is linked to a ruleset once", "remove the duplicate");
      linked.add(network.virtualNetworkKey);
      // Two networks of one name (other resource groups): the later link gets a hash of its network's key.
      const label = labels.has(network.label) ? `${network.label}-${shortHash(network.virtualNetworkKey)}` : network.label;
      labels.add(label);
      new PrivateDnsResolverVirtualNetworkLink(this.ruleset, `Link-${label}`, {
        name: `link-${label}`,
        dnsForwardingRulesetId: this.ruleset.id,
        virtualNetworkId: network.virtualNetworkId,
      });
    }
  }
}
