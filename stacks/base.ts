import { TerraformElement, TerraformStack } from "cdktf";
import { Node } from "constructs";
import { readableLogicalId } from "../lib/core";

/**
 * The base of every stack of the app: HCL output (`cdktf synth --hcl`,
 * SYNTH_HCL_OUTPUT=true) comes from `lib/hcl`, which renders the stack's
 * JSON as HCL that means exactly the same and is `terraform fmt`-clean,
 * instead of cdktf 0.21's own renderer (which leaves quotes and
 * backslashes unescaped, writes heredocs and crashes on nested nulls).
 * The renderer loads on first use: JSON synthesis does not pay for it.
 *
 * Resources and data sources get readable addresses
 * (`azurerm_private_endpoint.arc`; `readableLogicalId` in lib/core) instead
 * of cdktf's construct path and hash; outputs, variables and providers keep
 * cdktf's ids.
 */
export abstract class ArcStack extends TerraformStack {
  protected override allocateLogicalId(e: TerraformElement | Node): string {
    return readableLogicalId(this, e);
  }

  public override toHclTerraform(): { hcl: string; metadata: Record<string, unknown> } {
    return (require("../lib/hcl") as typeof import("../lib/hcl")).renderStackHcl(this);
  }
}
