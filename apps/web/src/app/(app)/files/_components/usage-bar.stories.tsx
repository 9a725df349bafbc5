import type { Meta, StoryObj } from "@storybook/react-vite";
import { UsageBar } from "./usage-bar";

const GB = 1024 ** 3;

const meta = {
  title: "Files/UsageBar",
  component: UsageBar,
  args: {
    usage: {
      used_bytes: 0.27 * GB,
      quota_bytes: GB,
      file_count: 148,
      trash_bytes: 0.02 * GB,
      trash_count: 12,
    },
  },
  decorators: [
    (Story) => (
      <div className="max-w-xs">
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof UsageBar>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const Empty: Story = {
  args: { usage: { used_bytes: 0, quota_bytes: GB, file_count: 0, trash_bytes: 0, trash_count: 0 } },
};
export const Tiny: Story = {
  args: {
    usage: { used_bytes: 5 * 1024 * 1024, quota_bytes: GB, file_count: 1, trash_bytes: 0, trash_count: 0 },
  },
};
export const NearlyFull: Story = {
  args: {
    usage: { used_bytes: 0.94 * GB, quota_bytes: GB, file_count: 2_031, trash_bytes: 0, trash_count: 0 },
  },
};
export const Full: Story = {
  args: { usage: { used_bytes: GB, quota_bytes: GB, file_count: 2_100, trash_bytes: 0, trash_count: 0 } },
};
