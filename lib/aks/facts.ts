/**
 * AKS facts and helpers without provider classes (the topology rules load
 * them; the constructs and their large azurerm classes load only when a
 * topology has AKS entries).
 */
import { addressAt, armIdArgument, AZURE_RESERVED_ADDRESSES_PER_SUBNET, isIpv4Address, overlaps, parseCidr, resourceName, shellQuote } from "../core";

/** API version of `Microsoft.ContainerService/managedClusters/privateEndpointConnections` used for approval. */
export const AKS_API_VERSION = "2026-05-01";

/** The service CIDR AKS uses when none is given (it must still not overlap any connected network). */
export const AKS_DEFAULT_SERVICE_CIDR = "10.0.0.0/16";
/** Azure CNI's default maximum pods per node. */
export const AKS_DEFAULT_MAX_PODS = 30;

/**
 * Subnet addresses Azure CNI (pods on the subnet) needs for `nodes` nodes:
 * `(nodes + 1) + (nodes + 1) * maxPods` (AKS docs; the +1 is the upgrade
 * surge node), plus the 5 addresses Azure reserves.
 */
export function aksSubnetAddressesNeeded(nodes: number, maxPods = AKS_DEFAULT_MAX_PODS): number {
  return nodes + 1 + (nodes + 1) * maxPods + AZURE_RESERVED_ADDRESSES_PER_SUBNET;
}

/**
 * Ranges AKS reserves, which a service (or pod) CIDR must not overlap
 * (Microsoft Learn, "Configure Azure CNI networking in AKS" and "Use kubenet
 * networking"; Azure/AKS#2234; MicrosoftDocs/azure-docs#61329, #80401).
 */
export const AKS_RESERVED_RANGES: readonly string[] = ["169.254.0.0/16", "172.30.0.0/16", "172.31.0.0/16", "192.0.2.0/24"];

/**
 * Why a service CIDR and DNS service IP break AKS's rules, as `[field, rule, fix]`
 * (empty when they do not): the CIDR overlaps a range AKS reserves; the DNS
 * service IP (given, or the default `.10`) lies outside it, or is its network address or its first
 * address, which the `kubernetes` service takes (AKS networking docs;
 * MicrosoftDocs/azure-docs#53698, Azure/AKS#2579), or its broadcast address,
 * which the Kubernetes service IP allocator leaves out (kubernetes/kubernetes,
 * pkg/registry/core/service/ipallocator). Overlaps with the
 * cluster's own and peered networks are the caller's to check.
 */
export function aksServiceCidrProblems(serviceCidr: string, dnsServiceIp?: string): Array<["serviceCidr" | "dnsServiceIp", string, string]> {
  const problems: Array<["serviceCidr" | "dnsServiceIp", string, string]> = [];
  const range = parseCidr(serviceCidr);
  if (range.prefix < MIN_SERVICE_CIDR_PREFIX) {
    problems.push(["serviceCidr", `is a /${range.prefix}; Kubernetes takes a service range of at most a /${MIN_SERVICE_CIDR_PREFIX} (2^20 addresses)`, `use a /${MIN_SERVICE_CIDR_PREFIX} or smaller, e.g. 10.100.0.0/16`]);
  }
  const suggestion = suggestedDnsServiceIp(range.text);
  const useInstead = suggestion ? `use e.g. ${suggestion}` : "use a larger serviceCidr";
  for (const reserved of AKS_RESERVED_RANGES.filter((r) => overlaps(parseCidr(r), range))) {
    problems.push(["serviceCidr", `overlaps ${reserved}, which AKS reserves (${AKS_RESERVED_RANGES.join(", ")})`, "use another private range, e.g. 10.100.0.0/16"]);
  }
  if (dnsServiceIp === undefined) {
    if (range.last - range.first < 10) problems.push(["serviceCidr", `holds no .10 address for the default DNS service IP (it has ${range.last - range.first + 1} addresses)`, "use a /28 or larger, or set dnsServiceIp"]);
  } else if (isIpv4Address(dnsServiceIp)) {
    const ip = parseCidr(`${dnsServiceIp}/32`).first;
    if (ip < range.first || ip > range.last) problems.push(["dnsServiceIp", `is not inside serviceCidr ${range.text}`, `${suggestion ? `use an address of serviceCidr, e.g. ${suggestion}` : "use a larger serviceCidr"}`]);
    else if (ip === range.first) problems.push(["dnsServiceIp", `is the network address of serviceCidr ${range.text}`, useInstead]);
    else if (ip === range.first + 1) problems.push(["dnsServiceIp", `is the first address of serviceCidr ${range.text}, which the kubernetes service (kubernetes.default.svc) takes`, useInstead]);
    else if (ip === range.last) problems.push(["dnsServiceIp", `is the broadcast address of serviceCidr ${range.text}, which Kubernetes never hands to a service`, useInstead]);
  }
  return problems;
}

/**
 * The largest service range Kubernetes accepts for IPv4 is a /12 (kube-apiserver
 * refuses a larger `--service-cluster-ip-range`; kubernetes/kubernetes,
 * cmd/kube-apiserver service IP range validation).
 */
export const MIN_SERVICE_CIDR_PREFIX = 12;

/** A DNS service IP to suggest in a range: the `.10` default where it fits, else the highest address below the broadcast address; undefined for a range under 4 addresses. */
export function suggestedDnsServiceIp(serviceCidr: string): string | undefined {
  const range = parseCidr(serviceCidr);
  const size = range.last - range.first + 1;
  return size < 4 ? undefined : addressAt(range, Math.min(10, size - 2));
}

/** The DNS service IP AKS would pick: the .10 address of the service CIDR. */
export function defaultDnsServiceIp(serviceCidr: string): string {
  return addressAt(parseCidr(serviceCidr), 10);
}

/** Name of the hub endpoint to a cluster: `pe-<prefix>-aks-<key>`. */
export function aksEndpointName(prefix: string, key: string): string {
  return resourceName("privateEndpoint", prefix, "aks", key);
}

/**
 * The commands that approve a pending connection on the cluster owner's
 * side, each value one shell word (the description may hold any text). `az network private-endpoint-connection approve` refuses the
 * managedClusters type (the blog post "Azure Aks Private Clusters" (2023)), so they go through the cluster's
 * `privateEndpointConnections` sub-resource of the ARM API.
 */
export function aksApprovalCommands(clusterId: string, description: string): { list: string; approve: string } {
  const base = `https://management.azure.com${armIdArgument(clusterId)}/privateEndpointConnections`;
  const body = JSON.stringify({ properties: { privateLinkServiceConnectionState: { status: "Approved", description } } });
  return {
    list: `az rest --method get --url ${shellQuote(`${base}?api-version=${AKS_API_VERSION}`)} --query ${shellQuote("value[?properties.privateLinkServiceConnectionState.status==`Pending`].{name:name, endpoint:properties.privateEndpoint.id}")}`,
    approve: `az rest --method put --url ${shellQuote(`${base}/<connection-name>?api-version=${AKS_API_VERSION}`)} --body ${shellQuote(body)}`,
  };
}
