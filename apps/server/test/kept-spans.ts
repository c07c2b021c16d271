import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';

/** Keeps its spans past the server's stop, which shuts the exporter down (the in-memory one forgets them then). */
export class KeptSpans extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
