/** A handbook chapter as the MCP resources serve it. */
export interface Chapter {
  title: string;
  /** Its path on the docs site: `/docs/guides/tokens`. */
  url: string;
  markdown: string;
}

/**
 * The chapters of the docs site's `llms.txt` (the whole handbook as one markdown text), split
 * back at each chapter's heading and its `Source:` line. Works the same over the network as in
 * process, so the stdio server needs nothing but the API.
 */
export function chaptersOf(llms: string): Chapter[] {
  const referenceAt = llms.indexOf('\n## Op reference');
  const handbook = referenceAt === -1 ? llms : llms.slice(0, referenceAt);
  const chapters: Chapter[] = [];
  const heading = /^### (.+)\n\nSource: (\S+)\n/gm;
  const found = [...handbook.matchAll(heading)];
  found.forEach((match, i) => {
    const start = (match.index ?? 0) + match[0].length;
    const next = found[i + 1];
    const end = next ? (next.index ?? handbook.length) : handbook.length;
    const body = handbook.slice(start, end).replace(/\n## [^\n]*\n*$/, '');
    chapters.push({ title: match[1] as string, url: match[2] as string, markdown: `# ${match[1]}\n\n${body.trim()}\n` });
  });
  return chapters;
}
