/** A request to a server under test, answered with its status and its JSON body (null when empty), whatever the status. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads answers of every shape and checks them itself
export async function callJson(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
