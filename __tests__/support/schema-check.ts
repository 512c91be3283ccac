/**
 * Checks synthesized Terraform JSON against the real provider schemas in
 * ../shared/provider-schemas (the format of `terraform providers schema
 * -json`): unknown arguments and blocks, missing required arguments,
 * computed-only attributes set, block counts. That catches most of what
 * `terraform validate` would, offline.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export const SCHEMA_DIR = process.env.ARC_PROVIDER_SCHEMAS ?? join(__dirname, "..", "..", "..", "shared", "provider-schemas");
export const HAVE_SCHEMAS = existsSync(SCHEMA_DIR);

const FILES: Record<string, string> = {
  "registry.terraform.io/hashicorp/azurerm": "azurerm-4.55.0.json.gz",
  "registry.terraform.io/hashicorp/kubernetes": "kubernetes-2.38.0.json.gz",
  // The prebuilt @cdktf/provider-helm 12.1.2 and -tls 11.0.1 target helm 3.1.1 and tls 4.1.0.
  "registry.terraform.io/hashicorp/helm": "helm-3.1.1.json.gz",
  "registry.terraform.io/hashicorp/tls": "tls-4.1.0.json.gz",
  "registry.terraform.io/azure/azapi": "azapi-2.12.0.json.gz",
};

interface Attribute {
  type?: unknown;
  nested_type?: { attributes: Record<string, Attribute>; nesting_mode: string };
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}
interface BlockType {
  nesting_mode: string;
  min_items?: number;
  max_items?: number;
  block: Block;
}
export interface Block {
  attributes?: Record<string, Attribute>;
  block_types?: Record<string, BlockType>;
}
interface ProviderSchema {
  provider: { block: Block };
  resource_schemas: Record<string, { block: Block }>;
  data_source_schemas: Record<string, { block: Block }>;
}

const cache = new Map<string, ProviderSchema>();

function providerSchema(address: string): ProviderSchema {
  let s = cache.get(address);
  if (!s) {
    const file = FILES[address];
    if (!file) throw new Error(`no schema file for provider ${address}`);
    const all = JSON.parse(gunzipSync(readFileSync(join(SCHEMA_DIR, file))).toString("utf8"));
    s = all.provider_schemas[address] as ProviderSchema;
    cache.set(address, s);
  }
  return s;
}

function providerAddress(source: string): string {
  const parts = source.toLowerCase().split("/");
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join("/");
}

const RESOURCE_META = new Set(["//", "depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection"]);
const isToken = (v: unknown) => typeof v === "string" && /^\$\{[\s\S]*\}$/.test(v);

function checkBlock(config: Record<string, unknown>, block: Block, path: string, meta: Set<string>, errors: string[]): void {
  const attrs = block.attributes ?? {};
  const blocks = block.block_types ?? {};
  for (const [key, value] of Object.entries(config)) {
    if (meta.has(key)) continue;
    const attr = attrs[key];
    const bt = blocks[key];
    if (attr) {
      if (attr.computed && !attr.optional && !attr.required && value !== null) errors.push(`${path}.${key}: computed-only attribute is set`);
      if (attr.nested_type && value && typeof value === "object" && !isToken(value)) {
        const items = Array.isArray(value) ? value : attr.nested_type.nesting_mode === "map" ? Object.values(value) : [value];
        items.forEach((item, i) => {
          if (item && typeof item === "object") checkBlock(item as Record<string, unknown>, { attributes: attr.nested_type?.attributes }, `${path}.${key}[${i}]`, new Set(), errors);
        });
      }
    } else if (bt) {
      if (isToken(value)) continue;
      const items = Array.isArray(value) ? value : [value];
      const n = items.length;
      if (bt.min_items && n < bt.min_items) errors.push(`${path}.${key}: ${n} block(s), at least ${bt.min_items} required`);
      if (bt.max_items && n > bt.max_items) errors.push(`${path}.${key}: ${n} block(s), at most ${bt.max_items} allowed`);
      items.forEach((item, i) => {
        if (item && typeof item === "object" && !isToken(item)) checkBlock(item as Record<string, unknown>, bt.block, `${path}.${key}[${i}]`, new Set(), errors);
      });
    } else {
      errors.push(`${path}.${key}: unknown argument or block`);
    }
  }
  for (const [key, attr] of Object.entries(attrs)) {
    if (attr.required && (config[key] === undefined || config[key] === null)) errors.push(`${path}.${key}: required argument is missing`);
  }
  for (const [key, bt] of Object.entries(blocks)) {
    if (bt.min_items && bt.min_items > 0 && config[key] === undefined) errors.push(`${path}.${key}: required block is missing`);
  }
}

/** Every schema problem of one synthesized stack (`cdk.tf.json` parsed); empty when it conforms. */
export function schemaErrors(tf: Record<string, any>): string[] {
  const errors: string[] = [];
  const required: Record<string, { source: string }> = tf.terraform?.required_providers ?? {};
  const addressOf = (name: string) => providerAddress(required[name]?.source ?? name);
  for (const [name, configs] of Object.entries<Array<Record<string, unknown>>>(tf.provider ?? {})) {
    for (const [i, config] of configs.entries()) checkBlock(config, providerSchema(addressOf(name)).provider.block, `provider.${name}[${i}]`, new Set(["alias"]), errors);
  }
  for (const [kind, key] of [["resource", "resource_schemas"], ["data", "data_source_schemas"]] as const) {
    for (const [type, instances] of Object.entries<Record<string, Record<string, unknown>>>(tf[kind] ?? {})) {
      const provider = type.split("_")[0];
      const schema = providerSchema(addressOf(provider))[key][type];
      if (!schema) {
        errors.push(`${kind}.${type}: unknown ${kind === "data" ? "data source" : "resource"} type`);
        continue;
      }
      for (const [name, config] of Object.entries(instances)) checkBlock(config, schema.block, `${kind}.${type}.${name}`, RESOURCE_META, errors);
    }
  }
  return errors;
}

/**
 * The schema block of a provider, resource or data source of a stack
 * (`required_providers` maps local names to sources), or undefined for an
 * unknown type. For checks that walk another representation of the stack
 * (the HCL read back).
 */
export function elementSchema(tf: Record<string, any>, kind: "provider" | "resource" | "data", type: string): Block | undefined {
  const required: Record<string, { source: string }> = tf.terraform?.required_providers ?? {};
  const local = kind === "provider" ? type : type.split("_")[0];
  const schema = providerSchema(providerAddress(required[local]?.source ?? local));
  if (kind === "provider") return schema.provider.block;
  return schema[kind === "resource" ? "resource_schemas" : "data_source_schemas"][type]?.block;
}
