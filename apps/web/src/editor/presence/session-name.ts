const ADJECTIVES = [
  'Amber',
  'Brisk',
  'Coral',
  'Dusky',
  'Ember',
  'Fern',
  'Glacier',
  'Hazel',
  'Indigo',
  'Juniper',
  'Lilac',
  'Maple',
  'Nimbus',
  'Olive',
  'Pebble',
  'Quartz',
  'Russet',
  'Saffron',
  'Teal',
  'Umber',
];
const ANIMALS = [
  'Otter',
  'Heron',
  'Lynx',
  'Finch',
  'Badger',
  'Marten',
  'Wren',
  'Ibex',
  'Puffin',
  'Stoat',
  'Gecko',
  'Kestrel',
  'Tapir',
  'Vole',
  'Newt',
  'Osprey',
];

const KEY = 'pattern.presence.name';

/** This browser's name among the editors of a workflow: made up once per browser session, kept across reloads. */
export function sessionName(): string {
  const kept = sessionStorage.getItem(KEY);
  if (kept) return kept;
  const pick = (list: string[]) => list[Math.floor(Math.random() * list.length)] as string;
  const name = `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
  sessionStorage.setItem(KEY, name);
  return name;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}
