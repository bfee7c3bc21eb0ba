// Drive the language services behind VS Code's JSON support (vscode-json-languageservice)
// and the YAML extension (yaml-language-server) on citydiplomacy documents.
//
// Usage: node tests/editors/check.mjs REQUEST.json
//
// REQUEST.json:
//   {"schemas": {"https://...schema.json": "path/to/local/file.json", ...},
//    "documents": [{"file": "path.yaml", "probes": [
//        {"kind": "hover", "line": 3, "character": 4},
//        {"kind": "completion", "line": 7, "character": 10}]}]}
// Lines and characters are 0-based, as in the Language Server Protocol.
//
// Each document names its schema itself (`$schema` in JSON, the
// `# yaml-language-server: $schema=...` modeline in YAML): no file association is
// configured here, so the association the document carries is what is tested. Schemas
// are served from the local files the request maps their URLs to; any other URL is
// refused (no network), and the refusal shows up as a diagnostic.
//
// Prints one JSON object on stdout:
//   {"documents": [{"file": "...", "diagnostics": [...],
//                   "probes": [{"kind": "hover", ..., "text": "..."},
//                              {"kind": "completion", ..., "items": [{"label", "documentation", "kind"}]}]}]}
// Exit code 0 when everything ran (whatever the diagnostics say), 2 on a usage error.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import * as json from "vscode-json-languageservice";
import { TextDocument } from "vscode-languageserver-textdocument";
import * as yaml from "yaml-language-server";

const [requestPath] = process.argv.slice(2);
if (!requestPath) {
  process.stderr.write("usage: node check.mjs REQUEST.json\n");
  process.exit(2);
}
const request = JSON.parse(readFileSync(requestPath, "utf8"));
const schemaFiles = request.schemas ?? {};

function serveSchema(uri) {
  const file = schemaFiles[uri];
  if (file === undefined) {
    return Promise.reject(`no network in this test: ${uri} is not one of the local schemas`);
  }
  return Promise.resolve(readFileSync(file, "utf8"));
}

const clientCapabilities = {
  textDocument: {
    hover: { contentFormat: ["markdown", "plaintext"] },
    completion: {
      completionItem: { documentationFormat: ["markdown", "plaintext"], snippetSupport: true },
    },
  },
};

const jsonService = json.getLanguageService({
  schemaRequestService: serveSchema,
  clientCapabilities,
});
jsonService.configure({ validate: true, allowComments: false, schemas: [] });

const workspaceContext = {
  resolveRelativePath: (relativePath, resource) => new URL(relativePath, resource).toString(),
};
const yamlService = yaml.getLanguageService({
  schemaRequestService: serveSchema,
  workspaceContext,
  clientCapabilities,
});
yamlService.configure({
  validate: true,
  hover: true,
  completion: true,
  format: false,
  schemas: [],
  yamlVersion: "1.2",
});

function markupText(contents) {
  if (contents === undefined || contents === null) return "";
  if (typeof contents === "string") return contents;
  if (Array.isArray(contents)) return contents.map(markupText).join("\n\n");
  return contents.value ?? "";
}

function plainDiagnostic(d) {
  return {
    message: d.message,
    severity: d.severity,
    line: d.range.start.line,
    character: d.range.start.character,
    source: d.source ?? null,
  };
}

function plainCompletion(item) {
  return {
    label: item.label,
    kind: item.kind ?? null,
    detail: item.detail ?? null,
    documentation: markupText(item.documentation),
    insertText: item.insertText ?? item.textEdit?.newText ?? null,
  };
}

async function checkJson(document, probes) {
  const parsed = jsonService.parseJSONDocument(document);
  const diagnostics = await jsonService.doValidation(document, parsed);
  const results = [];
  for (const probe of probes) {
    const position = { line: probe.line, character: probe.character };
    if (probe.kind === "hover") {
      const hover = await jsonService.doHover(document, position, parsed);
      results.push({ ...probe, text: markupText(hover?.contents) });
    } else {
      const list = await jsonService.doComplete(document, position, parsed);
      results.push({ ...probe, items: (list?.items ?? []).map(plainCompletion) });
    }
  }
  return { diagnostics: diagnostics.map(plainDiagnostic), probes: results };
}

async function checkYaml(document, probes) {
  const diagnostics = await yamlService.doValidation(document, false);
  const results = [];
  for (const probe of probes) {
    const position = { line: probe.line, character: probe.character };
    if (probe.kind === "hover") {
      const hover = await yamlService.doHover(document, position);
      results.push({ ...probe, text: markupText(hover?.contents) });
    } else {
      const list = await yamlService.doComplete(document, position, false);
      results.push({ ...probe, items: (list?.items ?? []).map(plainCompletion) });
    }
  }
  return { diagnostics: diagnostics.map(plainDiagnostic), probes: results };
}

const output = { documents: [] };
for (const entry of request.documents ?? []) {
  const path = resolve(entry.file);
  const text = entry.text ?? readFileSync(path, "utf8");
  const isJson = path.endsWith(".json");
  const document = TextDocument.create(pathToFileURL(path).toString(), isJson ? "json" : "yaml", 1, text);
  const probes = entry.probes ?? [];
  const result = isJson ? await checkJson(document, probes) : await checkYaml(document, probes);
  output.documents.push({ file: entry.file, ...result });
}

// Let node exit by itself: process.exit() right after writing to a pipe cuts the output.
process.stdout.write(JSON.stringify(output, null, 2) + "\n");
process.exitCode = 0;
