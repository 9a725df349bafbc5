import type { Meta, StoryObj } from "@storybook/react-vite";
import { ChatMessageView } from "./chat-message";
import { storyMessages, userMessage } from "./story-messages";

const meta = {
  title: "Chat/Message",
  component: ChatMessageView,
  parameters: { layout: "padded" },
  decorators: [
    (Story) => (
      <div className="max-w-3xl">
        <Story />
      </div>
    ),
  ],
  args: { message: storyMessages.text },
} satisfies Meta<typeof ChatMessageView>;

export default meta;
type Story = StoryObj<typeof meta>;

export const User: Story = { args: { message: userMessage } };
export const UserWithVersions: Story = {
  args: {
    message: userMessage,
    idle: true,
    onEdit: () => {},
    versions: { index: 2, count: 2, previous: "earlier", next: null },
    onSelectVersion: () => {},
  },
};
export const Answer: Story = {
  args: { message: storyMessages.text, onRegenerate: () => {}, idle: true },
};
export const Streaming: Story = { args: { message: storyMessages.streaming, streaming: true } };
export const BeforeTheFirstWord: Story = { args: { message: storyMessages.started, streaming: true } };
export const WithReasoning: Story = { args: { message: storyMessages.reasoning } };
export const WithToolAndWorkspaceImage: Story = { args: { message: storyMessages.tool } };
export const ToolErrors: Story = { args: { message: storyMessages.toolErrors } };
export const Failed: Story = {
  args: {
    message: storyMessages.failed,
    failure: { text: "The model provider answered 500", code: "model_error" },
    onRegenerate: () => {},
    idle: true,
  },
};
export const FailedAfterReload: Story = {
  args: {
    message: { ...storyMessages.failed, metadata: { status: "failed", errorCode: "server_restarted" } },
  },
};
export const Stopped: Story = { args: { message: storyMessages.cancelled } };
export const WaitingForAWorker: Story = {
  args: { message: storyMessages.queued, streaming: true, notice: { kind: "queued", position: 2 } },
};
export const NextInLine: Story = {
  args: { message: storyMessages.queued, streaming: true, notice: { kind: "queued", position: 0 } },
};
/** Another worker continues the answer where the stopped one left it; the note stays after it ends. */
export const ResumedWhileStreaming: Story = {
  args: { message: storyMessages.resumedStreaming, streaming: true, notice: { kind: "resumed", attempt: 2 } },
};
export const Resumed: Story = {
  args: { message: storyMessages.resumed, notice: { kind: "resumed", attempt: 2 } },
};
