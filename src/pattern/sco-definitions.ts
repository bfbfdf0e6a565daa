import { META_TYPES, SDO_TYPES, SRO_TYPES } from '../stix/ids.js';
import { ownEntry } from '../stix/own-entry.js';
/**
 * The STIX 2.1 Cyber-observable Objects (§6) as the pattern validator needs them: each type's
 * properties with their data types, the targets of their references, and the predefined
 * extensions (§6.x.2). Kept here, not taken from stix/, so pattern/ stays self-contained.
 */

/** A property's STIX data type, as far as patterns care. */
export type PropertySpec =
  | {
      kind:
        | 'string'
        | 'integer'
        | 'float'
        | 'boolean'
        | 'timestamp'
        | 'binary'
        | 'hex'
        | 'dictionary'
        | 'hashes'
        | 'string-list'
        | 'extensions';
    }
  /** `targets` empty means any SCO type. */
  | { kind: 'ref' | 'refs'; targets: readonly string[] }
  | { kind: 'object' | 'object-list'; properties: Properties };

/** Property name to data type. */
export type Properties = Readonly<Record<string, PropertySpec>>;

const S = { kind: 'string' } as const;
const I = { kind: 'integer' } as const;
const F = { kind: 'float' } as const;
const B = { kind: 'boolean' } as const;
const T = { kind: 'timestamp' } as const;
const BIN = { kind: 'binary' } as const;
const HEX = { kind: 'hex' } as const;
const DICT = { kind: 'dictionary' } as const;
const HASHES = { kind: 'hashes' } as const;
const LIST = { kind: 'string-list' } as const;
const ref = (...targets: string[]): PropertySpec => ({ kind: 'ref', targets });
const refs = (...targets: string[]): PropertySpec => ({ kind: 'refs', targets });
const object = (properties: Properties): PropertySpec => ({ kind: 'object', properties });
const objects = (properties: Properties): PropertySpec => ({ kind: 'object-list', properties });

/** Properties every SCO may have (§3.2 common properties for SCOs). */
const COMMON: Properties = {
  type: S,
  id: S,
  spec_version: S,
  object_marking_refs: refs('marking-definition'),
  granular_markings: objects({ lang: S, marking_ref: ref('marking-definition'), selectors: LIST }),
  defanged: B,
  extensions: { kind: 'extensions' },
};

const IP_ADDRESS: Properties = {
  value: S,
  resolves_to_refs: refs('mac-addr'),
  belongs_to_refs: refs('autonomous-system'),
};
const NETWORK_ENDPOINT = ['ipv4-addr', 'ipv6-addr', 'mac-addr', 'domain-name'];

/** The SCO types of STIX 2.1 §6 and their specific properties. */
export const SCO_PROPERTIES: Readonly<Record<string, Properties>> = {
  artifact: {
    mime_type: S,
    payload_bin: BIN,
    url: S,
    hashes: HASHES,
    encryption_algorithm: S,
    decryption_key: S,
  },
  'autonomous-system': { number: I, name: S, rir: S },
  directory: {
    path: S,
    path_enc: S,
    ctime: T,
    mtime: T,
    atime: T,
    contains_refs: refs('file', 'directory'),
  },
  'domain-name': { value: S, resolves_to_refs: refs('ipv4-addr', 'ipv6-addr', 'domain-name') },
  'email-addr': { value: S, display_name: S, belongs_to_ref: ref('user-account') },
  'email-message': {
    is_multipart: B,
    date: T,
    content_type: S,
    from_ref: ref('email-addr'),
    sender_ref: ref('email-addr'),
    to_refs: refs('email-addr'),
    cc_refs: refs('email-addr'),
    bcc_refs: refs('email-addr'),
    message_id: S,
    subject: S,
    received_lines: LIST,
    additional_header_fields: DICT,
    body: S,
    body_multipart: objects({
      body: S,
      body_raw_ref: ref('artifact', 'file'),
      content_type: S,
      content_disposition: S,
    }),
    raw_email_ref: ref('artifact'),
  },
  file: {
    hashes: HASHES,
    size: I,
    name: S,
    name_enc: S,
    magic_number_hex: HEX,
    mime_type: S,
    ctime: T,
    mtime: T,
    atime: T,
    parent_directory_ref: ref('directory'),
    contains_refs: refs(),
    content_ref: ref('artifact'),
  },
  'ipv4-addr': IP_ADDRESS,
  'ipv6-addr': IP_ADDRESS,
  'mac-addr': { value: S },
  mutex: { name: S },
  'network-traffic': {
    start: T,
    end: T,
    is_active: B,
    src_ref: ref(...NETWORK_ENDPOINT),
    dst_ref: ref(...NETWORK_ENDPOINT),
    src_port: I,
    dst_port: I,
    protocols: LIST,
    src_byte_count: I,
    dst_byte_count: I,
    src_packets: I,
    dst_packets: I,
    ipfix: DICT,
    src_payload_ref: ref('artifact'),
    dst_payload_ref: ref('artifact'),
    encapsulates_refs: refs('network-traffic'),
    encapsulated_by_ref: ref('network-traffic'),
  },
  process: {
    is_hidden: B,
    pid: I,
    created_time: T,
    cwd: S,
    command_line: S,
    environment_variables: DICT,
    opened_connection_refs: refs('network-traffic'),
    creator_user_ref: ref('user-account'),
    image_ref: ref('file'),
    parent_ref: ref('process'),
    child_refs: refs('process'),
  },
  software: { name: S, cpe: S, swid: S, languages: LIST, vendor: S, version: S },
  url: { value: S },
  'user-account': {
    user_id: S,
    credential: S,
    account_login: S,
    account_type: S,
    display_name: S,
    is_service_account: B,
    is_privileged: B,
    can_escalate_privs: B,
    is_disabled: B,
    account_created: T,
    account_expires: T,
    credential_last_changed: T,
    account_first_login: T,
    account_last_login: T,
  },
  'windows-registry-key': {
    key: S,
    values: objects({ name: S, data: S, data_type: S }),
    modified_time: T,
    creator_user_ref: ref('user-account'),
    number_of_subkeys: I,
  },
  'x509-certificate': {
    is_self_signed: B,
    hashes: HASHES,
    version: S,
    serial_number: S,
    signature_algorithm: S,
    issuer: S,
    validity_not_before: T,
    validity_not_after: T,
    subject: S,
    subject_public_key_algorithm: S,
    subject_public_key_modulus: S,
    subject_public_key_exponent: I,
    x509_v3_extensions: object({
      ...Object.fromEntries(
        [
          'basic_constraints',
          'name_constraints',
          'policy_constraints',
          'key_usage',
          'extended_key_usage',
          'subject_key_identifier',
          'authority_key_identifier',
          'subject_alternative_name',
          'issuer_alternative_name',
          'subject_directory_attributes',
          'crl_distribution_points',
          'inhibit_any_policy',
          'certificate_policies',
          'policy_mappings',
        ].map((name) => [name, S]),
      ),
      private_key_usage_period_not_before: T,
      private_key_usage_period_not_after: T,
    }),
  },
};

const integers = (...names: string[]) => Object.fromEntries(names.map((n) => [n, I]));

/** Predefined extensions per SCO type (§6.1-6.18 "Extensions"). */
export const SCO_EXTENSIONS: Readonly<Record<string, Readonly<Record<string, Properties>>>> = {
  file: {
    'ntfs-ext': { sid: S, alternate_data_streams: objects({ name: S, hashes: HASHES, size: I }) },
    'raster-image-ext': { image_height: I, image_width: I, bits_per_pixel: I, exif_tags: DICT },
    'pdf-ext': { version: S, is_optimized: B, document_info_dict: DICT, pdfid0: S, pdfid1: S },
    'archive-ext': { contains_refs: refs('file', 'directory'), comment: S },
    'windows-pebinary-ext': {
      pe_type: S,
      imphash: S,
      machine_hex: HEX,
      number_of_sections: I,
      time_date_stamp: T,
      pointer_to_symbol_table_hex: HEX,
      number_of_symbols: I,
      size_of_optional_header: I,
      characteristics_hex: HEX,
      file_header_hashes: HASHES,
      optional_header: object({
        magic_hex: HEX,
        win32_version_value_hex: HEX,
        checksum_hex: HEX,
        subsystem_hex: HEX,
        dll_characteristics_hex: HEX,
        loader_flags_hex: HEX,
        hashes: HASHES,
        ...integers(
          'major_linker_version',
          'minor_linker_version',
          'size_of_code',
          'size_of_initialized_data',
          'size_of_uninitialized_data',
          'address_of_entry_point',
          'base_of_code',
          'base_of_data',
          'image_base',
          'section_alignment',
          'file_alignment',
          'major_os_version',
          'minor_os_version',
          'major_image_version',
          'minor_image_version',
          'major_subsystem_version',
          'minor_subsystem_version',
          'size_of_image',
          'size_of_headers',
          'size_of_stack_reserve',
          'size_of_stack_commit',
          'size_of_heap_reserve',
          'size_of_heap_commit',
          'number_of_rva_and_sizes',
        ),
      }),
      sections: objects({ name: S, size: I, entropy: F, hashes: HASHES }),
    },
  },
  'network-traffic': {
    'http-request-ext': {
      request_method: S,
      request_value: S,
      request_version: S,
      request_header: DICT,
      message_body_length: I,
      message_body_data_ref: ref('artifact'),
    },
    'icmp-ext': { icmp_type_hex: HEX, icmp_code_hex: HEX },
    'socket-ext': {
      address_family: S,
      is_blocking: B,
      is_listening: B,
      options: DICT,
      socket_type: S,
      socket_descriptor: I,
      socket_handle: I,
    },
    'tcp-ext': { src_flags_hex: HEX, dst_flags_hex: HEX },
  },
  process: {
    'windows-process-ext': {
      aslr_enabled: B,
      dep_enabled: B,
      priority: S,
      owner_sid: S,
      window_title: S,
      startup_info: DICT,
      integrity_level: S,
    },
    'windows-service-ext': {
      service_name: S,
      descriptions: LIST,
      display_name: S,
      group_name: S,
      start_type: S,
      service_dll_refs: refs('file'),
      service_type: S,
      service_status: S,
    },
  },
  'user-account': { 'unix-account-ext': { gid: I, groups: LIST, home_dir: S, shell: S } },
};

const withCommon = new Map<string, Properties>();

/** The properties of an SCO type, common ones included, or undefined for a type STIX does not define. */
export function scoProperties(type: string): Properties | undefined {
  let properties = withCommon.get(type);
  const own = properties ? undefined : ownEntry(SCO_PROPERTIES, type);
  if (own) {
    properties = { ...COMMON, ...own };
    withCommon.set(type, properties);
  }
  return properties;
}

/** hash-algorithm-ov (§10.7). */
export const HASH_ALGORITHMS: readonly string[] = [
  'MD5',
  'SHA-1',
  'SHA-256',
  'SHA-512',
  'SHA3-256',
  'SHA3-512',
  'SSDEEP',
  'TLSH',
];

/** STIX 2.1 types that are not SCOs: SDOs, SROs, meta objects and the bundle (§4, §5, §7, §8). */
export const NON_SCO_TYPES: ReadonlySet<string> = new Set([
  ...SDO_TYPES,
  ...SRO_TYPES,
  ...META_TYPES,
  'bundle',
]);
