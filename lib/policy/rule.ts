/**
 * What a policy rule is, and what rules read: a Terraform element's
 * arguments as they will be synthesized (escape-hatch overrides merged in),
 * the references inside them, and the other resources of its stack.
 */
import { TerraformElement, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { IConstruct } from "constructs";

/** `error` fails the synth; `warning` is printed and the synth goes on. */
export type PolicyLevel = "error" | "warning";

/** One thing a rule found on one construct. */
export interface PolicyViolation {
  /** What was found, in a few words (`public_network_access_enabled is true`). Never a secret's value. */
  readonly detail: string;
  /** The value found, for the message (`got ...`). @default - none shown */
  readonly value?: unknown;
}

/** What rules may ask about the construct tree. */
export interface PolicyContext {
  /** The tag names every taggable resource must carry (Azure compares them case-insensitively). */
  readonly requiredTags: readonly string[];
  /**
   * A Terraform element's arguments as it will synthesize them: snake_case
   * keys, references as cdktf tokens, overrides (`addOverride`) merged in.
   * Meta-arguments (`lifecycle`, `depends_on`) only where overridden; read
   * `TerraformResource.lifecycle` for those. Cached per element.
   */
  arguments(element: TerraformElement): Record<string, unknown>;
  /** The resources of a Terraform type in a stack, in construct-tree order. */
  resourcesOf(stack: TerraformStack, type: string): readonly TerraformResource[];
  /**
   * The resources (`<type>.<name>`, as `address` gives them) that the
   * `argument` of the resources of `type` in a stack references: which
   * subnets the NSG associations' `subnet_id` point at. Computed once per
   * stack, type and argument.
   */
  referencedBy(stack: TerraformStack, type: string, argument: string): ReadonlySet<string>;
  /**
   * `<type>.<name>`: what references to the resource start with. Asking
   * gives the resource its name if it has none yet, which the pack does in
   * construct-tree order, the order synthesis would name it in.
   */
  address(resource: TerraformResource): string;
}

/** A rule of the pack. */
export interface PolicyRule {
  /** Stable id, `ARC-001` ...: suppressions name it, so it never changes meaning. */
  readonly id: string;
  readonly level: PolicyLevel;
  /** What the rule looks for, in a few words (the README's table). */
  readonly title: string;
  /** Why it matters, one line. */
  readonly reason: string;
  /** How to fix it, one line. */
  readonly fix: string;
  /**
   * Terraform types the rule looks at; `check` runs only on those
   * resources. @default - every construct
   */
  readonly types?: readonly string[];
  /** The violations on one construct; [] when it complies. */
  check(node: IConstruct, context: PolicyContext): readonly PolicyViolation[];
}

/** Merges `overrides` into a copy of `base`, as cdktf merges `addOverride` values (objects key by key, anything else replaced). */
function merged(base: unknown, overrides: unknown): unknown {
  if (!isRecord(overrides) || !isRecord(base)) return overrides === undefined ? base : overrides;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides)) out[k] = merged(base[k], v);
  return out;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * A Terraform element's arguments (see `PolicyContext.arguments`);
 * {} for an element that synthesizes none (outputs, locals).
 */
export function terraformArguments(element: TerraformElement): Record<string, unknown> {
  const e = element as unknown as { synthesizeAttributes?: () => Record<string, unknown>; rawOverrides?: unknown };
  const base = typeof e.synthesizeAttributes === "function" ? e.synthesizeAttributes() : {};
  const all = merged(base ?? {}, e.rawOverrides);
  return isRecord(all) ? all : {};
}

/** A nested block as a list of its instances: a block may synthesize as one object or a list of them. */
export function blocks(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isRecord);
  return isRecord(v) ? [v] : [];
}

/** A string argument's values: one string, or a list of them (`source_address_prefix` and `source_address_prefixes`). */
export function strings(...values: unknown[]): string[] {
  return values.flatMap((v) => (typeof v === "string" ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []));
}

/** Whether a value is known at synth: not a cdktf token, and not a Terraform expression written as text (`${...}`). */
export function isLiteral(v: unknown): boolean {
  if (typeof v === "string") return !Token.isUnresolved(v) && !/(^|[^$])\$\{/.test(v);
  return v !== undefined && v !== null && !Token.isUnresolved(v);
}

/**
 * The Terraform addresses (`azurerm_subnet.spoke_a.id`) that references in
 * a value point at: cdktf references anywhere in strings, lists and maps,
 * also as arguments of functions (`Fn.flatten(ref)`).
 */
export function referencedAddresses(value: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const fromToken = (token: unknown, depth: number): void => {
    if (token === null || typeof token !== "object" || seen.has(token) || depth > 4) return;
    seen.add(token);
    const t = token as { identifier?: unknown; args?: unknown };
    if (typeof t.identifier === "string") found.push(t.identifier);
    if (Array.isArray(t.args)) for (const a of t.args) walk(a, depth + 1);
  };
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === "string") {
      if (Token.isUnresolved(v)) for (const token of Tokenization.reverseString(v).tokens) fromToken(token, depth);
    } else if (typeof v === "number") {
      const token = Tokenization.reverseNumber(v);
      if (token) fromToken(token, depth);
    } else if (Array.isArray(v)) {
      const token = v.every((x) => typeof x === "string") ? Tokenization.reverseList(v as string[]) : undefined;
      if (token) fromToken(token, depth);
      else for (const x of v) walk(x, depth);
    } else if (Tokenization.isResolvable(v)) {
      fromToken(v, depth);
    } else if (isRecord(v)) {
      for (const x of Object.values(v)) walk(x, depth);
    }
  };
  walk(value, 0);
  return found;
}

/** The construct's Terraform resource type, when it is a resource. */
export function resourceType(node: IConstruct): string | undefined {
  return TerraformResource.isTerraformResource(node) ? node.terraformResourceType : undefined;
}
