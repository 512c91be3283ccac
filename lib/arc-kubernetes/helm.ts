/**
 * The prebuilt `@cdktf/provider-helm` 12.1.2 binding writes helm 3.x's
 * nested attributes as blocks in HCL (`set_sensitive { ... }`,
 * `kubernetes { ... }`), which Terraform rejects for helm 3: they are
 * attributes there (`set_sensitive = [{ ... }]`, `kubernetes = { ... }`).
 * JSON output is the same either way. These subclasses re-type them for
 * the HCL renderer; use them instead of `Release` and `HelmProvider`.
 */
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";

const RELEASE_NESTED = ["set", "set_list", "set_sensitive", "set_wo", "postrender"];
const PROVIDER_NESTED = ["kubernetes", "registries", "experiments"];

const isSpec = (v: unknown): v is { value: unknown; type: string } => !!v && typeof v === "object" && "value" in v && "type" in v && "isBlock" in v;

/** The plain value of a cdktf HCL attribute spec, nested specs unwrapped (the binding already leaves out unset attributes at every level). */
function plain(v: unknown): unknown {
  if (isSpec(v)) return plain(v.value);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

/** Re-types nested-attribute specs as plain HCL expressions (`type: "any"`), so they render as `key = { ... }` / `key = [{ ... }]`. */
function asAttributes(attributes: Record<string, any>, keys: readonly string[]): Record<string, any> {
  for (const key of keys) {
    const a = attributes[key];
    if (isSpec(a)) attributes[key] = { value: plain(a), isBlock: false, type: "any", storageClassType: "any" };
  }
  return attributes;
}

/** `helm_release` whose HCL writes helm 3.x's nested attributes as attributes. */
export class HelmRelease extends Release {
  protected override synthesizeHclAttributes(): Record<string, any> {
    return asAttributes(super.synthesizeHclAttributes(), RELEASE_NESTED);
  }
}

/** The helm provider whose HCL writes `kubernetes = { ... }` (an attribute in helm 3.x). */
export class Helm3Provider extends HelmProvider {
  protected override synthesizeHclAttributes(): Record<string, any> {
    return asAttributes(super.synthesizeHclAttributes(), PROVIDER_NESTED);
  }
}
