import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Lexer } from 'marked';

/**
 * Imports a `ts` code block of a handbook chapter as a module, so a test can run the code the
 * chapter shows exactly as written. The file is written next to the tests, so its imports resolve
 * the way a user's mod file's do, and removed afterwards.
 */
let imported = 0;

export async function importCodeBlock<T>(chapter: string, contains: string): Promise<T> {
  const source = readFileSync(new URL(`../../handbook/${chapter}`, import.meta.url), 'utf8');
  const block = Lexer.lex(source).find((token) => token.type === 'code' && token.lang === 'ts' && token.text.includes(contains)) as
    | { text: string }
    | undefined;
  if (!block) throw new Error(`${chapter} has no ts block containing "${contains}"`);
  const folder = fileURLToPath(new URL(`../.generated-${process.pid}/`, import.meta.url));
  mkdirSync(folder, { recursive: true });
  // A new name each time: the module cache would hand back an earlier block under the same path.
  const file = `${folder}block-${++imported}.ts`;
  writeFileSync(file, block.text);
  try {
    return (await import(file)) as T;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
