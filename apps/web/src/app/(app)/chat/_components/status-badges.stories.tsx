import type { Meta, StoryObj } from "@storybook/react-vite";
import { ModelBadge } from "./model-badge";
import { ReconnectingIndicator } from "./reconnecting-indicator";
import { QueuedNote, ResumedNote } from "./turn-notices";

const meta = {
  title: "Chat/Status badges",
  component: ModelBadge,
  parameters: { layout: "padded" },
  args: { model: "offline" },
} satisfies Meta<typeof ModelBadge>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The offline model, clearly labelled; focus or hover it for how to configure a provider. */
export const OfflineModel: Story = {};
export const ProviderModel: Story = { args: { model: "openai:gpt-4o-mini" } };
export const Reconnecting: Story = { render: () => <ReconnectingIndicator /> };
export const QueuedForAWorker: Story = { render: () => <QueuedNote position={3} /> };
export const QueuedNext: Story = { render: () => <QueuedNote position={0} /> };
export const ResumedAfterRestart: Story = { render: () => <ResumedNote /> };
