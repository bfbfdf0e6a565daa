import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateStixObject } from '../stix/validate.js';
import {
  groupMarkingId,
  interpretMarkingDefinition,
  recipientsMarking,
  recipientsMarkingId,
  SHURA_MARKING_EXTENSION,
  SHURA_MARKING_EXTENSION_ID,
  SHURA_PROJECT_IDENTITY,
  trustGroupMarking,
} from './markings.js';
import { TLP2_MARKING_IDS } from './tlp.js';

const A = 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0001';
const B = 'identity--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0002';
const GROUP = {
  id: '0c7b5b88-8ff7-4a4d-aa9d-feb398cd0a01',
  name: 'Baltic CERTs',
  ownerIdentityId: A,
  created: '2024-05-01T00:00:00.000Z',
};

test('markings :: our extension, project identity, group and recipients definitions are valid STIX 2.1', () => {
  for (const object of [
    SHURA_MARKING_EXTENSION,
    SHURA_PROJECT_IDENTITY,
    trustGroupMarking(GROUP),
    recipientsMarking([A, B]),
  ])
    assert.deepEqual(validateStixObject(object).errors, [], object.id);
});

test('markings :: a recipients marking is content-addressed: same recipients, same id, in any order', () => {
  assert.equal(recipientsMarkingId([A, B]), recipientsMarkingId([B, A, A]));
  assert.notEqual(recipientsMarkingId([A]), recipientsMarkingId([A, B]));
  assert.deepEqual(recipientsMarking([B, A]), recipientsMarking([A, B]));
});

test('interpretMarkingDefinition :: TLP, groups, recipients and statements; anything malformed is unknown', () => {
  assert.deepEqual(
    interpretMarkingDefinition({ type: 'marking-definition', id: TLP2_MARKING_IDS.red }),
    { kind: 'tlp', level: 'red' },
  );
  assert.deepEqual(interpretMarkingDefinition(trustGroupMarking(GROUP)), {
    kind: 'group',
    groupId: GROUP.id,
  });
  assert.deepEqual(interpretMarkingDefinition(recipientsMarking([B, A])), {
    kind: 'recipients',
    identityIds: [A, B],
  });
  assert.deepEqual(
    interpretMarkingDefinition({
      type: 'marking-definition',
      id: 'marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0b01',
      definition_type: 'statement',
      definition: { statement: '© MITRE' },
    }),
    { kind: 'statement' },
  );
  const tampered = {
    ...recipientsMarking([A]),
    extensions: {
      [SHURA_MARKING_EXTENSION_ID]: { extension_type: 'property-extension', recipients: [A, B] },
    },
  };
  assert.equal(
    interpretMarkingDefinition(tampered),
    undefined,
    'recipients that do not match the id',
  );
  const wrongGroupId = {
    ...trustGroupMarking(GROUP),
    id: groupMarkingId('0c7b5b88-8ff7-4a4d-aa9d-feb398cd0a99'),
  };
  assert.equal(
    interpretMarkingDefinition(wrongGroupId),
    undefined,
    'a group whose id does not match',
  );
  assert.equal(
    interpretMarkingDefinition({
      type: 'marking-definition',
      id: 'marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0b02',
      definition_type: 'acme-secret',
      definition: {},
    }),
    undefined,
  );
  assert.equal(
    interpretMarkingDefinition({ type: 'indicator', id: TLP2_MARKING_IDS.red }),
    undefined,
  );
});
