/**
 * What `terraform validate` would say about a synthesized stack, offline:
 * the provider schemas (unknown, missing and computed-only arguments, block
 * counts), the provider constraints (cross-attribute and value rules) and
 * the templates (escapes, directives, references). The first two need
 * ../shared; a clone without it skips them visibly, and CI fails instead.
 */
import { isDeepStrictEqual } from "node:util";
import { format } from "@cdktf/hcl-tools";
import { TerraformStack } from "cdktf";
import { hclBlockPaths, renderStackHcl } from "../../lib/hcl";
import { CONSTRAINT_DIR, constraintReport, HAVE_CONSTRAINTS } from "./constraint-check";
import { canonicalHcl, canonicalJson, hclSchemaErrors } from "./hcl-json";
import { elementSchema, HAVE_SCHEMAS, SCHEMA_DIR, schemaErrors } from "./schema-check";
import { templateErrors } from "./template-check";

export const HAVE_SHARED = HAVE_SCHEMAS && HAVE_CONSTRAINTS;

/** A note for tests that skip what needs ../shared; CI (CI=true) must have it. */
export function sharedMissingNote(): string | undefined {
  if (HAVE_SHARED) return undefined;
  return `provider schemas or constraints missing (${HAVE_SCHEMAS ? "" : SCHEMA_DIR} ${HAVE_CONSTRAINTS ? "" : CONSTRAINT_DIR}): schema and constraint checks are SKIPPED (set ARC_PROVIDER_SCHEMAS / ARC_PROVIDER_CONSTRAINTS)`;
}

export interface StackCheck {
  readonly errors: string[];
  /** Resource and data instances the constraint tables cover. */
  readonly resources: number;
  /** Constraint evaluations applied. */
  readonly rules: number;
}

/** Every problem of one stack's JSON, each naming the stack, the resource, the path, the rule and the value. */
export function checkStack(stack: string, tf: Record<string, any>): StackCheck {
  const templates = templateErrors(stack, tf);
  if (!HAVE_SHARED) return { errors: templates, resources: 0, rules: 0 };
  const report = constraintReport(stack, tf);
  return { errors: [...schemaErrors(tf).map((e) => `${stack}: ${e}`), ...report.errors, ...templates], resources: report.resources, rules: report.rules };
}

/**
 * What is wrong with a stack's HCL (lib/hcl): not `terraform fmt`-clean,
 * not the same Terraform as its JSON once read back (blocks as blocks,
 * attributes as attributes, the same values after normalising the spacing
 * inside interpolations), or a block where the provider schema has an
 * attribute (or the reverse). Empty when it is right.
 */
export async function hclProblems(stack: TerraformStack): Promise<string[]> {
  const { hcl } = renderStackHcl(stack);
  const json = stack.toTerraform();
  const problems: string[] = [];
  if ((await format(hcl)) !== hcl) problems.push("not terraform fmt-clean");
  const fromHcl = await canonicalHcl(hcl);
  const fromJson = canonicalJson(json, hclBlockPaths(stack));
  if (!isDeepStrictEqual(fromHcl, fromJson)) {
    const keys = [...new Set([...Object.keys(fromHcl), ...Object.keys(fromJson)])].filter((k) => !isDeepStrictEqual(fromHcl[k], fromJson[k]));
    problems.push(`means other Terraform than the JSON in: ${keys.join(", ")}`);
  }
  if (HAVE_SCHEMAS) problems.push(...hclSchemaErrors(fromHcl, (kind, type) => elementSchema(json, kind, type)));
  return problems;
}
