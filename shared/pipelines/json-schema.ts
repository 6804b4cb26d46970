import { z } from 'zod';
import { pipelineSpecSchema } from './spec';

/** The spec's JSON Schema as published in resources/schemas/pipeline.schema.json (what a spec may be written as). */
export function pipelineJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(pipelineSpecSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://cairn.dev/schemas/pipeline.schema.json',
    title: 'Cairn pipeline',
  };
}
