import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Lexer } from 'marked';

export interface Fence {
  file: string;
  name: string;
  source: string;
}

/** Every `workflow` code fence in the markdown files under the given folders. */
export function workflowFences(folders: string[]): Fence[] {
  const fences: Fence[] = [];
  for (const folder of folders) {
    for (const file of markdownFiles(folder)) {
      for (const token of Lexer.lex(readFileSync(file, 'utf8'))) {
        if (token.type !== 'code' || token.lang?.trim() !== 'workflow') continue;
        let name = '(unnamed)';
        try {
          name = (JSON.parse(token.text) as { name?: string }).name ?? name;
        } catch {
          name = '(not JSON)';
        }
        fences.push({ file: relative(process.cwd(), file), name, source: token.text });
      }
    }
  }
  return fences;
}

function markdownFiles(folder: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(folder);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return entry.endsWith('.md') ? [path] : [];
  });
}
