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
