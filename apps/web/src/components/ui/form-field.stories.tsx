import type { Meta, StoryObj } from "@storybook/react-vite";
import { FormField } from "./form-field";
import { Input } from "./input";

const meta = {
  title: "UI/FormField",
  component: FormField,
  args: { id: "form-field-story", label: "Password", children: <Input type="password" /> },
  decorators: [
    (Story) => (
      <div className="max-w-sm">
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof FormField>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const WithDescription: Story = { args: { description: "At least 8 characters." } };
export const WithError: Story = {
  args: { description: "At least 8 characters.", error: "Use at least 8 characters" },
};
