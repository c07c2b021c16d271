import {
  Activity,
  ArrowRightLeft,
  Binary,
  Boxes,
  Braces,
  Calculator,
  CalendarClock,
  Clock,
  Code,
  Database,
  Dices,
  FileJson,
  Fingerprint,
  GitBranch,
  Globe,
  KeyRound,
  KeySquare,
  Link,
  List,
  Lock,
  type LucideIcon,
  Puzzle,
  Radio,
  Scale,
  ScrollText,
  ShieldCheck,
  Square,
  Timer,
  ToggleLeft,
  Type,
  Workflow,
} from 'lucide-react';

const ICONS: Record<string, LucideIcon> = {
  flow: GitBranch,
  value: Square,
  object: Braces,
  json: FileJson,
  string: Type,
  text: Type,
  math: Calculator,
  compare: Scale,
  array: List,
  time: Clock,
  id: Fingerprint,
  log: ScrollText,
  http: Globe,
  store: Database,
  blob: Database,
  lease: Database,
  events: Activity,
  event: Activity,
  aggregate: Boxes,
  logic: Scale,
  bool: ToggleLeft,
  cast: ArrowRightLeft,
  random: Dices,
  url: Link,
  encoding: Binary,
  crypto: Lock,
  jwt: KeyRound,
  auth: KeySquare,
  schema: ShieldCheck,
  code: Code,
  workflow: Workflow,
  debug: ScrollText,
  triggers: Timer,
  schedule: CalendarClock,
  realtime: Radio,
};

const HUES: Record<string, number> = {
  flow: 250,
  value: 200,
  object: 170,
  json: 140,
  string: 95,
  text: 95,
  math: 35,
  compare: 15,
  array: 185,
  time: 300,
  id: 320,
  log: 60,
  http: 210,
  store: 275,
  events: 345,
  event: 345,
  aggregate: 350,
  logic: 15,
  bool: 25,
  cast: 120,
  random: 330,
  url: 225,
  encoding: 75,
  crypto: 290,
  jwt: 305,
  auth: 5,
  schema: 155,
  code: 265,
  workflow: 240,
  debug: 60,
  triggers: 310,
  schedule: 310,
  realtime: 195,
};

function categoryIcon(category: string): LucideIcon {
  return ICONS[category] ?? Puzzle;
}

/** A stable hue per category, so the palette and the nodes share a colour language. */
export function categoryHue(category: string): number {
  const known = HUES[category];
  if (known !== undefined) return known;
  let hash = 0;
  for (const char of category) hash = (hash * 31 + char.charCodeAt(0)) % 360;
  return hash;
}

export function CategoryIcon({ category, size = 16 }: { category: string; size?: number }) {
  const Icon = categoryIcon(category);
  return <Icon size={size} aria-hidden="true" strokeWidth={2} />;
}
