import type { JSONObject } from "@ai-sdk/provider";
import type { OperationResultOutput } from "@copilot/protocol";
import { readContinuationNotice } from "../../operations/continuation-notice";

/** What the offline model understood from the last user message (docs/api.md §6). */
export type Intent =
  | { kind: "echo"; text: string }
  | { kind: "tool"; toolName: string; input: JSONObject }
  | { kind: "agent"; goal: string }
  | { kind: "operation"; output: OperationResultOutput }
  | { kind: "long" }
  | { kind: "help" };

/** A single path token, or a quoted path when it contains spaces. */
const PATH = String.raw`("[^"]+"|'[^']+'|\x60[^\x60]+\x60|\S+)`;

const patterns = {
  // The separator after `/echo` is one space or newline; everything after it is echoed verbatim.
  echo: /^\/echo(?:[ \t]|\r?\n)([\s\S]*)$/,
  // Greedy on the content so a quote inside the text does not end it early.
  save: new RegExp(String.raw`^save\s+"([\s\S]*)"\s+to\s+${PATH}\s*$`, "i"),
  read: new RegExp(String.raw`^read\s+${PATH}\s*$`, "i"),
  delete: new RegExp(String.raw`^delete\s+${PATH}\s*$`, "i"),
  chart: /^chart\s+([-+\d.,\seE]+?)(?:\s+titled\s+([\s\S]+))?$/i,
  qr: /^qr\s+([\s\S]+)$/i,
  list: /\blist (?:all )?(?:of )?my files\b/i,
  time: /\bwhat time is it\b/i,
  agent: /\bgenerate an agent that\b\s*([\s\S]*)$/i,
  long: /\blong\b/i,
};

const unquote = (value: string) => value.trim().replace(/^(["'`])([\s\S]*)\1$/, "$2");

function parseNumbers(list: string): number[] | null {
  const tokens = list.split(/[\s,]+/).filter((token) => token !== "");
  const values = tokens.map(Number);
  return values.length > 0 && values.every(Number.isFinite) ? values : null;
}

const call = (toolName: string, input: JSONObject): Intent => ({ kind: "tool", toolName, input });

/**
 * Anchored commands win over the "contains" rules, so `read long.txt` reads a file and
 * `/echo a long line` echoes instead of producing prose.
 */
export function parseIntent(message: string): Intent {
  const ended = readContinuationNotice(message);
  if (ended) return { kind: "operation", output: ended };
  const echo = patterns.echo.exec(message.trimStart());
  if (echo) return { kind: "echo", text: echo[1] ?? "" };

  const text = message.trim();
  const save = patterns.save.exec(text);
  if (save) return call("write_workspace_file", { path: unquote(save[2] ?? ""), content: save[1] ?? "" });
  const read = patterns.read.exec(text);
  if (read) return call("read_workspace_file", { path: unquote(read[1] ?? "") });
  const remove = patterns.delete.exec(text);
  if (remove) return call("delete_workspace_file", { path: unquote(remove[1] ?? "") });

  const chart = patterns.chart.exec(text);
  const values = chart ? parseNumbers(chart[1] ?? "") : null;
  if (chart && values) {
    const input: JSONObject = chart[2] === undefined ? { values } : { values, title: unquote(chart[2]) };
    return call("run_block", { block: "chart_png", input });
  }
  const qr = patterns.qr.exec(text);
  if (qr) return call("run_block", { block: "qr_code", input: { text: (qr[1] ?? "").trim() } });

  if (patterns.list.test(text)) return call("list_workspace_files", {});
  if (patterns.time.test(text)) return call("get_current_time", {});
  const agent = patterns.agent.exec(text);
  if (agent) return { kind: "agent", goal: (agent[1] ?? "").trim() };
  if (patterns.long.test(text)) return { kind: "long" };
  return { kind: "help" };
}
