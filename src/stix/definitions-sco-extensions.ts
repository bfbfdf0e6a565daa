import {
  bool,
  closed,
  dict,
  hashes,
  hex,
  int,
  intIn,
  num,
  open,
  ref,
  refs,
  str,
  strs,
  struct,
  structs,
  ts,
  type StructShape,
} from './property-spec.js';
import * as v from './vocabularies.js';

const NON_NEGATIVE = intIn(0, Number.MAX_SAFE_INTEGER);

/** A predefined SCO extension (STIX 2.1 §3.10): the SCO type it belongs to and its shape. */
export interface PredefinedExtension {
  /** The only SCO type whose `extensions` may hold it. */
  host: string;
  shape: StructShape;
}

/** §6.7.3.2 */
const ALTERNATE_DATA_STREAM: StructShape = {
  name: 'alternate data stream',
  required: ['name'],
  properties: { name: str, hashes, size: NON_NEGATIVE },
};

/** §6.7.6.2; every property optional, at least one present (the empty-object check). */
const PE_OPTIONAL_HEADER: StructShape = {
  name: 'Windows PE optional header',
  required: [],
  properties: {
    magic_hex: hex,
    major_linker_version: int,
    minor_linker_version: int,
    size_of_code: NON_NEGATIVE,
    size_of_initialized_data: NON_NEGATIVE,
    size_of_uninitialized_data: NON_NEGATIVE,
    address_of_entry_point: int,
    base_of_code: int,
    base_of_data: int,
    image_base: int,
    section_alignment: int,
    file_alignment: int,
    major_os_version: int,
    minor_os_version: int,
    major_image_version: int,
    minor_image_version: int,
    major_subsystem_version: int,
    minor_subsystem_version: int,
    win32_version_value_hex: hex,
    size_of_image: NON_NEGATIVE,
    size_of_headers: NON_NEGATIVE,
    checksum_hex: hex,
    subsystem_hex: hex,
    dll_characteristics_hex: hex,
    size_of_stack_reserve: NON_NEGATIVE,
    size_of_stack_commit: NON_NEGATIVE,
    size_of_heap_reserve: NON_NEGATIVE,
    size_of_heap_commit: NON_NEGATIVE,
    loader_flags_hex: hex,
    number_of_rva_and_sizes: int,
    hashes,
  },
};

/** §6.7.6.3 */
const PE_SECTION: StructShape = {
  name: 'Windows PE section',
  required: ['name'],
  properties: { name: str, size: NON_NEGATIVE, entropy: num, hashes },
};

const extension = (
  host: string,
  name: string,
  required: readonly string[],
  properties: StructShape['properties'],
): PredefinedExtension => ({ host, shape: { name, required, properties } });

/** The predefined SCO extensions of STIX 2.1 §6, by their `extensions` key. */
export const PREDEFINED_EXTENSIONS: Readonly<Record<string, PredefinedExtension>> = {
  'archive-ext': extension('file', 'archive-ext', ['contains_refs'], {
    contains_refs: refs('file', 'directory'),
    comment: str,
  }),
  'ntfs-ext': extension('file', 'ntfs-ext', [], {
    sid: str,
    alternate_data_streams: structs(ALTERNATE_DATA_STREAM),
  }),
  'pdf-ext': extension('file', 'pdf-ext', [], {
    version: str,
    is_optimized: bool,
    document_info_dict: dict,
    pdfid0: str,
    pdfid1: str,
  }),
  'raster-image-ext': extension('file', 'raster-image-ext', [], {
    image_height: int,
    image_width: int,
    bits_per_pixel: int,
    exif_tags: dict,
  }),
  'windows-pebinary-ext': extension('file', 'windows-pebinary-ext', ['pe_type'], {
    pe_type: open(...v.WINDOWS_PE_BINARY_TYPES),
    imphash: str,
    machine_hex: hex,
    number_of_sections: NON_NEGATIVE,
    time_date_stamp: ts,
    pointer_to_symbol_table_hex: hex,
    number_of_symbols: NON_NEGATIVE,
    size_of_optional_header: NON_NEGATIVE,
    characteristics_hex: hex,
    file_header_hashes: hashes,
    optional_header: struct(PE_OPTIONAL_HEADER),
    sections: structs(PE_SECTION),
  }),
  'http-request-ext': extension(
    'network-traffic',
    'http-request-ext',
    ['request_method', 'request_value'],
    {
      request_method: str,
      request_value: str,
      request_version: str,
      request_header: dict,
      message_body_length: NON_NEGATIVE,
      message_body_data_ref: ref('artifact'),
    },
  ),
  'icmp-ext': extension('network-traffic', 'icmp-ext', ['icmp_type_hex', 'icmp_code_hex'], {
    icmp_type_hex: hex,
    icmp_code_hex: hex,
  }),
  'socket-ext': extension('network-traffic', 'socket-ext', ['address_family'], {
    address_family: closed(...v.SOCKET_ADDRESS_FAMILIES),
    is_blocking: bool,
    is_listening: bool,
    options: dict,
    socket_type: closed(...v.SOCKET_TYPES),
    socket_descriptor: NON_NEGATIVE,
    socket_handle: int,
  }),
  'tcp-ext': extension('network-traffic', 'tcp-ext', [], {
    src_flags_hex: hex,
    dst_flags_hex: hex,
  }),
  'windows-process-ext': extension('process', 'windows-process-ext', [], {
    aslr_enabled: bool,
    dep_enabled: bool,
    priority: str,
    owner_sid: str,
    window_title: str,
    startup_info: dict,
    integrity_level: closed(...v.WINDOWS_INTEGRITY_LEVELS),
  }),
  'windows-service-ext': extension('process', 'windows-service-ext', [], {
    service_name: str,
    descriptions: strs,
    display_name: str,
    group_name: str,
    start_type: closed(...v.WINDOWS_SERVICE_START_TYPES),
    service_dll_refs: refs('file'),
    service_type: closed(...v.WINDOWS_SERVICE_TYPES),
    service_status: closed(...v.WINDOWS_SERVICE_STATUSES),
  }),
  'unix-account-ext': extension('user-account', 'unix-account-ext', [], {
    gid: int,
    groups: strs,
    home_dir: str,
    shell: str,
  }),
};
