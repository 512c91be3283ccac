/**
 * Plain-text helpers of the hand-off files: Markdown tables and code spans,
 * CSV rows, and one-line comments. Every value that came from the topology
 * file goes through one of them, so a name with `|`, a backtick, a quote or
 * a line break cannot break the file it is written into.
 */

import { oneLine } from "../lib/core/literal";

export { oneLine };

/** A Markdown code span that holds any text: a fence longer than its longest run of backticks. */
export function code(text: string): string {
  const t = oneLine(text);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A Markdown table cell: one line, `|` escaped. */
const cell = (text: string) => oneLine(text).replace(/\|/g, "\\|");

/** A Markdown table (GitHub's): the header row, the separator, one row per entry. Cells are written as given, `|` escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)].join("\n");
}

/** One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvRow(fields: readonly string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(",");
}

/** A CSV file: the header, then the rows, a line each (LF, as every file the app writes; CSV readers take it). */
export function csv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => `${csvRow(r)}\n`).join("");
}

/** Lines as comments of a script or config file (`# ` or `// `), each kept on its line. */
export function comment(prefix: "#" | "//", lines: readonly string[]): string {
  return lines.map((l) => (l === "" ? prefix : `${prefix} ${oneLine(l)}`)).join("\n");
}

/** What every hand-off file says about where it came from. */
export interface Source {
  /** The topology file, as the files name it (relative to the project root, or absolute). */
  readonly topologyFile: string;
}

/** "topology `<file>`, stack `<stack>`" in Markdown; several stacks are listed. */
export function sourceMarkdown(source: Source, stacks: readonly string[]): string {
  const named = stacks.length === 0 ? "" : stacks.length === 1 ? `, stack ${code(stacks[0])}` : `, stacks ${stacks.map(code).join(", ")}`;
  return `From topology ${code(source.topologyFile)}${named}. Written by \`arc-connectivity synth\`, which rewrites this file every time: do not edit it.`;
}

/** The same as a plain-text line (for comments). */
export function sourceText(source: Source, stacks: readonly string[]): string {
  const named = stacks.length === 0 ? "" : stacks.length === 1 ? `, stack ${stacks[0]}` : `, stacks ${stacks.join(", ")}`;
  return `From topology ${source.topologyFile}${named}. Written by arc-connectivity synth, which rewrites this file every time: do not edit it.`;
}
