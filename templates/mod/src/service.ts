import { parseInput } from '@pattern/core';
import type { CounterDriver } from './drivers/driver.ts';
import { type Counter, CounterNameSchema, type IncrementInput, IncrementSchema } from './schemas.ts';

/**
 * The `counter` service: what ops, routes and other mods (`ctx.services.get('counter')`) use.
 * It parses what it is given, since routes and a user's code come through here too.
 */
export class CounterService {
  readonly driver: CounterDriver;

  constructor(driver: CounterDriver) {
    this.driver = driver;
  }

  async increment(input: IncrementInput): Promise<Counter> {
    const { name, by } = parseInput(IncrementSchema, input, 'increment', { whole: true });
    return { name, value: await this.driver.increment(name, by) };
  }

  async get(name: string): Promise<Counter> {
    const parsed = parseInput(CounterNameSchema, name, 'name');
    return { name: parsed, value: await this.driver.value(parsed) };
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

declare module '@pattern/core' {
  interface ServiceMap {
    counter: CounterService;
  }
}
