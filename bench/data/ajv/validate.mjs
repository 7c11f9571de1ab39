// ajv contender of the mlgate data-gate benchmark.
//
//   node validate.mjs DIR/data.jsonl DIR/schema.json
//
// Streams the JSONL file line by line, JSON.parse + one compiled ajv validator
// (draft 2020-12, allErrors) per row, counts valid and invalid rows and the
// errors per keyword, and prints one JSON summary line on stdout.
// Exit code: 0 when it ran (whatever the verdict), 2 on bad input.
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import Ajv2020 from "ajv/dist/2020.js";

const [dataPath, schemaPath] = process.argv.slice(2);
if (!dataPath || !schemaPath) {
  console.error("usage: node validate.mjs DATA.jsonl SCHEMA.json");
  process.exit(2);
}

// The schema declares draft 2020-12, so it needs ajv's 2020 class; the
// options are those of `new Ajv({allErrors: true})`.
const ajv = new Ajv2020({ allErrors: true });
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));

let lineNo = 0;
let rows = 0;
let invalid = 0;
const byKeyword = {};
const lines = createInterface({
  input: createReadStream(dataPath, { highWaterMark: 1 << 20 }),
  crlfDelay: Infinity,
});
for await (const line of lines) {
  lineNo++;
  if (line === "") continue;
  rows++;
  let row;
  try {
    row = JSON.parse(line);
  } catch (err) {
    console.error(`${dataPath}:${lineNo}: ${err.message}`);
    process.exit(2);
  }
  if (!validate(row)) {
    invalid++;
    for (const e of validate.errors) byKeyword[e.keyword] = (byKeyword[e.keyword] ?? 0) + 1;
  }
}
console.log(JSON.stringify({ contender: "ajv", rows, valid: rows - invalid, invalid, errors_by_keyword: byKeyword }));
