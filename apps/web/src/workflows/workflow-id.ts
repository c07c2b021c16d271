/** A workflow id from a name people typed: `Place an order` → `place-an-order`. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_.:-]+/g, '-')
      .replace(/^[^a-z0-9]+|-+$/g, '')
      .slice(0, 128) || 'workflow'
  );
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
