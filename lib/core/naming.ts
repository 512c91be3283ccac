import { shortHash } from "./arm";
/**
 * Resource names, following the Cloud Adoption Framework abbreviations
 * (`vnet-`, `snet-`, `pe-`, ...). Names are derived from stable,
 * user-declared keys (the topology name, a spoke name), never from indexes.
 */
export const ABBREVIATIONS = {
  resourceGroup: "rg",
  virtualNetwork: "vnet",
  subnet: "snet",
  networkSecurityGroup: "nsg",
  privateEndpoint: "pe",
  privateServiceConnection: "psc",
  networkInterface: "nic",
  publicIp: "pip",
  virtualNetworkGateway: "vgw",
  localNetworkGateway: "lgw",
  connection: "con",
  dnsResolver: "dnspr",
  dnsResolverInbound: "in",
  dnsResolverOutbound: "out",
  dnsForwardingRuleset: "dnsfrs",
  arcPrivateLinkScope: "pls",
  monitorPrivateLinkScope: "ampls",
  peering: "peer",
  kubernetesCluster: "aks",
} as const;

export type ResourceKind = keyof typeof ABBREVIATIONS;

/** `<abbreviation>-<part>-<part>...`, lower case, empty parts dropped. */
export function resourceName(kind: ResourceKind, ...parts: Array<string | undefined>): string {
  return [ABBREVIATIONS[kind], ...parts.filter((p): p is string => !!p)].join("-").toLowerCase();
}

/**
 * `name` within Azure's length limit for its type: unchanged when it fits,
 * else cut and ended with `-<6 hex>` (a hash of the whole name), so two
 * long names that share a beginning stay distinct. Cut names never end in
 * `-`, `.` or `_`.
 */
export function boundedName(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = shortHash(name);
  return `${name.slice(0, max - hash.length - 1).replace(/[-._]+$/, "")}-${hash}`;
}

/**
 * A resource's own name as a part of another Azure name: lower case, each
 * run of characters other than `a-z 0-9 . _ -` as one `-`, no separator at
 * either end (Azure names start and end with a letter or digit). A name
 * with nothing left becomes a hash of itself.
 */
export function nameSegment(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-._]+|[-._]+$/g, "");
  return cleaned || shortHash(name);
}
