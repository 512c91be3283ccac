import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { toHcl, toJson } from "./attributes";

/** Provider source and version: the binding is written and checked against azapi 2.12.0, pinned exactly like the prebuilt providers. */
export const AZAPI_SOURCE = "azure/azapi";
export const AZAPI_VERSION_CONSTRAINT = "2.12.0";

export interface AzapiProviderConfig {
  /** @default - the environment's (ARM_SUBSCRIPTION_ID, az login) */
  readonly subscriptionId?: string;
  /** @default - the environment's */
  readonly tenantId?: string;
  /** `public` only for the Arc gateway. @default - the provider's default (public) */
  readonly environment?: "public" | "usgovernment" | "china";
  /** @default - none */
  readonly alias?: string;
}

/** The Azure/azapi provider (no prebuilt cdktf package exists). */
export class AzapiProvider extends TerraformProvider {
  public static readonly tfResourceType = "azapi";
  // cdktf's TerraformProvider drops `alias` (its accessors are stubs that each generated provider overrides): keep it here,
  // so that `fqn` is `azapi.<alias>` and the provider block carries `alias` (cdktf adds it from `metaAttributes`).
  private aliasName?: string;

  constructor(
    scope: Construct,
    id: string,
    private readonly config: AzapiProviderConfig = {},
  ) {
    super(scope, id, {
      terraformResourceType: "azapi",
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      terraformProviderSource: AZAPI_SOURCE,
    });
    this.aliasName = config.alias;
  }

  public override get alias(): string | undefined {
    return this.aliasName;
  }

  public override set alias(value: string | undefined) {
    this.aliasName = value;
  }

  private table() {
    return {
      subscription_id: { kind: "string" as const, value: this.config.subscriptionId },
      tenant_id: { kind: "string" as const, value: this.config.tenantId },
      environment: { kind: "string" as const, value: this.config.environment },
    };
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return toJson(this.table());
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return toHcl(this.table());
  }
}
