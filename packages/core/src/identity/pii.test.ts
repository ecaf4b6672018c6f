import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blindIndex, decryptPii, encryptPii, maskAddress, maskCitizenId, maskFormValues, maskName, maskPhone, staticKeyProvider } from './pii.ts';

const k1 = randomBytes(32), k2 = randomBytes(32), idx = randomBytes(32);
const keys = staticKeyProvider({ k1 }, 'k1', idx);

describe('personal data at rest', () => {
  it('encrypts so the stored value shows nothing of the plaintext, and decrypts it back', () => {
    const sealed = encryptPii(keys, 'citizen_id', '310101199003070019');
    assert.doesNotMatch(sealed, /3101|0019/);
    assert.notEqual(sealed, encryptPii(keys, 'citizen_id', '310101199003070019'), 'a fresh IV each time');
    assert.equal(decryptPii(keys, 'citizen_id', sealed), '310101199003070019');
  });

  it('refuses a tampered value or a value of another kind', () => {
    const sealed = encryptPii(keys, 'phone', '13812345678');
    const parts = sealed.split('.');
    parts[4] = Buffer.from('00000000000', 'utf8').toString('base64url');
    assert.throws(() => decryptPii(keys, 'phone', parts.join('.')));
    assert.throws(() => decryptPii(keys, 'citizen_id', sealed));
  });

  it('decrypts with an old key after rotation and encrypts with the new one', () => {
    const old = encryptPii(keys, 'address', '上海市黄浦区寿宁路95号');
    const rotated = staticKeyProvider({ k1, k2 }, 'k2', idx);
    assert.equal(decryptPii(rotated, 'address', old), '上海市黄浦区寿宁路95号');
    assert.match(encryptPii(rotated, 'address', 'x'), /^v1\.k2\./);
  });

  it('finds equal values by blind index, per kind, with lowercase x normalised', () => {
    assert.equal(blindIndex(keys, 'citizen_id', '11010519491231002x'), blindIndex(keys, 'citizen_id', '11010519491231002X'));
    assert.notEqual(blindIndex(keys, 'citizen_id', '13812345678'), blindIndex(keys, 'phone', '13812345678'));
    const other = staticKeyProvider({ k1 }, 'k1', randomBytes(32));
    assert.notEqual(blindIndex(keys, 'phone', '13812345678'), blindIndex(other, 'phone', '13812345678'));
  });

  it('masks for display', () => {
    assert.equal(maskCitizenId('31010119900307123X'), '3101**********123X');
    assert.equal(maskPhone('13812345678'), '138****5678');
    assert.equal(maskAddress('上海市黄浦区寿宁路95号'), '上海市黄浦区******');
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳小明'), '欧阳**');
  });
});

describe('maskFormValues', () => {
  it('masks identity fields with their own rules, other text to its ends, and leaves enumerated values alone', () => {
    const masked = maskFormValues(
      { name: '王芳', citizenId: '340102199509200023', phone: '13700001111', residenceAddress: '上海市浦东新区陆家嘴环路1000号', employer: '上海通办示范科技有限公司', basis: 'employment', months: 12 },
      { properties: { basis: { enum: ['employment', 'housing', 'study'] } } },
    );
    assert.deepEqual(masked, {
      name: '王*', citizenId: '3401**********0023', phone: '137****1111', residenceAddress: '上海市浦东新区********', employer: '上**********司', basis: 'employment', months: 12,
    });
  });
});
