/**
 * The predefined SCO extensions of STIX 2.1 (§3.10, §6.7, §6.12, §6.13, §6.16), keyed in an
 * SCO's `extensions` by their name (`ntfs-ext`, …) and carrying no `extension_type`.
 */
import type { Hashes, Timestamp } from './types.js';

/** §6.7.2 `archive-ext` (file): `contains_refs` point to file and directory objects. */
export interface ArchiveExtension {
  contains_refs: string[];
  comment?: string;
}

/** §6.7.3.2 */
export interface AlternateDataStream {
  name: string;
  hashes?: Hashes;
  size?: number;
}

/** §6.7.3 `ntfs-ext` (file). */
export interface NtfsExtension {
  sid?: string;
  alternate_data_streams?: AlternateDataStream[];
}

/** §6.7.4 `pdf-ext` (file). */
export interface PdfExtension {
  version?: string;
  is_optimized?: boolean;
  document_info_dict?: Record<string, string>;
  pdfid0?: string;
  pdfid1?: string;
}

/** §6.7.5 `raster-image-ext` (file). */
export interface RasterImageExtension {
  image_height?: number;
  image_width?: number;
  bits_per_pixel?: number;
  exif_tags?: Record<string, string | number>;
}

/** §6.7.6.2: hex properties are lower-case hex strings. */
export interface WindowsPeOptionalHeader {
  magic_hex?: string;
  major_linker_version?: number;
  minor_linker_version?: number;
  size_of_code?: number;
  size_of_initialized_data?: number;
  size_of_uninitialized_data?: number;
  address_of_entry_point?: number;
  base_of_code?: number;
  base_of_data?: number;
  image_base?: number;
  section_alignment?: number;
  file_alignment?: number;
  major_os_version?: number;
  minor_os_version?: number;
  major_image_version?: number;
  minor_image_version?: number;
  major_subsystem_version?: number;
  minor_subsystem_version?: number;
  win32_version_value_hex?: string;
  size_of_image?: number;
  size_of_headers?: number;
  checksum_hex?: string;
  subsystem_hex?: string;
  dll_characteristics_hex?: string;
  size_of_stack_reserve?: number;
  size_of_stack_commit?: number;
  size_of_heap_reserve?: number;
  size_of_heap_commit?: number;
  loader_flags_hex?: string;
  number_of_rva_and_sizes?: number;
  hashes?: Hashes;
}

/** §6.7.6.3 */
export interface WindowsPeSection {
  name: string;
  size?: number;
  entropy?: number;
  hashes?: Hashes;
}

/** §6.7.6 `windows-pebinary-ext` (file); `pe_type` from windows-pebinary-type-ov. */
export interface WindowsPeBinaryExtension {
  pe_type: string;
  imphash?: string;
  machine_hex?: string;
  number_of_sections?: number;
  time_date_stamp?: Timestamp;
  pointer_to_symbol_table_hex?: string;
  number_of_symbols?: number;
  size_of_optional_header?: number;
  characteristics_hex?: string;
  file_header_hashes?: Hashes;
  optional_header?: WindowsPeOptionalHeader;
  sections?: WindowsPeSection[];
}

/** §6.12.2 `http-request-ext` (network-traffic). */
export interface HttpRequestExtension {
  request_method: string;
  request_value: string;
  request_version?: string;
  request_header?: Record<string, string | string[]>;
  message_body_length?: number;
  message_body_data_ref?: string;
}

/** §6.12.3 `icmp-ext` (network-traffic). */
export interface IcmpExtension {
  icmp_type_hex: string;
  icmp_code_hex: string;
}

/** §6.12.4 `socket-ext` (network-traffic); the enums are closed (§10.16, §10.17). */
export interface SocketExtension {
  address_family:
    | 'AF_UNSPEC'
    | 'AF_INET'
    | 'AF_IPX'
    | 'AF_APPLETALK'
    | 'AF_NETBIOS'
    | 'AF_INET6'
    | 'AF_IRDA'
    | 'AF_BTH';
  is_blocking?: boolean;
  is_listening?: boolean;
  options?: Record<string, number>;
  socket_type?: 'SOCK_STREAM' | 'SOCK_DGRAM' | 'SOCK_RAW' | 'SOCK_RDM' | 'SOCK_SEQPACKET';
  socket_descriptor?: number;
  socket_handle?: number;
}

/** §6.12.5 `tcp-ext` (network-traffic). */
export interface TcpExtension {
  src_flags_hex?: string;
  dst_flags_hex?: string;
}

/** §6.13.2 `windows-process-ext` (process). */
export interface WindowsProcessExtension {
  aslr_enabled?: boolean;
  dep_enabled?: boolean;
  priority?: string;
  owner_sid?: string;
  window_title?: string;
  startup_info?: Record<string, string | number>;
  integrity_level?: 'low' | 'medium' | 'high' | 'system';
}

/** §6.13.3 `windows-service-ext` (process); the three enums are closed (§10.30–§10.32). */
export interface WindowsServiceExtension {
  service_name?: string;
  descriptions?: string[];
  display_name?: string;
  group_name?: string;
  start_type?: string;
  service_dll_refs?: string[];
  service_type?: string;
  service_status?: string;
}

/** §6.16.2 `unix-account-ext` (user-account). */
export interface UnixAccountExtension {
  gid?: number;
  groups?: string[];
  home_dir?: string;
  shell?: string;
}

/** `extensions` of a file object. */
export interface FileExtensions {
  'archive-ext'?: ArchiveExtension;
  'ntfs-ext'?: NtfsExtension;
  'pdf-ext'?: PdfExtension;
  'raster-image-ext'?: RasterImageExtension;
  'windows-pebinary-ext'?: WindowsPeBinaryExtension;
}

/** `extensions` of a network-traffic object. */
export interface NetworkTrafficExtensions {
  'http-request-ext'?: HttpRequestExtension;
  'icmp-ext'?: IcmpExtension;
  'socket-ext'?: SocketExtension;
  'tcp-ext'?: TcpExtension;
}

/** `extensions` of a process object. */
export interface ProcessExtensions {
  'windows-process-ext'?: WindowsProcessExtension;
  'windows-service-ext'?: WindowsServiceExtension;
}

/** `extensions` of a user-account object. */
export interface UserAccountExtensions {
  'unix-account-ext'?: UnixAccountExtension;
}
