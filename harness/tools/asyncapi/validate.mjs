// Validates an AsyncAPI document, with the files it references, as the official parser reads it.
// Usage: node validate.mjs <document>. Prints every diagnostic; exits 1 when the parser finds an error.
import { Parser, fromFile, DiagnosticSeverity } from '@asyncapi/parser';

const document = process.argv[2];
if (!document) {
  console.error('usage: node validate.mjs <asyncapi document>');
  process.exit(2);
}
const severities = { 0: 'error', 1: 'warning', 2: 'information', 3: 'hint' };
const { document: parsed, diagnostics } = await fromFile(new Parser(), document).parse();
for (const diagnostic of diagnostics) {
  console.log(`${severities[diagnostic.severity]} ${diagnostic.code} at ${diagnostic.path.join('.') || '/'}: ${diagnostic.message}`);
}
const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error).length;
if (parsed === undefined || errors > 0) {
  console.log(`${document}: not a valid AsyncAPI document (${errors} errors)`);
  process.exit(1);
}
console.log(`${document}: valid AsyncAPI ${parsed.version()}`);
