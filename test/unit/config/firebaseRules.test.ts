/**
 * Firebase security rules (issue 15): written from the rules language reference
 * and the console's test-mode default; open rules, test-mode dates past and
 * future, and the look-alikes (authenticated rules, public reads of a named
 * collection, comments and strings that mention `if true`).
 */
import * as assert from 'node:assert/strict';
import { parseRulesGrants } from '../../../src/server/config/rules/firebaseRules';
import { lint, NOW, only } from './helpers';

const firestore = (body: string) =>
  `rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n${body}\n  }\n}\n`;
const sev = (fs: Array<{ severity: string }>) => fs.map((f) => f.severity);

describe('Firebase security rules', () => {
  it('grants with their match paths', () => {
    const g = parseRulesGrants(firestore('    match /users/{uid} {\n      allow read, write: if request.auth.uid == uid;\n    }'));
    assert.equal(g.length, 1);
    assert.deepEqual(g[0].methods, ['read', 'write']);
    assert.deepEqual(g[0].paths, ['/databases/{database}/documents', '/users/{uid}']);
    assert.equal(g[0].condition, 'request.auth.uid == uid');
  });
  it('everything open to anyone: an error', () => {
    const fs = only(
      lint('firestore.rules', firestore('    match /{document=**} {\n      allow read, write: if true;\n    }')),
      'open-security-rules',
    );
    assert.deepEqual(sev(fs), ['error']);
    assert.equal(fs[0].range.start.line, 4);
  });
  it('writes without a condition; reads of every document', () => {
    assert.deepEqual(
      sev(
        only(
          lint(
            'storage.rules',
            'service firebase.storage {\n  match /b/{bucket}/o {\n    match /{allPaths=**} {\n      allow write;\n    }\n  }\n}\n',
          ),
          'open-security-rules',
        ),
      ),
      ['error'],
    );
    assert.deepEqual(
      sev(only(lint('firestore.rules', firestore('    match /{document=**} {\n      allow read: if true;\n    }')), 'open-security-rules')),
      ['warning'],
    );
  });
  it('the test-mode rule: open until a future date, denying after a past one', () => {
    const future = firestore('    match /{document=**} {\n      allow read, write: if request.time < timestamp.date(2026, 9, 20);\n    }');
    const [f] = only(lint('firestore.rules', future), 'open-security-rules');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /until 2026-09-20/);
    const past = future.replace('2026, 9, 20', '2025, 12, 31');
    const [g] = only(lint('firestore.rules', past), 'open-security-rules');
    assert.equal(g.severity, 'information');
    assert.match(g.message, /ended on 2025-12-31.*denied/);
    assert.ok(NOW > Date.UTC(2025, 11, 31) && NOW < Date.UTC(2026, 8, 20), 'the test clock sits between the two dates');
  });
  it('look-alikes: authenticated rules, a public catalogue, `if true` in a comment or a string', () => {
    const body = [
      '    match /users/{uid} {',
      '      allow read, write: if request.auth != null && request.auth.uid == uid;',
      '    }',
      '    match /products/{id} {',
      '      allow read: if true;',
      "      allow write: if request.auth.token.email == 'a;b} if true';",
      '    }',
      '    // allow read, write: if true;',
      '    /* match /{document=**} { allow write; } */',
    ].join('\n');
    const fs = only(lint('firestore.rules', firestore(body)), 'open-security-rules');
    assert.deepEqual(sev(fs), ['information'], 'only the catalogue read, as a note');
  });
  it('anyone may create in one named collection (a form): a note; update or delete: an error', () => {
    const form = firestore('    match /orders/{id} {\n      allow create: if true;\n    }');
    assert.deepEqual(sev(only(lint('firestore.rules', form), 'open-security-rules')), ['information']);
    assert.deepEqual(sev(only(lint('firestore.rules', form.replace('allow create', 'allow create, delete')), 'open-security-rules')), [
      'error',
    ]);
  });
  describe('database.rules.json', () => {
    it('".write": true is an error, ".read": true at the root a warning, a path-level read a note', () => {
      const json = '{\n  "rules": {\n    ".read": true,\n    ".write": true,\n    "catalog": { ".read": true }\n  }\n}\n';
      assert.deepEqual(sev(only(lint('database.rules.json', json), 'open-security-rules')), ['warning', 'error', 'information']);
    });
    it('the test-mode expression and authenticated rules', () => {
      const json = `{\n  "rules": {\n    ".read": "now < ${Date.UTC(2027, 0, 1)}",\n    ".write": "auth != null"\n  }\n}\n`;
      assert.deepEqual(sev(only(lint('database.rules.json', json), 'open-security-rules')), ['warning']);
    });
  });
});
