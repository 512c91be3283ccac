/**
 * A strict reader of the Mermaid flowcharts render/diagram.ts writes (no
 * Mermaid package here: it needs a browser). It accepts exactly the subset
 * the renderer uses and throws on anything else, so a test that reads a
 * diagram also checks that it is well formed:
 *
 * - `flowchart <direction>` first;
 * - `subgraph <id>["<label>"]` ... `end`, balanced;
 * - nodes `<id>["..."]`, `<id>{{"..."}}`, `<id>[("...")]`, `<id>("...")`;
 * - edges `<id> <arrow> <id>` or `<id> <arrow>|"<label>"| <id>` with the
 *   arrows `-->`, `<-->`, `-.->`;
 * - ids: letters, digits and `_`, starting with a letter, not a Mermaid
 *   keyword, not starting with `o` or `x` (after an arrow Mermaid can read
 *   those as a circle or cross edge), each declared once (node or subgraph);
 * - every edge's ends declared somewhere in the chart;
 * - labels: nothing Mermaid reads as syntax or HTML (`"`, `#`, `<`, `>`,
 *   brackets, `|`, `;`, `%`, `&`, backticks, backslashes, control
 *   characters) except entity codes `#<decimal>;` and the line break `<br/>`.
 */

export interface MermaidNode {
  readonly id: string;
  readonly shape: "box" | "hexagon" | "cylinder" | "rounded" | "subgraph";
  /** The label as Mermaid shows it: entity codes decoded, one entry per `<br/>` line. */
  readonly lines: readonly string[];
  /** The enclosing subgraphs' ids, outermost first. */
  readonly parents: readonly string[];
}

export interface MermaidEdge {
  readonly from: string;
  readonly arrow: string;
  readonly to: string;
  readonly label?: string;
}

export interface Flowchart {
  readonly direction: string;
  /** Nodes and subgraphs by id, in order of declaration. */
  readonly nodes: ReadonlyMap<string, MermaidNode>;
  readonly edges: readonly MermaidEdge[];
}

/** Words Mermaid's flowchart grammar reserves: none may be an id. */
const KEYWORDS = new Set(["end", "subgraph", "graph", "flowchart", "style", "classdef", "class", "click", "linkstyle", "direction", "default", "call", "href", "interpolate", "accdescr", "acctitle"]);

const ID = "[A-Za-z][A-Za-z0-9_]*";
/** Text inside quotes: no quote; checked for escapes separately. */
const QUOTED = '"([^"]*)"';
const SHAPES: ReadonlyArray<readonly [MermaidNode["shape"], RegExp]> = [
  ["hexagon", new RegExp(`^(${ID})\\{\\{${QUOTED}\\}\\}$`)],
  ["cylinder", new RegExp(`^(${ID})\\[\\(${QUOTED}\\)\\]$`)],
  ["box", new RegExp(`^(${ID})\\[${QUOTED}\\]$`)],
  ["rounded", new RegExp(`^(${ID})\\(${QUOTED}\\)$`)],
];
const SUBGRAPH = new RegExp(`^subgraph (${ID})\\[${QUOTED}\\]$`);
const EDGE = new RegExp(`^(${ID}) (-->|<-->|-\\.->)(?:\\|${QUOTED}\\|)? (${ID})$`);

/** Characters a label may hold only as entity codes. */
const RAW_SPECIAL = /["#%&;<>[\]{}|`\\]|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Decodes one label line's entity codes; throws when it holds a character that should have been escaped. */
export function decodeLabel(text: string, where: string): string {
  const withoutEntities = text.replace(/#\d+;/g, "");
  const bad = RAW_SPECIAL.exec(withoutEntities);
  if (bad) throw new Error(`${where}: label holds ${JSON.stringify(bad[0])} unescaped: ${JSON.stringify(text)}`);
  return text.replace(/#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)));
}

const labelLines = (label: string, where: string) => label.split("<br/>").map((l) => decodeLabel(l, where));

function checkId(id: string, where: string): void {
  if (KEYWORDS.has(id.toLowerCase())) throw new Error(`${where}: id ${id} is a Mermaid keyword`);
  if (/^[ox]/i.test(id)) throw new Error(`${where}: id ${id} starts with o or x, which Mermaid can read as an edge end`);
}

/** Reads a flowchart the renderer wrote; throws with the line number on anything not well formed. */
export function parseFlowchart(text: string): Flowchart {
  const lines = text.split("\n");
  const header = /^flowchart (LR|RL|TB|TD|BT)$/.exec(lines[0] ?? "");
  if (!header) throw new Error(`line 1: expected "flowchart <direction>", got ${JSON.stringify(lines[0])}`);
  const nodes = new Map<string, MermaidNode>();
  const edges: MermaidEdge[] = [];
  const stack: string[] = [];
  const declare = (node: MermaidNode, where: string) => {
    checkId(node.id, where);
    if (nodes.has(node.id)) throw new Error(`${where}: id ${node.id} is declared twice`);
    nodes.set(node.id, node);
  };
  lines.slice(1).forEach((raw, i) => {
    const where = `line ${i + 2}`;
    const indent = /^( *)/.exec(raw)?.[1].length ?? 0;
    const line = raw.trim();
    if (line === "") throw new Error(`${where}: empty line`);
    if (raw !== raw.trimEnd()) throw new Error(`${where}: trailing space`);
    if (line === "end") {
      if (stack.length === 0) throw new Error(`${where}: end without subgraph`);
      stack.pop();
      if (indent !== 2 * (stack.length + 1)) throw new Error(`${where}: end indented ${indent}`);
      return;
    }
    if (indent !== 2 * (stack.length + 1)) throw new Error(`${where}: indented ${indent}, expected ${2 * (stack.length + 1)}`);
    const sub = SUBGRAPH.exec(line);
    if (sub) {
      declare({ id: sub[1], shape: "subgraph", lines: labelLines(sub[2], where), parents: [...stack] }, where);
      stack.push(sub[1]);
      return;
    }
    const edge = EDGE.exec(line);
    if (edge) {
      if (stack.length > 0) throw new Error(`${where}: an edge inside a subgraph pulls its nodes into it`);
      edges.push({ from: edge[1], arrow: edge[2], to: edge[4], ...(edge[3] === undefined ? {} : { label: decodeLabel(edge[3], where) }) });
      return;
    }
    for (const [shape, pattern] of SHAPES) {
      const m = pattern.exec(line);
      if (m) {
        declare({ id: m[1], shape, lines: labelLines(m[2], where), parents: [...stack] }, where);
        return;
      }
    }
    throw new Error(`${where}: not a node, subgraph, end or edge: ${JSON.stringify(line)}`);
  });
  if (stack.length > 0) throw new Error(`subgraph ${stack[stack.length - 1]} is not closed`);
  for (const e of edges) {
    for (const end of [e.from, e.to]) if (!nodes.has(end)) throw new Error(`edge ${e.from} ${e.arrow} ${e.to}: ${end} is not declared`);
  }
  return { direction: header[1], nodes, edges };
}

/** The ```mermaid blocks of a Markdown text, in order (their text without the fences). */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]);
}
