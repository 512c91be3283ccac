/**
 * Readable Terraform addresses (`azurerm_private_endpoint.arc`,
 * `azurerm_network_security_group.spoke_servers`) instead of cdktf's
 * default logical ids (the construct path plus an MD5 hash,
 * `Arc_Endpoint_A87930C3`), for `terraform state mv`, `-replace` and
 * `import` blocks.
 */
import { createHash } from "node:crypto";
import { TerraformDataSource, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { IConstruct, Node } from "constructs";

/** cdktf's ids that never show in a logical id: a construct's main resource (`Resource`) and default child (`Default`). */
const HIDDEN_IDS: ReadonlySet<string> = new Set(["Resource", "Default"]);

/** Hex digits of the suffix that tells colliding names apart. */
const SUFFIX_LENGTH = 6;

/**
 * The lower-case words of one construct id: split at camelCase boundaries
 * (`privateLinkScope`, `DnsResolver`; an acronym ends before a capital
 * followed by a lower-case letter: `DNSZone` is `dns`, `zone`) and at every
 * character other than `A-Z a-z 0-9` (`Spoke-a.b_c` is `spoke`, `a`, `b`,
 * `c`). An id of such characters only has no words.
 */
export function constructIdWords(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/**
 * The readable Terraform name of a resource or data source (the part after
 * `<type>.` in its address) from its construct path below its stack:
 *
 * - `path` is the construct ids from the stack's child down to the element
 *   itself (`["Spoke-servers", "SecurityGroup", "Resource"]`); `type` is
 *   its Terraform type (`azurerm_network_security_group`, without `data.`).
 * - cdktf's hidden ids `Resource` and `Default` are left out.
 * - Each id is split into lower-case words (`constructIdWords`: camelCase
 *   boundaries and any character other than a letter or digit).
 * - An id whose words only repeat the type's trailing words (after the
 *   provider prefix) is left out: `Endpoint` under `azurerm_private_endpoint`,
 *   `VirtualNetwork` or `Network` under `azurerm_virtual_network`,
 *   `SecurityGroup` under `azurerm_network_security_group`.
 * - The remaining words are joined with `_`: `spoke_servers`.
 * - Never empty: with no words left, the type's words after the provider
 *   prefix (`ResourceGroup` under `azurerm_resource_group` is
 *   `resource_group`; a type without a prefix is used whole).
 * - Always a valid Terraform identifier (letters, digits, `_`, `-`, not
 *   starting with a digit): a name that would start with a digit gets a
 *   leading `_` (`1st` is `_1st`).
 *
 * Pure: the same path and type always give the same name, whatever else
 * the stack holds. Two elements can get the same name (`Spoke-a-b` and
 * `Spoke-a--b`); `readableLogicalId` tells them apart. Throws nothing.
 */
export function readableTerraformName(path: readonly string[], type: string): string {
  const typeWords = type.split("_").filter((w) => w.length > 0);
  const trailing = (typeWords.length > 1 ? typeWords.slice(1) : typeWords).map((w) => w.toLowerCase());
  const words: string[] = [];
  for (const id of path) {
    if (HIDDEN_IDS.has(id)) continue;
    const w = constructIdWords(id);
    if (w.length === 0 || repeatsTrailing(w, trailing)) continue;
    words.push(...w);
  }
  const name = (words.length > 0 ? words : trailing).join("_") || "_";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Whether `words` are the last `words.length` words of `trailing`. */
function repeatsTrailing(words: readonly string[], trailing: readonly string[]): boolean {
  if (words.length > trailing.length) return false;
  const offset = trailing.length - words.length;
  return words.every((w, i) => w === trailing[offset + i]);
}

/** Where a name must be unique: Terraform addresses are `<type>.<name>` and `data.<type>.<name>`. */
function kindOf(e: TerraformResource | TerraformDataSource): string {
  return TerraformDataSource.isTerraformDataSource(e) ? `data.${e.terraformResourceType}` : e.terraformResourceType;
}

function isNamed(c: IConstruct): c is TerraformResource | TerraformDataSource {
  return TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c);
}

/** Construct ids from the stack's child down to `c`. */
function pathBelow(stack: TerraformStack, c: IConstruct): string[] {
  const scopes = c.node.scopes;
  return scopes.slice(scopes.indexOf(stack) + 1).map((s) => s.node.id);
}

/** `_` and 6 hex digits of a hash of the construct path below the stack (another round: another hash). */
function pathSuffix(path: string, round: number): string {
  return `_${createHash("sha256").update(round === 0 ? path : `${round}:${path}`).digest("hex").slice(0, SUFFIX_LENGTH)}`;
}

/** The names of one stack's resources and data sources, in the order they are given out. */
class StackAddresses {
  /** Each element's name, once given: cdktf writes it into references at once, so it never changes. */
  private readonly names = new WeakMap<IConstruct, string>();
  /** `<kind>.<name>` of every name given. */
  private readonly taken = new Set<string>();

  constructor(private readonly stack: TerraformStack) {}

  nameOf(e: TerraformResource | TerraformDataSource): string {
    const known = this.names.get(e);
    if (known !== undefined) return known;
    const kind = kindOf(e);
    const path = pathBelow(this.stack, e);
    const base = readableTerraformName(path, e.terraformResourceType);
    let name = base;
    for (let round = 0; this.taken.has(`${kind}.${name}`); round++) name = `${base}${pathSuffix(path.join("/"), round)}`;
    this.taken.add(`${kind}.${name}`);
    this.names.set(e, name);
    return name;
  }
}

const perStack = new WeakMap<TerraformStack, StackAddresses>();

/**
 * The logical id of a stack element, with readable names for resources and
 * data sources; everything else (outputs, variables, locals, providers,
 * modules, remote state) keeps cdktf's default id, so output names (the
 * keys of `terraform output`) do not change.
 *
 * A resource's or data source's name is `readableTerraformName(path, type)`
 * (see there), made unique per address kind (`<type>` or `data.<type>`) in
 * the stack. A name is given when cdktf first asks for it: when an
 * attribute of the element is first read (often while the stack is being
 * built: cdktf writes the name into the reference at once, so it can never
 * change afterwards), else at synthesis, in construct-tree order. The
 * first element to get a name keeps it; a later one of the same kind whose
 * name is taken gets `_<6 hex>`, a hash of its own construct path below
 * the stack (spokes `a-b` and, listed after it, `a--b` give
 * `azurerm_virtual_network.spoke_a_b` and `spoke_a_b_<hash>`). So only
 * the colliding names get a suffix, it depends only on the element's own
 * path, and adding an element renames no other. Ids set with
 * `overrideLogicalId` bypass this function and are not checked against it.
 * Names are memoized per stack and element. Throws nothing.
 *
 * Opt in from any stack with one line:
 *
 * ```ts
 * class MyStack extends TerraformStack {
 *   protected override allocateLogicalId(e: TerraformElement | Node): string { return readableLogicalId(this, e); }
 * }
 * ```
 *
 * (`ArcStack`, the base of this package's stacks, does exactly that.)
 */
export function readableLogicalId(stack: TerraformStack, element: TerraformElement | Node): string {
  if (isNamed(element as IConstruct) && TerraformStack.of(element as IConstruct) === stack) {
    let addresses = perStack.get(stack);
    if (!addresses) {
      addresses = new StackAddresses(stack);
      perStack.set(stack, addresses);
    }
    return addresses.nameOf(element as TerraformResource | TerraformDataSource);
  }
  return TerraformStack.prototype["allocateLogicalId"].call(stack, element);
}
