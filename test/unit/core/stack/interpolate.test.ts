import * as assert from 'node:assert/strict';
import { InterpolationError, interpolate } from '../../../../src/core/stack/compose/interpolate';

const vars: Record<string, string> = { SET: 'value', EMPTY: '', PORT: '9200' };
const lookup = (name: string) => vars[name];

describe('compose interpolation', () => {
  it('substitutes $VAR and ${VAR}, unset as empty', () => {
    assert.equal(interpolate('a=$SET b=${SET} c=${UNSET}d', lookup), 'a=value b=value c=d');
  });

  it(':- defaults when unset or empty, - only when unset', () => {
    assert.equal(interpolate('${UNSET:-dflt} ${EMPTY:-dflt} ${SET:-dflt}', lookup), 'dflt dflt value');
    assert.equal(interpolate('${UNSET-dflt}|${EMPTY-dflt}|${SET-dflt}', lookup), 'dflt||value');
  });

  it('keeps a default that starts with "-" (ES_JAVA_OPTS style)', () => {
    assert.equal(interpolate('${UNSET:--Xms512m -Xmx512m}', lookup), '-Xms512m -Xmx512m');
  });

  it(':? fails with the message when unset or empty; ? only when unset', () => {
    assert.throws(
      () => interpolate('${EMPTY:?set EMPTY first}', lookup),
      (e: Error) => {
        assert.ok(e instanceof InterpolationError);
        assert.equal(e.message, 'required variable EMPTY is missing a value: set EMPTY first');
        return true;
      },
    );
    assert.throws(() => interpolate('${UNSET?no way}', lookup), /required variable UNSET is missing a value: no way/);
    assert.equal(interpolate('${EMPTY?no way}', lookup), '');
    assert.equal(interpolate('${SET:?x}', lookup), 'value');
  });

  it(':+ and + replace when set', () => {
    assert.equal(interpolate('[${SET:+yes}][${EMPTY:+yes}][${EMPTY+yes}][${UNSET+yes}]', lookup), '[yes][][yes][]');
  });

  it('$$ is a literal dollar and is not interpolated', () => {
    assert.equal(interpolate('cost $$5 and $${SET}', lookup), 'cost $5 and ${SET}');
  });

  it('interpolates nested defaults', () => {
    assert.equal(interpolate('${UNSET:-http://es:${PORT}}', lookup), 'http://es:9200');
    assert.equal(interpolate('${UNSET:-${ALSO_UNSET:-deep}}', lookup), 'deep');
  });

  it('rejects malformed templates', () => {
    assert.throws(() => interpolate('${SET', lookup), /missing "}"/);
    assert.throws(() => interpolate('${}', lookup), /expected a variable name/);
    assert.throws(() => interpolate('price $5', lookup), /write "\$\$"/);
    assert.throws(() => interpolate('${SET!x}', lookup), /unknown operator/);
  });
});
