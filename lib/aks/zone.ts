/**
 * AKS private DNS zone names (the blog post "Azure Aks Private Clusters" (2023)): `privatelink.<region>.azmk8s.io` or
 * `<subzone>.privatelink.<region>.azmk8s.io`, subzone at most 32
 * characters, region possibly with digits (`westus3`).
 */
const ZONE = /^(?:([a-z0-9-]+)\.)?privatelink\.([a-z0-9]+)\.azmk8s\.io$/;
export const MAX_AKS_SUBZONE_LENGTH = 32;

export function aksPrivateZoneName(region: string, subzone?: string): string {
  return `${subzone ? `${subzone}.` : ""}privatelink.${region}.azmk8s.io`;
}

/** Why a zone name cannot serve a private cluster in `clusterRegion`, or undefined. */
export function aksPrivateZoneProblem(zoneName: string, clusterRegion: string): string | undefined {
  const m = ZONE.exec(zoneName);
  if (!m) return "an AKS private DNS zone is named privatelink.<region>.azmk8s.io or <subzone>.privatelink.<region>.azmk8s.io";
  if (m[1] && m[1].length > MAX_AKS_SUBZONE_LENGTH) return `the subzone has at most ${MAX_AKS_SUBZONE_LENGTH} characters (it has ${m[1].length})`;
  if (m[2] !== clusterRegion) return `the zone's region (${m[2]}) must be the cluster's region (${clusterRegion})`;
  return undefined;
}

/**
 * The A-record name of a private cluster's FQDN in the hub's
 * `privatelink.<region>.azmk8s.io` zone: the FQDN without the zone suffix,
 * e.g. `<dnsPrefix>-<hash>.<guid>` (unconfirmed: Microsoft Learn, "Create a
 * private Azure Kubernetes Service (AKS) cluster", creates a zone named like
 * the cluster's own; this name follows from DNS). Undefined when the FQDN is
 * not in that zone.
 */
export function aksRecordName(privateFqdn: string, region: string): string | undefined {
  const suffix = `.${aksPrivateZoneName(region)}`;
  const fqdn = privateFqdn.toLowerCase().replace(/\.$/, "");
  return fqdn.endsWith(suffix) && fqdn.length > suffix.length ? fqdn.slice(0, -suffix.length) : undefined;
}
