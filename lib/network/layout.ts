import { addressAt, AZURE_RESERVED_ADDRESSES_PER_SUBNET, Cidr, parseCidr, subnetAt } from "../core";

/**
 * The fixed hub layout, in the first /24 of the hub's first address range.
 * Every block keeps its place whether its feature is on or off, so turning
 * the gateway or the resolver on or off never moves an address that
 * on-premises DNS servers or firewalls hard-code.
 *
 * | block              | offset | size | notes |
 * |--------------------|--------|------|-------|
 * | private endpoints  | .0     | /26  | 59 usable addresses |
 * | GatewaySubnet      | .64    | /27  | VPN or ExpressRoute gateway |
 * | resolver inbound   | .96    | /28  | static IP .100 (first usable) |
 * | resolver outbound  | .112   | /28  | reserved for forwarding rulesets |
 * | reserved           | .128   | /25  | e.g. AzureFirewallSubnet, AzureBastionSubnet (/26 each) |
 */
export const HUB_LAYOUT = {
  endpoints: { offset: 0, prefix: 26 },
  gateway: { offset: 64, prefix: 27 },
  resolverInbound: { offset: 96, prefix: 28 },
  resolverOutbound: { offset: 112, prefix: 28 },
} as const;

/** The smallest hub range that holds the layout. */
export const HUB_MIN_PREFIX = 24;

/** Azure keeps the first four addresses of a subnet; the resolver takes the first usable one. */
export const RESOLVER_INBOUND_HOST = 4;

export interface HubAddresses {
  readonly endpoints: string;
  readonly gateway: string;
  readonly resolverInbound: string;
  readonly resolverOutbound: string;
  readonly resolverInboundIp: string;
}

/** Addresses of the layout inside a hub range of at least a /24. */
export function hubAddresses(hubRange: Cidr): HubAddresses {
  const at = (b: { offset: number; prefix: number }) => subnetAt(hubRange, b.offset, b.prefix);
  return {
    endpoints: at(HUB_LAYOUT.endpoints),
    gateway: at(HUB_LAYOUT.gateway),
    resolverInbound: at(HUB_LAYOUT.resolverInbound),
    resolverOutbound: at(HUB_LAYOUT.resolverOutbound),
    resolverInboundIp: addressAt(hubRange, HUB_LAYOUT.resolverInbound.offset + RESOLVER_INBOUND_HOST),
  };
}

/**
 * Addresses the DNS Private Resolver service reserves for itself: no
 * inbound or outbound endpoint subnet may lie in 10.0.1.0-10.0.16.255
 * (Microsoft Learn, "What is Azure DNS Private Resolver?", restrictions;
 * MicrosoftDocs/azure-docs#101720, #104957).
 */
export const DNS_RESOLVER_RESERVED = { first: "10.0.1.0", last: "10.0.16.255" } as const;

const RESOLVER_RESERVED_RANGE = { first: parseCidr(`${DNS_RESOLVER_RESERVED.first}/32`).first, last: parseCidr(`${DNS_RESOLVER_RESERVED.last}/32`).first };

/** The resolver subnets of a layout that fall in the range the resolver service reserves (empty when none does). */
export function resolverSubnetsInReservedRange(addresses: HubAddresses): string[] {
  return [addresses.resolverInbound, addresses.resolverOutbound].filter((s) => {
    const c = parseCidr(s);
    return c.first <= RESOLVER_RESERVED_RANGE.last && RESOLVER_RESERVED_RANGE.first <= c.last;
  });
}

/** Usable addresses of the layout's private-endpoint subnet (a /26). */
export const HUB_ENDPOINT_ADDRESSES = 2 ** (32 - HUB_LAYOUT.endpoints.prefix) - AZURE_RESERVED_ADDRESSES_PER_SUBNET;
