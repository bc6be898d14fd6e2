import * as assert from 'node:assert/strict';
import { CircuitState } from 'cockatiel';
import { Circuit, type CircuitTransition } from '../../../src/server/engine/circuit';
import { WindowFailureBreaker } from '../../../src/server/engine/windowBreaker';
import { FakeClock } from './support/fakeClock';

const MIN = 60_000;

function setup(threshold = 5, windowMs = 5 * MIN, halfOpenAfterMs = 30_000) {
  const clock = new FakeClock();
  const transitions: CircuitTransition[] = [];
  const breaker = new WindowFailureBreaker({ threshold, windowMs, now: () => clock.now() });
  const circuit = new Circuit({ breaker, halfOpenAfterMs, clock, onTransition: (t) => transitions.push(t) });
  const fail = (): void => circuit.record(false, circuit.admit());
  const succeed = (): void => circuit.record(true, circuit.admit());
  return { clock, circuit, transitions, breaker, fail, succeed };
}

describe('engine/windowBreaker', () => {
  it('opens on the 5th failure within 5 minutes, not before', () => {
    const clock = new FakeClock();
    const b = new WindowFailureBreaker({ threshold: 5, windowMs: 5 * MIN, now: () => clock.now() });
    for (let i = 0; i < 4; i++) {
      assert.equal(b.failure(CircuitState.Closed), false, `failure ${i + 1}`);
      clock.setWallClock(clock.now() + MIN);
    }
    assert.equal(b.failure(CircuitState.Closed), true, '5th failure, 4 minutes after the first');
  });

  it('does not open when the 5 failures span more than 5 minutes', () => {
    const clock = new FakeClock();
    const b = new WindowFailureBreaker({ threshold: 5, windowMs: 5 * MIN, now: () => clock.now() });
    for (let i = 0; i < 20; i++) {
      assert.equal(b.failure(CircuitState.Closed), false, `failure ${i + 1} at ${i * 76} s`);
      clock.setWallClock(clock.now() + 76_000); // 5 failures take 5 × 76 s = 6 min 20 s
    }
  });

  it('successes do not wipe failures in the window (the rule counts failures, not streaks)', () => {
    const clock = new FakeClock();
    const b = new WindowFailureBreaker({ threshold: 5, windowMs: 5 * MIN, now: () => clock.now() });
    for (let i = 0; i < 4; i++) {
      b.failure(CircuitState.Closed);
      b.success(CircuitState.Closed);
    }
    assert.equal(b.failure(CircuitState.Closed), true);
  });

  it('keeps at most `threshold` timestamps, however many failures it sees', () => {
    const clock = new FakeClock();
    const b = new WindowFailureBreaker({ threshold: 5, windowMs: 5 * MIN, now: () => clock.now() });
    for (let i = 0; i < 10_000; i++) b.failure(CircuitState.Closed);
    assert.equal((b.state as { failures: number[] }).failures.length, 5);
  });
});

describe('engine/circuit', () => {
  it('CLOSED → OPEN after 5 failures in 5 minutes, rejecting attempts while OPEN', () => {
    const { circuit, transitions, fail, clock } = setup();
    for (let i = 0; i < 4; i++) fail();
    assert.equal(circuit.state, 'CLOSED');
    fail();
    assert.equal(circuit.state, 'OPEN');
    assert.deepEqual(transitions, [{ from: 'CLOSED', to: 'OPEN', at: clock.now() }]);
    assert.equal(circuit.admit(), 'rejected');
  });

  it('goes HALF_OPEN exactly 30 s after opening, and emits it then', async () => {
    const { circuit, transitions, fail, clock } = setup();
    for (let i = 0; i < 5; i++) fail();
    const openedAt = clock.now();
    await clock.advance(29_999);
    assert.equal(circuit.state, 'OPEN');
    await clock.advance(1);
    assert.equal(circuit.state, 'HALF_OPEN');
    assert.deepEqual(transitions.at(-1), { from: 'OPEN', to: 'HALF_OPEN', at: openedAt + 30_000 });
  });

  it('HALF_OPEN admits one trial at a time; its success closes the circuit and clears the count', async () => {
    const { circuit, fail, clock, breaker } = setup();
    for (let i = 0; i < 5; i++) fail();
    await clock.advance(30_000);
    const trial = circuit.admit();
    assert.equal(trial, 'trial');
    assert.equal(circuit.admit(), 'rejected', 'second concurrent attempt');
    circuit.record(true, trial);
    assert.equal(circuit.state, 'CLOSED');
    assert.equal(breaker.count(), 0);
    for (let i = 0; i < 4; i++) fail();
    assert.equal(circuit.state, 'CLOSED', 'four fresh failures do not re-open it');
    assert.equal(clock.pending(), 0, 'no timer left behind');
  });

  it('a failed trial re-opens the circuit for another 30 s', async () => {
    const { circuit, transitions, fail, clock } = setup();
    for (let i = 0; i < 5; i++) fail();
    await clock.advance(30_000);
    const trial = circuit.admit();
    circuit.record(false, trial);
    assert.equal(circuit.state, 'OPEN');
    await clock.advance(29_000);
    assert.equal(circuit.state, 'OPEN');
    await clock.advance(1_000);
    assert.equal(circuit.state, 'HALF_OPEN');
    assert.deepEqual(
      transitions.map((t) => t.to),
      ['OPEN', 'HALF_OPEN', 'OPEN', 'HALF_OPEN'],
    );
  });

  it('a forced attempt (probe now) while OPEN runs as the trial', () => {
    const { circuit, fail } = setup();
    for (let i = 0; i < 5; i++) fail();
    const forced = circuit.admit(true);
    assert.equal(forced, 'trial');
    circuit.record(true, forced);
    assert.equal(circuit.state, 'CLOSED');
  });

  it('dispose cancels the half-open timer', () => {
    const { circuit, fail, clock } = setup();
    for (let i = 0; i < 5; i++) fail();
    assert.equal(clock.pending(), 1);
    circuit.dispose();
    assert.equal(clock.pending(), 0);
  });
});
