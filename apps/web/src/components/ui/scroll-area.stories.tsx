import type { Meta, StoryObj } from "@storybook/react-vite";
import { ScrollArea } from "./scroll-area";

const meta = {
  title: "UI/ScrollArea",
  component: ScrollArea,
} satisfies Meta<typeof ScrollArea>;

export default meta;
type Story = StoryObj<typeof meta>;

const sessions = Array.from({ length: 40 }, (_, index) => `Conversation ${index + 1}`);

export const SessionList: Story = {
  render: () => (
    <ScrollArea className="h-64 w-56 rounded-md border" aria-label="Sessions">
      <ul className="p-2 text-sm">
        {sessions.map((title) => (
          <li key={title} className="rounded px-2 py-1.5 hover:bg-accent">
            {title}
          </li>
        ))}
      </ul>
    </ScrollArea>
  ),
};
