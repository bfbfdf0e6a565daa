import {
  bin,
  bool,
  closed,
  dict,
  format,
  hashes,
  hex,
  int,
  intIn,
  open,
  ref,
  refs,
  str,
  strs,
  struct,
  structs,
  ts,
  type TypeDefinition,
} from './property-spec.js';
import {
  ACCOUNT_TYPES,
  ENCRYPTION_ALGORITHMS,
  WINDOWS_REGISTRY_DATATYPES,
} from './vocabularies.js';

const ADDRESS = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'];
const NON_NEGATIVE = intIn(0, Number.MAX_SAFE_INTEGER);

/** §6.6.2: one MIME part of a multipart email body; `body` or `body_raw_ref`, not both. */
const MIME_PART = {
  name: 'email MIME component',
  required: [],
  properties: {
    body: str,
    body_raw_ref: ref('artifact', 'file'),
    content_type: str,
    content_disposition: str,
  },
  atLeastOneOf: [['body', 'body_raw_ref']],
  exclusive: [['body', 'body_raw_ref']],
} as const;

/** §6.17.2: one value of a Windows registry key. */
const REGISTRY_VALUE = {
  name: 'Windows registry value',
  required: [],
  properties: { name: str, data: str, data_type: closed(...WINDOWS_REGISTRY_DATATYPES) },
  atLeastOneOf: [['name', 'data', 'data_type']],
} as const;

/** §6.18.2: X.509 v3 extensions, all strings but the two private key usage timestamps. */
const X509_V3_EXTENSIONS = {
  name: 'X.509 v3 extensions',
  required: [],
  properties: {
    basic_constraints: str,
    name_constraints: str,
    policy_constraints: str,
    key_usage: str,
    extended_key_usage: str,
    subject_key_identifier: str,
    authority_key_identifier: str,
    subject_alternative_name: str,
    issuer_alternative_name: str,
    subject_directory_attributes: str,
    crl_distribution_points: str,
    inhibit_any_policy: str,
    private_key_usage_period_not_before: ts,
    private_key_usage_period_not_after: ts,
    certificate_policies: str,
    policy_mappings: str,
  },
} as const;

/**
 * Process (§6.13), user account (§6.16), registry key (§6.17) and certificate (§6.18) objects
 * must carry at least one of their own properties or an extension.
 */
function ownPropertyOrExtension(properties: object): readonly string[] {
  return [...Object.keys(properties), 'extensions'];
}

const PROCESS_PROPERTIES = {
  is_hidden: bool,
  pid: int,
  created_time: ts,
  cwd: str,
  command_line: str,
  environment_variables: dict,
  opened_connection_refs: refs('network-traffic'),
  creator_user_ref: ref('user-account'),
  image_ref: ref('file'),
  parent_ref: ref('process'),
  child_refs: refs('process'),
} as const;

const USER_ACCOUNT_PROPERTIES = {
  user_id: str,
  credential: str,
  account_login: str,
  account_type: open(...ACCOUNT_TYPES),
  display_name: str,
  is_service_account: bool,
  is_privileged: bool,
  can_escalate_privs: bool,
  is_disabled: bool,
  account_created: ts,
  account_expires: ts,
  credential_last_changed: ts,
  account_first_login: ts,
  account_last_login: ts,
} as const;

const REGISTRY_KEY_PROPERTIES = {
  key: str,
  values: structs(REGISTRY_VALUE),
  modified_time: ts,
  creator_user_ref: ref('user-account'),
  number_of_subkeys: NON_NEGATIVE,
} as const;

const X509_CERTIFICATE_PROPERTIES = {
  is_self_signed: bool,
  hashes,
  version: str,
  serial_number: str,
  signature_algorithm: str,
  issuer: str,
  validity_not_before: ts,
  validity_not_after: ts,
  subject: str,
  subject_public_key_algorithm: str,
  subject_public_key_modulus: str,
  subject_public_key_exponent: int,
  x509_v3_extensions: struct(X509_V3_EXTENSIONS),
} as const;

/**
 * STIX 2.1 Cyber-observable Objects (§6). Their ID contributing properties are in
 * `deterministic-id.ts`; their predefined extensions in `definitions-sco-extensions.ts`.
 */
export const SCO_DEFINITIONS: Readonly<Record<string, TypeDefinition>> = {
  artifact: {
    category: 'sco',
    required: [],
    properties: {
      mime_type: str,
      payload_bin: bin,
      url: str,
      hashes,
      encryption_algorithm: closed(...ENCRYPTION_ALGORITHMS),
      decryption_key: str,
    },
    atLeastOneOf: [['payload_bin', 'url']],
    exclusive: [['payload_bin', 'url']],
    needs: [
      ['url', 'hashes'],
      ['decryption_key', 'encryption_algorithm'],
    ],
  },
  'autonomous-system': {
    category: 'sco',
    required: ['number'],
    properties: { number: intIn(0, 4_294_967_295), name: str, rir: str },
  },
  directory: {
    category: 'sco',
    required: ['path'],
    properties: {
      path: str,
      path_enc: str,
      ctime: ts,
      mtime: ts,
      atime: ts,
      contains_refs: refs('file', 'directory'),
    },
  },
  'domain-name': {
    category: 'sco',
    required: ['value'],
    properties: { value: str, resolves_to_refs: refs('ipv4-addr', 'ipv6-addr', 'domain-name') },
  },
  'email-addr': {
    category: 'sco',
    required: ['value'],
    properties: { value: str, display_name: str, belongs_to_ref: ref('user-account') },
  },
  'email-message': {
    category: 'sco',
    required: ['is_multipart'],
    properties: {
      is_multipart: bool,
      date: ts,
      content_type: str,
      from_ref: ref('email-addr'),
      sender_ref: ref('email-addr'),
      to_refs: refs('email-addr'),
      cc_refs: refs('email-addr'),
      bcc_refs: refs('email-addr'),
      message_id: str,
      subject: str,
      received_lines: strs,
      additional_header_fields: dict,
      body: str,
      body_multipart: structs(MIME_PART),
      raw_email_ref: ref('artifact'),
    },
  },
  file: {
    category: 'sco',
    required: [],
    properties: {
      hashes,
      size: NON_NEGATIVE,
      name: str,
      name_enc: str,
      magic_number_hex: hex,
      mime_type: str,
      ctime: ts,
      mtime: ts,
      atime: ts,
      parent_directory_ref: ref('directory'),
      contains_refs: refs('sco', 'custom'),
      content_ref: ref('artifact'),
    },
    atLeastOneOf: [['hashes', 'name']],
  },
  'ipv4-addr': {
    category: 'sco',
    required: ['value'],
    properties: {
      value: format('ipv4'),
      resolves_to_refs: refs('mac-addr'),
      belongs_to_refs: refs('autonomous-system'),
    },
  },
  'ipv6-addr': {
    category: 'sco',
    required: ['value'],
    properties: {
      value: format('ipv6'),
      resolves_to_refs: refs('mac-addr'),
      belongs_to_refs: refs('autonomous-system'),
    },
  },
  'mac-addr': {
    category: 'sco',
    required: ['value'],
    properties: { value: format('mac') },
  },
  mutex: {
    category: 'sco',
    required: ['name'],
    properties: { name: str },
  },
  'network-traffic': {
    category: 'sco',
    required: ['protocols'],
    properties: {
      start: ts,
      end: ts,
      is_active: bool,
      src_ref: ref(...ADDRESS),
      dst_ref: ref(...ADDRESS),
      src_port: intIn(0, 65535),
      dst_port: intIn(0, 65535),
      protocols: strs,
      src_byte_count: NON_NEGATIVE,
      dst_byte_count: NON_NEGATIVE,
      src_packets: NON_NEGATIVE,
      dst_packets: NON_NEGATIVE,
      ipfix: dict,
      src_payload_ref: ref('artifact'),
      dst_payload_ref: ref('artifact'),
      encapsulates_refs: refs('network-traffic'),
      encapsulated_by_ref: ref('network-traffic'),
    },
    atLeastOneOf: [['src_ref', 'dst_ref']],
    ordered: [['start', 'end']],
  },
  process: {
    category: 'sco',
    required: [],
    properties: PROCESS_PROPERTIES,
    atLeastOneOf: [ownPropertyOrExtension(PROCESS_PROPERTIES)],
  },
  software: {
    category: 'sco',
    required: ['name'],
    properties: { name: str, cpe: str, swid: str, languages: strs, vendor: str, version: str },
  },
  url: {
    category: 'sco',
    required: ['value'],
    properties: { value: str },
  },
  'user-account': {
    category: 'sco',
    required: [],
    properties: USER_ACCOUNT_PROPERTIES,
    atLeastOneOf: [ownPropertyOrExtension(USER_ACCOUNT_PROPERTIES)],
  },
  'windows-registry-key': {
    category: 'sco',
    required: [],
    properties: REGISTRY_KEY_PROPERTIES,
    atLeastOneOf: [ownPropertyOrExtension(REGISTRY_KEY_PROPERTIES)],
  },
  'x509-certificate': {
    category: 'sco',
    required: [],
    properties: X509_CERTIFICATE_PROPERTIES,
    atLeastOneOf: [ownPropertyOrExtension(X509_CERTIFICATE_PROPERTIES)],
    ordered: [['validity_not_before', 'validity_not_after']],
  },
};
