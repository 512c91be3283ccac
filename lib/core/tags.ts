import { IAspect, Aspects } from "cdktf";
import { IConstruct } from "constructs";

/**
 * Applies default tags to every taggable resource below a scope, including
 * resources users add later. A resource's own tags win over the defaults.
 *
 * Works on any L1 class that has a `tags` map (the generated classes expose
 * its input as `tagsInput`), so no resource type has to be listed.
 */
export class DefaultTags implements IAspect {
  public static apply(scope: IConstruct, tags: Readonly<Record<string, string>>): void {
    if (Object.keys(tags).length > 0) Aspects.of(scope).add(new DefaultTags(tags));
  }

  private constructor(private readonly tags: Readonly<Record<string, string>>) {}

  public visit(node: IConstruct): void {
    const taggable = node as unknown as { tagsInput?: Record<string, string>; tags?: Record<string, string> };
    if (!("tagsInput" in taggable)) return;
    taggable.tags = { ...this.tags, ...(taggable.tagsInput ?? {}) };
  }
}
