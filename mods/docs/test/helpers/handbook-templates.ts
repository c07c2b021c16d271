import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@pattern/core';
import { loadHandbook } from '../../src/content/chapters.ts';
import { renderMarkdown, slugify } from '../../src/render/markdown.ts';

export const HANDBOOK = fileURLToPath(new URL('../../handbook', import.meta.url));

/** A workflow the handbook ships: a `workflow` block, drawn with its "Open in the editor" link. */
export interface Template {
  /** Where it is shipped: the chapter's file, from the handbook folder (`guides/schedules.md`). */
  source: string;
  name: string;
  document: { id?: string; name?: string; tests?: Array<{ name: string; expect: Record<string, unknown> }> } & Record<string, unknown>;
  /** The file `pattern test` reads it from: its id, else its name, as `<id>.workflow.json`. */
  fileName: string;
}

/**
 * Every template of the handbook, found as the docs site finds them: the chapters it serves,
 * rendered by its own markdown renderer, whose `workflow` blocks are the ones it draws.
 */
export async function handbookTemplates(): Promise<Template[]> {
  const groups = await loadHandbook(
    HANDBOOK,
    createLogger(() => undefined),
  );
  const templates: Template[] = [];
  for (const chapter of groups.flatMap((group) => group.chapters)) {
    const sources: string[] = [];
    renderMarkdown(chapter.markdown, {
      link: () => null,
      workflow: (source) => {
        sources.push(source);
        return '';
      },
    });
    const file = relative(HANDBOOK, chapter.file);
    sources.forEach((source, i) => {
      const document = JSON.parse(source) as Template['document'];
      const base = document.id ?? (document.name ? slugify(document.name) : `${slugify(file)}-${i + 1}`);
      templates.push({ source: file, name: document.name ?? base, document, fileName: `${base}.workflow.json` });
    });
  }
  return templates;
}
