import type { Meta, StoryObj } from "@storybook/react-vite";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "./table";

const meta = {
  title: "UI/Table",
  component: Table,
} satisfies Meta<typeof Table>;

export default meta;
type Story = StoryObj<typeof meta>;

const files = [
  { name: "report.md", type: "text/markdown", size: "4.2 KB", updated: "2 min ago" },
  { name: "chart.png", type: "image/png", size: "38 KB", updated: "1 h ago" },
  { name: "data.csv", type: "text/csv", size: "1.1 MB", updated: "yesterday" },
];

export const Files: Story = {
  render: () => (
    <Table>
      <TableCaption>Files in your workspace</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Type</TableHead>
          <TableHead className="text-right">Size</TableHead>
          <TableHead>Updated</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {files.map((file) => (
          <TableRow key={file.name}>
            <TableCell className="font-medium">{file.name}</TableCell>
            <TableCell className="text-muted-foreground">{file.type}</TableCell>
            <TableCell className="text-right tabular-nums">{file.size}</TableCell>
            <TableCell className="text-muted-foreground">{file.updated}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  ),
};
