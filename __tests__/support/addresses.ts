import { TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";

/** A Terraform identifier: a letter or `_` first, then letters, digits, `_` and `-`. */
export const TERRAFORM_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A resource's or data source's address in its stack (`azurerm_virtual_network.hub`, `data.azurerm_client_config.client_config`) and its construct path below the stack. */
export interface Address {
  readonly address: string;
  readonly name: string;
  readonly path: string;
}

/**
 * Every resource and data source of a stack with its address, in
 * construct-tree order (the order synthesis names them in). Read from the
 * elements themselves: the synthesized JSON would merge two elements with
 * one address into one entry, and a duplicate would go unseen.
 */
export function stackAddresses(stack: TerraformStack): Address[] {
  const below = stack.node.path.length + 1;
  return stack.node.findAll().flatMap((c) => {
    if (TerraformDataSource.isTerraformDataSource(c)) return [{ address: `data.${c.terraformResourceType}.${c.friendlyUniqueId}`, name: c.friendlyUniqueId, path: c.node.path.slice(below) }];
    if (TerraformResource.isTerraformResource(c)) return [{ address: `${c.terraformResourceType}.${c.friendlyUniqueId}`, name: c.friendlyUniqueId, path: c.node.path.slice(below) }];
    return [];
  });
}

/** Names that are not Terraform identifiers, and addresses two elements of the stack share; [] when all is well. */
export function addressProblems(stack: TerraformStack): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const a of stackAddresses(stack)) {
    if (!TERRAFORM_IDENTIFIER.test(a.name)) problems.push(`${stack.node.id}: ${a.address} (${a.path}): not a Terraform identifier`);
    const other = seen.get(a.address);
    if (other !== undefined) problems.push(`${stack.node.id}: ${a.address} is both ${other} and ${a.path}`);
    seen.set(a.address, a.path);
  }
  return problems;
}
