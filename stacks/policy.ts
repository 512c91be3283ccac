/**
 * The policy pack (lib/policy) over the stacks of a plan: the topology's
 * suppressions turned into construct paths, the findings named by the
 * topology's field paths (topology/suppressions.ts), errors as problems
 * and warnings as lines grouped by rule.
 */
import { App } from "cdktf";
import { ArcConnectivityError, oneLine, Problem, show, terraformLiteral } from "../lib/core";
import { checkPolicy, PolicyFinding, PolicyReport, PolicySuppression } from "../lib/policy";
import { Plan, planStacks } from "../topology/plan";
import { fieldOf, isConstructTarget, targetPaths } from "../topology/suppressions";

/** What the pack found, for the command line. */
export interface PolicyOutcome {
  /** Findings of `error` rules that no suppression accepts: they fail the command. */
  readonly errors: readonly Problem[];
  /** Warning lines (without the trailing newline): each rule's findings under one header, then unused suppressions. */
  readonly warnings: readonly string[];
  /** The topology's suppressions that matched no finding, by index. */
  readonly unused: readonly number[];
  readonly report: PolicyReport;
}


/** How a finding is named: the field path of its entry, and the construct path. */
function where(f: PolicyFinding, plan: Plan): { field?: string; target: string } {
  const field = fieldOf(f.path, plan.policy.constructs);
  return { field, target: field ?? f.path };
}

/**
 * Runs the pack over every stack of `app` (built from `plan`).
 * @throws ArcConnectivityError when a suppression's construct path names no construct of the stacks
 */
export function runPolicy(app: App, plan: Plan): PolicyOutcome {
  const stacks = planStacks(plan).map((s) => s.stackName);
  const { suppressions: written, constructs } = plan.policy;
  const suppressions: PolicySuppression[] = written.map((s) => ({ rule: s.rule, reason: s.reason, paths: targetPaths(s.target, constructs, stacks) }));
  const byPath = new Set<string>();
  const missing: Problem[] = [];
  written.forEach((s, i) => {
    if (!isConstructTarget(s.target, stacks)) return;
    if (byPath.size === 0) for (const n of app.node.findAll()) byPath.add(n.node.path);
    if (!byPath.has(s.target)) missing.push({ path: `suppressions[${i}].target`, message: `names no construct of the stacks; got ${show(s.target)}. Fix: copy the construct path from the finding's message, or use the field path of the topology entry` });
  });
  if (missing.length > 0) throw new ArcConnectivityError(missing);
  // Tag names as the stacks write them (DefaultTags gets them escaped for Terraform).
  const report = checkPolicy(app, { suppressions, requiredTags: plan.policy.requiredTags.map(terraformLiteral) });

  const errors = report.errors.map((f): Problem => {
    const { field, target } = where(f, plan);
    return {
      path: target,
      message: `${f.rule.id} ${f.detail}${field ? ` (${f.path})` : ""}: ${f.rule.reason}; got ${show(f.value)}. Fix: ${f.rule.fix}; or, if it is meant, suppress it: suppressions: [{ rule: ${f.rule.id}, target: ${target}, reason: <why> }]`,
    };
  });

  const warnings: string[] = [];
  const rules = [...new Set(report.warnings.map((f) => f.rule))];
  for (const rule of rules) {
    const found = report.warnings.filter((f) => f.rule === rule);
    warnings.push(oneLine(`Warning: ${rule.id} ${rule.title} (${found.length}): ${rule.reason}. Fix: ${rule.fix}; or suppress it: suppressions: [{ rule: ${rule.id}, target, reason }]`));
    const lines = new Set<string>();
    for (const f of found) {
      const { field } = where(f, plan);
      lines.add(oneLine(`  ${field ? `${field} (${f.path})` : f.path}: ${f.detail}`));
    }
    warnings.push(...lines);
  }
  const unused = report.unusedSuppressions.map((s) => suppressions.indexOf(s));
  for (const i of unused) warnings.push(oneLine(`Warning: suppressions[${i}]: suppresses ${written[i].rule} on ${written[i].target}, and no finding of ${written[i].rule} is there. Fix: remove it, or correct its rule or target`));
  return { errors, warnings, unused, report };
}
