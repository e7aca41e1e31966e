import type * as t from 'io-ts';
import { idCharacters, inputLimits, kindDescription, type InputKind } from '../../domain/limits/index.js';

/** A JSON Schema for the OpenAPI document, read off the io-ts codec that validates the same input. */
export type JsonSchema = Record<string, unknown>;

type Tagged = t.Mixed & { readonly _tag?: string; readonly name: string };

const maxLengthOf: Readonly<Record<Exclude<InputKind, 'json'>, number>> = {
  id: inputLimits.idMaxChars,
  name: inputLimits.nameMaxChars,
  text: inputLimits.textMaxChars,
  path: inputLimits.pathMaxChars,
};

/** The limits of a field's kind (domain/limits), as JSON Schema plus `x-input-kind` for clients and the fuzz test. */
const limitedSchema = (kind: InputKind, nonBlank: boolean): JsonSchema =>
  kind === 'json'
    ? { type: 'object', additionalProperties: true, description: kindDescription.json, 'x-input-kind': kind, 'x-max-bytes': inputLimits.jsonMaxBytes, 'x-max-depth': inputLimits.maxDepth }
    : {
        type: 'string',
        ...(nonBlank ? { minLength: 1 } : {}),
        maxLength: maxLengthOf[kind],
        ...(kind === 'id' ? { pattern: idCharacters.source } : {}),
        description: kindDescription[kind],
        'x-input-kind': kind,
      };

const described = (schema: JsonSchema, codec: Tagged): JsonSchema => (/^[a-z(]/.test(codec.name) && !('description' in schema) ? { ...schema, description: codec.name } : schema);

/**
 * One source of truth: the codecs decode requests (with errors naming the field), and this turns them into the
 * schemas `/docs` shows. It knows the combinators the API uses; anything else is documented by its name only.
 */
export const jsonSchemaOf = (codec: t.Mixed): JsonSchema => {
  const c = codec as Tagged & Record<string, unknown>;
  if (c.jsonSchema) return c.jsonSchema as JsonSchema;
  if (c.inputKind) return limitedSchema(c.inputKind as InputKind, Boolean(c.nonBlank));
  switch (c._tag) {
    case 'StringType':
      return { type: 'string' };
    case 'NumberType':
      return { type: 'number' };
    case 'BooleanType':
      return { type: 'boolean' };
    case 'UnknownType':
      return {};
    case 'UnknownRecordType':
    case 'AnyDictionaryType':
      return { type: 'object', additionalProperties: true };
    case 'LiteralType':
      return { enum: [c.value] };
    case 'KeyofType':
      return { type: 'string', enum: Object.keys(c.keys as object) };
    case 'RefinementType':
    case 'ReadonlyType':
      return described(jsonSchemaOf(c.type as t.Mixed), c);
    case 'ArrayType':
    case 'ReadonlyArrayType':
      return { type: 'array', items: jsonSchemaOf(c.type as t.Mixed) };
    case 'DictionaryType':
      return { type: 'object', additionalProperties: jsonSchemaOf(c.codomain as t.Mixed) };
    case 'InterfaceType':
    case 'StrictType':
    case 'ExactType':
    case 'PartialType': {
      const props = c.props as Record<string, t.Mixed> | undefined;
      if (!props) return jsonSchemaOf(c.type as t.Mixed);
      return {
        type: 'object',
        properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k, jsonSchemaOf(v)])),
        ...(c._tag === 'PartialType' ? {} : { required: Object.keys(props) }),
      };
    }
    case 'IntersectionType': {
      const parts = (c.types as t.Mixed[]).map(jsonSchemaOf);
      if (parts.every((p) => p.type === 'object' && p.properties)) {
        return {
          type: 'object',
          properties: Object.assign({}, ...parts.map((p) => p.properties)),
          required: parts.flatMap((p) => (p.required as string[] | undefined) ?? []),
        };
      }
      return { allOf: parts };
    }
    case 'UnionType': {
      const parts = (c.types as t.Mixed[]).map(jsonSchemaOf);
      return parts.every((p) => Array.isArray(p.enum)) ? { enum: parts.flatMap((p) => p.enum as unknown[]) } : { anyOf: parts };
    }
    default:
      return { description: c.name };
  }
};
