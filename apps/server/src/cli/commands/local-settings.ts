import { loadSettings } from '../../settings.ts';
import { type LocalEngine, openLocalEngine } from '../local.ts';

/** Runs `work` with an engine built from the local settings (pattern.config.json and the environment), closed afterwards. */
export async function withLocalEngine<T>(options: { data: boolean }, work: (local: LocalEngine) => Promise<T>): Promise<T> {
  const local = await openLocalEngine(loadSettings(), options);
  try {
    return await work(local);
  } finally {
    await local.close();
  }
}
