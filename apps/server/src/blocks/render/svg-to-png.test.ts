import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../errors";
import { PNG_SIGNATURE, pngSize } from "./image-size";
import { PNG_MAX_SIDE, renderSvgToPng, SVG_MAX_BYTES } from "./svg-to-png";

const svgDoc = (body: string, attributes = 'width="40" height="20"') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attributes}>${body}</svg>`;

/** A solid red PNG, made with resvg itself (the test has no PNG encoder of its own). */
const redPng = new Resvg(svgDoc('<rect width="10" height="10" fill="red"/>', 'width="10" height="10"'))
  .render()
  .asPng();
const redDataUri = `data:image/png;base64,${redPng.toString("base64")}`;

async function expectBadRequest(promise: Promise<unknown>, message?: RegExp) {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "bad_request" });
  if (message) expect((error as AppError).message).toMatch(message);
}

describe("renderSvgToPng", () => {
  it("renders an SVG at its own size", async () => {
    const png = await renderSvgToPng(svgDoc('<circle cx="20" cy="10" r="8" fill="teal"/>'));
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 40, height: 20 });
  });

  it.each([
    ["wide", 'viewBox="0 0 10000 500"', { width: PNG_MAX_SIDE, height: 102 }],
    ["tall", 'width="300" height="6000"', { width: 102, height: PNG_MAX_SIDE }],
  ])("fits a %s drawing within %s px", async (_label, attributes, expected) => {
    const png = await renderSvgToPng(svgDoc('<rect width="100%" height="100%"/>', attributes));
    expect(pngSize(png)).toEqual(expected);
  });

  it("renders text with the bundled font, escaped markup included", async () => {
    const png = await renderSvgToPng(
      svgDoc('<text x="2" y="15" font-family="Nonexistent, serif">&lt;&amp;&gt;"</text>'),
    );
    expect(pngSize(png)).toEqual({ width: 40, height: 20 });
  });

  it("keeps inline data: rasters", async () => {
    const png = await renderSvgToPng(svgDoc(`<image href="${redDataUri}" width="40" height="20"/>`));
    expect(pngSize(png)).toEqual({ width: 40, height: 20 });
  });

  it.each([
    ["not XML", "hello"],
    ["an unclosed element", "<svg xmlns='http://www.w3.org/2000/svg'><rect>"],
    ["a zero-sized drawing", svgDoc("", 'width="0" height="0"')],
    ["text over the size cap", svgDoc(`<!--${"x".repeat(SVG_MAX_BYTES)}-->`)],
  ])("rejects %s", async (_label, svg) => {
    await expectBadRequest(renderSvgToPng(svg));
  });
});

describe("renderSvgToPng never loads resources", () => {
  let dir: string;
  let redFile: string;
  beforeAll(async () => {
    // A real, readable PNG: if the renderer followed a path, it would succeed and draw red.
    dir = await mkdtemp(path.join(tmpdir(), "svg-to-png-"));
    redFile = path.join(dir, "red.png");
    await writeFile(redFile, redPng);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const hrefs = () => [
    ["file:///etc/passwd", "file:///etc/passwd"],
    ["/etc/hostname", "/etc/hostname"],
    ["an absolute path to a real PNG", redFile],
    ["a file: URL to a real PNG", `file://${redFile}`],
    ["a relative path", "red.png"],
    ["an http URL", "http://127.0.0.1:9/x.png"],
    [
      "an SVG data URI (could nest another image)",
      `data:image/svg+xml;base64,${Buffer.from(svgDoc("")).toString("base64")}`,
    ],
    ["a path spelled with character references", "&#47;etc&#47;hostname"],
  ];

  it("refuses <image> hrefs that are not inline rasters", async () => {
    for (const [label, href] of hrefs()) {
      for (const body of [
        `<image href="${href}" width="10" height="10"/>`,
        `<image xlink:href='${href}' width="10" height="10"></image>`,
        `<svg:image xmlns:svg="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink" l:href="${href}"/>`,
        `<filter id="f"><feImage href="${href}"/></filter><rect width="10" height="10" filter="url(#f)"/>`,
      ]) {
        await expectBadRequest(renderSvgToPng(svgDoc(body)), /data: URIs/).catch((error: unknown) => {
          throw new Error(`${label}: ${body}`, { cause: error });
        });
      }
    }
  });

  it("refuses DTDs, which could build an <image> out of entities", async () => {
    const svg = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY img '<image href="${redFile}" width="10" height="10"/>'>]>${svgDoc("&img;")}`;
    await expectBadRequest(renderSvgToPng(svg), /DOCTYPE/);
  });

  it("refuses an embedded raster too large to decode safely", async () => {
    // A PNG header claiming 20000×20000 pixels: never decoded, only its IHDR is read.
    const header = Buffer.from(redPng.subarray(0, 33));
    header.writeUInt32BE(20_000, 16);
    header.writeUInt32BE(20_000, 20);
    const body = `<image href="data:image/png;base64,${header.toString("base64")}" width="10" height="10"/>`;
    await expectBadRequest(renderSvgToPng(svgDoc(body)), /too large/);
  });
});
