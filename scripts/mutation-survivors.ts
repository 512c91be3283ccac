/**
 * Lists the mutants a scope's tests did not kill (survived, or no test
 * covers them), one line each: `file:line:column status mutator -> replacement | source line`.
 *
 *   npx tsx scripts/mutation-survivors.ts lib-core     (after npm run mutation; the folder name under reports/mutation)
 */
import { readFileSync } from "node:fs";

interface Mutant {
  readonly status: string;
  readonly mutatorName: string;
  readonly replacement?: string;
  readonly location: { readonly start: { readonly line: number; readonly column: number } };
}

const slug = process.argv[2];
const report = JSON.parse(readFileSync(`reports/mutation/${slug}/mutation.json`, "utf8")) as { files: Record<string, { source: string; mutants: Mutant[] }> };
const out: string[] = [];
for (const [file, f] of Object.entries(report.files)) {
  const lines = f.source.split("\n");
  for (const m of f.mutants.filter((x) => x.status === "Survived" || x.status === "NoCoverage")) {
    const { line, column } = m.location.start;
    out.push(`${file}:${line}:${column} ${m.status} ${m.mutatorName} -> ${JSON.stringify(m.replacement ?? "").slice(0, 80)} | ${lines[line - 1].trim().slice(0, 100)}`);
  }
}
process.stdout.write(out.length ? `${out.join("\n")}\n` : "no surviving mutants\n");
