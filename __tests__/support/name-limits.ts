/**
 * Azure's length limits of the names the stacks give resources (Microsoft
 * Learn, "Naming rules and restrictions for Azure resources"; AKS's DNS
 * prefix from the AKS API). The provider validates few of them, so
 * `terraform validate` (and the constraint tables) pass a name past its
 * limit, which only the Azure API refuses, at apply. Generated topologies
 * reach the limits of their own names; this check catches a derived name
 * (`vnet-<name>-<spoke>`, `nic-<endpoint>`) that a prefix or suffix takes
 * past Azure's.
 */

/** Resource or data source type -> attribute path (`block.attribute` inside blocks) -> [min, max] characters. */
export const AZURE_NAME_LIMITS: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>> = {
  azurerm_resource_group: { name: [1, 90] },
  azurerm_virtual_network: { name: [2, 64] },
  azurerm_subnet: { name: [1, 80] },
  azurerm_network_security_group: { name: [1, 80], "security_rule.name": [1, 80] },
  azurerm_network_security_rule: { name: [1, 80] },
  azurerm_virtual_network_peering: { name: [1, 80] },
  azurerm_private_endpoint: { name: [2, 64], custom_network_interface_name: [1, 80] },
  azurerm_public_ip: { name: [1, 80] },
  azurerm_virtual_network_gateway: { name: [1, 80] },
  azurerm_local_network_gateway: { name: [1, 80] },
  azurerm_virtual_network_gateway_connection: { name: [1, 80] },
  azurerm_private_dns_zone_virtual_network_link: { name: [1, 80] },
  azurerm_kubernetes_cluster: { name: [1, 63], dns_prefix: [1, 54] },
  azurerm_user_assigned_identity: { name: [3, 128] },
};

/** The literal values at `path` of a resource body (`a.b` goes through blocks, lists of blocks included). */
function valuesAt(body: unknown, path: string[]): unknown[] {
  if (path.length === 0) return [body];
  if (Array.isArray(body)) return body.flatMap((item) => valuesAt(item, path));
  if (body === null || typeof body !== "object") return [];
  return valuesAt((body as Record<string, unknown>)[path[0]], path.slice(1));
}

/** Names of a synthesized stack (cdk.tf.json, parsed) outside Azure's length limits; references (`${...}`) are not checked. */
export function azureNameErrors(stack: string, tf: Record<string, any>): string[] {
  const errors: string[] = [];
  for (const kind of ["resource", "data"] as const) {
    for (const [type, instances] of Object.entries<Record<string, unknown>>(tf[kind] ?? {})) {
      const limits = AZURE_NAME_LIMITS[type];
      if (!limits) continue;
      for (const [id, body] of Object.entries(instances)) {
        for (const [path, [min, max]] of Object.entries(limits)) {
          for (const value of valuesAt(body, path.split("."))) {
            if (typeof value !== "string" || value.includes("${")) continue;
            if (value.length < min || value.length > max) errors.push(`${stack}: ${kind === "data" ? "data." : ""}${type}.${id}: ${path} "${value}" has ${value.length} character${value.length === 1 ? "" : "s"}; Azure allows ${min}-${max}`);
          }
        }
      }
    }
  }
  return errors;
}
