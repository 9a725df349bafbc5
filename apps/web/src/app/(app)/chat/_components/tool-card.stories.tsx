import type { Meta, StoryObj } from "@storybook/react-vite";
import type { ToolPart } from "@/lib/chat/message-parts";
import { ToolCard } from "./tool-card";

const FILE = "0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99";
const chart = {
  id: FILE,
  name: "chart-demo.png",
  path: "/sessions/7d1e/chart-demo.png",
  mime_type: "image/png",
  size_bytes: 18_432,
  version: 1,
  reference: `workspace://${FILE}#image/png`,
};
const notes = {
  ...chart,
  name: "notes.md",
  path: "/notes.md",
  mime_type: "text/markdown",
  size_bytes: 1_204,
  version: 3,
};

const part = (patch: Partial<ToolPart>): ToolPart => ({
  type: "tool-run_block",
  toolCallId: "call-1",
  state: "input-available",
  input: { block: "chart_png", input: { values: [3, 1, 4], title: "Demo" } },
  ...patch,
});

const meta = {
  title: "Chat/Tool card",
  component: ToolCard,
  parameters: { layout: "padded" },
  decorators: [
    (Story) => (
      <div className="max-w-2xl">
        <Story />
      </div>
    ),
  ],
  args: { part: part({}) },
} satisfies Meta<typeof ToolCard>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Preparing: Story = {
  args: { part: part({ state: "input-streaming", input: { block: "chart_p" } }) },
};
export const Running: Story = {};
export const BlockDone: Story = {
  args: {
    part: part({
      state: "output-available",
      output: { block: "chart_png", output: { image: chart.reference, file: chart } },
    }),
  },
};
export const SavedFile: Story = {
  args: {
    part: part({
      type: "tool-write_workspace_file",
      state: "output-available",
      input: { path: "notes.md", content: "# Notes\n\nHello" },
      output: { file: notes },
    }),
  },
};
export const ListedFiles: Story = {
  args: {
    part: part({
      type: "tool-list_workspace_files",
      state: "output-available",
      input: {},
      output: { files: [chart, notes] },
    }),
  },
};
export const CurrentTime: Story = {
  args: {
    part: part({
      type: "tool-get_current_time",
      state: "output-available",
      input: {},
      output: { iso: "2026-01-01T12:00:00.000Z", timezone: "UTC" },
    }),
  },
};
export const Failed: Story = {
  args: {
    part: part({
      type: "tool-read_workspace_file",
      state: "output-error",
      input: { path: "missing.txt" },
      errorText: "not found",
    }),
  },
};
export const Denied: Story = {
  args: { part: part({ type: "dynamic-tool", toolName: "mcp_search", state: "output-denied" }) },
};
