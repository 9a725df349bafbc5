/**
 * An incremental parser for `text/event-stream` as this project writes it: frames of `id:` and
 * `data:` lines ended by a blank line, comments starting with `:`. Pure, so the web app, tests and
 * benchmarks share one implementation.
 */
export type SseEvent = { kind: "comment"; text: string } | { kind: "data"; id: string | null; data: string };

export function createSseParser(onEvent: (event: SseEvent) => void) {
  let buffer = "";
  let id: string | null = null;
  let data: string[] = [];

  function line(text: string) {
    if (text === "") {
      if (data.length > 0) onEvent({ kind: "data", id, data: data.join("\n") });
      id = null;
      data = [];
      return;
    }
    if (text.startsWith(":")) {
      onEvent({ kind: "comment", text: text.slice(1).trim() });
      return;
    }
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "id") id = value;
    else if (field === "data") data.push(value);
  }

  return {
    push(chunk: string) {
      buffer += chunk;
      let index = buffer.search(/\r\n|\n|\r/);
      while (index !== -1) {
        const newline = buffer[index] === "\r" && buffer[index + 1] === "\n" ? 2 : 1;
        line(buffer.slice(0, index));
        buffer = buffer.slice(index + newline);
        index = buffer.search(/\r\n|\n|\r/);
      }
    },
  };
}
