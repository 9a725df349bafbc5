import type { Meta, StoryObj } from "@storybook/react-vite";
import type { UploadItem } from "@/lib/files/upload-state";
import { UploadListItem } from "./upload-list-item";

const base = {
  id: "u1",
  name: "holiday-photos.zip",
  size: 48 * 1024 * 1024,
  path: "/backups/holiday-photos.zip",
  overwrite: false,
};
const noop = () => {};

const item = (status: UploadItem["status"], overrides: Partial<UploadItem> = {}): UploadItem => ({
  ...base,
  ...overrides,
  status,
});

const meta = {
  title: "Files/UploadListItem",
  component: UploadListItem,
  args: {
    item: item({ kind: "uploading", loaded: 20 * 1024 * 1024, total: 48 * 1024 * 1024 }),
    onCancel: noop,
    onReplace: noop,
    onRetry: noop,
  },
  decorators: [
    (Story) => (
      <ul className="max-w-sm">
        <Story />
      </ul>
    ),
  ],
} satisfies Meta<typeof UploadListItem>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Uploading: Story = {};
export const Queued: Story = { args: { item: item({ kind: "queued" }) } };
export const Finishing: Story = { args: { item: item({ kind: "processing" }) } };
export const Done: Story = {
  args: {
    item: item({
      kind: "done",
      replaced: false,
      file: {
        id: "5f0c6c3e-2b1a-4c55-9a57-1f3a4a0b9c01",
        name: base.name,
        path: base.path,
        mime_type: "application/zip",
        size_bytes: base.size,
        sha256: "0".repeat(64),
        version: 1,
        created_at: "2025-05-03T14:05:00.000Z",
        updated_at: "2025-05-03T14:05:00.000Z",
        reference: "workspace://5f0c6c3e-2b1a-4c55-9a57-1f3a4a0b9c01#application/zip",
      },
    }),
  },
};
export const NameTaken: Story = {
  args: {
    item: item({
      kind: "failed",
      problem: {
        code: "file_exists",
        message: "A file named “holiday-photos.zip” already exists in this folder.",
        canReplace: true,
        canRetry: false,
      },
    }),
  },
};
export const QuotaExceeded: Story = {
  args: {
    item: item({
      kind: "failed",
      problem: {
        code: "quota_exceeded",
        message:
          "Not enough space left in your workspace for “holiday-photos.zip”. Delete some files and try again.",
        canReplace: false,
        canRetry: false,
      },
    }),
  },
};
export const ConnectionLost: Story = {
  args: {
    item: item({
      kind: "failed",
      problem: {
        code: "network",
        message: "The connection to the server was lost. Check your connection and try again.",
        canReplace: false,
        canRetry: true,
      },
    }),
  },
};
