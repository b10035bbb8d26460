import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.js';
import { AppError, zodFieldErrors } from './errors.js';

/** A router whose validation failures become problem+json with the field path of each error. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const where = result.target === 'json' ? [] : [result.target];
        throw new AppError('validation', 'Some values are missing or invalid.', {
          reason: 'invalid_values',
          errors: zodFieldErrors(result.error, where),
        });
      }
    },
  });
}

/** The values a reason's sentence is filled in with, such as { min: 10 }. */
const ProblemParams = z.record(z.string(), z.union([z.string(), z.number()]));

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().openapi({ description: 'In English, for people reading the API.' }).optional(),
    code: z.string().openapi({ description: 'The general kind of problem; one per HTTP status (forbidden, conflict, …).' }),
    reason: z
      .string()
      .openapi({ description: 'Why, stable and snake_case (stale_version, password_too_short, …): for branching on and translating.' })
      .optional(),
    params: ProblemParams.optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().openapi({ description: "The validator's own code for the issue." }).optional(),
          reason: z.string().optional(),
          params: ProblemParams.optional(),
        }),
      )
      .optional(),
  })
  .openapi('Problem');

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: Problem } } });

/** The error answers every operation may give, for the OpenAPI description. */
export const problemResponses = {
  400: problem('Invalid request'),
  401: problem('Not signed in'),
  403: problem('Forbidden'),
  404: problem('Not found'),
  409: problem('Conflict'),
  412: problem('Stale If-Match'),
  422: problem('Unprocessable'),
  429: problem('Rate limited'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
export const noContent = { description: 'Done' } as const;

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const Timestamp = z.string().openapi({ format: 'date-time' });
export const Locale = z.enum(['zh-CN', 'zh-TW', 'en']);
