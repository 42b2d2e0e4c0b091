// Report renderers: model → Markdown (as VS Code's preview renders it: markdown-it with HTML and linkify on),
// HTML and SVG. Hostile log values must stay text: no link, no script, no broken table, in every format.
import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeHtml, escapeMarkdown } from '../../../../src/core/report/escape';
import { REPORT_CSP, renderHtml } from '../../../../src/core/report/html';
import { renderMarkdown } from '../../../../src/core/report/markdown';
import { STATIC_COLOURS } from '../../../../src/core/charts';
import { scenarioColour } from '../../../../src/core/scenarios/catalog';
import { histogramChart, percentChart } from '../../../../src/core/report/charts';
import { buildDocument } from '../../../../src/core/report/document';
import { currentLanguage, useLanguage } from '../../../../src/core/l10n';
import { HOSTILE, T0, emptyModel, hostileModel, missingModel } from './fixtures';

// VS Code's Markdown preview: markdown-it with html and linkify enabled.
const md = new MarkdownIt({ html: true, linkify: true });
const opts = { timeZone: 'UTC' };

function tableRows(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => c[1]!));
}

function anchors(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map((m) => m[1]!);
}

describe('report: escaping', () => {
  it('escapeMarkdown: every hostile value renders as exactly its own text, one line, no element', () => {
    for (const value of HOSTILE) {
      const html = md.renderInline(escapeMarkdown(value));
      assert.doesNotMatch(html, /<(a|script|img|code|strong|em)\b/, `${JSON.stringify(value)} → ${html}`);
      const back = html
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&amp;/g, '&');
      assert.equal(back, value.replace(/[\r\n]+/g, ' '), `${JSON.stringify(value)} round trip`);
    }
  });

  it('escapeMarkdown: math delimiters are escaped (VS Code renders $…$ as math); dates and times stay readable', () => {
    assert.equal(escapeMarkdown('$x^2$'), '\\$x^2\\$');
    assert.equal(escapeMarkdown('29/11/2026, 14:00:10 (30)'), '29/11/2026, 14:00:10 (30)');
    assert.equal(escapeMarkdown('http://a.b'), 'http\\://a\\.b');
  });

  it('escapeMarkdown keeps a table cell one cell', () => {
    const html = md.render(`| a | b |\n| --- | --- |\n| ${escapeMarkdown('x|y\n| z |')} | ok |\n`);
    assert.deepEqual(
      tableRows(html).map((r) => r.length),
      [2, 2],
    );
  });

  it('escapeHtml: markup characters become entities; control characters a space', () => {
    assert.equal(escapeHtml(`<script>"a"&'b'</script>`), '&lt;script&gt;&quot;a&quot;&amp;&#39;b&#39;&lt;/script&gt;');
    assert.equal(escapeHtml('a\u0000b\u001bc'), 'a b c');
    for (const value of HOSTILE) assert.doesNotMatch(escapeHtml(value), /[<>"']/);
  });
});

describe('report: Markdown', () => {
  const text = renderMarkdown(hostileModel(), opts);
  const html = md.render(text);

  it('hostile user names, agents and messages create no link, image or script', () => {
    assert.doesNotMatch(html, /<script|href="javascript/i);
    // The only images are the report's own charts.
    assert.deepEqual(
      [...html.matchAll(/<img src="([^"]*)"/g)].map((m) => m[1]),
      ['charts/failed-logins.svg', 'charts/errors.svg', 'charts/cpu.svg', 'charts/memory.svg'],
    );
    // Only the report's own deep links are links.
    assert.deepEqual(
      anchors(html).map((h) => new URL(h).host),
      ['127.0.0.1:5601', '127.0.0.1:3000'],
    );
  });

  it('hostile values are shown as text', () => {
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'script tag as text');
    assert.ok(html.includes('](javascript:alert(1))'), 'link syntax as text');
  });

  it('tables keep their shape: the summary has one row per run, 5 cells each; alerts 6 cells', () => {
    const rows = tableRows(html);
    const summary = rows.filter((r) => r.length === 5);
    assert.ok(summary.length >= 4, `summary header + 3 runs: ${JSON.stringify(rows.map((r) => r.length))}`);
    assert.ok(
      rows.every((r) => [5, 6].includes(r.length)),
      JSON.stringify(rows.map((r) => r.length)),
    );
    const alertRow = rows.find((r) => r.length === 6 && r[5]!.includes('javascript'));
    assert.ok(alertRow, 'the alert with a hostile subject is one row');
  });

  it('says what it measured: counts, the real source, MITRE techniques, verdict with delay', () => {
    assert.match(text, /30 failed logins/);
    assert.match(text, /203\\\.0\\\.113\\\.7/);
    assert.match(text, /Password Spraying \(T1110\.003\)/, 'several user names → spraying');
    assert.match(text, /T1499\.004/);
    assert.match(text, /Resource Hijacking \(T1496\)/);
    assert.match(text, /fired at .*, 1\\\.0 s after the last event of the run/);
    assert.match(text, /did NOT fire/);
  });

  it('charts are relative SVG files', () => {
    for (const f of ['failed-logins', 'errors', 'cpu', 'memory']) assert.match(text, new RegExp(`!\\[[^\\]]*\\]\\(charts/${f}\\.svg\\)`));
  });

  it('missing sources are marked with their reason, and nothing is invented', () => {
    const missing = renderMarkdown(missingModel(), opts);
    assert.match(missing, /Elasticsearch: NOT READ — Elasticsearch at http\\:\/\/127\\\.0\\\.0\\\.1:9200 is unreachable/);
    assert.match(missing, /Prometheus: NOT READ/);
    assert.match(missing, /No chart: Elasticsearch/);
    assert.match(missing, /Unknown: Elasticsearch/);
    assert.doesNotMatch(missing, /\d+ failed logins from \d|did NOT fire|\d+ ERROR events from/);
    assert.doesNotMatch(missing, /!\[/, 'no chart without data');
  });

  it('an empty lab says so', () => {
    const empty = renderMarkdown(emptyModel(), opts);
    assert.match(empty, /Nothing happened in this range/);
    assert.match(empty, /No scenario ran in this range/);
  });

  it("Bahasa Indonesia: the same report in the exercise's vocabulary, numbers in Indonesian format", () => {
    const id = renderMarkdown(hostileModel('id'), opts);
    assert.match(id, /login gagal/);
    assert.match(id, /Serangan brute force/);
    assert.match(id, /Bukti/);
    assert.match(id, /99,5 %/, 'decimal comma');
    assert.doesNotMatch(id, /Observations|Indications of a threat|Recommended mitigations|Evidence/);
  });
});

describe("report: the report's language, not the process's", () => {
  afterEach(() => useLanguage('en'));

  for (const [report, process] of [
    ['id', 'en'],
    ['en', 'id'],
  ] as const) {
    it(`a report in ${report} while the process speaks ${process} comes out in ${report}, the same as when both agree`, () => {
      useLanguage(report);
      const agreed = { md: renderMarkdown(hostileModel(report), opts), html: renderHtml(hostileModel(report), opts) };
      assert.equal(useLanguage(process).language, process);
      assert.equal(currentLanguage(), process);
      const md = renderMarkdown(hostileModel(report), opts);
      const html = renderHtml(hostileModel(report), opts);
      assert.equal(md, agreed.md);
      assert.equal(html, agreed.html);
      const [said, notSaid] = report === 'id' ? [/Bukti/, /Evidence/] : [/Evidence/, /Bukti/];
      for (const out of [md, html]) {
        assert.match(out, said);
        assert.doesNotMatch(out, notSaid);
      }
      assert.match(html, new RegExp(`<html lang="${report}">`));
    });
  }
});

describe('report: HTML', () => {
  const html = renderHtml(hostileModel(), opts);

  it('is self-contained: strict CSP meta, no script, no external resource', () => {
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">`));
    assert.equal(REPORT_CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc="/i);
    assert.match(html, /@media print/);
  });

  it('hostile values are escaped text; only our deep links are links', () => {
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.doesNotMatch(html, /<img/);
    assert.deepEqual(
      anchors(html).map((h) => new URL(h.replace(/&amp;/g, '&')).host),
      ['127.0.0.1:5601', '127.0.0.1:3000'],
    );
  });

  it('tables keep their shape and charts are inline SVG', () => {
    const rows = tableRows(html);
    assert.ok(
      rows.every((r) => [5, 6].includes(r.length)),
      JSON.stringify(rows.map((r) => r.length)),
    );
    assert.equal((html.match(/<svg /g) ?? []).length, 4);
  });

  it('Markdown and HTML say the same: the same blocks', () => {
    const blocks = buildDocument(hostileModel(), opts);
    assert.equal((html.match(/<h[1-4]>/g) ?? []).length, blocks.filter((b) => b.k === 'h').length);
  });
});

describe('report: SVG charts', () => {
  const frame = {
    title: 'CPU <script>',
    from: T0,
    to: T0 + 360_000,
    bands: [{ id: '1', kind: 'cpu-stress', label: '<script>alert(1)</script>', start: T0 + 120_000, end: T0 + 180_000, outcome: 'completed' }],
    timeLabel: (t: number) => new Date(t).toISOString().slice(11, 19),
    xCaption: 'time (UTC)',
    yCaption: '%',
  };

  it('percent chart: axes with units and time labels, the threshold, the scenario band, escaped text', () => {
    const points: Array<[number, number]> = Array.from({ length: 73 }, (_, i) => [T0 + i * 5000, i > 24 && i < 36 ? 99 : 8]);
    const svg = percentChart(frame, points, 80, '80 %');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.doesNotMatch(svg, /<script/);
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    for (const label of ['0 %', '40 %', '100 %', '14:00:00', '14:05:00', 'time (UTC)', '80 %']) assert.ok(svg.includes(`>${label}<`), label);
    assert.match(svg, /stroke-dasharray/, 'threshold line');
    assert.match(svg, /<path d="M/);
  });

  it("percent chart: the shared model draws a missing sample interval as a gap, memory in its own colour, runs in their kind's colour", () => {
    const points: Array<[number, number]> = Array.from({ length: 73 }, (_, i) => [T0 + i * 5000, 30] as [number, number]).filter(
      ([t]) => t < T0 + 100_000 || t > T0 + 200_000,
    );
    const svg = percentChart(frame, points, 80, '80 %', 'memory');
    const d = /<path d="([^"]+)"/.exec(svg)![1]!;
    assert.equal((d.match(/M/g) ?? []).length, 2, `one break in the line: ${d.slice(0, 80)}`);
    assert.match(svg, new RegExp(`stroke="${STATIC_COLOURS.memory}"`));
    assert.match(svg, new RegExp(`<rect [^>]*fill="${scenarioColour('cpu-stress')}"`), "the band in its descriptor's colour");
  });

  it('histogram chart: one bar per non-empty bucket, count axis', () => {
    const buckets = Array.from({ length: 36 }, (_, i) => ({ start: T0 + i * 10_000, count: i === 1 ? 30 : i === 7 ? 5 : 0 }));
    const svg = histogramChart({ ...frame, yCaption: 'events' }, buckets, 10_000);
    assert.equal((svg.match(/<rect [^>]*fill="#c0392b"/g) ?? []).length, 2);
    assert.ok(svg.includes('>50<'), 'y axis ends on a round number above the highest bar');
    assert.ok(svg.includes('>events<'));
  });
});

describe('report: honest verdicts', () => {
  it("a CPU alert on a host already above the threshold before the run is flagged as not the run's alone", () => {
    const m = hostileModel();
    const cpu = m.scenarios[2]!;
    cpu.alerts = [
      {
        ruleId: 'high-cpu',
        title: 'High CPU',
        origin: 'replay',
        firedAt: cpu.record.startedAt + 5000,
        value: 99,
        threshold: 80,
        summary: 'host CPU busy ≥ 99 %',
      },
    ];
    assert.ok(cpu.cpu.ok);
    cpu.cpu.value.baseline = { min: 85, mean: 88, max: 90, peakAt: cpu.record.startedAt - 1000, samples: 24 };
    assert.match(renderMarkdown(m, opts), /Caution: the host was already near or above the threshold before the run/);
    cpu.cpu.value.baseline = { min: 5, mean: 8, max: 10, peakAt: cpu.record.startedAt - 1000, samples: 24 };
    assert.doesNotMatch(renderMarkdown(m, opts), /Caution/);
  });
});
