import { useAuth } from './auth.ts';
import { answer } from './client.ts';
import { server } from './server.ts';

/** Asks the public health check whether an admin token guards the API. */
export async function checkGuarded(): Promise<void> {
  try {
    const health = await answer(server.api.health.$get());
    useAuth.setState({ guarded: health.auth === true });
  } catch {
    // Unreachable server: the pages say so; the sign-out button just stays hidden.
  }
}
