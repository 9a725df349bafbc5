import type { Meta, StoryObj } from "@storybook/react-vite";
import { Button } from "./button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "./card";

const meta = {
  title: "UI/Card",
  component: Card,
} satisfies Meta<typeof Card>;

export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {
  render: (args) => (
    <Card {...args} className="max-w-sm">
      <CardHeader>
        <CardTitle>Workspace</CardTitle>
        <CardDescription>Files you and the assistant saved.</CardDescription>
      </CardHeader>
      <CardContent className="text-sm">12 files · 3.4 MB of 1 GB</CardContent>
      <CardFooter className="justify-end">
        <Button variant="outline" size="sm">
          Open
        </Button>
      </CardFooter>
    </Card>
  ),
};
