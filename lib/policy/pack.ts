/**
 * The policy pack: an Aspect in the style of cdk-nag that visits every
 * construct and records what the rules find, each finding with the
 * construct path it is on; and the suppressions that silence findings on a
 * construct path or below it.
 */
import { IAspect, TerraformElement, TerraformResource, TerraformStack } from "cdktf";
import { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
import { IConstruct } from "constructs";
import { PolicyContext, PolicyLevel, PolicyRule, PolicyViolation, referencedAddresses, terraformArguments } from "./rule";
import { ARC_POLICY_RULES } from "./rules";

/** Silences one rule's findings on some constructs and everything below them. */
export interface PolicySuppression {
  /** The rule's id, `ARC-001` .... */
  readonly rule: string;
  /** Construct paths (`contoso-connectivity/Spoke-servers`): a finding on one of them, or below it, is suppressed. */
  readonly paths: readonly string[];
  /** Why the finding is accepted: at least ten characters. */
  readonly reason: string;
}

/** What a rule found on a construct. */
export interface PolicyFinding extends PolicyViolation {
  readonly rule: PolicyRule;
  /** The construct path of what was found (a resource, a provider, a variable). */
  readonly path: string;
  /** The suppression that accepts it; undefined when it stands. */
  readonly suppressedBy?: PolicySuppression;
}

/** What the pack found, once every construct was visited. */
export interface PolicyReport {
  /** Findings that stand, in rule order, each rule's in construct-tree order. */
  readonly findings: readonly PolicyFinding[];
  /** The standing findings of `error` rules: they fail the synth. */
  readonly errors: readonly PolicyFinding[];
  readonly warnings: readonly PolicyFinding[];
  /** Findings a suppression accepted. */
  readonly suppressed: readonly PolicyFinding[];
  /** Suppressions that match no finding (one that matches a finding an earlier one accepts is used). */
  readonly unusedSuppressions: readonly PolicySuppression[];
}

export interface ArcPolicyPackProps {
  /** @default ARC_POLICY_RULES, every rule */
  readonly rules?: readonly PolicyRule[];
  /** Tag names every taggable resource must carry (ARC-008). @default - none checked */
  readonly requiredTags?: readonly string[];
  /** @default - none */
  readonly suppressions?: readonly PolicySuppression[];
}

/** A finding `suppression` accepts: its rule, on one of its paths or below. */
export function suppresses(suppression: PolicySuppression, finding: Pick<PolicyFinding, "rule" | "path">): boolean {
  return suppression.rule === finding.rule.id && suppression.paths.some((p) => finding.path === p || finding.path.startsWith(`${p}/`));
}

/**
 * The pack as an Aspect: `Aspects.of(stack).add(pack)`, synthesize (or
 * `checkPolicy`), then `pack.report()`. A visit only queues the construct;
 * the rules read it when the report is asked for, after every other aspect
 * (the tags of `DefaultTags`) has run, whatever their order.
 */
export class ArcPolicyPack implements IAspect {
  private readonly rules: readonly PolicyRule[];
  private readonly byType = new Map<string, PolicyRule[]>();
  private readonly anyType: PolicyRule[] = [];
  private readonly suppressions: readonly PolicySuppression[];
  private readonly queued: IConstruct[] = [];
  private readonly visited = new WeakSet<IConstruct>();
  private readonly found: PolicyFinding[] = [];
  private readonly context: PolicyContext;

  constructor(props: ArcPolicyPackProps = {}) {
    this.rules = props.rules ?? ARC_POLICY_RULES;
    for (const rule of this.rules) {
      if (!rule.types) this.anyType.push(rule);
      for (const type of rule.types ?? []) this.byType.set(type, [...(this.byType.get(type) ?? []), rule]);
    }
    this.suppressions = props.suppressions ?? [];
    const args = new WeakMap<TerraformElement, Record<string, unknown>>();
    const resources = new WeakMap<TerraformStack, Map<string, TerraformResource[]>>();
    const referenced = new WeakMap<TerraformStack, Map<string, Set<string>>>();
    this.context = {
      requiredTags: props.requiredTags ?? [],
      arguments: (element) => {
        let a = args.get(element);
        if (!a) args.set(element, (a = terraformArguments(element)));
        return a;
      },
      resourcesOf: (stack, type) => {
        let index = resources.get(stack);
        if (!index) {
          index = new Map();
          for (const n of stack.node.findAll()) {
            if (TerraformResource.isTerraformResource(n) && TerraformStack.of(n) === stack) index.set(n.terraformResourceType, [...(index.get(n.terraformResourceType) ?? []), n]);
          }
          resources.set(stack, index);
        }
        return index.get(type) ?? [];
      },
      referencedBy: (stack, type, argument) => {
        let byKey = referenced.get(stack);
        if (!byKey) referenced.set(stack, (byKey = new Map()));
        const key = `${type} ${argument}`;
        let set = byKey.get(key);
        if (!set) {
          set = new Set();
          for (const r of this.context.resourcesOf(stack, type)) {
            // `azurerm_subnet.spoke_a.id` -> `azurerm_subnet.spoke_a` (a data source's `data.` prefix stays: it is another address).
            for (const a of referencedAddresses(this.context.arguments(r)[argument])) set.add(a.split(".").slice(0, a.startsWith("data.") ? 3 : 2).join("."));
          }
          byKey.set(key, set);
        }
        return set;
      },
      address: (resource) => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
    };
  }

  public visit(node: IConstruct): void {
    if (this.visited.has(node)) return;
    this.visited.add(node);
    this.queued.push(node);
  }

  /** Runs the rules on every construct visited since the last report, and reports everything found so far. */
  public report(): PolicyReport {
    for (const node of this.queued.splice(0)) {
      const typed = TerraformResource.isTerraformResource(node) ? (this.byType.get(node.terraformResourceType) ?? []) : [];
      for (const rule of [...typed, ...this.anyType]) {
        for (const v of rule.check(node, this.context)) {
          const finding = { ...v, rule, path: node.node.path };
          this.found.push({ ...finding, suppressedBy: this.suppressions.find((s) => suppresses(s, finding)) });
        }
      }
    }
    const order = new Map(this.rules.map((r, i) => [r, i]));
    const all = [...this.found].sort((a, b) => (order.get(a.rule) as number) - (order.get(b.rule) as number));
    const findings = all.filter((f) => !f.suppressedBy);
    // Every suppression that matches a finding is used, also where an earlier one already accepts it (`privateLink` and `privateLink.monitor`).
    const used = new Set(this.suppressions.filter((s) => all.some((f) => suppresses(s, f))));
    const level = (l: PolicyLevel) => findings.filter((f) => f.rule.level === l);
    return { findings, errors: level("error"), warnings: level("warning"), suppressed: all.filter((f) => f.suppressedBy), unusedSuppressions: this.suppressions.filter((s) => !used.has(s)) };
  }
}

/** The stacks a scope is in or holds. */
function stacksOf(scope: IConstruct): TerraformStack[] {
  if (TerraformStack.isStack(scope)) return [scope];
  const below = scope.node.findAll().filter((n): n is TerraformStack => TerraformStack.isStack(n));
  return below.length > 0 ? below : [TerraformStack.of(scope)];
}

/**
 * Runs the pack over every construct of `scope` (an app, a stack, or a
 * construct in one) without synthesizing: first the aspects of its stacks,
 * as synthesis would run them (`DefaultTags` writes the tags the rules
 * read; aspects run again at synthesis, so they must be idempotent, as
 * `DefaultTags` is), then the rules.
 */
export function checkPolicy(scope: IConstruct, props: ArcPolicyPackProps = {}): PolicyReport {
  const pack = new ArcPolicyPack(props);
  for (const stack of stacksOf(scope)) invokeAspects(stack);
  for (const node of scope.node.findAll()) pack.visit(node);
  return pack.report();
}
