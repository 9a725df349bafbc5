/**
 * Deterministic long-form prose for the `long` command: themed sections whose sentences rotate
 * and pick up different connectives on each pass, so 1,500+ words read as text rather than as
 * one paragraph repeated. No randomness, so every run streams the same words.
 */

type Theme = { heading: string; sentences: string[] };

const themes: Theme[] = [
  {
    heading: "Durable streaming",
    sentences: [
      "Every chunk the model produces is appended to a stream before any browser sees it.",
      "A reader that reconnects sends the last id it saw and receives everything after it, in order.",
      "Closing a tab is only a disconnect, so the answer keeps growing on the server while nobody watches.",
      "Heartbeats are plain comments, which keeps proxies from timing out an idle connection.",
      "The producer never depends on the HTTP connection, so a slow client cannot slow generation down.",
      "Stopping a turn is an explicit request of its own, never a side effect of a dropped socket.",
      "Because ids only move forward, a client can drop duplicates without keeping much state.",
    ],
  },
  {
    heading: "The workspace",
    sentences: [
      "Each user owns one workspace, a tree of virtual paths backed by a narrow storage interface.",
      "Paths are canonicalised once, so a file reached through two spellings is still one file.",
      "Overwriting a file keeps its id and bumps its version, which keeps references in old messages valid.",
      "Quotas are checked while bytes stream in, and an upload that goes over leaves nothing behind.",
      "Deleted files wait in the trash for a while, so a hasty command can still be undone.",
      "Storage keys never contain user text, which keeps odd file names out of the backend.",
      "The same limits apply whether a file arrives through the web page or through a tool call.",
    ],
  },
  {
    heading: "Tools and blocks",
    sentences: [
      "Tools are the only way the model touches the outside world, and each one validates its input.",
      "A block is a small typed unit, such as a chart or a QR code, that the run_block tool executes.",
      "Media produced by a block is stored in the workspace and referenced by a workspace link.",
      "Errors come back to the model as values with a code and a message, not as crashes.",
      "Because every tool is scoped to the caller, one user can never read another user's files.",
      "Rendering happens with a bundled font, so charts look the same on every machine.",
      "Untrusted drawings are rendered without access to the network or to local files.",
    ],
  },
  {
    heading: "Workers and long operations",
    sentences: [
      "A turn is a job, and any worker process can pick it up and run it to the end.",
      "A worker holds a lease on its task, and a task whose worker disappears is failed in bounded time.",
      "Long operations report progress as they go and announce completion as an event.",
      "Completion handling is idempotent, so an event delivered twice still produces one result.",
      "Restarting the API process loses nothing, because the API never owns generation.",
      "Queues give each job a stable id, which doubles as the key that prevents duplicate work.",
      "Back-pressure lives in the queue, not in memory, so a burst of requests waits politely.",
    ],
  },
  {
    heading: "Running without a network",
    sentences: [
      "When no provider is configured, a local model answers so that the whole platform still works.",
      "That model is deterministic, which makes it useful for demos, tests and first impressions.",
      "It understands a handful of plain commands and calls the same tools a real model would.",
      "Switching to a hosted or self-hosted provider is a matter of setting a few variables.",
      "Nothing about the chat, the workspace or the streams changes when the model changes.",
      "A deterministic model also makes failures reproducible, which shortens many debugging sessions.",
      "The label in the interface makes it obvious which model wrote each answer.",
    ],
  },
];

const connectives = [
  "In practice,",
  "Put differently,",
  "As a consequence,",
  "Just as importantly,",
  "Seen from the user's side,",
  "In the same spirit,",
  "Over time,",
];

const lowerFirst = (sentence: string) => sentence.charAt(0).toLowerCase() + sentence.slice(1);
const countWords = (text: string) => text.split(/\s+/).filter(Boolean).length;

function paragraph(index: number): string {
  const theme = themes[index % themes.length]!;
  const pass = Math.floor(index / themes.length);
  const picked: string[] = [];
  for (let k = 0; k < 5; k++) {
    const sentence = theme.sentences[(pass * 3 + k) % theme.sentences.length]!;
    const connective = k % 2 === 1 ? connectives[(index + k + pass) % connectives.length] : undefined;
    picked.push(connective ? `${connective} ${lowerFirst(sentence)}` : sentence);
  }
  return picked.join(" ");
}

/** At least `minWords` words of markdown prose (headings and paragraphs). */
export function longProse(minWords = 1_600): string {
  const sections: string[] = [];
  let words = 0;
  for (let index = 0; words < minWords; index++) {
    const theme = themes[index % themes.length]!;
    const pass = Math.floor(index / themes.length);
    const section = `## ${theme.heading}${pass > 0 ? `, part ${pass + 1}` : ""}\n\n${paragraph(index)}`;
    sections.push(section);
    words += countWords(section);
  }
  sections.push("That is the long answer: the offline model wrote it deterministically, word by word.");
  return sections.join("\n\n");
}
