import type { Meta, StoryObj } from "@storybook/react-vite";
import { toast } from "sonner";
import { Button } from "./button";
import { Toaster } from "./toaster";

const meta = {
  title: "UI/Toaster",
  component: Toaster,
  args: { position: "bottom-right" },
} satisfies Meta<typeof Toaster>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Kinds: Story = {
  render: (args) => (
    <div className="flex flex-wrap gap-2">
      <Toaster {...args} />
      <Button variant="outline" onClick={() => toast("Saved report.md")}>
        Default
      </Button>
      <Button variant="outline" onClick={() => toast.success("Upload complete")}>
        Success
      </Button>
      <Button variant="outline" onClick={() => toast.error("Could not log out. Try again.")}>
        Error
      </Button>
    </div>
  ),
};
