/**
 * ARM resource ids, parsed in one place.
 *
 * Azure Resource Manager treats the static segments of an id
 * (`subscriptions`, `resourceGroups`, `providers`, the namespace and the
 * type) case-insensitively, and `az` often prints them in lower case
 * (`/resourcegroups/.../providers/microsoft.network/privatednszones/...`).
 * The azurerm provider's id parsers do not: they want the canonical casing
 * (`/resourceGroups/`, `Microsoft.Network/privateDnsZones`), and
 * `terraform validate` fails with "parsing the PrivateDnsZone ID" otherwise.
 * So ids are accepted in any casing and written in the canonical one for
 * every type in `ARM_RESOURCE_TYPES`; names and resource groups keep their
 * casing (Azure preserves it).
 */
import { createHash } from "node:crypto";

/** Resource types the library reads from users, in the casing the azurerm parsers require. */
export const ARM_RESOURCE_TYPES = [
  "Microsoft.Automation/automationAccounts",
  "Microsoft.ContainerService/managedClusters",
  "Microsoft.HybridCompute/gateways",
  "Microsoft.HybridCompute/machines",
  "Microsoft.HybridCompute/privateLinkScopes",
  "Microsoft.Insights/components",
  "Microsoft.Insights/dataCollectionEndpoints",
  "Microsoft.Insights/privateLinkScopes",
  "Microsoft.KeyVault/vaults",
  "Microsoft.Kubernetes/connectedClusters",
  "Microsoft.Network/expressRouteCircuits",
  "Microsoft.Network/privateDnsZones",
  "Microsoft.Network/virtualNetworks",
  "Microsoft.OperationalInsights/workspaces",
  "Microsoft.Storage/storageAccounts",
] as const;

const CANONICAL_TYPE = new Map<string, string>(ARM_RESOURCE_TYPES.map((t) => [t.toLowerCase(), t]));

/** Parts of a top-level ARM resource id. */
export interface ArmId {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** `Microsoft.KeyVault/vaults`: canonical casing for a type of `ARM_RESOURCE_TYPES`, else as written. */
  readonly type: string;
  readonly name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID (subscription, tenant or Entra object id) in any casing: 8-4-4-4-12 hexadecimal digits. */
export function isGuid(text: string): boolean {
  return GUID.test(text);
}

/**
 * A top-level resource id: static segments in any casing; a resource group
 * of ARM's characters (1-90 of letters, digits, `-_.()`, not ending in `.`);
 * a name without whitespace and without the characters no Azure resource
 * name may hold (`< > % & : \ ? / * + #`), nor quotes, braces, `$`, `|`,
 * `^` or backticks, so an id is safe in Terraform strings and shell words.
 */
const ARM_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/resourcegroups\/([-\w._()]{0,89}[-\w_()])\/providers\/([a-z][a-z0-9.]*)\/([a-z][a-z0-9]*)\/([^\s/<>%&:\\?*+#"'{}$|^`\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+)$/i;

/** Parses a top-level ARM resource id written in any casing, or returns undefined. */
export function parseArmId(id: string): ArmId | undefined {
  const m = ARM_ID.exec(id);
  if (!m) return undefined;
  const written = `${m[3]}/${m[4]}`;
  return { subscriptionId: m[1], resourceGroup: m[2], type: CANONICAL_TYPE.get(written.toLowerCase()) ?? written, name: m[5] };
}

/** `/subscriptions/<id>/resourceGroups/<rg>/providers/<type>/<name>`. */
export function formatArmId(id: ArmId): string {
  return `/subscriptions/${id.subscriptionId}/resourceGroups/${id.resourceGroup}/providers/${id.type}/${id.name}`;
}

/** The id in the casing the providers require, or undefined when it is not a top-level ARM id. */
export function canonicalArmId(id: string): string | undefined {
  const parsed = parseArmId(id);
  return parsed && formatArmId(parsed);
}

/**
 * An id as a provider argument: in canonical casing when it parses, else
 * unchanged (a token, or an id of a shape this library does not parse, such
 * as a child resource).
 */
export function armIdArgument(id: string): string {
  return canonicalArmId(id) ?? id;
}

/** Whether an id names a resource of `type` (any casing). */
export function isArmIdOf(id: string, type: string): boolean {
  return parseArmId(id)?.type.toLowerCase() === type.toLowerCase();
}

/** A comparison key: two ids name the same resource exactly when their keys are equal (ARM ids are case-insensitive). */
export function armIdKey(id: string): string {
  return (canonicalArmId(id) ?? id).toLowerCase();
}

/** Six hex characters that stand for `text` (SHA-256), for names that must be made unique. */
export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/**
 * Labels for resources identified by ARM id, one each, for construct ids,
 * Azure names and output keys. A label is the item's `base` (e.g.
 * `<type>-<name>`) or, where that is taken, `<base>-<shortHash(armIdKey(id))>`.
 *
 * First come, in list order: the first resource with a base keeps the plain
 * base; a later resource whose label is already taken (case-insensitively)
 * by a different resource gets the hash of its own id, and if that is taken
 * too (a resource named like a hashed label, or two ids whose hashes
 * collide) appends `-<shortHash("<round>:<armIdKey(id)>")>` for round 1, 2,
 * ... until it is free. Labels keep the base's casing. The same resource
 * listed again (its id in any casing) gets the label it got first. Distinct
 * resources always get labels that differ case-insensitively.
 *
 * A label depends only on the item and the items before it, so appending to
 * a list never renames anything already in it. Inserting a resource with
 * the same base before an existing one, reordering such resources, or
 * removing the first of them moves the plain label to whichever now comes
 * first, and renames the ones whose label changes (their construct ids,
 * Terraform addresses and, for private endpoints, Azure names, which
 * Terraform replaces).
 */
export function uniqueLabels(items: ReadonlyArray<{ readonly id: string; readonly base: string }>): string[] {
  const byResource = new Map<string, string>(); // armIdKey -> its label
  const taken = new Set<string>(); // lower-cased labels given so far
  return items.map(({ id, base }) => {
    const key = armIdKey(id);
    const known = byResource.get(key);
    if (known !== undefined) return known;
    // Each candidate is longer than the one before, so they are all different and at most taken.size + 1 are tried.
    let label = base;
    for (let round = 0; taken.has(label.toLowerCase()); round++) label = `${label}-${shortHash(round === 0 ? key : `${round}:${key}`)}`;
    byResource.set(key, label);
    taken.add(label.toLowerCase());
    return label;
  });
}
