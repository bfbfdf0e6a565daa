import type { Hashes, Identifier, StixObject, Timestamp } from './types.js';
import type {
  FileExtensions,
  NetworkTrafficExtensions,
  ProcessExtensions,
  UserAccountExtensions,
} from './types-sco-extensions.js';

/** Other extensions (extension-definition ids) an SCO may also carry. */
type OtherExtensions = Record<string, Record<string, unknown>>;

/** Common properties of SCOs (§6.1): no created/modified, `defanged` available. */
interface Sco<T extends string> extends StixObject {
  type: T;
  id: Identifier<T>;
  defanged?: boolean;
}

export interface Artifact extends Sco<'artifact'> {
  mime_type?: string;
  payload_bin?: string;
  url?: string;
  hashes?: Hashes;
  encryption_algorithm?: string;
  decryption_key?: string;
}
export interface AutonomousSystem extends Sco<'autonomous-system'> {
  number: number;
  name?: string;
  rir?: string;
}
export interface Directory extends Sco<'directory'> {
  path: string;
  path_enc?: string;
  ctime?: Timestamp;
  mtime?: Timestamp;
  atime?: Timestamp;
  contains_refs?: string[];
}
export interface DomainName extends Sco<'domain-name'> {
  value: string;
  resolves_to_refs?: string[];
}
export interface EmailAddress extends Sco<'email-addr'> {
  value: string;
  display_name?: string;
  belongs_to_ref?: string;
}
export interface EmailMimePart {
  body?: string;
  body_raw_ref?: string;
  content_type?: string;
  content_disposition?: string;
}
export interface EmailMessage extends Sco<'email-message'> {
  is_multipart: boolean;
  date?: Timestamp;
  content_type?: string;
  from_ref?: string;
  sender_ref?: string;
  to_refs?: string[];
  cc_refs?: string[];
  bcc_refs?: string[];
  message_id?: string;
  subject?: string;
  received_lines?: string[];
  additional_header_fields?: Record<string, string | string[]>;
  body?: string;
  body_multipart?: EmailMimePart[];
  raw_email_ref?: string;
}
export interface File extends Sco<'file'> {
  extensions?: FileExtensions & OtherExtensions;
  hashes?: Hashes;
  size?: number;
  name?: string;
  name_enc?: string;
  magic_number_hex?: string;
  mime_type?: string;
  ctime?: Timestamp;
  mtime?: Timestamp;
  atime?: Timestamp;
  parent_directory_ref?: string;
  contains_refs?: string[];
  content_ref?: string;
}
export interface Ipv4Address extends Sco<'ipv4-addr'> {
  value: string;
  resolves_to_refs?: string[];
  belongs_to_refs?: string[];
}
export interface Ipv6Address extends Sco<'ipv6-addr'> {
  value: string;
  resolves_to_refs?: string[];
  belongs_to_refs?: string[];
}
export interface MacAddress extends Sco<'mac-addr'> {
  value: string;
}
export interface Mutex extends Sco<'mutex'> {
  name: string;
}
export interface NetworkTraffic extends Sco<'network-traffic'> {
  extensions?: NetworkTrafficExtensions & OtherExtensions;
  start?: Timestamp;
  end?: Timestamp;
  is_active?: boolean;
  src_ref?: string;
  dst_ref?: string;
  src_port?: number;
  dst_port?: number;
  protocols: string[];
  src_byte_count?: number;
  dst_byte_count?: number;
  src_packets?: number;
  dst_packets?: number;
  ipfix?: Record<string, string | number>;
  src_payload_ref?: string;
  dst_payload_ref?: string;
  encapsulates_refs?: string[];
  encapsulated_by_ref?: string;
}
export interface Process extends Sco<'process'> {
  extensions?: ProcessExtensions & OtherExtensions;
  is_hidden?: boolean;
  pid?: number;
  created_time?: Timestamp;
  cwd?: string;
  command_line?: string;
  environment_variables?: Record<string, string>;
  opened_connection_refs?: string[];
  creator_user_ref?: string;
  image_ref?: string;
  parent_ref?: string;
  child_refs?: string[];
}
export interface Software extends Sco<'software'> {
  name: string;
  cpe?: string;
  swid?: string;
  languages?: string[];
  vendor?: string;
  version?: string;
}
export interface Url extends Sco<'url'> {
  value: string;
}
export interface UserAccount extends Sco<'user-account'> {
  extensions?: UserAccountExtensions & OtherExtensions;
  user_id?: string;
  credential?: string;
  account_login?: string;
  account_type?: string;
  display_name?: string;
  is_service_account?: boolean;
  is_privileged?: boolean;
  can_escalate_privs?: boolean;
  is_disabled?: boolean;
  account_created?: Timestamp;
  account_expires?: Timestamp;
  credential_last_changed?: Timestamp;
  account_first_login?: Timestamp;
  account_last_login?: Timestamp;
}
export interface WindowsRegistryValue {
  name?: string;
  data?: string;
  data_type?: string;
}
export interface WindowsRegistryKey extends Sco<'windows-registry-key'> {
  key?: string;
  values?: WindowsRegistryValue[];
  modified_time?: Timestamp;
  creator_user_ref?: string;
  number_of_subkeys?: number;
}
export interface X509Certificate extends Sco<'x509-certificate'> {
  is_self_signed?: boolean;
  hashes?: Hashes;
  version?: string;
  serial_number?: string;
  signature_algorithm?: string;
  issuer?: string;
  validity_not_before?: Timestamp;
  validity_not_after?: Timestamp;
  subject?: string;
  subject_public_key_algorithm?: string;
  subject_public_key_modulus?: string;
  subject_public_key_exponent?: number;
  x509_v3_extensions?: Record<string, string>;
}

export type CyberObservable =
  | Artifact
  | AutonomousSystem
  | Directory
  | DomainName
  | EmailAddress
  | EmailMessage
  | File
  | Ipv4Address
  | Ipv6Address
  | MacAddress
  | Mutex
  | NetworkTraffic
  | Process
  | Software
  | Url
  | UserAccount
  | WindowsRegistryKey
  | X509Certificate;
