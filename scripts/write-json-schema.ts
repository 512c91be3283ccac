/**
 * Writes schema/topology.schema.json from the zod schema (`npm run schema`).
 * A test keeps it in sync. The conversion lives here, not in stacks/, so the
 * app's bundle does not carry zod's JSON Schema code.
 *
 * zod's output is post-processed, generically, for editors and strict
 * validators (ajv with `strict: true` and no plugins):
 * - `format` goes: a validator without plugins does not know `uuid` and the
 *   like (ajv in strict mode refuses the schema). Its pattern carries the
 *   check instead (zod emits it next to the format; else it is added).
 * - A discriminated union (`oneOf`/`anyOf` of objects that each have a
 *   required property with a `const`) becomes the discriminator's `enum`
 *   plus one `if: {<d>: const X} then: <branch>` per branch, so a validator
 *   reports the field that is wrong (`/backend/type` must be one of ..., or
 *   the branch's missing or unknown field) instead of every branch's errors
 *   and "must match exactly one schema in oneOf".
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { regexes, toJSONSchema } from "zod/mini";
import { TopologySchema } from "../topology/schema";

export const JSON_SCHEMA_FILE = join(__dirname, "..", "schema", "topology.schema.json");

/** A JSON Schema object (booleans, the other kind of schema, have nothing to rewrite). */
type Schema = { [keyword: string]: unknown };

const isSchema = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords whose value is a schema (`items`: also a list of schemas in older drafts). */
const ONE_SCHEMA = ["additionalProperties", "unevaluatedProperties", "propertyNames", "items", "additionalItems", "unevaluatedItems", "contains", "not", "if", "then", "else"];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST = ["allOf", "anyOf", "oneOf", "prefixItems"];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP = ["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"];

/**
 * `schema` with `rewrite` applied to every subschema, innermost first. Only
 * schema keywords are walked: `default`, `const`, `enum` and `examples` are
 * data, and a property named `format` is a name, not the keyword.
 */
function mapSchemas(schema: unknown, rewrite: (s: Schema, at: string) => Schema, at = "#"): unknown {
  if (!isSchema(schema)) return schema;
  const out: Schema = { ...schema };
  for (const k of ONE_SCHEMA) {
    const v = out[k];
    if (Array.isArray(v)) out[k] = v.map((s, i) => mapSchemas(s, rewrite, `${at}/${k}/${i}`));
    else if (v !== undefined) out[k] = mapSchemas(v, rewrite, `${at}/${k}`);
  }
  for (const k of SCHEMA_LIST) {
    const v = out[k];
    if (Array.isArray(v)) out[k] = v.map((s, i) => mapSchemas(s, rewrite, `${at}/${k}/${i}`));
  }
  for (const k of SCHEMA_MAP) {
    const v = out[k];
    if (isSchema(v)) out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, mapSchemas(s, rewrite, `${at}/${k}/${name}`)]));
  }
  return rewrite(out, at);
}

/**
 * The pattern that checks each `format` zod emits (zod's own regular
 * expressions, the ones its parse runs). A format missing here fails the
 * script: add its pattern rather than ship a schema a strict validator
 * refuses or that checks less than zod.
 */
const FORMAT_PATTERNS: Readonly<Record<string, string>> = {
  uuid: regexes.guid.source,
  email: regexes.email.source,
  ipv4: regexes.ipv4.source,
  ipv6: regexes.ipv6.source,
  date: regexes.date.source,
};

/** The patterns a string schema checks: `pattern`, and zod's `allOf` of patterns when there are several. */
function patternsOf(s: Schema): string[] {
  const all = Array.isArray(s.allOf) ? s.allOf.filter(isSchema).map((p) => p.pattern) : [];
  return [s.pattern, ...all].filter((p): p is string => typeof p === "string");
}

/** `s` without `format`, its check kept as a pattern. */
function formatAsPattern(s: Schema, at: string): Schema {
  if (s.format === undefined) return s;
  const { format, ...rest } = s;
  const pattern = FORMAT_PATTERNS[String(format)];
  if (pattern === undefined) throw new Error(`${at}: format ${JSON.stringify(format)} has no pattern in FORMAT_PATTERNS (scripts/write-json-schema.ts); add zod's regular expression for it`);
  if (patternsOf(rest).includes(pattern)) return rest;
  if (rest.pattern === undefined && rest.allOf === undefined) return { ...rest, pattern };
  const others = rest.pattern === undefined ? [] : [{ pattern: rest.pattern }];
  delete rest.pattern;
  return { ...rest, allOf: [...others, ...(Array.isArray(rest.allOf) ? rest.allOf : []), { pattern }] };
}

type Constant = string | number | boolean | null;

/** The constant of `property` in an object schema that requires it, if it has one. */
function constantOf(branch: unknown, property: string): { value: Constant } | undefined {
  if (!isSchema(branch) || branch.type !== "object" || !isSchema(branch.properties)) return undefined;
  if (!Array.isArray(branch.required) || !branch.required.includes(property)) return undefined;
  const p = branch.properties[property];
  if (!isSchema(p) || !("const" in p)) return undefined;
  const c = p.const;
  return c === null || ["string", "number", "boolean"].includes(typeof c) ? { value: c as Constant } : undefined;
}

/**
 * The discriminator of a union's branches: the first property (in the first
 * branch's order) that every branch requires with a `const`, the constants
 * all different. Undefined when the union is not discriminated.
 */
function discriminatorOf(branches: unknown[]): { property: string; values: Constant[] } | undefined {
  const first = branches[0];
  if (branches.length < 2 || !isSchema(first) || !isSchema(first.properties)) return undefined;
  for (const property of Object.keys(first.properties)) {
    const found = branches.map((b) => constantOf(b, property));
    if (found.some((c) => c === undefined)) continue;
    const values = found.map((c) => c!.value);
    if (new Set(values).size === values.length) return { property, values };
  }
  return undefined;
}

/**
 * A discriminated union as `properties.<d>.enum` and one if/then per
 * branch. Each `then` is the whole branch, so its `required` and its
 * `additionalProperties: false` apply as before: an unknown field, or a
 * field of another branch, is still an error. The `if` requires the
 * discriminator, so a missing or unknown one matches no branch and gets
 * one error from the enum or `required` alone, and so does a value that
 * is not an object (from `type`).
 */
function unionAsIfThen(s: Schema): Schema {
  const key = Array.isArray(s.oneOf) ? "oneOf" : Array.isArray(s.anyOf) ? "anyOf" : undefined;
  if (key === undefined || (s.oneOf !== undefined && s.anyOf !== undefined)) return s;
  // Only a bare union (with annotations such as description and default) is rewritten: its own object keywords would need merging.
  if (["type", "properties", "required", "additionalProperties", "if", "then", "else"].some((k) => s[k] !== undefined)) return s;
  const branches = s[key] as unknown[];
  const d = discriminatorOf(branches);
  if (!d) return s;
  const { [key]: _union, allOf, ...rest } = s;
  return {
    ...rest,
    type: "object",
    // The enum alone (no `type`): a value of the wrong type gets the one error that lists the allowed values.
    properties: { [d.property]: { enum: d.values } },
    required: [d.property],
    allOf: [
      ...(Array.isArray(allOf) ? allOf : []),
      ...branches.map((branch, i) => ({
        // `type: "object"`: a non-object matches no branch (`required` holds for any non-object), so it gets the one type error.
        if: { type: "object", properties: { [d.property]: { const: d.values[i] } }, required: [d.property] },
        then: branch,
      })),
    ],
  };
}

/** zod's JSON Schema, rewritten for strict validators and editors (see the file's comment). */
export function editorJsonSchema(schema: unknown): unknown {
  return mapSchemas(schema, (s, at) => unionAsIfThen(formatAsPattern(s, at)));
}

/** The JSON Schema of the file (draft 2020-12), for editors. */
export function renderJsonSchema(): string {
  const schema = toJSONSchema(TopologySchema, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify(editorJsonSchema(schema), null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(JSON_SCHEMA_FILE, renderJsonSchema());
  process.stdout.write(`wrote ${JSON_SCHEMA_FILE}\n`);
}
