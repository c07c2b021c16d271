import { DomainError, defineAggregate } from '../src/aggregates/define-aggregate.ts';

export const mailerAggregate = defineAggregate<{ sent: string[] }>({
  type: 'Mailer',
  initialState: { sent: [] },
  evolve: (state, event) => (event.type === 'WelcomeEmailSent' ? { sent: [...state.sent, String(event.payload.email)] } : state),
  commands: {
    sendWelcomeEmail: (state, payload: { userId: string; email: string }) => {
      if (state.sent.includes(payload.email)) throw new DomainError(`A welcome email already went to ${payload.email}`);
      return { type: 'WelcomeEmailSent', payload: { userId: payload.userId, email: payload.email } };
    },
  },
});

/** On every `UserSignedUp`, the `welcome` workflow has the user's `Mailer` send a welcome email. */
export const welcomeWorkflow = {
  name: 'Welcome new users',
  nodes: [
    { id: 'on', op: 'events.on', config: { types: ['UserSignedUp'] } },
    { id: 'payload', op: 'object.get', config: { path: 'payload' } },
    { id: 'userId', op: 'object.get', config: { path: 'payload.userId' } },
    { id: 'send', op: 'aggregate.execute', config: { type: 'Mailer', command: 'sendWelcomeEmail' } },
    { id: 'out', op: 'flow.output' },
  ],
  edges: [
    { from: { node: 'on', port: 'event' }, to: { node: 'payload', port: 'object' } },
    { from: { node: 'on', port: 'event' }, to: { node: 'userId', port: 'object' } },
    { from: { node: 'userId', port: 'value' }, to: { node: 'send', port: 'id' } },
    { from: { node: 'payload', port: 'value' }, to: { node: 'send', port: 'payload' } },
    { from: { node: 'send', port: 'ok' }, to: { node: 'out', port: 'value' } },
  ],
};
