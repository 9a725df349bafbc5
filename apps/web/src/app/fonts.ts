import localFont from "next/font/local";

/**
 * Inter from the @fontsource-variable package, served by Next from our own origin: nothing is
 * fetched from Google at build or run time. Latin only; other scripts fall back to system fonts.
 */
export const inter = localFont({
  src: [
    {
      path: "../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
      weight: "100 900",
      style: "normal",
    },
    {
      path: "../../../../node_modules/@fontsource-variable/inter/files/inter-latin-wght-italic.woff2",
      weight: "100 900",
      style: "italic",
    },
  ],
  variable: "--font-inter",
  display: "swap",
});
