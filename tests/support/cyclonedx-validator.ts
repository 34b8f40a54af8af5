// The official CycloneDX 1.6 schema as a validator, offline: the schemas ship in
// @cyclonedx/cyclonedx-library (not in its exports: found beside its package.json).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";

const schemaDir = join(dirname(createRequire(import.meta.url).resolve("@cyclonedx/cyclonedx-library/package.json")), "res/schema");
const schema = (name: string) => JSON.parse(readFileSync(join(schemaDir, name), "utf8"));

export function bomValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat("iri-reference", true);
  ajv.addFormat("idn-email", true);
  // bom-1.6 refers to these by their SNAPSHOT file names, which differ from their own $id.
  ajv.addSchema({ ...schema("spdx.SNAPSHOT.schema.json"), $id: "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json" });
  ajv.addSchema({ ...schema("jsf-0.82.SNAPSHOT.schema.json"), $id: "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json" });
  return ajv.compile(schema("bom-1.6.SNAPSHOT.schema.json"));
}

/** The BOM as it is written to a file and read back: what a validator sees. */
export const shipped = (value: unknown) => JSON.parse(JSON.stringify(value));
