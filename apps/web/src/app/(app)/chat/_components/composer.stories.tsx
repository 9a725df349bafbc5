import type { Meta, StoryObj } from "@storybook/react-vite";
import { Composer } from "./composer";

const meta = {
  title: "Chat/Composer",
  component: Composer,
  parameters: { layout: "padded" },
  decorators: [
    (Story) => (
      <div className="max-w-3xl">
        <Story />
      </div>
    ),
  ],
  args: { onSend: (): boolean => true, onStop: () => {}, streaming: false },
} satisfies Meta<typeof Composer>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {};
/** A turn runs: Stop (also Esc) replaces Send; typing and Enter queue the next message. */
export const Streaming: Story = { args: { streaming: true } };
export const Stopping: Story = { args: { streaming: true, stopping: true } };
/** Sending fails: the text comes back into the box. */
export const SendFails: Story = { args: { onSend: () => false } };
