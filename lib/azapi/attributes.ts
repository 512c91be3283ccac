/**
 * One table of attributes per class drives both outputs: `toJson` for
 * `synthesizeAttributes` (cdk.tf.json) and `toHcl` for
 * `synthesizeHclAttributes` (cdk.tf). cdktf's base classes return `{}` for
 * HCL, which would silently write empty blocks, so every class here
 * implements both through this table.
 */
import * as cdktf from "cdktf";

/** `object`: a dynamic object such as an ARM body. `blockList`: repeated nested blocks of plain string attributes (snake_case keys), e.g. `identity`. */
export type AttributeKind = "string" | "bool" | "number" | "stringList" | "stringMap" | "object" | "blockList";

export interface AttributeSpec {
  readonly kind: AttributeKind;
  readonly value: unknown;
}

export type AttributeTable = Record<string, AttributeSpec>;

const JSON_MAPPERS: Record<AttributeKind, (v: unknown) => unknown> = {
  string: cdktf.stringToTerraform,
  bool: cdktf.booleanToTerraform,
  number: cdktf.numberToTerraform,
  stringList: cdktf.listMapper(cdktf.stringToTerraform, false),
  stringMap: cdktf.hashMapper(cdktf.stringToTerraform),
  object: cdktf.hashMapper(cdktf.anyToTerraform),
  blockList: (v) => v,
};

const HCL: Record<AttributeKind, { map: (v: unknown) => unknown; type: string; storageClassType: string }> = {
  string: { map: cdktf.stringToHclTerraform, type: "simple", storageClassType: "string" },
  bool: { map: cdktf.booleanToHclTerraform, type: "simple", storageClassType: "boolean" },
  number: { map: cdktf.numberToHclTerraform, type: "simple", storageClassType: "number" },
  stringList: { map: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false), type: "list", storageClassType: "stringList" },
  stringMap: { map: cdktf.hashMapperHcl(cdktf.stringToHclTerraform), type: "map", storageClassType: "stringMap" },
  // type "any": rendered as a plain HCL expression (nested lists stay lists; "map" would turn them into maps).
  object: { map: cdktf.anyToHclTerraform, type: "any", storageClassType: "any" },
  blockList: { map: (v) => v, type: "list", storageClassType: "blockList" },
};

const defined = ([, v]: [string, unknown]) => v !== undefined;

/**
 * cdktf 0.21's HCL renderer crashes on a `null` nested in a map (it calls
 * Object.entries(null)). In HCL a template that is only an interpolation
 * yields the raw value, so `"${null}"` is null: nested nulls are written so.
 * Tokens and other non-plain objects pass through untouched.
 */
export function hclNulls(value: unknown): unknown {
  if (value === null) return "${null}";
  if (Array.isArray(value)) return value.map(hclNulls);
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hclNulls(v)]));
  }
  return value;
}

export function toJson(table: AttributeTable): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .filter(([, a]) => a.value !== undefined)
      .map(([k, a]) => [k, JSON_MAPPERS[a.kind](a.value)]),
  );
}

export function toHcl(table: AttributeTable): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .map(([k, a]): [string, unknown] => [k, a.value === undefined ? undefined : { value: HCL[a.kind].map(hclNulls(a.value)), isBlock: a.kind === "blockList", type: HCL[a.kind].type, storageClassType: HCL[a.kind].storageClassType }])
      .filter(defined),
  );
}
