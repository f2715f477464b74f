// Compares the working copy of an AsyncAPI document with its last published version, as the official parser reads
// both (dereferenced, so the event schemas they reference are compared too), with the official diff's standard of
// breaking changes. That standard leaves every change inside a message's payload unclassified; here such a change
// is breaking unless it adds a property without making it required, or edits a description or an example: a
// consumer must be able to read every event of the same major version, those stored in the log and replayed included.
// Usage: node compare.mjs <published document> <working document>.
// Exit 0: no breaking change, or a breaking change with the major version (info.version) raised; 1: a breaking change
// under the same major version; 2: a document could not be read.
import { Parser, fromFile } from '@asyncapi/parser';
import { diff } from '@asyncapi/diff';

const [published, working] = process.argv.slice(2);
if (!published || !working) {
  console.error('usage: node compare.mjs <published asyncapi document> <working asyncapi document>');
  process.exit(2);
}

const parser = new Parser();
async function read(path) {
  const { document } = await fromFile(parser, path).parse();
  if (document === undefined) {
    console.error(`${path}: not a valid AsyncAPI document (node validate.mjs ${path} says why)`);
    process.exit(2);
  }
  return document;
}

const before = await read(published);
const after = await read(working);
const changes = diff(before.json(), after.json(), { outputType: 'json' });
const major = (document) => Number.parseInt(document.info().version().split('.')[0], 10);
const payloadChange = /^\/components\/messages\/[^/]+\/payload(\/.*)?$/;
const harmless = (change) => {
  const inPayload = payloadChange.exec(change.path)[1] ?? '';
  // x-parser-*: what the parser adds, such as the ids it numbers anonymous schemas with
  return /\/(description|examples|x-parser-[^/]*)(\/|$)/.test(inPayload)
    || (change.action === 'add' && /^\/properties\/[^/]+$/.test(inPayload));
};
// the version itself is this gate's to judge
const breaking = [
  ...changes.breaking().filter((change) => change.path !== '/info/version'),
  ...changes.unclassified().filter((change) => payloadChange.test(change.path) && !harmless(change)),
];
for (const change of breaking) {
  console.log(`breaking: ${change.action} ${change.path}`);
}
console.log(`${changes.nonBreaking().length} non-breaking, ${changes.unclassified().length} unclassified change(s)`);
if (breaking.length === 0) {
  console.log(`compatible with ${published} (${before.info().version()})`);
} else if (major(after) > major(before)) {
  console.log(`${breaking.length} breaking change(s) under a new major version ${after.info().version()}`);
} else {
  console.log(`${breaking.length} breaking change(s) without a new major version: raise info.version to ` +
    `${major(before) + 1}.0.0, publish the new version beside the old one and have every consumer read it first`);
  process.exit(1);
}
