import fs from "node:fs";
import path from "node:path";

/**
 * `tsx bench/streams/profile-top.ts <file.cpuprofile|dir> [n]`: the top self-time functions of a
 * V8 CPU profile (what `--cpu-prof` wrote for a max-rate run), as a markdown table.
 */
type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const target = process.argv[2] ?? "";
const top = Number(process.argv[3] ?? 15);
const files = fs.statSync(target).isDirectory()
  ? fs
      .readdirSync(target)
      .filter((name) => name.endsWith(".cpuprofile"))
      .map((name) => path.join(target, name))
  : [target];
const selfMs = new Map<string, number>();
let totalMs = 0;
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url
      ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/apps\//, "apps/")}:${lineNumber + 1}`
      : "";
    const key = `${functionName || "(anonymous)"} ${where}`.trim();
    // Idle time is waiting, not work: shares are of the time the process was busy.
    if (functionName === "(idle)") return;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
    totalMs += ms;
  });
}
console.log("| function | self ms | share |\n| --- | --- | --- |");
for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`| \`${key}\` | ${ms.toFixed(0)} | ${((100 * ms) / totalMs).toFixed(1)} % |`);
