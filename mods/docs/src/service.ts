import type { Site } from './site/build-site.ts';

/**
 * The `docs` service: the site of one server, built once, since the installed mods and their ops
 * do not change while it runs. A failed build is not kept, so the next request tries again.
 */
export class DocsService {
  private readonly build: () => Promise<Site>;
  private built: Promise<Site> | undefined;

  constructor(build: () => Promise<Site>) {
    this.build = build;
  }

  site(): Promise<Site> {
    this.built ??= this.build().catch((error: unknown) => {
      this.built = undefined;
      throw error;
    });
    return this.built;
  }
}

declare module '@pattern/core' {
  interface ServiceMap {
    docs: DocsService;
  }
}
