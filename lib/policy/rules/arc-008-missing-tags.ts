import { TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { isLiteral, isRecord, PolicyContext, PolicyRule, PolicyViolation } from "../rule";

/**
 * ARC-008: a resource that takes tags (its class has a `tags` argument:
 * `tagsInput`, as `DefaultTags` finds them) without every one of the
 * topology's tag names. Names compare case-insensitively, as Azure
 * compares them; a value the resource sets itself wins (`DefaultTags`) and
 * is not checked.
 */
export const MISSING_TAGS: PolicyRule = {
  id: "ARC-008",
  level: "warning",
  title: "a resource without the topology's tags",
  reason: "cost reports, ownership and Azure Policy tag rules see the resource as untagged",
  fix: "apply the tags to its stack (DefaultTags.apply(stack, tags)) or set them on the resource",
  check(node: IConstruct, context: PolicyContext): PolicyViolation[] {
    if (context.requiredTags.length === 0 || !TerraformResource.isTerraformResource(node) || !("tagsInput" in node)) return [];
    const tags = context.arguments(node).tags;
    // A whole map computed in Terraform cannot be read here.
    if (tags !== undefined && tags !== null && (!isRecord(tags) || !isLiteral(tags))) return [];
    const have = new Set(Object.keys(isRecord(tags) ? tags : {}).map((k) => k.toLowerCase()));
    const missing = context.requiredTags.filter((t) => !have.has(t.toLowerCase()));
    return missing.length > 0 ? [{ detail: `${node.terraformResourceType} has no tag ${missing.join(", ")}`, value: Object.keys(isRecord(tags) ? tags : {}) }] : [];
  },
};
