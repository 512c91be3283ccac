import { cidrProblem, contains, parseCidr } from "../core";

/** What every Arc-enabled cluster behind a proxy must skip besides its service CIDR (Microsoft Learn, "Simplify network configuration requirements with Azure Arc gateway"). */
export const PROXY_SKIP_SUFFIXES: readonly string[] = ["kubernetes.default.svc", ".svc.cluster.local", ".svc"];

/** The skip range: the service CIDR, the in-cluster suffixes, then any extra entries, without duplicates. */
export function proxySkipRange(serviceCidr: string, extra: readonly string[] = []): string[] {
  return [...new Set([serviceCidr, ...PROXY_SKIP_SUFFIXES, ...extra])];
}

/** Whether a skip range covers the service CIDR (an entry equal to it or a CIDR containing it). */
export function skipRangeCoversServiceCidr(skipRange: readonly string[], serviceCidr: string): boolean {
  if (cidrProblem(serviceCidr)) return skipRange.includes(serviceCidr);
  const service = parseCidr(serviceCidr);
  return skipRange.some((entry) => cidrProblem(entry) === undefined && contains(parseCidr(entry), service));
}
