import type { Meta, StoryObj } from "@storybook/react-vite";
import { Badge } from "./badge";

const meta = {
  title: "UI/Badge",
  component: Badge,
  args: { children: "offline model" },
  argTypes: {
    variant: {
      control: "select",
      options: ["default", "secondary", "outline", "success", "warning", "destructive"],
    },
  },
} satisfies Meta<typeof Badge>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};

export const Variants: Story = {
  render: (args) => (
    <div className="flex flex-wrap gap-2">
      <Badge {...args}>default</Badge>
      <Badge {...args} variant="secondary">
        secondary
      </Badge>
      <Badge {...args} variant="outline">
        outline
      </Badge>
      <Badge {...args} variant="success">
        completed
      </Badge>
      <Badge {...args} variant="warning">
        reconnecting
      </Badge>
      <Badge {...args} variant="destructive">
        failed
      </Badge>
    </div>
  ),
};
