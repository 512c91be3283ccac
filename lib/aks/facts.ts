/**
 * AKS facts and helpers without provider classes (the topology rules load
 * them; the constructs and their large azurerm classes load only when a
 * topology has AKS entries).
 */
import { Fn } from "cdktf";
import { addressAt, parseCidr, resourceName } from "../core";

/** API version of `Microsoft.ContainerService/managedClusters/privateEndpointConnections` used for approval. */
export const AKS_API_VERSION = "2026-05-01";

/** The service CIDR AKS uses when none is given (it must still not overlap any connected network). */
export const AKS_DEFAULT_SERVICE_CIDR = "10.0.0.0/16";
/** Azure CNI's default maximum pods per node. */
export const AKS_DEFAULT_MAX_PODS = 30;
/** Addresses Azure reserves in every subnet. */
const AZURE_RESERVED_ADDRESSES = 5;

/**
 * Subnet addresses Azure CNI (pods on the subnet) needs for `nodes` nodes:
 * `(nodes + 1) + (nodes + 1) * maxPods` (AKS docs; the +1 is the upgrade
 * surge node), plus the 5 addresses Azure reserves.
 */
export function aksSubnetAddressesNeeded(nodes: number, maxPods = AKS_DEFAULT_MAX_PODS): number {
  return nodes + 1 + (nodes + 1) * maxPods + AZURE_RESERVED_ADDRESSES;
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
 * side. `az network private-endpoint-connection approve` refuses the
 * managedClusters type (seed 004), so they go through the cluster's
 * `privateEndpointConnections` sub-resource of the ARM API.
 */
export function aksApprovalCommands(clusterId: string, description: string): { list: string; approve: string } {
  const base = `https://management.azure.com${clusterId}/privateEndpointConnections`;
  // Terraform's jsonencode builds the body: a literal JSON string would need double quotes, which cdktf 0.21's HCL output does not escape.
  const body = Fn.jsonencode({ properties: { privateLinkServiceConnectionState: { status: "Approved", description } } });
  return {
    list: `az rest --method get --url '${base}?api-version=${AKS_API_VERSION}' --query 'value[?properties.privateLinkServiceConnectionState.status==\`Pending\`].{name:name, endpoint:properties.privateEndpoint.id}'`,
    approve: `az rest --method put --url '${base}/<connection-name>?api-version=${AKS_API_VERSION}' --body '${body}'`,
  };
}
