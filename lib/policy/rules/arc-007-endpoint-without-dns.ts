import { TerraformResource, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { blocks, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/** Whether a resource's lifecycle (or an override of it) ignores changes to `argument`, as a policy-owned zone group's does. */
function ignoresChanges(resource: TerraformResource, args: Record<string, unknown>, argument: string): boolean {
  const lifecycle = (args.lifecycle ?? {}) as { ignore_changes?: unknown };
  const ignored = [...(resource.lifecycle?.ignoreChanges === "all" ? ["all"] : (resource.lifecycle?.ignoreChanges ?? [])), ...(Array.isArray(lifecycle.ignore_changes) ? lifecycle.ignore_changes : lifecycle.ignore_changes === "all" ? ["all"] : [])];
  return ignored.includes(argument) || ignored.includes("all");
}

/**
 * ARC-007: an `azurerm_private_endpoint` with no private DNS zone group,
 * whose zone group Azure Policy does not own (the library marks a
 * policy-owned group by ignoring changes to `private_dns_zone_group`: dns
 * mode `policy`), and whose address no `azurerm_private_dns_a_record` of
 * its stack points at. Clients then resolve the service's public name to
 * its public address and never use the endpoint.
 */
export const ENDPOINT_WITHOUT_DNS: PolicyRule = {
  id: "ARC-007",
  level: "warning",
  title: "a private endpoint with neither a zone group nor an A record the library writes, outside `policy` DNS mode",
  reason: "nothing makes the service's name resolve to the endpoint's private address, so clients keep using the public endpoint",
  fix: "give the endpoint a zone group (privateDnsZoneIds), an A record in the private zone (PrivateDnsARecord), or let Azure Policy own the group (dns mode policy)",
  types: ["azurerm_private_endpoint"],
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    const endpoint = node as TerraformResource;
    const args = context.arguments(endpoint);
    if (blocks(args.private_dns_zone_group).length > 0 || ignoresChanges(endpoint, args, "private_dns_zone_group")) return [];
    if (context.referencedBy(TerraformStack.of(endpoint), "azurerm_private_dns_a_record", "records").has(context.address(endpoint))) return [];
    return [{ detail: `private endpoint ${typeof args.name === "string" ? args.name : ""} has no zone group and no A record`.replace("  ", " "), value: args.name }];
  },
};
