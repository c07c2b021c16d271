import type { Workflow } from '../api/types.ts';

const PREFIX = 'pattern.draft.';

export interface Draft {
  document: Workflow;
  /** `updatedAt` of the saved version the draft started from. */
  base: string | undefined;
  savedAt: string;
}

/** Unsaved edits, kept in localStorage so a reload or a crash of the tab never loses work. */
export const drafts = {
  read(id: string): Draft | undefined {
    try {
      const raw = localStorage.getItem(PREFIX + id);
      return raw ? (JSON.parse(raw) as Draft) : undefined;
    } catch {
      return undefined;
    }
  },
  write(id: string, document: Workflow, base: string | undefined): void {
    try {
      localStorage.setItem(PREFIX + id, JSON.stringify({ document, base, savedAt: new Date().toISOString() } satisfies Draft));
    } catch {
      // A full or disabled storage only costs the draft, never the editing.
    }
  },
  clear(id: string): void {
    localStorage.removeItem(PREFIX + id);
  },
};
