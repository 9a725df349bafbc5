import type { AgentGraph, AgentLink, AgentNode } from "@copilot/protocol";
import { has, numbersIn, quotedIn, readPathIn, savePathIn, titleIn, wantsSaving } from "./goal-words";

/**
 * The offline model's agent generator: a goal in plain words → one of a few templates, filled in
 * from the goal. Deterministic (the same goal gives the same graph), and every graph it makes
 * validates against the block registry (tested). docs/agents.md lists what each template does.
 */
export type TemplatePlan = { template: TemplateId; name: string; description: string; graph: AgentGraph };
export type TemplateId =
  | "qr_code"
  | "image"
  | "bar_chart"
  | "number_stats"
  | "sort_numbers"
  | "file_word_count"
  | "summarize_file"
  | "summarize_text"
  | "ask_model";

const node = (id: string, block: string, input: Record<string, unknown> = {}): AgentNode => ({
  id,
  block,
  input,
});
const link = (from: string, output: string, to: string, input: string, key?: string): AgentLink => ({
  from: { node: from, output },
  to: key === undefined ? { node: to, input } : { node: to, input, key },
});

/** Appends `write_file` fed by `from.output` (as `media` or `content`) when the goal asks to save. */
function maybeSave(
  goal: string,
  graph: AgentGraph,
  from: string,
  output: string,
  as: "media" | "content",
  fallbackPath: string,
) {
  if (!wantsSaving(goal)) return;
  graph.nodes.push(node("save", "write_file", { path: savePathIn(goal) ?? fallbackPath }));
  graph.links.push(link(from, output, "save", as));
}

function numbersInput(goal: string) {
  return node("numbers", "agent_input", {
    name: "numbers",
    description: "Numbers separated by commas",
    default: numbersIn(goal) ?? "3, 1, 4",
  });
}

const builders: Record<TemplateId, (goal: string) => Omit<TemplatePlan, "template">> = {
  qr_code: (goal) => {
    const text = quotedIn(goal) ?? /\bhttps?:\/\/\S+/.exec(goal)?.[0] ?? "https://example.com";
    const graph: AgentGraph = {
      nodes: [
        node("text", "agent_input", { name: "text", description: "What the QR code encodes", default: text }),
        node("qr", "qr_code"),
        node("result", "agent_output", { name: "qr_code" }),
      ],
      links: [link("text", "value", "qr", "text"), link("qr", "image", "result", "value")],
    };
    maybeSave(goal, graph, "qr", "image", "media", "qr-code.png");
    return { name: "QR code maker", description: "Makes a QR code image of the given text.", graph };
  },
  image: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        node("prompt", "agent_input", {
          name: "prompt",
          description: "What to draw",
          default: quotedIn(goal) ?? goal,
        }),
        node("draw", "ai_image_generator"),
        node("result", "agent_output", { name: "image" }),
      ],
      links: [link("prompt", "value", "draw", "prompt"), link("draw", "image", "result", "value")],
    };
    maybeSave(goal, graph, "draw", "image", "media", "images/image.png");
    return {
      name: "Image maker",
      description: "Generates an image from a prompt with the configured images API.",
      graph,
    };
  },
  bar_chart: (goal) => {
    const title = titleIn(goal) ?? "Chart";
    const graph: AgentGraph = {
      nodes: [
        numbersInput(goal),
        node("parse", "parse_numbers"),
        node("chart", "chart_png", { title }),
        node("result", "agent_output", { name: "chart" }),
      ],
      links: [
        link("numbers", "value", "parse", "text"),
        link("parse", "numbers", "chart", "values"),
        link("chart", "image", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "chart", "image", "media", "charts/chart.png");
    return { name: `Bar chart: ${title}`, description: "Draws a bar chart of the given numbers.", graph };
  },
  number_stats: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        numbersInput(goal),
        node("parse", "parse_numbers"),
        node("stats", "number_stats"),
        node("report", "text_template", {
          template:
            "Count: {{count}}\nSum: {{sum}}\nAverage: {{average}}\nMedian: {{median}}\nMin: {{min}}\nMax: {{max}}",
        }),
        node("result", "agent_output", { name: "report" }),
      ],
      links: [
        link("numbers", "value", "parse", "text"),
        link("parse", "numbers", "stats", "numbers"),
        ...["count", "sum", "average", "median", "min", "max"].map((key) =>
          link("stats", key, "report", "values", key),
        ),
        link("report", "text", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "report", "text", "content", "reports/stats.txt");
    return {
      name: "Number statistics",
      description: "Count, sum, average, median, minimum and maximum of the given numbers.",
      graph,
    };
  },
  sort_numbers: (goal) => {
    const descending = has(goal, /\b(?:desc|descending|largest first|biggest first|high(?:est)? to low)/i);
    const graph: AgentGraph = {
      nodes: [
        numbersInput(goal),
        node("parse", "parse_numbers"),
        node("sort", "sort_numbers", { order: descending ? "desc" : "asc" }),
        node("join", "join_text", { separator: ", " }),
        node("result", "agent_output", { name: "sorted" }),
      ],
      links: [
        link("numbers", "value", "parse", "text"),
        link("parse", "numbers", "sort", "numbers"),
        link("sort", "numbers", "join", "items"),
        link("join", "text", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "join", "text", "content", "reports/sorted.txt");
    return {
      name: "Number sorter",
      description: `Sorts the given numbers ${descending ? "largest first" : "smallest first"}.`,
      graph,
    };
  },
  file_word_count: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        node("path", "agent_input", {
          name: "path",
          description: "The text file to count",
          default: readPathIn(goal) ?? "notes.txt",
        }),
        node("read", "read_file"),
        node("count", "text_stats"),
        node("report", "text_template", {
          template: "{{path}}: {{words}} words, {{lines}} lines, {{characters}} characters",
        }),
        node("result", "agent_output", { name: "counts" }),
      ],
      links: [
        link("path", "value", "read", "path"),
        link("read", "text", "count", "text"),
        link("path", "value", "report", "values", "path"),
        ...["words", "lines", "characters"].map((key) => link("count", key, "report", "values", key)),
        link("report", "text", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "report", "text", "content", "reports/word-count.txt");
    return {
      name: "Word counter",
      description: "Counts the words, lines and characters of a text file.",
      graph,
    };
  },
  summarize_file: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        node("path", "agent_input", {
          name: "path",
          description: "The text file to summarize",
          default: readPathIn(goal) ?? "notes.txt",
        }),
        node("read", "read_file"),
        node("prompt", "text_template", { template: "Summarize this text in a few sentences:\n\n{{text}}" }),
        node("ask", "model_call"),
        node("result", "agent_output", { name: "summary" }),
      ],
      links: [
        link("path", "value", "read", "path"),
        link("read", "text", "prompt", "values", "text"),
        link("prompt", "text", "ask", "prompt"),
        link("ask", "text", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "ask", "text", "content", "reports/summary.md");
    return {
      name: "File summarizer",
      description: "Reads a text file and asks the model for a summary.",
      graph,
    };
  },
  summarize_text: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        node("text", "agent_input", {
          name: "text",
          description: "The text to work on",
          default: quotedIn(goal) ?? "",
        }),
        node("prompt", "text_template", { template: `${instructionOf(goal)}\n\n{{text}}` }),
        node("ask", "model_call"),
        node("result", "agent_output", { name: "answer" }),
      ],
      links: [
        link("text", "value", "prompt", "values", "text"),
        link("prompt", "text", "ask", "prompt"),
        link("ask", "text", "result", "value"),
      ],
    };
    maybeSave(goal, graph, "ask", "text", "content", "reports/answer.md");
    return {
      name: "Text assistant",
      description: `${instructionOf(goal)} (the given text, with the configured model).`,
      graph,
    };
  },
  ask_model: (goal) => {
    const graph: AgentGraph = {
      nodes: [
        node("request", "agent_input", {
          name: "request",
          description: "What to ask the model",
          default: goal,
        }),
        node("ask", "model_call"),
        node("result", "agent_output", { name: "answer" }),
      ],
      links: [link("request", "value", "ask", "prompt"), link("ask", "text", "result", "value")],
    };
    maybeSave(goal, graph, "ask", "text", "content", "reports/answer.md");
    return {
      name: "Ask the model",
      description: "Sends the request to the configured model and returns its answer.",
      graph,
    };
  },
};

function instructionOf(goal: string): string {
  if (has(goal, /\btranslat/i)) return "Translate this text as asked";
  if (has(goal, /\bexplain/i)) return "Explain this text simply:";
  return "Summarize this text in a few sentences:";
}

/** Which template a goal gets: the first rule that matches, in this order. */
function templateFor(goal: string): TemplateId {
  if (has(goal, /\bqr\b/i)) return "qr_code";
  if (has(goal, /\b(?:chart|graph|plot|bars?)\b/i)) return "bar_chart";
  if (has(goal, /\b(?:image|picture|illustration|photo|drawing|draw|paint)\b/i)) return "image";
  if (has(goal, /\b(?:average|mean|sum|total|statistics|stats|median|minimum|maximum)\b/i))
    return "number_stats";
  if (has(goal, /\b(?:sort|sorts|order|orders|rank|ranks)\b/i)) return "sort_numbers";
  if (readPathIn(goal) && has(goal, /\b(?:count|counts|words|lines|characters)\b/i)) return "file_word_count";
  if (readPathIn(goal)) return "summarize_file";
  if (has(goal, /\b(?:summar\w*|explain\w*|translat\w*|rewrite\w*)\b/i)) return "summarize_text";
  return "ask_model";
}

export function planFromTemplate(goal: string): TemplatePlan {
  const template = templateFor(goal);
  return { template, ...builders[template](goal.trim()) };
}

export const TEMPLATE_IDS = Object.keys(builders) as TemplateId[];
