import { describe, expect, it } from "vitest";
import type { ToolPart } from "./message-parts";
import { formatBytes, toolView } from "./tool-view";

const FILE = "0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99";
const file = {
  id: FILE,
  name: "chart.png",
  path: "/sessions/s/chart.png",
  mime_type: "image/png",
  size_bytes: 2048,
  version: 1,
  reference: `workspace://${FILE}#image/png`,
};

const part = (patch: Partial<ToolPart>): ToolPart => ({
  type: "tool-run_block",
  toolCallId: "c1",
  state: "input-available",
  ...patch,
});

describe("toolView", () => {
  it("shows a block run with its file, download link and image route", () => {
    const view = toolView(
      part({
        state: "output-available",
        input: { block: "chart_png", input: { values: [3, 1, 4], title: "Demo" } },
        output: { block: "chart_png", output: { image: file.reference, file } },
      }),
    );
    expect(view).toMatchObject({
      name: "run_block",
      label: "Run block",
      state: "done",
      inputSummary: "chart_png · “Demo”",
      outputSummary: "Made chart.png",
      errorText: null,
    });
    expect(view.files).toEqual([
      {
        id: FILE,
        name: "chart.png",
        path: "/sessions/s/chart.png",
        sizeBytes: 2048,
        mimeType: "image/png",
        version: 1,
        downloadHref: `/api/workspace/files/${FILE}/download`,
        imageSrc: `/api/workspace/files/${FILE}/image`,
      },
    ]);
  });

  it("summarises file tools by path and result", () => {
    const written = toolView(
      part({
        type: "tool-write_workspace_file",
        state: "output-available",
        input: { path: "notes.txt", content: "hello" },
        output: { file: { ...file, name: "notes.txt", mime_type: "text/plain", version: 2 } },
      }),
    );
    expect(written).toMatchObject({
      label: "Save file",
      inputSummary: "notes.txt (5 characters)",
      outputSummary: "Saved version 2",
    });
    expect(written.files[0]?.imageSrc).toBeNull();

    const listed = toolView(
      part({
        type: "tool-list_workspace_files",
        state: "output-available",
        input: {},
        output: { files: [file, file] },
      }),
    );
    expect(listed).toMatchObject({ inputSummary: "your workspace", outputSummary: "2 files" });
    const own = toolView(
      part({
        type: "tool-list_workspace_files",
        state: "output-available",
        input: { scope: "session" },
        output: { files: [] },
      }),
    );
    expect(own).toMatchObject({ inputSummary: "this chat's folder", outputSummary: "0 files" });
  });

  it("reports failures from an error state and from an error value", () => {
    expect(toolView(part({ state: "output-error", errorText: "quota exceeded" }))).toMatchObject({
      state: "failed",
      errorText: "quota exceeded",
    });
    expect(
      toolView(
        part({
          state: "output-available",
          output: { error: { code: "not_found", message: "no such file" } },
        }),
      ),
    ).toMatchObject({
      state: "failed",
      errorText: "no such file",
    });
  });

  it("names states while the call is under way", () => {
    expect(toolView(part({ state: "input-streaming" })).state).toBe("preparing");
    expect(toolView(part({ state: "input-available" })).state).toBe("running");
    expect(
      toolView(part({ type: "dynamic-tool", toolName: "mcp_search", state: "output-denied" })),
    ).toMatchObject({
      name: "mcp_search",
      label: "Mcp search",
      state: "denied",
    });
  });

  it("falls back to compact JSON for unknown tools", () => {
    const view = toolView(
      part({ type: "tool-weather", state: "output-available", input: { city: "Oslo" }, output: { c: 3 } }),
    );
    expect(view).toMatchObject({ inputSummary: '{"city":"Oslo"}', outputSummary: '{"c":3}' });
  });
});

describe("formatBytes", () => {
  it.each([
    [1, "1 byte"],
    [512, "512 bytes"],
    [2048, "2.0 KB"],
    [5 * 1024 * 1024, "5.0 MB"],
  ])("%d → %s", (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
