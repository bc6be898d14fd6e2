import * as assert from 'node:assert/strict';
import { analyzeFirebaseRules } from '../../../src/server/advisors/firebase';
import { runAdvisors } from '../../../src/server/advisors';

const NOW = Date.UTC(2026, 11, 7);

describe('Firebase security rules advisor', () => {
  it('flags open reads and writes, expired and still-open test-mode rules, and leaves guarded rules alone', () => {
    const firestore = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /public/{doc} { allow read: if true; }
    match /inbox/{doc} { allow read, write; }
    match /test/{doc} { allow read, write: if request.time < timestamp.date(2025, 1, 31); }
    match /beta/{doc} { allow write: if request.time < timestamp.date(2027, 3, 1); }
    match /users/{uid} { allow read, write: if request.auth != null && request.auth.uid == uid; }
  }
}`;
    const rtdb = '{ "rules": { ".read": "now < 1700000000000", "private": { ".write": "auth != null" }, "open": { ".write": true } } }';
    const out = analyzeFirebaseRules(
      [
        { path: 'firestore.rules', text: firestore },
        { path: 'database.rules.json', text: rtdb },
      ],
      NOW,
    );
    assert.deepEqual(
      out.findings.map((f) => `${f.object} ${f.severity} ${f.evidence.expired}`),
      [
        'firestore.rules:4 warning false',
        'firestore.rules:5 critical false',
        'firestore.rules:6 warning true',
        'firestore.rules:7 critical false',
        'database.rules.json:1 warning true',
        'database.rules.json:1 critical false',
      ],
    );
    assert.ok(out.findings.every((f) => f.kind === 'open_security_rules' && f.category === 'security'));
    assert.match(out.findings[3].title, /until 2027-03-01/);
  });

  it('no rules files: skipped, not "nothing found"; runAdvisors takes them for a Firebase connection', async () => {
    assert.deepEqual(
      analyzeFirebaseRules([], NOW).skipped.map((s) => s.check),
      ['open_security_rules'],
    );
    const report = await runAdvisors(
      { id: 'fb', name: 'fb', provider: 'firebase', projectId: 'demo' },
      {},
      {
        rulesFiles: [{ path: 'storage.rules', text: 'service firebase.storage { match /b/{bucket}/o { allow read, write: if true; } }' }],
        now: () => new Date(NOW),
      },
    );
    assert.equal(report.findings.length, 1);
    assert.equal(report.cost?.requestsPerMonth, null);
  });
});
