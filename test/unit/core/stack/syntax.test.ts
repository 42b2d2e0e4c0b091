import * as assert from 'node:assert/strict';
import { parseByteSize, parseDurationSeconds, parsePortShort, parseVolumeShort, shellSplit } from '../../../../src/core/stack/compose/syntax';

describe('compose short syntaxes', () => {
  it('parses port forms', () => {
    assert.deepEqual(parsePortShort('127.0.0.1:8088:8080'), { target: 8080, published: 8088, hostIp: '127.0.0.1', protocol: 'tcp' });
    assert.deepEqual(parsePortShort('9200:9200'), { target: 9200, published: 9200, protocol: 'tcp' });
    assert.deepEqual(parsePortShort('53/udp'), { target: 53, protocol: 'udp' });
    assert.deepEqual(parsePortShort('[::1]:80:8080/tcp'), { target: 8080, published: 80, hostIp: '::1', protocol: 'tcp' });
    assert.throws(() => parsePortShort('9000-9001:9000-9001'), /port ranges are not supported/);
    assert.throws(() => parsePortShort('1:2:3:4'), /not a port mapping/);
    assert.throws(() => parsePortShort('70000'), /not a port number/);
    assert.throws(() => parsePortShort('80/sctp'), /protocol "sctp"/);
  });

  it('parses volume forms, including Windows drive letters', () => {
    assert.deepEqual(parseVolumeShort('esdata:/usr/share/elasticsearch/data'), {
      type: 'volume',
      source: 'esdata',
      target: '/usr/share/elasticsearch/data',
      readOnly: false,
    });
    assert.deepEqual(parseVolumeShort('./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro'), {
      type: 'bind',
      source: './prometheus/prometheus.yml',
      target: '/etc/prometheus/prometheus.yml',
      readOnly: true,
    });
    assert.deepEqual(parseVolumeShort('C:\\lab\\data:/data:ro'), { type: 'bind', source: 'C:\\lab\\data', target: '/data', readOnly: true });
    assert.deepEqual(parseVolumeShort('d:/lab/data:/data'), { type: 'bind', source: 'd:/lab/data', target: '/data', readOnly: false });
    assert.deepEqual(parseVolumeShort('/cache'), { type: 'anonymous', target: '/cache', readOnly: false });
    assert.throws(() => parseVolumeShort('data:relative'), /must be absolute/);
    assert.throws(() => parseVolumeShort('data:/x:nocopy'), /volume mode "nocopy"/);
  });

  it('parses durations and sizes', () => {
    assert.equal(parseDurationSeconds('2s'), 2);
    assert.equal(parseDurationSeconds('1m30s'), 90);
    assert.equal(parseDurationSeconds('500ms'), 0.5);
    assert.throws(() => parseDurationSeconds('10'), /not a duration/);
    assert.throws(() => parseDurationSeconds('5s later'), /not a duration/);
    assert.equal(parseByteSize('512m'), 512 * 1024 * 1024);
    assert.equal(parseByteSize('1g'), 1024 ** 3);
    assert.equal(parseByteSize(1000), 1000);
    assert.throws(() => parseByteSize('lots'), /not a size/);
  });

  it('splits command strings like a shell', () => {
    assert.deepEqual(shellSplit(`prometheus --a=1  "two words" 'it''s' a\\ b`), ['prometheus', '--a=1', 'two words', 'its', 'a b']);
    assert.deepEqual(shellSplit('""'), ['']);
    assert.throws(() => shellSplit('"open'), /unterminated/);
  });
});
