import { describe, expect, it } from "vitest";
import { conversationOf, type TreeNode } from "./conversation";

let seq = 0;
const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
function node(id: string, parentId: string | null, selectedSecond = seq): TreeNode {
  seq += 1;
  return { id, parentId, seq, selectedAt: at(selectedSecond) };
}
const ids = (rows: readonly TreeNode[]) => rows.map((row) => row.id);

describe("conversationOf", () => {
  // q1 → a1 → q2 → a2, then q1 edited (e1 → b1), then a1 regenerated (a1b).
  const rows = () => {
    seq = 0;
    return [
      node("q1", null, 1),
      node("a1", "q1", 2),
      node("q2", "a1", 3),
      node("a2", "q2", 4),
      node("e1", null, 5),
      node("b1", "e1", 6),
      node("a1b", "q1", 7),
    ];
  };

  it("shows, at each fork, the version selected last", () => {
    expect(ids(conversationOf(rows()).shown())).toEqual(["e1", "b1"]);
    const reselected = rows().map((row) => (row.id === "q1" ? { ...row, selectedAt: at(9) } : row));
    expect(ids(conversationOf(reselected).shown())).toEqual(["q1", "a1b"]);
    const older = reselected.map((row) => (row.id === "a1" ? { ...row, selectedAt: at(10) } : row));
    expect(ids(conversationOf(older).shown())).toEqual(["q1", "a1", "q2", "a2"]);
  });

  it("breaks a tie of selection times by the order written", () => {
    seq = 0;
    const tied = [node("x", null, 1), node("y", null, 1)];
    expect(ids(conversationOf(tied).shown())).toEqual(["y"]);
  });

  it("gives the path to a message, oldest first, and nothing for null or an unknown id", () => {
    const conversation = conversationOf(rows());
    expect(ids(conversation.pathTo("a2"))).toEqual(["q1", "a1", "q2", "a2"]);
    expect(ids(conversation.pathTo("b1"))).toEqual(["e1", "b1"]);
    expect(conversation.pathTo(null)).toEqual([]);
    expect(conversation.pathTo("missing")).toEqual([]);
  });

  it("numbers the versions of each place on a path, in the order written", () => {
    const conversation = conversationOf(rows());
    expect(conversation.versions(conversation.pathTo("a2"))).toEqual({
      q1: { index: 1, count: 2, previous: null, next: "e1" },
      a1: { index: 1, count: 2, previous: null, next: "a1b" },
    });
    expect(conversation.versions(conversation.pathTo("a1b"))).toEqual({
      q1: { index: 1, count: 2, previous: null, next: "e1" },
      a1b: { index: 2, count: 2, previous: "a1", next: null },
    });
  });

  it("treats a message whose parent is gone as a first message, and survives a cycle", () => {
    seq = 0;
    const orphan = [node("a", null, 1), node("b", "deleted", 2)];
    expect(conversationOf(orphan).versions(conversationOf(orphan).shown())).toEqual({
      b: { index: 2, count: 2, previous: "a", next: null },
    });
    seq = 0;
    const cycle = [node("p", "q", 1), node("q", "p", 2)];
    expect(ids(conversationOf(cycle).pathTo("p"))).toEqual(["q", "p"]);
    expect(conversationOf(cycle).shown()).toEqual([]);
  });

  it("is empty for an empty conversation", () => {
    expect(conversationOf([]).shown()).toEqual([]);
  });
});
