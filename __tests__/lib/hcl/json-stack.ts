/**
 * Test support for lib/hcl: a stack whose Terraform JSON is given as is, and
 * an element whose HCL specs are given as is, so that each rendering rule can
 * be exercised on a small hand-built document.
 */
import { TerraformElement, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { renderStackHcl } from "../../../lib/hcl";

/** A stack whose `toTerraform()` is `doc`. */
export class JsonStack extends TerraformStack {
  constructor(
    scope: Construct,
    id: string,
    private readonly doc: Record<string, unknown>,
  ) {
    super(scope, id);
  }

  override toTerraform(): Record<string, unknown> {
    return this.doc;
  }
}

/** An element whose `toHclTerraform()` is `fragment` (the specs `hclBlockPaths` reads). */
export class SpecElement extends TerraformElement {
  constructor(
    scope: Construct,
    id: string,
    private readonly fragment: unknown,
  ) {
    super(scope, id);
  }

  override toHclTerraform(): unknown {
    return this.fragment;
  }
}

/** A block spec as cdktf's generated classes write it. */
export const blockSpec = (value: unknown) => ({ value, isBlock: true, type: "list", storageClassType: "list" });
/** An attribute spec as cdktf's generated classes write it. */
export const attrSpec = (value: unknown) => ({ value, isBlock: false, type: "simple", storageClassType: "string" });

/** A stack of `doc`, with elements holding `fragments` (HCL specs). */
export function jsonStack(doc: Record<string, unknown>, ...fragments: unknown[]): JsonStack {
  const stack = new JsonStack(Testing.app(), "doc", doc);
  fragments.forEach((f, i) => new SpecElement(stack, `spec${i}`, f));
  return stack;
}

/** The HCL text of `doc`. */
export function hclOf(doc: Record<string, unknown>, ...fragments: unknown[]): string {
  return renderStackHcl(jsonStack(doc, ...fragments)).hcl;
}
