import type { WorkspaceFile } from "@copilot/protocol";
import type { Meta, StoryObj } from "@storybook/react-vite";
import { Table, TableBody } from "@/components/ui/table";
import { fileEntry } from "@/lib/files/entries";
import { FileTableRow } from "./file-table-row";

const file = (path: string, mime_type: string, size_bytes: number): WorkspaceFile => {
  const id = "5f0c6c3e-2b1a-4c55-9a57-1f3a4a0b9c01";
  return {
    id,
    name: path.slice(path.lastIndexOf("/") + 1),
    path,
    mime_type,
    size_bytes,
    sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    version: 1,
    created_at: "2025-05-02T09:30:00.000Z",
    updated_at: "2025-05-03T14:05:00.000Z",
    reference: `workspace://${id}#${mime_type}`,
  };
};

const noop = () => {};

const meta = {
  title: "Files/FileTableRow",
  component: FileTableRow,
  args: {
    entry: fileEntry(file("/reports/quarterly-summary.pdf", "application/pdf", 2_457_600)),
    showPath: false,
    onOpenFolder: noop,
    onPreview: noop,
    onDelete: noop,
  },
  decorators: [
    (Story) => (
      <Table>
        <TableBody>
          <Story />
        </TableBody>
      </Table>
    ),
  ],
} satisfies Meta<typeof FileTableRow>;

export default meta;
type Story = StoryObj<typeof meta>;

export const File: Story = {};

export const Image: Story = {
  args: { entry: fileEntry(file("/sessions/1b9d/chart-1.png", "image/png", 18_204)) },
};

export const SearchHitWithPath: Story = {
  args: {
    entry: fileEntry(file("/projects/copilot/notes/meeting notes 2025-05-03.md", "text/markdown", 4_096)),
    showPath: true,
  },
};

export const Folder: Story = {
  args: {
    entry: {
      kind: "folder",
      key: "folder:/reports/",
      name: "reports",
      folder: "/reports/",
      fileCount: 12,
      sizeBytes: 48_300_000,
      updatedAt: "2025-05-03T14:05:00.000Z",
    },
  },
};

export const LongName: Story = {
  args: {
    entry: fileEntry(
      file(
        "/a-very-long-file-name-that-keeps-going-and-going-until-it-has-to-be-truncated-somewhere.txt",
        "text/plain; charset=utf-8",
        12,
      ),
    ),
  },
};
