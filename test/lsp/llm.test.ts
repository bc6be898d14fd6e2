/**
 * The optional LLM over LSP, against a local STAND-IN for the OpenAI Chat
 * Completions API: off unless the user's settings turn it on; the knowledge
 * base answers at once and the LLM's answer follows; nothing secret leaves;
 * a thumbs-up makes the answer a learned pattern so the next time needs no call.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigurationRequest } from 'vscode-languageserver-protocol';
import { AnalyzeErrorRequest, DiagnosisRefinedNotification, FeedbackRequest, GetLlmKeyRequest } from '../../src/shared/protocol';
import type { Diagnosis as FullDiagnosis } from '../../src/shared/diagnosis';
import { startOpenAiStandin, type OpenAiStandin } from '../standins/openai-standin';
import { type LspSession, makeWorkspace, startServer } from './harness';

const PASSWORD = 'Zq9-llm-secret-pw';
const API_KEY = 'sk-test-llm-key-0123456789abcdef';
const MESSAGE = `XYZ-7781: the frobnicator rejected the handshake for postgres://app:${PASSWORD}@db.internal.example:5432/app (phase 3)`;
/** An unrelated error the knowledge base cannot place either: the barrier of the learned-pattern test. */
const BARRIER_MESSAGE = 'QRS-4410: the widget pool declined the session (phase 9)';
const ANSWER = {
  category: 'server_unavailable',
  confidence: 0.8,
  rootCause: 'The cluster is under maintenance',
  fixes: ['Wait for the maintenance window to end'],
};

describe('optional LLM diagnosis over LSP (OpenAI API stand-in)', function () {
  this.timeout(30_000);
  let standin: OpenAiStandin;
  let ws: ReturnType<typeof makeWorkspace>;
  let storage: string;
  let session: LspSession;
  let enabled = false;
  const refined: FullDiagnosis[] = [];
  /** Each dbpulse.llm settings request the server made, with the `enabled` it was answered. */
  const llmSettingsAsked: boolean[] = [];

  before(async () => {
    standin = await startOpenAiStandin();
    standin.script([{ kind: 'answer', content: ANSWER }]);
    ws = makeWorkspace({ 'a.txt': '' });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'dbpulse-llm-'));
    session = await startServer(ws.dir, { storagePath: storage });
    session.connection.onRequest(ConfigurationRequest.type, (p) =>
      p.items.map((i) => {
        if (i.section !== 'dbpulse.llm') return null;
        llmSettingsAsked.push(enabled);
        return { enabled, baseUrl: standin.baseURL, model: 'test-model', redactHosts: true, timeoutMs: 5000 };
      }),
    );
    session.connection.onRequest(GetLlmKeyRequest.type, () => API_KEY);
    session.connection.onNotification(DiagnosisRefinedNotification.type, (p) => refined.push(p.diagnosis));
  });

  after(async () => {
    await session?.close();
    await standin?.close();
    ws?.remove();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  const waitFor = async (cond: () => boolean, ms: number, what: string): Promise<void> => {
    const end = Date.now() + ms;
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('sends nothing while dbpulse.llm.enabled is off', async () => {
    const d = await session.connection.sendRequest(AnalyzeErrorRequest.type, { provider: 'postgres', message: MESSAGE });
    assert.equal(d.category, 'unknown');
    // The LLM is only reached after the server reads dbpulse.llm; once it has been answered "off",
    // nothing further can go out for this error.
    await waitFor(() => llmSettingsAsked.length === 1, 10_000, 'the server reading dbpulse.llm');
    assert.deepEqual(llmSettingsAsked, [false]);
    assert.equal(standin.requests.length, 0);
    assert.equal(refined.length, 0);
  });

  it('answers from the knowledge base at once, then the redacted LLM answer follows', async () => {
    enabled = true;
    const d = await session.connection.sendRequest(AnalyzeErrorRequest.type, { provider: 'postgres', message: MESSAGE });
    assert.equal(d.category, 'unknown', 'the deterministic answer does not wait for the LLM');
    await waitFor(() => refined.length === 1, 10_000, 'the refined diagnosis');
    assert.equal(refined[0].category, 'server_unavailable');
    assert.equal(refined[0].source, 'llm');
    assert.equal(standin.requests.length, 1);
    const sent = standin.requests[0];
    assert.deepEqual(sent.shapeErrors, []);
    assert.ok(!sent.raw.includes(PASSWORD), 'the password left the machine');
    assert.ok(!sent.raw.includes('db.internal.example'), 'the host name left the machine');
    assert.equal(sent.headers.authorization, `Bearer ${API_KEY}`);
  });

  it('learns a confirmed answer: the same error needs no LLM call next time', async () => {
    await session.connection.sendRequest(FeedbackRequest.type, {
      type: 'error_analysis',
      helpful: true,
      patternId: refined[0].patternId,
      category: refined[0].category,
    });
    const asked = llmSettingsAsked.length;
    const d = await session.connection.sendRequest(AnalyzeErrorRequest.type, { provider: 'postgres', message: MESSAGE });
    assert.equal(d.category, 'server_unavailable');
    assert.equal(d.source, 'learned');
    // A barrier: another unknown error, sent after it, goes to the LLM. Had the learned one gone too,
    // its settings read would have come first (each analysis reads dbpulse.llm before calling out).
    standin.script([{ kind: 'answer', content: { ...ANSWER, rootCause: 'The barrier answer' } }]);
    const other = await session.connection.sendRequest(AnalyzeErrorRequest.type, { provider: 'postgres', message: BARRIER_MESSAGE });
    assert.equal(other.category, 'unknown');
    await waitFor(() => refined.length === 2, 10_000, "the barrier error's refined diagnosis");
    assert.equal(refined[1].rootCause, 'The barrier answer');
    assert.equal(llmSettingsAsked.length - asked, 1, 'only the barrier error read dbpulse.llm');
    assert.equal(standin.requests.length, 2, 'a learned pattern must not call the LLM again');
    assert.ok(standin.requests[1].raw.includes('QRS-4410'), 'the one new LLM call is for the barrier error');
  });
});
