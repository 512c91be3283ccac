/**
 * Private-link services the library knows: the target resource type, the
 * private endpoint sub-resource (group id), and the private DNS zones its
 * zone group needs. Zone names follow the Azure Verified Modules private-link
 * DNS zones list; `{region}` is replaced by the region name.
 *
 * Each zone also names the public zones that on-premises DNS servers must
 * conditionally forward to the hub resolver (Azure "Private endpoint DNS
 * configuration": public DNS zone forwarders).
 */
export interface PrivateLinkService {
  /** ARM type of the target resource. */
  readonly resourceType: string;
  /** Private endpoint sub-resource (group id). */
  readonly subresource: string;
  /** Private DNS zones of the zone group, in order. */
  readonly zones: readonly string[];
  /**
   * Private IP addresses one endpoint takes in its subnet: one per DNS record
   * it serves. Microsoft publishes no count (the endpoint's "DNS
   * configuration" lists the real records after creation), so these are
   * the records the docs name; Azure Monitor's grow with the regions and
   * resources in its scope, so it is budgeted a /27 (32 addresses).
   */
  readonly addresses: number;
}

export const PRIVATE_LINK_SERVICES = {
  /** Azure Arc Private Link Scope: servers and Arc-enabled Kubernetes alike. */
  arc: {
    resourceType: "Microsoft.HybridCompute/privateLinkScopes",
    subresource: "hybridcompute",
    zones: [
      "privatelink.his.arc.azure.com",
      "privatelink.guestconfiguration.azure.com",
      "privatelink.dp.kubernetesconfiguration.azure.com",
    ],
    // gbl.his, <code>.his, agentserviceapi.guestconfiguration, <region>-gas.guestconfiguration, <region>.dp.kubernetesconfiguration.
    addresses: 5,
  },
  /** Azure Monitor Private Link Scope. */
  monitor: {
    resourceType: "Microsoft.Insights/privateLinkScopes",
    subresource: "azuremonitor",
    zones: [
      "privatelink.monitor.azure.com",
      "privatelink.oms.opinsights.azure.com",
      "privatelink.ods.opinsights.azure.com",
      "privatelink.agentsvc.azure-automation.net",
      "privatelink.blob.core.windows.net",
    ],
    // api, global/regional ingestion, live, profiler, snapshot, query, control handlers, per-region workspace endpoints, DCEs, the agents' blob.
    addresses: 32,
  },
  keyvault: {
    resourceType: "Microsoft.KeyVault/vaults",
    subresource: "vault",
    zones: ["privatelink.vaultcore.azure.net"],
    addresses: 1,
  },
  blob: {
    resourceType: "Microsoft.Storage/storageAccounts",
    subresource: "blob",
    zones: ["privatelink.blob.core.windows.net"],
    addresses: 1,
  },
  automation: {
    resourceType: "Microsoft.Automation/automationAccounts",
    subresource: "DSCAndHybridWorker",
    zones: ["privatelink.azure-automation.net"],
    // <account id>.agentsvc and <account id>.jrds of the region.
    addresses: 2,
  },
  /** AKS API server; the zone is per region. */
  aks: {
    resourceType: "Microsoft.ContainerService/managedClusters",
    subresource: "management",
    zones: ["privatelink.{region}.azmk8s.io"],
    addresses: 1,
  },
} as const satisfies Record<string, PrivateLinkService>;

export type PrivateLinkServiceName = keyof typeof PRIVATE_LINK_SERVICES;

/** Zones whose public forwarder zones are not simply the name without `privatelink.`. */
const FORWARDER_EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  "privatelink.vaultcore.azure.net": ["vault.azure.net", "vaultcore.azure.net"],
};

/** The private DNS zones of a service, with `{region}` filled in. */
export function zonesFor(service: PrivateLinkServiceName, region?: string): string[] {
  return PRIVATE_LINK_SERVICES[service].zones.map((z) => {
    if (!z.includes("{region}")) return z;
    if (!region) throw new Error(`zone ${z} of service ${service} needs a region`);
    return z.replace("{region}", region);
  });
}

/** `[<subzone>.]privatelink.<region>.azmk8s.io`: the public zone is `<region>.azmk8s.io`. */
const AKS_ZONE = /^(?:[a-z0-9-]+\.)?privatelink\.([a-z0-9]+)\.azmk8s\.io$/;

/** Public zones that on-premises resolvers forward to the hub resolver for a private zone. */
export function forwarderZones(privateZone: string): string[] {
  const aks = AKS_ZONE.exec(privateZone);
  if (aks) return [`${aks[1]}.azmk8s.io`];
  return [...(FORWARDER_EXCEPTIONS[privateZone] ?? [privateZone.replace(/^privatelink\./, "")])];
}

/** Every zone name the catalogue knows for a region (for typo checks on user-supplied zone names). */
export function knownZones(region: string): string[] {
  const all = (Object.keys(PRIVATE_LINK_SERVICES) as PrivateLinkServiceName[]).flatMap((s) => zonesFor(s, region));
  return [...new Set(all)];
}
