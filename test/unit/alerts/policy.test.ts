import * as assert from 'node:assert/strict';
import { channelAccepts } from '../../../src/server/alerts/policy';

describe('channel filters', () => {
  it('filters by event (a flapping summary goes where down goes) and by any tag; tests go everywhere', () => {
    assert.ok(channelAccepts('webhook:x', {}, { event: 'down', connectionTags: undefined }));
    assert.ok(channelAccepts('webhook:x', { events: ['down'] }, { event: 'flapping', connectionTags: [] }));
    assert.ok(!channelAccepts('webhook:x', { events: ['down'] }, { event: 'recovered', connectionTags: [] }));
    assert.ok(channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: ['eu', 'prod'] }));
    assert.ok(!channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: ['staging'] }));
    assert.ok(!channelAccepts('webhook:x', { tags: ['prod'] }, { event: 'down', connectionTags: undefined }));
    assert.ok(channelAccepts('webhook:x', { events: ['prediction'], tags: ['prod'] }, { event: 'test', connectionTags: [] }));
  });
});
