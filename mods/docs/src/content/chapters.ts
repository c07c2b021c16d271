import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger, ModDefinition } from '@pattern/core';
import { parseFrontMatter } from './front-matter.ts';

export interface Chapter {
  /** Where the chapter is served: `/docs/concepts/runs`, `/docs/mods/store/leases`. */
  url: string;
  title: string;
  description: string | undefined;
  order: number;
  /** The markdown after the front matter. */
  markdown: string;
  file: string;
}

/** A run of chapters shown together: a handbook section, or one mod's chapters. */
export interface ChapterGroup {
  id: string;
  title: string;
  /** Set for a mod's chapters. */
  mod: string | undefined;
  chapters: Chapter[];
}

/** The handbook's sections, in reading order; each is a folder of the handbook. */
export const HANDBOOK_SECTIONS = [
  { id: 'getting-started', title: 'Getting started' },
  { id: 'concepts', title: 'Concepts' },
  { id: 'guides', title: 'Guides' },
] as const;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const DEFAULT_ORDER = 1000;

export async function loadHandbook(folder: string, log: Logger): Promise<ChapterGroup[]> {
  const groups: ChapterGroup[] = [];
  for (const section of HANDBOOK_SECTIONS) {
    const chapters = await readChapters(join(folder, section.id), `/docs/${section.id}`, log);
    if (chapters.length > 0) groups.push({ id: section.id, title: section.title, mod: undefined, chapters });
  }
  return groups;
}

/** A mod's chapters (the markdown files of its `docs` folder) and its per-op pages (`docs/ops/<op>.md`). */
export async function loadModDocs(mod: ModDefinition, log: Logger): Promise<{ group: ChapterGroup; opProse: Map<string, string> }> {
  const chapters = mod.docs ? await readChapters(mod.docs, `/docs/mods/${mod.name}`, log) : [];
  const opProse = new Map<string, string>();
  if (mod.docs) {
    for (const file of await markdownFiles(join(mod.docs, 'ops'))) {
      const source = await readFile(file, 'utf8');
      opProse.set(basename(file, '.md'), parseFrontMatter(source).body);
    }
  }
  return { group: { id: `mod-${mod.name}`, title: mod.name, mod: mod.name, chapters }, opProse };
}

async function readChapters(folder: string, base: string, log: Logger): Promise<Chapter[]> {
  const chapters: Chapter[] = [];
  for (const file of await markdownFiles(folder)) {
    const slug = basename(file, '.md');
    if (!SLUG.test(slug)) {
      log.warn(`docs: skipped ${file}: a chapter file name must be lower-case letters, digits and dashes`);
      continue;
    }
    const { data, body } = parseFrontMatter(await readFile(file, 'utf8'));
    chapters.push({
      url: `${base}/${slug}`,
      title: data.title ?? titleFromSlug(slug),
      description: data.description,
      order: data.order ?? DEFAULT_ORDER,
      markdown: body,
      file,
    });
  }
  return chapters.sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
}

async function markdownFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.md'))
      .map((e) => join(folder, e.name))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function titleFromSlug(slug: string): string {
  const words = slug.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
