import { describe, expect, it } from 'vitest';
import { conditionsHold, parseOperator } from '../../../../src/local/iam/conditions';
import { matches } from '../../../../src/local/iam/patterns';

const vars = { 'cognito-identity.amazonaws.com:sub': 'eu-west-1:abc' };

describe('IAM condition semantics', () => {
  it('treats an absent key as IAM does', () => {
    expect(conditionsHold({ StringEquals: { 's3:prefix': 'a' } }, {}, vars)).toBe(false);
    expect(conditionsHold({ StringNotEquals: { 's3:prefix': 'a' } }, {}, vars)).toBe(true);
    expect(conditionsHold({ StringEqualsIfExists: { 's3:prefix': 'a' } }, {}, vars)).toBe(true);
    expect(conditionsHold({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': 'a' } }, {}, vars)).toBe(true);
    expect(conditionsHold({ 'ForAnyValue:StringEquals': { 'kms:EncryptionContextKeys': 'a' } }, {}, vars)).toBe(false);
    expect(conditionsHold({ Null: { 'kms:ViaService': 'true' } }, {}, vars)).toBe(true);
    expect(
      conditionsHold({ Null: { 'kms:ViaService': 'false' } }, { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' }, vars),
    ).toBe(true);
  });

  it('ORs the values of a key, NORs them for negated operators, and ANDs keys and operators', () => {
    expect(conditionsHold({ StringEquals: { k: ['a', 'b'] } }, { k: 'b' }, vars)).toBe(true);
    expect(conditionsHold({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'b' }, vars)).toBe(false);
    expect(conditionsHold({ StringNotEquals: { k: ['a', 'b'] } }, { k: 'c' }, vars)).toBe(true);
    expect(conditionsHold({ StringEquals: { k: 'a', j: 'b' } }, { k: 'a', j: 'x' }, vars)).toBe(false);
    expect(conditionsHold({ StringEquals: { k: 'a' }, StringLike: { j: 'b*' } }, { k: 'a', j: 'bee' }, vars)).toBe(
      true,
    );
  });

  it('applies set operators to multi-valued keys', () => {
    expect(
      conditionsHold({ 'ForAnyValue:StringLike': { amr: 'authenticated' } }, { amr: ['x', 'authenticated'] }, vars),
    ).toBe(true);
    expect(
      conditionsHold(
        { 'ForAllValues:StringEquals': { keys: ['vault', 'owner', 'file'] } },
        { keys: ['vault', 'owner'] },
        vars,
      ),
    ).toBe(true);
    expect(
      conditionsHold({ 'ForAllValues:StringEquals': { keys: ['vault', 'owner'] } }, { keys: ['vault', 'extra'] }, vars),
    ).toBe(false);
  });

  it('matches condition keys case-insensitively and Bool against booleans', () => {
    expect(conditionsHold({ Bool: { 'AWS:SECURETRANSPORT': 'false' } }, { 'aws:SecureTransport': false }, vars)).toBe(
      true,
    );
    expect(conditionsHold({ Bool: { 'aws:SecureTransport': 'false' } }, { 'aws:SecureTransport': true }, vars)).toBe(
      false,
    );
  });

  it('substitutes policy variables, literally, and honours the ${*} escapes', () => {
    expect(
      conditionsHold(
        { StringLike: { p: 'private/${cognito-identity.amazonaws.com:sub}/*' } },
        { p: 'private/eu-west-1:abc/v1/' },
        vars,
      ),
    ).toBe(true);
    expect(
      conditionsHold(
        { StringLike: { p: 'private/${cognito-identity.amazonaws.com:sub}/*' } },
        { p: 'private/eu-west-1:abc/v1/' },
        {},
      ),
    ).toBe(false);
    expect(matches('a${*}b', 'a*b', { wildcards: true, ignoreCase: false, variables: {} })).toBe(true);
    expect(matches('a${*}b', 'axb', { wildcards: true, ignoreCase: false, variables: {} })).toBe(false);
    expect(matches('a?c', 'abc', { wildcards: true, ignoreCase: false, variables: {} })).toBe(true);
    expect(matches('${$}{x}', '${x}', { wildcards: true, ignoreCase: false, variables: {} })).toBe(true);
  });

  it('parses operator prefixes and suffixes, refusing the unknown', () => {
    expect(parseOperator('ForAnyValue:StringLikeIfExists')).toEqual({
      set: 'ForAnyValue',
      base: 'StringLike',
      ifExists: true,
      negated: false,
    });
    expect(parseOperator('StringNotEqualsIgnoreCase')?.negated).toBe(true);
    expect(parseOperator('DateGreaterThan')).toBeNull();
    expect(parseOperator('NullIfExists')).toBeNull();
    expect(parseOperator('Maybe:StringEquals')).toBeNull();
  });

  it('compares numbers and ARNs', () => {
    expect(conditionsHold({ NumericLessThanEquals: { n: '10' } }, { n: '7' }, vars)).toBe(true);
    expect(conditionsHold({ NumericLessThanEquals: { n: '10' } }, { n: 'x' }, vars)).toBe(false);
    expect(conditionsHold({ ArnLike: { a: 'arn:aws:s3:::bucket*' } }, { a: 'arn:aws:s3:::bucket-1' }, vars)).toBe(true);
    expect(conditionsHold({ ArnNotEquals: { a: 'arn:aws:s3:::bucket' } }, { a: 'arn:aws:s3:::bucket' }, vars)).toBe(
      false,
    );
  });
});
