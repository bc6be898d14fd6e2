import * as assert from 'node:assert/strict';
import type { ErrorCategory, Provider } from '../../../src/shared/categories';
import { diagnoseError } from '../../../src/server/diagnosis';
import { FALLBACK_CONFIDENCE, FALLBACK_LAYERS, fallbackFor } from '../../../src/server/diagnosis/fallback';
import { layersOf } from '../../../src/server/diagnosis/diagnose';

/**
 * The layered fallback beneath the curated patterns. Each case is an error no curated pattern knows
 * (an unlisted subclass, a code number, a status, a plain sentence), written from the standards and
 * sources the layers read: PostgreSQL errcodes.txt, the MySQL error reference, MongoDB
 * error_codes.yml and the Node driver's classes/labels, grpc status codes, RFC 9110, libuv errno.
 */
const cases: Array<[Provider, string, Record<string, unknown>, ErrorCategory, string]> = [
  // SQLSTATE: exact subclasses, then the class
  ['postgres', 'could not read block', { code: '58030' }, 'server_unavailable', 'sqlstate'],
  ['postgres', 'some resource ran out', { code: '53999' }, 'server_unavailable', 'sqlstate'],
  ['postgres', 'the operator did something', { code: '57P99' }, 'server_unavailable', 'sqlstate'],
  // MySQL/MariaDB client range (2000–2999)
  ['mysql', 'Malformed packet', { errno: 2027 }, 'connection_reset', 'mysql-errno'],
  ['mysql', 'x', { errno: 2048 }, 'connection_reset', 'mysql-errno'],
  // MongoDB codeNames, labels
  ['mongodb', 'x', { codeName: 'LockTimeout', code: 24 }, 'timeout', 'mongo'],
  ['mongodb', 'x', { codeName: 'ReadConcernMajorityNotAvailableYet' }, 'server_unavailable', 'mongo'],
  ['mongodb', 'x', { errorLabels: ['InterruptInUseConnections'] }, 'connection_reset', 'mongo'],
  // gRPC status
  ['firebase', 'Error: 13 INTERNAL: Received RST_STREAM', {}, 'server_unavailable', 'grpc'],
  ['firebase', 'x', { codeName: 'INVALID_ARGUMENT' }, 'invalid_config', 'grpc'],
  // HTTP status in a wrapped body
  ['supabase', 'origin answered', { status: 526 }, 'ssl_certificate', 'http'],
  // wording cues
  ['supabase', 'The circuit breaker is open for this upstream', {}, 'server_unavailable', 'wording'],
  ['mongodb', 'could not check out a connection within 2000 ms', {}, 'pool_exhausted', 'wording'],
  ['firebase', 'Monthly spending limit reached for this project', {}, 'quota_exceeded', 'wording'],
  ['mysql', 'The database password is missing from the environment', {}, 'credentials_missing', 'wording'],
  ['mongodb', 'operation not allowed on this cluster tier', {}, 'permission_denied', 'wording'],
  ['mongodb', 'backend node is restarting', {}, 'server_unavailable', 'wording'],
];

describe('diagnosis: layered fallback', () => {
  for (const [provider, message, fields, expect, layer] of cases) {
    it(`${provider} ${message.slice(0, 50)} ${JSON.stringify(fields)} → ${expect} via ${layer}`, () => {
      const d = diagnoseError(provider, { provider, message, fields });
      assert.equal(d.category, expect, `got ${d.category} via ${d.patternId} (${d.rootCause})`);
      assert.equal(d.patternId, `fallback.${layer}`);
      assert.equal(d.source, 'fallback');
      assert.ok(d.rootCause.includes(`${layer} fallback`), 'the root cause names the layer');
      assert.ok(d.confidence <= FALLBACK_CONFIDENCE[layer as keyof typeof FALLBACK_CONFIDENCE] && d.confidence >= 0.35);
      assert.ok(d.fixes.length > 0 && d.docsUrl?.startsWith('https://'));
    });
  }

  it('ranks each layer below the one above it, all below the curated base', () => {
    const c = FALLBACK_LAYERS.map((l) => FALLBACK_CONFIDENCE[l]);
    for (let i = 1; i < c.length; i++) assert.ok(c[i] < c[i - 1], `${FALLBACK_LAYERS[i]} not below ${FALLBACK_LAYERS[i - 1]}`);
    assert.ok(c[0] < 0.65 && c[c.length - 1] >= 0.35);
  });

  it('prefers a code over wording when both are present', () => {
    const fb = fallbackFor(layersOf({ message: 'it timed out somewhere', code: '53999' }), 'postgres');
    assert.equal(fb?.layer, 'sqlstate');
  });

  it('keeps unknown for errors that say nothing', () => {
    for (const message of ['Something went wrong', 'Error', 'undefined', '{}', 'Request failed', 'oops: 42'])
      assert.equal(diagnoseError('supabase', message).category, 'unknown', message);
  });

  it('does not treat plain words or other providers’ numbers as codes', () => {
    // "ERROR" is five capitals, not a SQLSTATE; MongoDB code 14 is not gRPC UNAVAILABLE.
    assert.equal(fallbackFor(layersOf({ message: 'nothing here', code: 'ERROR' }), 'postgres'), undefined);
    assert.equal(fallbackFor(layersOf({ message: 'type mismatch', code: 14 }), 'mongodb'), undefined);
  });
});
