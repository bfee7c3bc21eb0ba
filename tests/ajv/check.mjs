// Compile the convention schema with ajv in strict mode, then validate JSON documents.
//
// Usage: node tests/ajv/check.mjs SCHEMA [DOCUMENT.json ...]
//
// Prints one JSON object on stdout:
//   {"schema": "...", "strict_warnings": [...],
//    "results": [{"file": "...", "valid": true|false, "errors": [...]}, ...]}
// Exit code: 0 when the schema compiles without any strict-mode complaint and every
// document is valid; 1 when some document is invalid; 2 when the schema does not
// compile or strict mode complained (errors and warnings alike count).
//
// Install once with `npm install` in tests/ajv (node_modules is ignored by git).
import { readFileSync } from "node:fs";
import process from "node:process";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaPath, ...documentPaths] = process.argv.slice(2);
if (!schemaPath) {
  process.stderr.write("usage: node check.mjs SCHEMA [DOCUMENT.json ...]\n");
  process.exit(2);
}

const warnings = [];
const logger = {
  log: () => {},
  warn: (...args) => warnings.push(args.map(String).join(" ")),
  error: (...args) => warnings.push(args.map(String).join(" ")),
};

const output = { schema: schemaPath, strict_warnings: warnings, results: [] };
let validate;
try {
  const ajv = new Ajv2020({ strict: true, allErrors: true, logger });
  addFormats(ajv);
  // The editor-only annotations (scripts/editor_annotations.py): declared, as ajv's
  // strict mode asks for any keyword it does not know; they never affect validation.
  for (const keyword of ["markdownDescription", "markdownEnumDescriptions", "defaultSnippets"]) {
    ajv.addKeyword({ keyword, schemaType: ["string", "array"] });
  }
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (error) {
  output.compile_error = String(error && error.message ? error.message : error);
}

let allValid = true;
for (const file of validate ? documentPaths : []) {
  let result;
  try {
    const valid = validate(JSON.parse(readFileSync(file, "utf8")));
    result = { file, valid, errors: valid ? [] : validate.errors };
  } catch (error) {
    result = { file, valid: false, errors: [{ message: String(error.message ?? error) }] };
  }
  allValid &&= result.valid;
  output.results.push(result);
}

// Set the exit code and let node exit by itself: process.exit() right after writing
// to a pipe cuts the output at 64 KiB.
process.stdout.write(JSON.stringify(output, null, 2) + "\n");
process.exitCode = validate === undefined || warnings.length > 0 ? 2 : allValid ? 0 : 1;
