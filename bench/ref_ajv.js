// ref_ajv.js: reference row for `make bench`: ajv (draft 2020-12, with
// ajv-formats) and js-yaml (core schema: dates stay strings) validating the
// same record files against the same schemas.  Paths on standard input;
// prints "FILES INVALID".
'use strict';
const fs = require('fs');
const path = require('path');
const yaml = require('js-yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const dir = process.argv[2];
const load = (p) => yaml.load(fs.readFileSync(p, 'utf8'),
  { schema: yaml.CORE_SCHEMA });
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const n of ['common', 'meeting', 'followup', 'federation'])
  ajv.addSchema(load(path.join(dir, n + '.yaml')));
const v = {};
for (const k of ['meeting', 'followup', 'federation'])
  v[k] = ajv.getSchema('https://netsync.dev/schema/' + k + '.yaml');
const files = fs.readFileSync(0, 'utf8').split('\n').filter((s) => s);
let bad = 0;
for (const f of files) {
  const doc = load(f);
  const fn = doc && v[doc.kind];
  if (!fn || !fn(doc)) {
    if (++bad <= 3)
      console.error(f, fn ? JSON.stringify(fn.errors[0]) : 'no kind');
  }
}
console.log(files.length, bad);
