import { FONT_FAMILY } from "./bundled-font";
import { escapeXml } from "./xml";

export type ChartData = { values: number[]; labels?: string[]; title?: string };

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 500;

const colors = { bar: "#4f6bed", negative: "#d9534f", grid: "#e6e8ee", axis: "#5b6070", text: "#262a33" };
/** DejaVu Sans averages about 0.6 em per character; used to truncate text that would not fit. */
const CHAR_EM = 0.6;

function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length <= maxChars ? chars.join("") : `${chars.slice(0, Math.max(1, maxChars - 1)).join("")}…`;
}

/** A 1-2-5 step giving about `count` intervals, so axis labels are round numbers. */
function niceStep(span: number, count = 5): number {
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalized = raw / magnitude;
  const step = (normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 5 ? 5 : 10) * magnitude;
  // Subnormal spans underflow to 0 here; a 0 step would never reach the top of the axis.
  return step > 0 && Number.isFinite(step) ? step : 1;
}

function formatNumber(value: number, fractionDigits?: number): string {
  const compact = Math.abs(value) >= 1e6;
  const digits = fractionDigits ?? (Math.abs(value) >= 1 || value === 0 ? 2 : 4);
  return new Intl.NumberFormat("en-US", {
    notation: compact ? "compact" : "standard",
    maximumFractionDigits: compact ? 2 : digits,
  }).format(value);
}

function text(x: number, y: number, content: string, attributes: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attributes}>${escapeXml(content)}</text>`;
}

/** The bar chart as SVG markup; every piece of user text goes through `escapeXml`. */
export function buildChartSvg({ values, labels, title }: ChartData): string {
  const hasTitle = title !== undefined && title.trim() !== "";
  const plot = { left: 80, right: CHART_WIDTH - 24, top: hasTitle ? 64 : 28, bottom: CHART_HEIGHT - 56 };
  const plotWidth = plot.right - plot.left;
  const plotHeight = plot.bottom - plot.top;

  // The domain always includes zero so bars grow from a visible baseline.
  const low = Math.min(0, ...values);
  const high = Math.max(0, ...values);
  const step = niceStep(high - low || 1);
  const domainLow = Math.floor(low / step) * step;
  const domainHigh = Math.max(Math.ceil(high / step) * step, domainLow + step);
  const y = (value: number) => plot.bottom - ((value - domainLow) / (domainHigh - domainLow)) * plotHeight;
  const tickDigits = Math.max(0, Math.min(6, -Math.floor(Math.log10(step))));

  const parts: string[] = [`<rect width="100%" height="100%" fill="#ffffff"/>`];
  if (hasTitle) {
    const maxChars = Math.floor((CHART_WIDTH - 40) / (20 * CHAR_EM));
    parts.push(
      text(
        CHART_WIDTH / 2,
        38,
        truncate(title, maxChars),
        `font-size="20" font-weight="bold" text-anchor="middle"`,
      ),
    );
  }

  const tickCount = Math.min(20, Math.round((domainHigh - domainLow) / step));
  for (let index = 0; index <= tickCount; index++) {
    const value = domainLow + index * step;
    const tickY = y(value);
    parts.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${tickY.toFixed(1)}" y2="${tickY.toFixed(1)}" stroke="${colors.grid}"/>`,
    );
    parts.push(
      text(
        plot.left - 8,
        tickY + 4,
        formatNumber(value, tickDigits),
        `font-size="12" text-anchor="end" fill="${colors.axis}"`,
      ),
    );
  }

  const slot = plotWidth / values.length;
  const barWidth = Math.max(1, slot * 0.7);
  const zeroY = y(0);
  const showValues = slot >= 24;
  // Show every k-th category label so neighbours never overlap.
  const labelEvery = Math.max(1, Math.ceil(48 / slot));
  const labelChars = Math.max(3, Math.floor((slot * labelEvery - 6) / (12 * CHAR_EM)));
  values.forEach((value, index) => {
    const x = plot.left + index * slot + (slot - barWidth) / 2;
    const top = Math.min(y(value), zeroY);
    const height = Math.abs(y(value) - zeroY);
    const fill = value < 0 ? colors.negative : colors.bar;
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${height.toFixed(1)}" fill="${fill}" rx="2"/>`,
    );
    const center = x + barWidth / 2;
    if (showValues) {
      const valueY = value < 0 ? top + height + 14 : top - 6;
      const size = Math.min(12, Math.floor(slot / 4));
      parts.push(
        text(
          center,
          valueY,
          formatNumber(value),
          `font-size="${size}" text-anchor="middle" fill="${colors.text}"`,
        ),
      );
    }
    const label = labels?.[index];
    if (label !== undefined && index % labelEvery === 0) {
      parts.push(
        text(
          center,
          plot.bottom + 22,
          truncate(label, labelChars),
          `font-size="12" text-anchor="middle" fill="${colors.axis}"`,
        ),
      );
    }
  });

  parts.push(
    `<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="${colors.axis}"/>`,
  );
  parts.push(
    `<line x1="${plot.left}" x2="${plot.right}" y1="${zeroY.toFixed(1)}" y2="${zeroY.toFixed(1)}" stroke="${colors.axis}"/>`,
  );

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}"`,
    ` font-family="${FONT_FAMILY}" fill="${colors.text}">`,
    ...parts,
    "</svg>",
  ].join("");
}
