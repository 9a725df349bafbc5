import type { Decorator, Preview } from "@storybook/react-vite";
// Next serves Inter through next/font/local; Storybook has no Next, so load the same files directly.
import "@fontsource-variable/inter/wght.css";
// The app's Tailwind entry, compiled by Vite through postcss.config.mjs (@tailwindcss/postcss).
import "../src/app/globals.css";
import { TooltipProvider } from "../src/components/ui/tooltip";

/** Forces the light or dark tokens by the same <html> class the app's CSS honours. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme;
  const root = document.documentElement;
  root.classList.toggle("dark", theme === "dark");
  root.classList.toggle("light", theme === "light");
  return (
    <TooltipProvider>
      <div className="bg-background p-6 font-sans text-foreground">
        <Story />
      </div>
    </TooltipProvider>
  );
};

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: "Colour theme",
      toolbar: {
        title: "Theme",
        icon: "mirror",
        items: [
          { value: "system", title: "System" },
          { value: "light", title: "Light" },
          { value: "dark", title: "Dark" },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: "system" },
  parameters: {
    layout: "fullscreen",
    controls: { matchers: { color: /(background|color)$/i } },
  },
};

export default preview;
