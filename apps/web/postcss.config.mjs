// Used by Next (Turbopack) and by Storybook's Vite builder alike, so both render the same Tailwind.
export default {
  plugins: { "@tailwindcss/postcss": {} },
};
