import type { Meta, StoryObj } from "@storybook/react-vite";
import { SafeMarkdown } from "./safe-markdown";

const meta = {
  title: "Chat/Markdown",
  component: SafeMarkdown,
  parameters: { layout: "padded" },
  decorators: [
    (Story) => (
      <div className="max-w-2xl">
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof SafeMarkdown>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Formatting: Story = {
  args: {
    text: [
      "## A heading",
      "Some **bold**, *italic*, ~~struck~~ and `inline code`, with a [link](https://example.com) and an autolink www.example.com.",
      "",
      "- a list item",
      "- [x] a done task",
      "",
      "1. first",
      "2. second",
      "",
      "> A quote from somewhere.",
      "",
      "```ts",
      "export function add(a: number, b: number) {",
      "  return a + b;",
      "}",
      "```",
      "",
      "| Block | Output |",
      "|---|---|",
      "| chart_png | PNG |",
      "| qr_code | PNG |",
    ].join("\n"),
  },
};

/** Every case the URL policy handles: nothing here is clickable or fetched unless it is safe. */
export const SafetyCases: Story = {
  args: {
    text: [
      "### Links",
      "- [javascript link](javascript:alert(1)) — plain text",
      "- [data link](data:text/html,<script>alert(1)</script>) — plain text",
      "- [vbscript link](vbscript:msgbox(1)) — plain text",
      "- [protocol-relative](//evil.example/path) — plain text",
      "- [external](https://example.com) — new tab, `noopener noreferrer nofollow`",
      "- [same origin](/files) — stays here",
      "- [a workspace file](workspace://0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99#text/plain) — downloads",
      "",
      "### Images",
      "An external image becomes a link, never fetched: ![tracking pixel](https://tracker.example/pixel.gif)",
      "",
      "A workspace image goes through the image route, with its badge:",
      "",
      "![chart](workspace://0b6f6c3e-0f47-4a4f-8f3a-6f2d2c1b0a99#image/png)",
      "",
      "### Raw HTML is shown, not rendered",
      '<img src="https://tracker.example/raw.gif" onerror="alert(1)">',
      "",
      "Inline <b>bold?</b> and <script>alert(1)</script> stay text.",
    ].join("\n"),
  },
};

export const Streaming: Story = {
  args: {
    text: "## Durable streaming\n\nEvery chunk the model produces is appended to a stream before any browser sees",
  },
};
