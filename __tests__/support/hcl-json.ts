/**
 * One canonical form for a Terraform configuration read either from native
 * HCL (parsed by @cdktf/hcl2json) or from Terraform JSON (cdk.tf.json), so a
 * test can check that both mean the same:
 *
 *     expect(await canonicalHcl(hcl)).toEqual(canonicalJson(json, hclBlockPaths(stack)));
 *
 * A canonical body maps each name to `{ attr: value }` or to
 * `{ blocks: { [labels as JSON]: body[] } }`, so a block never equals an
 * attribute that holds the same data.
 *
 * - HCL: hcl2json writes a block and a list-of-objects attribute alike, so
 *   the text is tagged first: every block header line (`type "label" {` or
 *   `type {}`, as `terraform fmt` lays them out) gets a `__hcl_block__`
 *   attribute. Bare expressions come back from hcl2json as `${...}`.
 * - JSON: which keys are blocks comes from Terraform's own structure (top
 *   level, `terraform`, `lifecycle`, ...) and, inside resources, data sources
 *   and providers, from the per-element block paths (`hclBlockPaths`).
 *   Strings JSON reads as expressions (`depends_on`, `provider`, variable
 *   `type`, ...) are wrapped in `${...}` as hcl2json writes them; max-one
 *   blocks (`{...}`) and block lists become lists of bodies; `//` is dropped.
 *   Strings Terraform reads unevaluated (variable `default`/`description`,
 *   backend settings, ...) are literal text, not templates.
 * - Strings are templates on both sides; whitespace inside `${...}` and
 *   `%{...}` is normalised (fmt re-spaces expressions). Not modelled: strip
 *   markers (`${~`) and templates interpolated directly (`${"a${b}"}`),
 *   which hcl2json rewrites.
 */
import { parse } from "@cdktf/hcl2json";

export type CanonBody = { [name: string]: CanonEntry };
export type CanonEntry = { attr: unknown } | { blocks: Record<string, CanonBody[]> };
/** Block paths per element (`resource.<type>.<name>`, `data.<type>.<name>`, `provider.<name>`), as lib/hcl's `hclBlockPaths` returns them. */
export type BlockPaths = ReadonlyMap<string, ReadonlySet<string>>;

export const BLOCK_TAG = "__hcl_block__";
const HEADER = /^(\s*)([A-Za-z_][\w-]*)((?:\s+"(?:[^"\\]|\\.)*")*)\s*\{(\})?$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isTagged = (v: unknown): v is Record<string, unknown> => isObject(v) && v[BLOCK_TAG] === true;
const mapValues = <A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** Adds `__hcl_block__ = true` to every block of fmt-style HCL (one header per line). */
export function tagBlocks(hcl: string): string {
  return hcl
    .split("\n")
    .map((line) => {
      const m = HEADER.exec(line);
      if (!m) return line;
      const [, indent, type, labels, closed] = m;
      const tag = `${indent}  ${BLOCK_TAG} = true`;
      return closed ? `${indent}${type}${labels} {\n${tag}\n${indent}}` : `${line}\n${tag}`;
    })
    .join("\n");
}

/**
 * A template with the whitespace inside `${...}` and `%{...}` normalised:
 * dropped, except one space between two word characters. Literal text and
 * strings nested in expressions are kept.
 */
export function normTemplate(s: string): string {
  let i = 0;
  const literal = (nested: boolean): string => {
    let out = "";
    while (i < s.length) {
      const c = s[i];
      if (nested && c === '"') {
        i++;
        return `${out}"`;
      }
      if (nested && c === "\\") {
        out += s.slice(i, i + 2);
        i += 2;
      } else if ((c === "$" || c === "%") && s[i + 1] === c && s[i + 2] === "{") {
        out += s.slice(i, i + 3);
        i += 3;
      } else if ((c === "$" || c === "%") && s[i + 1] === "{") {
        i += 2;
        out += `${c}{${sequence()}`;
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  const sequence = (): string => {
    let out = "";
    let depth = 0;
    let space = false;
    const emit = (t: string) => {
      if (space && /\w$/.test(out) && /^\w/.test(t)) out += " ";
      space = false;
      out += t;
    };
    while (i < s.length) {
      const c = s[i++];
      if (/\s/.test(c)) space = true;
      else if (c === "}" && depth === 0) {
        emit("}");
        return out;
      } else if (c === '"') {
        emit('"');
        out += literal(true);
      } else {
        if (c === "{") depth++;
        if (c === "}") depth--;
        emit(c);
      }
    }
    return out;
  };
  return literal(false);
}

/** An attribute value: strings (and object keys) as normalised templates. */
export function canonValue(v: unknown): unknown {
  if (typeof v === "string") return normTemplate(v);
  if (Array.isArray(v)) return v.map(canonValue);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [normTemplate(k), canonValue(x)]));
  return v;
}

// --- HCL side --------------------------------------------------------------

/** Tagged block bodies under `v`, by labels (hcl2json nests labels as object keys); undefined when `v` is an attribute value. */
function hclBlockGroups(v: unknown, labels: string[]): Record<string, Record<string, unknown>[]> | undefined {
  if (Array.isArray(v)) return v.length > 0 && v.every(isTagged) ? { [JSON.stringify(labels)]: v } : undefined;
  if (!isObject(v) || isTagged(v) || Object.keys(v).length === 0) return undefined;
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [label, inner] of Object.entries(v)) {
    const groups = hclBlockGroups(inner, [...labels, label]);
    if (!groups) return undefined;
    Object.assign(out, groups);
  }
  return out;
}

function hclBody(o: Record<string, unknown>): CanonBody {
  const out: CanonBody = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === BLOCK_TAG) continue;
    const groups = hclBlockGroups(v, []);
    out[k] = groups ? { blocks: mapValues(groups, (bodies) => bodies.map(hclBody)) } : { attr: canonValue(v) };
  }
  return out;
}

/** Native HCL in canonical form (parsed by @cdktf/hcl2json after tagging its blocks). */
export async function canonicalHcl(hcl: string, fileName = "main.tf"): Promise<CanonBody> {
  return hclBody(await parse(fileName, tagBlocks(hcl)));
}

// --- JSON side -------------------------------------------------------------

interface Schema {
  /** Block types of this body: label count and body. */
  readonly blocks?: Readonly<Record<string, { readonly labels: number; readonly body: Schema }>>;
  /** Attributes whose JSON strings are expressions (references, keywords, type constraints). */
  readonly refs?: readonly string[];
  /** Attributes Terraform reads without evaluating them (nil context): their JSON strings are literal text, not templates. */
  readonly literals?: readonly string[];
  /** Every attribute of the body is read that way (backend and cloud settings, required_providers). */
  readonly literal?: boolean;
  /** The body of a resource, data source or provider: its nested blocks come from the block paths. */
  readonly element?: boolean;
}

const ANY: Schema = {};
const LITERAL: Schema = { literal: true };
const CONDITIONS = { precondition: { labels: 0, body: ANY }, postcondition: { labels: 0, body: ANY } };
const PROVISIONER: Schema = { refs: ["when", "on_failure"], blocks: { connection: { labels: 0, body: ANY } } };
const RESOURCE: Schema = {
  element: true,
  refs: ["provider", "depends_on"],
  blocks: {
    lifecycle: { labels: 0, body: { refs: ["ignore_changes", "replace_triggered_by"], blocks: CONDITIONS } },
    provisioner: { labels: 1, body: PROVISIONER },
    connection: { labels: 0, body: ANY },
  },
};
/** Terraform's JSON configuration structure. */
const TOP: Schema = {
  blocks: {
    terraform: {
      labels: 0,
      body: {
        literals: ["required_version"],
        blocks: { required_providers: { labels: 0, body: LITERAL }, backend: { labels: 1, body: LITERAL }, cloud: { labels: 0, body: { literal: true, blocks: { workspaces: { labels: 0, body: LITERAL } } } } },
      },
    },
    provider: { labels: 1, body: { element: true, literals: ["alias", "version"] } },
    variable: { labels: 1, body: { refs: ["type"], literals: ["default", "description"], blocks: { validation: { labels: 0, body: ANY } } } },
    locals: { labels: 0, body: ANY },
    data: { labels: 2, body: RESOURCE },
    resource: { labels: 2, body: RESOURCE },
    module: { labels: 1, body: { refs: ["depends_on"], literals: ["source", "version"] } },
    output: { labels: 1, body: { refs: ["depends_on"], literals: ["description"], blocks: { precondition: CONDITIONS.precondition } } },
    moved: { labels: 0, body: { refs: ["from", "to"] } },
    import: { labels: 0, body: { refs: ["to", "provider"] } },
    removed: { labels: 0, body: { refs: ["from"], blocks: { lifecycle: { labels: 0, body: ANY } } } },
  },
};

/** Block bodies by labels: `labels` levels of object keys, then one body (`{...}`) or a list of bodies. */
function jsonBlockGroups(v: unknown, labels: number, path: string[] = []): Record<string, Record<string, unknown>[]> {
  if (labels === 0) return { [JSON.stringify(path)]: (Array.isArray(v) ? v : v === null || v === undefined ? [] : [v]).filter(isObject) };
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const item of Array.isArray(v) ? v : [v]) {
    for (const [label, inner] of Object.entries(isObject(item) ? item : {})) {
      for (const [key, bodies] of Object.entries(jsonBlockGroups(inner, labels - 1, [...path, label]))) out[key] = [...(out[key] ?? []), ...bodies];
    }
  }
  return out;
}

/** A value Terraform does not evaluate: its strings are literal text, which hcl2json writes as a template (`${` as `$${`). */
function canonLiteral(v: unknown): unknown {
  if (typeof v === "string") return normTemplate(v.replace(/([$%])\{/g, "$1$1{"));
  if (Array.isArray(v)) return v.map(canonLiteral);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [canonLiteral(k) as string, canonLiteral(x)]));
  return v;
}

const canonRef = (v: unknown): unknown => (typeof v === "string" ? normTemplate(v.startsWith("${") ? v : `\${${v}}`) : canonValue(v));

/** The element's block paths in scope of a body: which element, and the body's own path prefix. */
interface Element {
  readonly paths: ReadonlySet<string>;
  readonly prefix: string;
}

function jsonBody(o: Record<string, unknown>, schema: Schema, blocks: BlockPaths, element?: Element): CanonBody {
  const out: CanonBody = {};
  const addBlocks = (k: string, groups: Record<string, Record<string, unknown>[]>, canon: (body: Record<string, unknown>, labels: string[]) => CanonBody) => {
    const nonEmpty = Object.entries(groups).filter(([, bodies]) => bodies.length > 0);
    if (nonEmpty.length > 0) out[k] = { blocks: Object.fromEntries(nonEmpty.map(([labels, bodies]) => [labels, bodies.map((b) => canon(b, JSON.parse(labels)))])) };
  };
  for (const [k, v] of Object.entries(o)) {
    if (k === "//" || v === undefined) continue;
    const nested = schema.blocks?.[k];
    if (nested) {
      addBlocks(k, jsonBlockGroups(v, nested.labels), (b, labels) =>
        jsonBody(b, nested.body, blocks, nested.body.element ? { paths: blocks.get([k, ...labels].join(".")) ?? new Set(), prefix: "" } : element),
      );
    } else if (element && k === "dynamic") {
      addBlocks(k, jsonBlockGroups(v, 1), (d, [name]) => {
        const content: Element = { paths: element.paths, prefix: `${element.prefix}${name}.` };
        const { content: c, ...rest } = d;
        return { ...jsonBody(rest, { refs: ["iterator"] }, blocks), content: { blocks: { "[]": [jsonBody(c as Record<string, unknown>, { element: true }, blocks, content)] } } };
      });
    } else if (element && element.paths.has(element.prefix + k) && (v === null || isObject(v) || (Array.isArray(v) && v.every(isObject)))) {
      addBlocks(k, jsonBlockGroups(v, 0), (b) => jsonBody(b, { element: true }, blocks, { paths: element.paths, prefix: `${element.prefix}${k}.` }));
    } else if (schema.literal || schema.literals?.includes(k)) {
      out[k] = { attr: canonLiteral(v) };
    } else if (schema.refs?.includes(k)) {
      out[k] = { attr: Array.isArray(v) ? v.map(canonRef) : canonRef(v) };
    } else {
      out[k] = { attr: canonValue(v) };
    }
  }
  return out;
}

/** Terraform JSON (`stack.toTerraform()`) in canonical form; `blocks` tells the nested blocks of each element. */
export function canonicalJson(json: Record<string, unknown>, blocks: BlockPaths): CanonBody {
  return jsonBody(json, TOP, blocks);
}

/** Meta-arguments written as blocks in HCL whatever the provider schema says. */
const META_BLOCKS = new Set(["lifecycle", "provisioner", "connection", "dynamic"]);

/**
 * Where the HCL read back writes a block for a schema attribute, or an
 * attribute for a schema block: checked against the provider schemas, not
 * against the renderer's own block paths, so a wrong path there shows.
 */
export function hclSchemaErrors(canon: CanonBody, schemaOf: (kind: "provider" | "resource" | "data", type: string) => SchemaBlock | undefined): string[] {
  const errors: string[] = [];
  const walk = (body: CanonBody, block: SchemaBlock, at: string) => {
    for (const [key, entry] of Object.entries(body)) {
      if (key === BLOCK_TAG) continue;
      const isBlock = "blocks" in entry;
      if (META_BLOCKS.has(key)) continue;
      const nested = block.block_types?.[key];
      const attribute = block.attributes?.[key];
      if (isBlock && !nested && attributeAsBlocks(attribute)) continue;
      if (isBlock && !nested) errors.push(`${at}.${key}: written as a block, and the schema has ${attribute ? "an attribute" : "no such block"}`);
      else if (!isBlock && nested && !attribute) errors.push(`${at}.${key}: written as an attribute, and the schema has a block`);
      else if (isBlock && nested) for (const list of Object.values(entry.blocks)) list.forEach((b, i) => walk(b, nested.block, `${at}.${key}[${i}]`));
    }
  };
  const top = (name: "provider" | "resource" | "data") => {
    const entry = canon[name];
    if (!entry || !("blocks" in entry)) return;
    for (const [labels, bodies] of Object.entries(entry.blocks)) {
      const [type, label] = JSON.parse(labels) as string[];
      const block = schemaOf(name, type);
      if (!block) continue;
      bodies.forEach((b) => walk(b, block, `${name}.${type}${label ? `.${label}` : ""}`));
    }
  };
  top("provider");
  top("resource");
  top("data");
  return errors;
}

/**
 * Terraform's "attributes as blocks" mode: an SDKv2 attribute of type list
 * or set of objects (azurerm's `security_rule`) may be written with block
 * syntax as well (Terraform language docs, "Attributes as Blocks"). A
 * framework attribute with a nested type may not.
 */
function attributeAsBlocks(attribute: { type?: unknown } | undefined): boolean {
  const type = attribute?.type;
  return Array.isArray(type) && (type[0] === "list" || type[0] === "set") && Array.isArray(type[1]) && type[1][0] === "object";
}

/** The part of a provider schema block `hclSchemaErrors` reads. */
export interface SchemaBlock {
  readonly attributes?: Record<string, { readonly type?: unknown }>;
  readonly block_types?: Record<string, { readonly block: SchemaBlock }>;
}
