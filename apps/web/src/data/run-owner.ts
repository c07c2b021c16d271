/** Run ids are ULIDs: an owner shaped like one is a run, and links to it. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function runOwner(owner: string): boolean {
  return ULID.test(owner);
}
