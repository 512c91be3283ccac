import { ITerraformDependable, TerraformDataSource, TerraformResource, TerraformResourceLifecycle, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { AttributeTable, toHcl, toJson } from "./attributes";
import { AZAPI_VERSION_CONSTRAINT } from "./provider";

/** A lifecycle for cdktf's HCL renderer: condition lists as repeated blocks inside a `lifecycle` block. */
function hclLifecycle(lifecycle: Record<string, unknown>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(lifecycle)) {
    value[key] = key === "precondition" || key === "postcondition" ? { value: v, type: "list", isBlock: true, storageClassType: "object" } : v;
  }
  return { value, isBlock: true, type: "simple" };
}

/** Meta-arguments every azapi class takes. */
export interface AzapiMetaArguments {
  readonly dependsOn?: ITerraformDependable[];
  readonly lifecycle?: TerraformResourceLifecycle;
  readonly provider?: TerraformProvider;
}

/** Base of the azapi classes: the azapi provider metadata, both synth outputs from one table, and `output` paths. */
abstract class AzapiElement extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, meta: AzapiMetaArguments) {
    super(scope, id, {
      terraformResourceType: type,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      dependsOn: meta.dependsOn,
      lifecycle: meta.lifecycle,
      provider: meta.provider,
    });
  }

  protected abstract table(): AttributeTable;

  protected override synthesizeAttributes(): Record<string, unknown> {
    return toJson(this.table());
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return toHcl(this.table());
  }

  /**
   * cdktf 0.21 renders `lifecycle` in HCL as flat attributes, so
   * preconditions come out as `precondition = [...]`, which Terraform
   * rejects (they are blocks). This re-types them as blocks.
   */
  public override toHclTerraform(): Record<string, any> {
    const hcl = super.toHclTerraform();
    const body = hcl.resource[this.terraformResourceType][this.friendlyUniqueId];
    if (body.lifecycle) body.lifecycle = hclLifecycle(body.lifecycle);
    return hcl;
  }

  /** ARM id (azapi's `id`). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** A string under the exported response: `outputString("properties.gatewayEndpoint")` (list it in `responseExportValues`). */
  public outputString(path: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }
}

export interface AzapiResourceConfig extends AzapiMetaArguments {
  /** `<resource type>@<api version>`, e.g. `Microsoft.HybridCompute/gateways@2026-07-15`. */
  readonly type: string;
  readonly name: string;
  /** ARM id of the parent: a resource group, or a resource for an extension/child resource. */
  readonly parentId: string;
  /** @default - none (extension resources have no location) */
  readonly location?: string;
  /** The ARM body (usually `{ properties: ... }`). */
  readonly body?: Record<string, unknown>;
  /** Response paths to export into `output`, e.g. `["properties.gatewayEndpoint"]`. @default - none */
  readonly responseExportValues?: string[];
  /** @default - none */
  readonly tags?: Record<string, string>;
  /** azapi validates the body against its embedded ARM schema. @default true (the provider's default) */
  readonly schemaValidationEnabled?: boolean;
  /** Managed identity: `SystemAssigned`, or `UserAssigned` with `identityIds`. @default - none */
  readonly identity?: { readonly type: "SystemAssigned" | "UserAssigned" | "SystemAssigned, UserAssigned"; readonly identityIds?: readonly string[] };
}

/** `azapi_resource`: a resource azapi creates, updates and deletes. */
export class AzapiResource extends AzapiElement {
  public static readonly tfResourceType = "azapi_resource";
  public readonly config: AzapiResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceConfig) {
    super(scope, id, AzapiResource.tfResourceType, config);
    this.config = config;
  }

  /** Tags as given (so tag aspects can merge into them). */
  public get tagsInput(): Record<string, string> | undefined {
    return this.config.tags;
  }

  public set tags(value: Record<string, string>) {
    (this.config as { tags?: Record<string, string> }).tags = value;
  }

  protected table(): AttributeTable {
    const c = this.config;
    return {
      type: { kind: "string", value: c.type },
      name: { kind: "string", value: c.name },
      parent_id: { kind: "string", value: c.parentId },
      location: { kind: "string", value: c.location },
      body: { kind: "object", value: c.body },
      response_export_values: { kind: "stringList", value: c.responseExportValues },
      tags: { kind: "stringMap", value: c.tags },
      schema_validation_enabled: { kind: "bool", value: c.schemaValidationEnabled },
      identity: { kind: "blockList", value: c.identity ? [{ type: c.identity.type, identity_ids: c.identity.identityIds ? [...c.identity.identityIds] : undefined }] : undefined },
    };
  }
}

export interface AzapiUpdateResourceConfig extends AzapiMetaArguments {
  /** `<resource type>@<api version>`. */
  readonly type: string;
  /** ARM id of the resource to update; or `name` with `parentId`. */
  readonly resourceId?: string;
  readonly name?: string;
  readonly parentId?: string;
  /** Merged into the existing resource, which azapi then PUTs back. */
  readonly body: Record<string, unknown>;
  /** @default - none */
  readonly responseExportValues?: string[];
}

/**
 * `azapi_update_resource`: reads a resource, merges `body` and PUTs it back.
 * Destroying it changes nothing in Azure (pair it with a destroy-time
 * `AzapiResourceAction` where the update must be undone).
 */
export class AzapiUpdateResource extends AzapiElement {
  public static readonly tfResourceType = "azapi_update_resource";
  public readonly config: AzapiUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: AzapiUpdateResourceConfig) {
    super(scope, id, AzapiUpdateResource.tfResourceType, config);
    this.config = config;
  }

  protected table(): AttributeTable {
    const c = this.config;
    return {
      type: { kind: "string", value: c.type },
      resource_id: { kind: "string", value: c.resourceId },
      name: { kind: "string", value: c.name },
      parent_id: { kind: "string", value: c.parentId },
      body: { kind: "object", value: c.body },
      response_export_values: { kind: "stringList", value: c.responseExportValues },
    };
  }
}

export interface AzapiResourceActionConfig extends AzapiMetaArguments {
  /** `<resource type>@<api version>`. */
  readonly type: string;
  readonly resourceId: string;
  /** A POST action name (e.g. `listKeys`); leave out to call the resource itself. @default - none */
  readonly action?: string;
  /** @default "POST" */
  readonly method?: "POST" | "PUT" | "PATCH" | "GET" | "DELETE" | "HEAD";
  /** @default - none */
  readonly body?: Record<string, unknown>;
  /** `apply` (default) or `destroy`: run the action when the resource is destroyed. @default "apply" */
  readonly when?: "apply" | "destroy";
  /** @default - none */
  readonly responseExportValues?: string[];
}

/** `azapi_resource_action`: one ARM call at apply or at destroy. */
export class AzapiResourceAction extends AzapiElement {
  public static readonly tfResourceType = "azapi_resource_action";
  public readonly config: AzapiResourceActionConfig;

  constructor(scope: Construct, id: string, config: AzapiResourceActionConfig) {
    super(scope, id, AzapiResourceAction.tfResourceType, config);
    this.config = config;
  }

  protected table(): AttributeTable {
    const c = this.config;
    return {
      type: { kind: "string", value: c.type },
      resource_id: { kind: "string", value: c.resourceId },
      action: { kind: "string", value: c.action },
      method: { kind: "string", value: c.method },
      body: { kind: "object", value: c.body },
      when: { kind: "string", value: c.when },
      response_export_values: { kind: "stringList", value: c.responseExportValues },
    };
  }
}

/** No lifecycle: nothing here needs one, and cdktf 0.21 would write its preconditions as HCL attributes (see `AzapiElement.toHclTerraform`). */
export interface DataAzapiResourceListConfig extends Omit<AzapiMetaArguments, "lifecycle"> {
  /** `<resource type>@<api version>` of the listed children, e.g. `Microsoft.ContainerService/managedClusters/privateEndpointConnections@2026-05-01`. */
  readonly type: string;
  /** ARM id of the parent whose children are listed. */
  readonly parentId: string;
  /** e.g. `["value"]`. @default - none */
  readonly responseExportValues?: string[];
}

/** `data "azapi_resource_list"`: the children of a parent resource. */
export class DataAzapiResourceList extends TerraformDataSource {
  public static readonly tfResourceType = "azapi_resource_list";
  public readonly config: DataAzapiResourceListConfig;

  constructor(scope: Construct, id: string, config: DataAzapiResourceListConfig) {
    super(scope, id, {
      terraformResourceType: DataAzapiResourceList.tfResourceType,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_VERSION_CONSTRAINT },
      dependsOn: config.dependsOn,
      provider: config.provider,
    });
    this.config = config;
  }

  private table(): AttributeTable {
    return {
      type: { kind: "string", value: this.config.type },
      parent_id: { kind: "string", value: this.config.parentId },
      response_export_values: { kind: "stringList", value: this.config.responseExportValues },
    };
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return toJson(this.table());
  }

  protected override synthesizeHclAttributes(): Record<string, unknown> {
    return toHcl(this.table());
  }

  /** The Terraform expression (without `${}`) of an exported path, e.g. `data.azapi_resource_list.x.output.value`. */
  public outputExpression(path: string): string {
    return `${this.fqn}.output.${path}`;
  }
}
