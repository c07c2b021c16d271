/** The marks the OpenAPI document reads off routes; core holds them, since mods mark their routes too. */
export { answers, describes, type RouteSchema, routeSchemaOf } from '@pattern/core';
